package dev.whylate.io;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * An opened input: a regular file, or stdin / a compressed file copied (and decompressed) into a private
 * temp file, always memory-mapped. {@code .gz}, {@code .xz} and {@code .zst} are recognised by their magic
 * bytes, not their names.
 *
 * <pre>{@code
 * try (Input in = Input.open("trace.txt.zst")) {
 *     MappedBytes b = in.bytes();
 * }
 * }</pre>
 */
public final class Input implements AutoCloseable {
    private final String name;
    private final Path path;
    private final boolean temp;
    private final String compression;
    private final MappedBytes bytes;

    private Input(final String name, final Path path, final boolean temp, final String compression) throws IOException {
        this.name = name;
        this.path = path;
        this.temp = temp;
        this.compression = compression;
        this.bytes = MappedBytes.open(path);
    }

    /**
     * Opens {@code spec}: a path, or {@code -} for stdin.
     *
     * @throws TraceFormatException for a missing file, a directory, an empty input or a broken compressed stream
     */
    public static Input open(final String spec) throws IOException, TraceFormatException {
        Objects.requireNonNull(spec, "spec");
        if (spec.equals("-")) return fromStream("<stdin>", System.in);
        final Path p = Path.of(spec);
        if (Files.isDirectory(p)) throw new TraceFormatException(spec + ": is a directory, not a trace file", -1);
        if (!Files.exists(p)) throw new TraceFormatException(spec + ": no such file", -1);
        if (!Files.isReadable(p)) throw new TraceFormatException(spec + ": not readable", -1);
        final long size;
        try {
            size = Files.size(p);
        } catch (NoSuchFileException e) {
            throw new TraceFormatException(spec + ": no such file", -1);
        }
        if (size == 0 || !Files.isRegularFile(p)) {
            // a pseudo-file (tracefs trace, /proc) reports size 0 but has content; a FIFO or device streams
            try (InputStream s = Files.newInputStream(p)) {
                return fromStream(spec, s);
            }
        }
        final String c = compressionOf(p);
        if (c == null) return new Input(spec, p, false, null);
        try (InputStream s = Files.newInputStream(p)) {
            return decompress(spec, s, c);
        }
    }

    /** Wraps an already-uncompressed file without copying (tests, recorder). */
    public static Input ofFile(final Path p) throws IOException {
        return new Input(p.toString(), p, false, null);
    }

    private static Input fromStream(final String name, final InputStream raw) throws IOException, TraceFormatException {
        final BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(8);
        final byte[] head = in.readNBytes(6);
        in.reset();
        if (head.length == 0) throw new TraceFormatException(name + ": empty " + (name.equals("<stdin>") ? "input" : "file"), 0);
        final String c = compressionOf(head, head.length);
        if (c != null) return decompress(name, in, c);
        final Path t = tempFile();
        try (OutputStream o = Files.newOutputStream(t)) {
            Streams.copy(in, o);
        }
        return new Input(name, t, true, null);
    }

    private static Input decompress(final String name, final InputStream raw, final String c) throws IOException, TraceFormatException {
        final Path t = tempFile();
        try (InputStream d = wrap(raw, c); OutputStream o = Files.newOutputStream(t)) {
            Streams.copy(d, o);
        } catch (IOException e) {
            Files.deleteIfExists(t);
            throw new TraceFormatException(name + ": broken " + c + " stream: " + e.getMessage(), -1, e);
        }
        if (Files.size(t) == 0) {
            Files.deleteIfExists(t);
            throw new TraceFormatException(name + ": empty after " + c + " decompression", 0);
        }
        return new Input(name, t, true, c);
    }

    private static InputStream wrap(final InputStream in, final String c) throws IOException {
        switch (c) {
            case "gz": return new GZIPInputStream(in, 1 << 16);
            case "xz": return new XZInputStream(in);
            case "zst": return new ZstdInputStream(in);
            default: throw new IllegalArgumentException(c);
        }
    }

    private static Path tempFile() throws IOException {
        final Path t = Files.createTempFile("whylate-", ".trace");
        t.toFile().deleteOnExit();
        return t;
    }

    private static String compressionOf(final Path p) throws IOException {
        try (InputStream s = Files.newInputStream(p)) {
            final byte[] h = s.readNBytes(6);
            return compressionOf(h, h.length);
        }
    }

    /** {@code gz}, {@code xz}, {@code zst} or {@code null}, from the first bytes. */
    static String compressionOf(final byte[] h, final int n) {
        if (n >= 2 && (h[0] & 0xFF) == 0x1F && (h[1] & 0xFF) == 0x8B) return "gz";
        if (n >= 6 && (h[0] & 0xFF) == 0xFD && h[1] == '7' && h[2] == 'z' && h[3] == 'X' && h[4] == 'Z' && h[5] == 0) return "xz";
        if (n >= 4 && (h[0] & 0xFF) == 0x28 && (h[1] & 0xFF) == 0xB5 && (h[2] & 0xFF) == 0x2F && (h[3] & 0xFF) == 0xFD) return "zst";
        return null;
    }

    /** Name to show the user (the path given, or {@code <stdin>}). */
    public String name() {
        return name;
    }

    /** The file that is mapped (a temp file for stdin and compressed inputs). */
    public Path path() {
        return path;
    }

    /** {@code gz}, {@code xz}, {@code zst}, or {@code null} when the input was not compressed. */
    public String compression() {
        return compression;
    }

    /** The mapped bytes. */
    public MappedBytes bytes() {
        return bytes;
    }

    /** Up to {@code n} bytes from the start, for format sniffing. */
    public byte[] head(final int n) {
        final byte[] h = new byte[(int) Math.min(n, bytes.size())];
        bytes.get(0, h, 0, h.length);
        return h;
    }

    @Override
    public void close() throws IOException {
        bytes.close();
        if (temp) Files.deleteIfExists(path);
    }
}
