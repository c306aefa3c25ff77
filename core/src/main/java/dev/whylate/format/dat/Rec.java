package dev.whylate.format.dat;

import java.nio.charset.StandardCharsets;

/**
 * A copy of one event record's data (common fields first) with bounds-checked reads in the file's byte order.
 * Reads outside the record return 0 or nothing, as libtraceevent does. One per thread.
 */
final class Rec {
    byte[] b = new byte[256];
    int len;
    boolean big;
    /** The traced kernel's long size (pointer fields of that size may name printk strings). */
    int longSize = 8;
    /** The segment the last record came from (most records of a walk share it). */
    Space.Segment seg;
    /** A record read in place ({@link DatPayloads}' fast path): its buffer, data position and length. */
    java.nio.ByteBuffer dbuf;
    int dpos;
    int dlen;
    /** Set by the fast path when a field needs the copied record. */
    boolean slow;

    /** {@link #u} of the record read in place. */
    long du(final int off, final int size) {
        if (off < 0 || size <= 0 || off + size > dlen) return 0;
        final int p = dpos + off;
        switch (size) {
            case 1: return dbuf.get(p) & 0xFFL;
            case 2: return dbuf.getShort(p) & 0xFFFFL;
            case 4: return dbuf.getInt(p) & 0xFFFFFFFFL;
            case 8: return dbuf.getLong(p);
            default: return 0;
        }
    }

    /** {@link #num} of the record read in place. */
    long dnum(final FormatField f) {
        final long v = du(f.offset(), f.size());
        if (!f.signed()) return v;
        switch (f.size()) {
            case 1: return (byte) v;
            case 2: return (short) v;
            case 4: return (int) v;
            default: return v;
        }
    }

    /** Makes room for {@code n} bytes. */
    byte[] room(final int n) {
        if (b.length < n) b = new byte[Math.max(n, b.length * 2)];
        return b;
    }

