package dev.whylate.io;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Read-only random access to a whole file through memory-mapped windows of at most 1 GiB. Windows overlap
 * by {@link #OVERLAP} bytes so that any run of up to that many bytes starting anywhere lies inside a single
 * window ({@link #window(long)}).
 *
 * <p>Thread-safe for reads: every accessor uses absolute positions.
 */
public final class MappedBytes implements AutoCloseable {
    /** Bytes by which consecutive windows overlap (the longest line or record a reader may ask for). */
    public static final int OVERLAP = 1 << 20;
    private static final long STEP = (1L << 30) - OVERLAP;

    private final FileChannel ch;
    private final long size;
    private final MappedByteBuffer[] windows;

    private MappedBytes(final FileChannel ch) throws IOException {
        this.ch = ch;
        this.size = ch.size();
        final int n = size == 0 ? 0 : (int) ((size + STEP - 1) / STEP);
        windows = new MappedByteBuffer[n];
        for (int w = 0; w < n; w++) {
            final long base = w * STEP;
            final long len = Math.min(size - base, 1L << 30);
            windows[w] = ch.map(FileChannel.MapMode.READ_ONLY, base, len);
            windows[w].order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Maps {@code path}. */
    public static MappedBytes open(final Path path) throws IOException {
        final FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new MappedBytes(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** File size in bytes. */
    public long size() {
        return size;
    }

    /** Index of the window that holds {@code off} and at least {@link #OVERLAP} bytes after it (or the file end). */
    public int window(final long off) {
        return (int) (off / STEP);
    }

    /** The buffer of window {@code w} (absolute positions only; do not change its position or limit). */
    public MappedByteBuffer buffer(final int w) {
        return windows[w];
    }

    /** File offset where window {@code w} starts. */
    public long base(final int w) {
        return w * STEP;
    }

    /** One byte at {@code off}. */
    public byte get(final long off) {
        final int w = (int) (off / STEP);
        return windows[w].get((int) (off - w * STEP));
    }

    /** Copies up to {@code len} bytes at {@code off} into {@code dst}; returns how many were copied. */
    public int get(final long off, final byte[] dst, final int dstOff, final int len) {
        if (off >= size) return 0;
        final int n = (int) Math.min(len, size - off);
        int done = 0;
        while (done < n) {
            final long o = off + done;
            final int w = (int) (o / STEP);
            final int in = (int) (o - w * STEP);
            final int k = Math.min(n - done, windows[w].limit() - in);
            windows[w].get(in, dst, dstOff + done, k);
            done += k;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
