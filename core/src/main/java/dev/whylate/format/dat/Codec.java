package dev.whylate.format.dat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The compression of a v7 trace.dat ({@code none}, {@code zstd} through zstd-jni, {@code zlib} through
 * {@link Inflater}). Output buffers grow with the real output, up to the declared size, so a hostile declared
 * size never allocates by itself.
 */
abstract class Codec {
    /** Declared sizes up to this are allocated at once (the usual chunk); larger ones grow with the output. */
    private static final int EXACT = 8 << 20;
    /** First output buffer when growing: this, or 8 times the input when larger, never more than declared. */
    private static final int START = 1 << 20;

    /** Thrown when a block does not decompress. */
    static final class BadBlock extends Exception {
        private static final long serialVersionUID = 1L;

        BadBlock(final String m) {
            super(m);
        }
    }

    /** The codec called {@code name} in the file header, or {@code null} when unsupported. */
    static Codec of(final String name) {
        switch (name) {
            case "none":
            case "":
                return null;
            case "zstd":
                ZstdLoader.prepare();
                return new ZstdCodec();
            case "zlib":
                return new ZlibCodec();
            default:
                return null;
        }
    }

    /** Whether {@code name} is a compression we can read ({@code none} included). */
    static boolean supported(final String name) {
        return name.equals("none") || name.isEmpty() || name.equals("zstd") || name.equals("zlib");
    }

    abstract String name();

    /**
     * Decompresses {@code src[off, off+len)} that declares {@code declared} output bytes. Returns the output,
     * whose length is the real output size (at most {@code declared}).
     */
    final byte[] decompress(final byte[] src, final int off, final int len, final long declared) throws BadBlock {
        if (declared < 0) throw new BadBlock("negative declared size");
        // the declared size is only an upper bound (hostile files lie): start small and grow with the real output
        final long max = Math.min(declared, Integer.MAX_VALUE - 16);
        int cap = max <= EXACT ? (int) max : (int) Math.min(max, Math.max(START, (long) len * 8));
        while (true) {
            final byte[] out = new byte[cap];
            final int n = run(src, off, len, out);
            if (n >= 0) return n == cap ? out : Arrays.copyOf(out, n);
            if (cap >= max) throw new BadBlock(name() + " data larger than its declared size " + declared);
            cap = (int) Math.min(max, (long) cap * 2);
        }
    }

    /** Decompresses into {@code out}; returns the size, or -1 when {@code out} was too small. */
    abstract int run(byte[] src, int off, int len, byte[] out) throws BadBlock;

    /**
     * Decompresses {@code src[srcOff, srcOff+srcLen)} (a direct buffer) into {@code dst[dstOff, dstOff+dstLen)}
     * (a direct buffer); returns the output size. Output that does not fit is an error.
     */
    abstract int direct(ByteBuffer src, int srcOff, int srcLen, ByteBuffer dst, int dstOff, int dstLen) throws BadBlock;

    private static final class ZstdCodec extends Codec {
        @Override
        String name() {
            return "zstd";
        }

        /** One decompression context per thread (creating one per chunk costs more than small chunks). */
        private final ThreadLocal<ZstdDecompressCtx> ctx = ThreadLocal.withInitial(ZstdDecompressCtx::new);

        @Override
        int run(final byte[] src, final int off, final int len, final byte[] out) throws BadBlock {
            final long r;
            try {
                r = ctx.get().decompressByteArray(out, 0, out.length, src, off, len);
            } catch (RuntimeException e) {
                // zstd-jni reports errors as ZstdException (a RuntimeException)
                if (String.valueOf(e.getMessage()).contains("too small")) return -1;
                throw new BadBlock("zstd: " + e.getMessage());
            }
            if (Zstd.isError(r)) {
                final String m = Zstd.getErrorName(r);
                if (m.contains("too small")) return -1;
                throw new BadBlock("zstd: " + m);
            }
            return (int) r;
        }

        @Override
        int direct(final ByteBuffer src, final int srcOff, final int srcLen, final ByteBuffer dst, final int dstOff, final int dstLen)
            throws BadBlock {
            try {
                return ctx.get().decompressDirectByteBuffer(dst, dstOff, dstLen, src, srcOff, srcLen);
            } catch (RuntimeException e) {
                throw new BadBlock("zstd: " + e.getMessage());
            }
        }
    }

    private static final class ZlibCodec extends Codec {
        @Override
        String name() {
            return "zlib";
        }

        @Override
        int run(final byte[] src, final int off, final int len, final byte[] out) throws BadBlock {
            final Inflater inf = new Inflater();
            try {
                inf.setInput(src, off, len);
                int n = 0;
                while (!inf.finished()) {
                    if (n == out.length) {
                        // full: more output pending means the buffer was too small
                        final byte[] probe = new byte[1];
                        if (inf.inflate(probe) > 0) return -1;
                        break;
                    }
                    final int k = inf.inflate(out, n, out.length - n);
                    n += k;
                    if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                        if (!inf.finished()) throw new BadBlock("zlib data ends early");
                    }
                }
                return n;
            } catch (DataFormatException e) {
                throw new BadBlock("zlib: " + e.getMessage());
            } finally {
                inf.end();
            }
        }

        @Override
        int direct(final ByteBuffer src, final int srcOff, final int srcLen, final ByteBuffer dst, final int dstOff, final int dstLen)
            throws BadBlock {
            final Inflater inf = new Inflater();
            try {
                inf.setInput(src.duplicate().limit(srcOff + srcLen).position(srcOff));
                final ByteBuffer out = dst.duplicate().limit(dstOff + dstLen).position(dstOff);
                while (!inf.finished()) {
                    if (!out.hasRemaining()) {
                        if (inf.inflate(ByteBuffer.allocate(1)) > 0) throw new BadBlock("zlib data larger than its declared size " + dstLen);
                        break;
                    }
                    final int k = inf.inflate(out);
                    if (k == 0 && (inf.needsInput() || inf.needsDictionary())) throw new BadBlock("zlib data ends early");
                }
                return out.position() - dstOff;
            } catch (DataFormatException e) {
                throw new BadBlock("zlib: " + e.getMessage());
            } finally {
                inf.end();
            }
        }
    }
}