    /** Unsigned read of {@code size} (1, 2, 4, 8) bytes at {@code off}; 0 outside the record or for other sizes. */
    long u(final int off, final int size) {
        if (off < 0 || size <= 0 || off + size > len) return 0;
        switch (size) {
            case 1: return b[off] & 0xFFL;
            case 2: return big ? ((b[off] & 0xFFL) << 8) | (b[off + 1] & 0xFFL) : ((b[off + 1] & 0xFFL) << 8) | (b[off] & 0xFFL);
            case 4:
                return big ? ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16) | ((b[off + 2] & 0xFFL) << 8) | (b[off + 3] & 0xFFL)
                    : ((b[off + 3] & 0xFFL) << 24) | ((b[off + 2] & 0xFFL) << 16) | ((b[off + 1] & 0xFFL) << 8) | (b[off] & 0xFFL);
            case 8: {
                final long hi = big ? u(off, 4) : u(off + 4, 4);
                final long lo = big ? u(off + 4, 4) : u(off, 4);
                return (hi << 32) | lo;
            }
            default: return 0;
        }
    }

    /** Sign-extended read. */
    long s(final int off, final int size) {
        final long v = u(off, size);
        switch (size) {
            case 1: return (byte) v;
            case 2: return (short) v;
            case 4: return (int) v;
            default: return v;
        }
    }

    /** Reads a field as a number, sign-extended when the format says signed. */
    long num(final FormatField f) {
        return f.signed() ? s(f.offset(), f.size()) : u(f.offset(), f.size());
    }

    /**
     * Where a {@code __data_loc}/{@code __rel_loc} field's data is: {offset, length} within the record, {0, 0}
     * when the locator points outside the record.
     */
    int[] dyn(final FormatField f) {
        if (f.offset() + f.size() > len) return new int[] {0, 0};
        final long v = u(f.offset(), f.size());
        final int o = (int) (v & 0xFFFF);
        final int l = f.size() == 2 ? len - o : (int) ((v >>> 16) & 0xFFFF);
        int off = o > len ? 0 : o;
        final int ln = o + l > len ? 0 : l;
        if (f.relLoc()) off += f.offset() + f.size();
        if (off + ln > len) return new int[] {0, 0};
        return new int[] {off, ln};
    }

    /** Text from {@code off}, at most {@code max} bytes, stopping at the first NUL. */
    String str(final int off, final int max) {
        if (off < 0 || off >= len || max <= 0) return "";
        final int end = Math.min(len, off + max);
        int e = off;
        while (e < end && b[e] != 0) e++;
        return new String(b, off, e - off, StandardCharsets.UTF_8);
    }

    /** Texts recently made by {@link #strCached}, direct-mapped by content (made on first use). */
    private String[] cacheText;
    private long[] cacheLo;
    private long[] cacheHi;
    private int[] cacheLen;

    /**
     * {@link #str} for short texts (comms: up to 16 bytes), reusing the String made for the same bytes before:
     * one record's comms are mostly the same few names.
     */
    String strCached(final int off, final int max) {
        if (off < 0 || off >= len || max <= 0) return "";
        final int end = Math.min(len, off + max);
        int e = off;
        while (e < end && b[e] != 0) e++;
        final int n = e - off;
        if (n > 16) return new String(b, off, n, StandardCharsets.UTF_8);
        long lo = 0;
        long hi = 0;
        for (int k = 0; k < n; k++) {
            if (k < 8) lo |= (b[off + k] & 0xFFL) << (8 * k);
            else hi |= (b[off + k] & 0xFFL) << (8 * (k - 8));
        }
        final String c = cached(lo, hi, n);
        if (c != null) return c;
        return remember(lo, hi, n, new String(b, off, n, StandardCharsets.UTF_8));
    }

    /**
     * The text of a 16-byte char array whose bytes are {@code lo} (bytes 0..7, byte 0 lowest) and {@code hi},
     * up to the first NUL, as {@link #str} of the 16 bytes would make it.
     */
    String strCached16(final long lo, final long hi) {
        int n = 16;
        for (int k = 0; k < 16; k++) {
            final long w = k < 8 ? lo : hi;
            if (((w >>> (8 * (k & 7))) & 0xFF) == 0) {
                n = k;
                break;
            }
        }
        // bytes after the NUL are not part of the text
        final long l = n >= 8 ? lo : n == 0 ? 0 : lo & (-1L >>> (64 - 8 * n));
        final long h = n <= 8 ? 0 : n == 16 ? hi : hi & (-1L >>> (64 - 8 * (n - 8)));
        final String c = cached(l, h, n);
        if (c != null) return c;
        final byte[] t = new byte[n];
        for (int k = 0; k < n; k++) t[k] = (byte) ((k < 8 ? l : h) >>> (8 * (k & 7)));
        return remember(l, h, n, new String(t, 0, n, StandardCharsets.UTF_8));
    }

    private String cached(final long lo, final long hi, final int n) {
        if (cacheText == null) return null;
        final int slot = slot(lo, hi, n);
        final String c = cacheText[slot];
        return c != null && cacheLo[slot] == lo && cacheHi[slot] == hi && cacheLen[slot] == n ? c : null;
    }

    private String remember(final long lo, final long hi, final int n, final String t) {
        if (cacheText == null) {
            cacheText = new String[256];
            cacheLo = new long[256];
            cacheHi = new long[256];
            cacheLen = new int[256];
        }
        final int slot = slot(lo, hi, n);
        cacheText[slot] = t;
        cacheLo[slot] = lo;
        cacheHi[slot] = hi;
        cacheLen[slot] = n;
        return t;
    }

    private static int slot(final long lo, final long hi, final int n) {
        return (int) (((lo * 0x9E3779B97F4A7C15L) ^ (hi * 0xC2B2AE3D27D4EB4FL) ^ n) >>> 56);
    }

    /** Bytes of a field: fixed arrays in place, dynamic ones where their locator says, size 0 = to the end. */
    int[] span(final FormatField f) {
        if (f.dynamic()) return dyn(f);
        if (f.offset() > len) return new int[] {0, 0};
        final int l = f.size() == 0 ? len - f.offset() : Math.min(f.size(), len - f.offset());
        return new int[] {f.offset(), Math.max(0, l)};
    }
}
