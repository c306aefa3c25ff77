package dev.whylate.format.text;

import dev.whylate.io.MappedBytes;
import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import dev.whylate.model.PayloadDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link PayloadDecoder} for text traces read from a mapped file: an event's payload reference is the byte
 * offset where its payload starts, and the payload runs to the end of that line ({@code \r\n} tolerated, at
 * most {@link MappedBytes#OVERLAP} bytes). A few payloads span several lines (a print whose text had
 * newlines); the reader registers those with their end offset, and their lines are joined with {@code '\n'} in
 * {@link Fields#raw()} and read as spaces by the field decoder.
 *
 * <p>Fields come from {@link TextPayloads#decode}; {@link Fields#raw()} is the payload text as printed.
 * Thread-safe: each thread gets its own scratch buffer.
 */
public final class TextLineDecoder implements PayloadDecoder {
    private static final int STEP = 256;
    private final MappedBytes bytes;
    private final long[] multiStart;
    private final long[] multiEnd;
    private final boolean jsLineEnds;
    private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[1024]);

    /** A decoder for single-line payloads in {@code bytes}. */
    public TextLineDecoder(final MappedBytes bytes) {
        this(bytes, new long[0], new long[0]);
    }

    /**
     * A decoder where the payloads starting at {@code starts[k]} (ascending) run to {@code ends[k]} (exclusive)
     * instead of the end of their line.
     */
    public TextLineDecoder(final MappedBytes bytes, final long[] starts, final long[] ends) {
        this(bytes, starts, ends, false);
    }

    /**
     * As above; with {@code jsLineEnds} a JavaScript {@code \n\} at the end of a line (old catapult systrace
     * HTML) is not part of the payload.
     */
    public TextLineDecoder(final MappedBytes bytes, final long[] starts, final long[] ends, final boolean jsLineEnds) {
        if (starts.length != ends.length) throw new IllegalArgumentException("starts/ends differ in length");
        for (int k = 1; k < starts.length; k++) {
            if (starts[k] <= starts[k - 1]) throw new IllegalArgumentException("starts must ascend");
        }
        this.bytes = bytes;
        this.multiStart = starts.clone();
        this.multiEnd = ends.clone();
        this.jsLineEnds = jsLineEnds;
    }

    /** Number of payloads registered as spanning several lines. */
    public int multiLineCount() {
        return multiStart.length;
    }

    @Override
    public void decode(final EventStore store, final int index, final Fields out) {
        out.clear();
        decodeAt(store.payload(index), store.typeName(index), out);
    }

    /** Decodes the payload at file offset {@code ref} of an event named {@code event} into {@code out} (not cleared). */
    public void decodeAt(final long ref, final String event, final Fields out) {
        final int n = load(ref);
        final byte[] buf = scratch.get();
        out.raw(new String(buf, 0, n, StandardCharsets.UTF_8));
        for (int i = 0; i < n; i++) if (buf[i] == '\n') buf[i] = ' ';
        TextPayloads.decode(event, buf, 0, n, out);
    }

    @Override
    public String text(final EventStore store, final int index) {
        return textAt(store.payload(index));
    }

    /** The payload text at file offset {@code ref}. */
    public String textAt(final long ref) {
        final int n = load(ref);
        return new String(scratch.get(), 0, n, StandardCharsets.UTF_8);
    }

    /** Copies the payload at {@code ref} into this thread's scratch buffer; returns its length. */
    private int load(final long ref) {
        if (ref < 0 || ref >= bytes.size()) return 0;
        byte[] buf = scratch.get();
        final int k = multiStart.length == 0 ? -1 : Arrays.binarySearch(multiStart, ref);
        if (k >= 0) {
            final int len = (int) Math.min(multiEnd[k] - ref, MappedBytes.OVERLAP);
            if (len > buf.length) {
                buf = new byte[len];
                scratch.set(buf);
            }
            final int got = bytes.get(ref, buf, 0, len);
            int n = got;
            while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) n--;
            // drop the \r of \r\n line ends inside
            int w = 0;
            for (int i = 0; i < n; i++) if (buf[i] != '\r') buf[w++] = buf[i];
            return w;
        }
        int n = 0;
        while (n < MappedBytes.OVERLAP) {
            if (n + STEP > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + STEP));
                scratch.set(buf);
            }
            final int got = bytes.get(ref + n, buf, n, STEP);
            if (got <= 0) break;
            final int nl = Ascii.indexOfNewline(buf, n, n + got);
            if (nl < n + got) {
                n = nl;
                break;
            }
            n += got;
        }
        if (n > 0 && buf[n - 1] == '\r') n--;
        if (jsLineEnds && n >= 3 && buf[n - 1] == '\\' && buf[n - 2] == 'n' && buf[n - 3] == '\\') n -= 3;
        return n;
    }
}
