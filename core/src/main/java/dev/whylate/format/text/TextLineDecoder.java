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
    private final ThreadLocal<byte[]> small = ThreadLocal.withInitial(() -> new byte[SMALL]);
    /** Per event type: the one field {@link #number} may read straight from the line, "" for none, null unknown. */
    private volatile String[] plainField = new String[0];
    private static final int SMALL = 128;

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

    /**
     * Reads {@code vec} of softirq events, {@code irq} of irq_handler events and {@code vector} of irq vector
     * events straight from the line when it is printed as {@code name=<decimal>}; anything else decodes.
     */
    @Override
    public long number(final EventStore store, final int index, final String name, final long dflt, final Fields scratchFields) {
        final int type = store.type(index);
        String[] pf = plainField;
        if (type >= pf.length || pf[type] == null) pf = learn(store, type);
        final String allowed = pf[type];
        final long ref = store.payload(index);
        if (allowed.equals(name) && (multiStart.length == 0 || Arrays.binarySearch(multiStart, ref) < 0)) {
            final byte[] b = small.get();
            final int n = ref < 0 || ref >= bytes.size() ? 0 : bytes.get(ref, b, 0, SMALL);
            final int nl = Ascii.indexOfNewline(b, 0, n);
            final int end = nl < n ? nl : n;
            final int len = name.length();
            for (int p = 0; p + len < end; p++) {
                if ((p > 0 && b[p - 1] != ' ') || b[p + len] != '=' || !same(b, p, name)) continue;
                int q = p + len + 1;
                final boolean neg = q < end && b[q] == '-';
                if (neg) q++;
                final int digits = q;
                long v = 0;
                while (q < end && b[q] >= '0' && b[q] <= '9' && q - digits < 18) v = v * 10 + (b[q++] - '0');
                final boolean closed = q < end ? b[q] == ' ' || b[q] == ',' || b[q] == '\r' : nl < n || n < SMALL;
                if (q > digits && closed) return neg ? -v : v;
                break;
            }
        }
        decode(store, index, scratchFields);
        return scratchFields.getLong(name, dflt);
    }

    private static boolean same(final byte[] b, final int p, final String name) {
        for (int k = 0; k < name.length(); k++) if (b[p + k] != name.charAt(k)) return false;
        return true;
    }

    private synchronized String[] learn(final EventStore store, final int type) {
        String[] pf = plainField;
        if (type >= pf.length) pf = Arrays.copyOf(pf, Math.max(type + 1, pf.length * 2));
        else pf = pf.clone();
        final String ev = store.types().name(type);
        String f = "";
        if (ev != null) {
            if (ev.equals("softirq_raise") || ev.equals("softirq_entry") || ev.equals("softirq_exit")) f = "vec";
            else if (ev.equals("irq_handler_entry") || ev.equals("irq_handler_exit")) f = "irq";
            else if (ev.endsWith("_entry") || ev.endsWith("_exit")) f = "vector";
        }
        pf[type] = f;
        plainField = pf;
        return pf;
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
