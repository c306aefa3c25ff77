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
    /** Buffers of one thread: kept with the caller's {@link Fields} ({@link Fields#decoderState}), or thread-local. */
    private static final class Scratch {
        byte[] buf = new byte[1024];
        final byte[] small = new byte[SMALL];
        final FastPayloads.Row row = new FastPayloads.Row();
    }

    private final ThreadLocal<Scratch> local = ThreadLocal.withInitial(Scratch::new);

    private Scratch scratch(final Fields f) {
        final Object o = f.decoderState(this);
        if (o != null) return (Scratch) o;
        final Scratch s = new Scratch();
        f.decoderState(this, s);
        return s;
    }
    /** Per event type: which fields {@link #number} may read straight from the line (0 = not learnt yet). */
    private volatile int[] plainKind = new int[0];
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
        decodeAt(store.payload(index), store.typeName(index), out, scratch(out));
    }

    /**
     * Reads {@code vec} of softirq events, {@code irq} of irq_handler events, {@code vector} of irq vector
     * events and {@code pages} / {@code reason} of tlb_flush straight from the line when they are printed as
     * plain decimals ({@code name=N}; tlb_flush: {@code pages:N reason:words (N)}); anything else decodes.
     */
    @Override
    public long number(final EventStore store, final int index, final String name, final long dflt, final Fields scratchFields) {
        final int type = store.type(index);
        int[] pf = plainKind;
        if (type >= pf.length || pf[type] == 0) pf = learn(store, type);
        final int kind = pf[type];
        final long ref = store.payload(index);
        if (kind != NONE_PLAIN && allowed(kind, name) && (multiStart.length == 0 || Arrays.binarySearch(multiStart, ref) < 0)) {
            final byte[] b = scratch(scratchFields).small;
            final int n = ref < 0 || ref >= bytes.size() ? 0 : bytes.get(ref, b, 0, SMALL);
            final int nl = Ascii.indexOfNewline(b, 0, n);
            final boolean whole = nl < n || n < SMALL;
            final int end = nl < n ? nl : n;
            final long v = kind == TLB && Ascii.startsWith(b, 0, end, "pages:") ? tlbField(b, end, whole, name) : plain(b, end, whole, name);
            if (v != MISS) return v;
        }
        decode(store, index, scratchFields);
        return scratchFields.getLong(name, dflt);
    }

    /** Scheduler payloads in the kernel's form are read without decoding ({@link FastPayloads}); the rest decode. */
    @Override
    public void numbers(final EventStore store, final int index, final String[] names, final long[] dflt, final long[] out,
                        final Fields scratchFields) {
        final FastPayloads.Row row = fast(store, index, scratchFields);
        if (row == null) {
            PayloadDecoder.super.numbers(store, index, names, dflt, out, scratchFields);
            return;
        }
        for (int k = 0; k < names.length; k++) out[k] = row.getLong(names[k], dflt[k]);
    }

    /** As {@link #numbers}; comms are read without decoding too. */
    @Override
    public void numbersAndTexts(final EventStore store, final int index, final String[] numNames, final long[] dflt,
                                final long[] numOut, final String[] textNames, final String[] textOut, final Fields scratchFields) {
        final FastPayloads.Row row = fast(store, index, scratchFields);
        if (row != null && FastPayloads.answers(row, textNames)) {
            for (int k = 0; k < numNames.length; k++) numOut[k] = row.getLong(numNames[k], dflt[k]);
            for (int k = 0; k < textNames.length; k++) textOut[k] = row.getString(textNames[k]);
            return;
        }
        PayloadDecoder.super.numbersAndTexts(store, index, numNames, dflt, numOut, textNames, textOut, scratchFields);
    }

    /** The fast parse of event {@code index}, or null when it must be decoded. */
    private FastPayloads.Row fast(final EventStore store, final int index, final Fields f) {
        final String ev = store.typeName(index);
        if (ev == null || !FastPayloads.handles(ev)) return null;
        final long ref = store.payload(index);
        if (multiStart.length != 0 && Arrays.binarySearch(multiStart, ref) >= 0) return null;
        final Scratch st = scratch(f);
        final int n = load(ref, st);
        return FastPayloads.parse(ev, st.buf, 0, n, st.row) ? st.row : null;
    }

    private static final long MISS = Long.MIN_VALUE + 1;
    private static final int NONE_PLAIN = 1;
    private static final int VEC = 2;
    private static final int IRQ = 3;
    private static final int VECTOR = 4;
    private static final int TLB = 5;

    private static boolean allowed(final int kind, final String name) {
        switch (kind) {
            case VEC: return name.equals("vec");
            case IRQ: return name.equals("irq");
            case VECTOR: return name.equals("vector");
            case TLB: return name.equals("pages") || name.equals("reason");
            default: return false;
        }
    }

    /**
     * The payload's first token as {@code name=<decimal>} (the canonical prints: {@code vec=3 [action=NET_RX]},
     * {@code irq=36 name=..}, {@code vector=236}), or {@link #MISS} for anything else.
     */
    private static long plain(final byte[] b, final int end, final boolean whole, final String name) {
        int p = 0;
        while (p < end && b[p] == ' ') p++;
        final int len = name.length();
        if (p + len >= end || b[p + len] != '=' || !same(b, p, name)) return MISS;
        return decimal(b, p + len + 1, end, whole, " \r", false);
    }

    /** tlb_flush as ftrace prints it: {@code pages:N reason:words (N)}. */
    private static long tlbField(final byte[] b, final int end, final boolean whole, final String name) {
        if (name.equals("pages")) return decimal(b, 6, end, whole, " ", true);
        if (!whole) return MISS;
        final int r = Ascii.indexOf(b, 6, end, "reason:");
        if (r < 0) return MISS;
        final int lp = Ascii.lastIndexOf(b, r + 7, end, (byte) '(');
        final int rp = Ascii.lastIndexOf(b, r + 7, end, (byte) ')');
        return lp > r + 7 && rp > lp + 1 ? decimal(b, lp + 1, rp, true, ")", false) : MISS;
    }

    /** Up to 18 digits (after a minus when {@code signed}) at {@code from}, then one of {@code stops} or the line end. */
    private static long decimal(final byte[] b, final int from, final int end, final boolean whole, final String stops, final boolean signed) {
        int q = from;
        final boolean neg = signed && q < end && b[q] == '-';
        if (neg) q++;
        final int d = q;
        long v = 0;
        while (q < end && b[q] >= '0' && b[q] <= '9' && q - d < 18) v = v * 10 + (b[q++] - '0');
        if (q == d) return MISS;
        final boolean closed = q < end ? stops.indexOf(b[q]) >= 0 : whole;
        return closed ? (neg ? -v : v) : MISS;
    }

    private static boolean same(final byte[] b, final int p, final String name) {
        for (int k = 0; k < name.length(); k++) if (b[p + k] != name.charAt(k)) return false;
        return true;
    }

    private synchronized int[] learn(final EventStore store, final int type) {
        int[] pf = plainKind;
        pf = type >= pf.length ? Arrays.copyOf(pf, Math.max(type + 1, pf.length * 2)) : pf.clone();
        final String ev = store.types().name(type);
        int k = NONE_PLAIN;
        if (ev != null) {
            if (ev.equals("softirq_raise") || ev.equals("softirq_entry") || ev.equals("softirq_exit")) k = VEC;
            else if (ev.equals("irq_handler_entry") || ev.equals("irq_handler_exit")) k = IRQ;
            else if (ev.equals("tlb_flush")) k = TLB;
            else if (ev.endsWith("_entry") || ev.endsWith("_exit")) k = VECTOR;
        }
        pf[type] = k;
        plainKind = pf;
        return pf;
    }

    /** Decodes the payload at file offset {@code ref} of an event named {@code event} into {@code out} (not cleared). */
    public void decodeAt(final long ref, final String event, final Fields out) {
        decodeAt(ref, event, out, local.get());
    }

    private void decodeAt(final long ref, final String event, final Fields out, final Scratch st) {
        final int n = load(ref, st);
        final byte[] buf = st.buf;
        out.rawBytes(buf, 0, n);
        for (int i = 0; i < n; i++) if (buf[i] == '\n') buf[i] = ' ';
        TextPayloads.decode(event, buf, 0, n, out);
    }

    @Override
    public String text(final EventStore store, final int index) {
        return textAt(store.payload(index));
    }

    /** The payload text at file offset {@code ref}. */
    public String textAt(final long ref) {
        final Scratch st = local.get();
        final int n = load(ref, st);
        return new String(st.buf, 0, n, StandardCharsets.UTF_8);
    }

    /** Copies the payload at {@code ref} into this thread's scratch buffer; returns its length. */
    private int load(final long ref, final Scratch st) {
        if (ref < 0 || ref >= bytes.size()) return 0;
        byte[] buf = st.buf;
        final int k = multiStart.length == 0 ? -1 : Arrays.binarySearch(multiStart, ref);
        if (k >= 0) {
            final int len = (int) Math.min(multiEnd[k] - ref, MappedBytes.OVERLAP);
            if (len > buf.length) {
                buf = new byte[len];
                st.buf = buf;
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
                st.buf = buf;
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
