package dev.whylate.model;

import java.util.Arrays;

/**
 * The decoded fields of one event: a small reusable list of (name, number, text) triples, filled by a
 * {@link PayloadDecoder}. A field has a number, a text, or both (a pointer printed as a symbol, a CPU printed
 * as {@code 001}, a {@code prev_state} printed as {@code R+} and known as 256).
 *
 * <p>Field names follow the kernel's format files ({@code prev_pid}, {@code work}, {@code vec}, {@code ret}),
 * whatever the input format printed, so filters and analyses work the same on every format. Names should be
 * compile-time constants or otherwise interned; lookups compare with {@code equals} after an identity check.
 */
public final class Fields {
    private String[] names = new String[16];
    private long[] nums = new long[16];
    private String[] texts = new String[16];
    private boolean[] hasNum = new boolean[16];
    private int n;
    private String raw;
    /** The payload's UTF-8 bytes when set by {@link #rawBytes}: the String is made only if {@link #raw()} asks. */
    private byte[] rawBuf = new byte[0];
    private int rawLen = -1;

    /** Per-thread state of the decoder that last asked for it (see {@link #decoderState(Object)}). */
    private Object stateOwner;
    private Object state;

    /**
     * Scratch state a {@link PayloadDecoder} keeps with this Fields between calls, or {@code null} when
     * {@code owner} stored none: decoders are shared by threads but a Fields is used by one thread at a time, so
     * this saves them a thread-local lookup per event. {@link #clear()} keeps it.
     */
    public Object decoderState(final Object owner) {
        return stateOwner == owner ? state : null;
    }

    /** Stores {@code value} as {@code owner}'s scratch state (replacing any other decoder's). */
    public void decoderState(final Object owner, final Object value) {
        stateOwner = owner;
        state = value;
    }

    /** Empties the list (called by decoders before filling). */
    public void clear() {
        n = 0;
        raw = null;
        rawLen = -1;
    }

    /** Adds a numeric field. */
    public void add(final String name, final long value) {
        put(name, value, true, null);
    }

    /** Adds a text field. */
    public void add(final String name, final String text) {
        put(name, 0, false, text);
    }

    /** Adds a field known both as a number and as text. */
    public void add(final String name, final long value, final String text) {
        put(name, value, true, text);
    }

    private void put(final String name, final long v, final boolean isNum, final String t) {
        if (n == names.length) {
            final int c = n * 2;
            names = Arrays.copyOf(names, c);
            nums = Arrays.copyOf(nums, c);
            texts = Arrays.copyOf(texts, c);
            hasNum = Arrays.copyOf(hasNum, c);
        }
        names[n] = name;
        nums[n] = v;
        hasNum[n] = isNum;
        texts[n] = t;
        n++;
    }

    /** Sets the payload as it was printed (or rendered), for display. */
    public void raw(final String text) {
        raw = text;
        rawLen = -1;
    }

    /**
     * Sets the payload as printed from UTF-8 bytes (copied): the same as {@link #raw(String)} of their text, but
     * the String is only made when {@link #raw()} is called (most readers of fields never ask).
     */
    public void rawBytes(final byte[] b, final int off, final int len) {
        if (rawBuf.length < len) rawBuf = new byte[Math.max(len, rawBuf.length * 2)];
        System.arraycopy(b, off, rawBuf, 0, len);
        rawLen = len;
        raw = null;
    }

    /** The payload text, or {@code null} when the decoder did not keep it. */
    public String raw() {
        if (raw == null && rawLen >= 0) {
            raw = new String(rawBuf, 0, rawLen, java.nio.charset.StandardCharsets.UTF_8);
            rawLen = -1;
        }
        return raw;
    }

    /** Number of fields. */
    public int size() {
        return n;
    }

    /** Name of field {@code k}. */
    public String name(final int k) {
        return names[k];
    }

    /** Whether field {@code k} has a numeric value. */
    public boolean isNumber(final int k) {
        return hasNum[k];
    }

    /** Numeric value of field {@code k} (0 when it has none). */
    public long number(final int k) {
        return nums[k];
    }

    /** Text of field {@code k}: its printed text, or the number in decimal. */
    public String text(final int k) {
        final String t = texts[k];
        return t != null ? t : Long.toString(nums[k]);
    }

    /** Index of the field called {@code name}, or -1. */
    public int indexOf(final String name) {
        for (int k = 0; k < n; k++) {
            final String s = names[k];
            if (s == name || s.equals(name)) return k;
        }
        return -1;
    }

    /** Whether a field called {@code name} exists. */
    public boolean has(final String name) {
        return indexOf(name) >= 0;
    }

    /** Numeric value of {@code name}, or {@code dflt} when absent or not numeric. */
    public long getLong(final String name, final long dflt) {
        final int k = indexOf(name);
        return k >= 0 && hasNum[k] ? nums[k] : dflt;
    }

    /** Numeric value of {@code name} as an int, or {@code dflt}. */
    public int getInt(final String name, final int dflt) {
        final int k = indexOf(name);
        return k >= 0 && hasNum[k] ? (int) nums[k] : dflt;
    }

    /** Text of {@code name}, or {@code null} when absent. */
    public String getString(final String name) {
        final int k = indexOf(name);
        return k >= 0 ? text(k) : null;
    }

    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder();
        for (int k = 0; k < n; k++) {
            if (k > 0) b.append(' ');
            b.append(names[k]).append('=').append(text(k));
        }
        return b.toString();
    }
}
