package dev.whylate.format.dat;

import dev.whylate.io.MappedBytes;
import dev.whylate.io.TraceFormatException;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked sequential reads over a region of the trace.dat file or of a decompressed section, in the
 * file's byte order. Every count and size is checked against the bytes left before anything is allocated;
 * a violation throws one {@link TraceFormatException} naming the region and the file offset.
 *
 * <p>For a decompressed section the reported offset is the file offset of the section (the damage is somewhere
 * inside it); for file regions it is the exact offset.
 */
final class Cursor {
    private final MappedBytes file;
    private final byte[] array;
    private final long end;
    private final boolean big;
    private final String what;
    private final long sectionOffset;
    private long pos;

    private Cursor(final MappedBytes file, final byte[] array, final long start, final long end, final boolean big,
                   final String what, final long sectionOffset) {
        this.file = file;
        this.array = array;
        this.pos = start;
        this.end = end;
        this.big = big;
        this.what = what;
        this.sectionOffset = sectionOffset;
    }

    /** A cursor over file bytes {@code [start, end)}. */
    static Cursor ofFile(final MappedBytes file, final long start, final long end, final boolean big, final String what) {
        return new Cursor(file, null, start, Math.min(end, file.size()), big, what, -1);
    }

    /** A cursor over a decompressed section that sat at {@code sectionOffset} in the file. */
    static Cursor ofArray(final byte[] a, final int len, final boolean big, final String what, final long sectionOffset) {
        return new Cursor(null, a, 0, len, big, what, sectionOffset);
    }

    /** Current position (a file offset for file cursors, an index for array cursors). */
    long pos() {
        return pos;
    }

    /** Bytes left. */
    long remaining() {
        return end - pos;
    }

    /** End of the readable region. */
    long end() {
        return end;
    }

    /** Moves to {@code p}, which must lie within the region. */
    void seek(final long p) throws TraceFormatException {
        if (p < 0 || p > end) throw fail("offset " + p + " outside the data (" + end + " bytes)");
        pos = p;
    }

    /** Skips {@code n} bytes. */
    void skip(final long n) throws TraceFormatException {
        need(n);
        pos += n;
    }

    /** The file offset to report for a problem at the current position. */
    long errorOffset() {
        return file != null ? pos : sectionOffset;
    }

    /** A format exception about the current position. */
    TraceFormatException fail(final String msg) {
        final String where = file != null ? "" : " (at byte " + pos + " of the decompressed section)";
        return new TraceFormatException("trace.dat " + what + ": " + msg + where, errorOffset());
    }

    private void need(final long n) throws TraceFormatException {
        if (n < 0 || n > end - pos) {
            throw fail((pos >= end ? "ends early" : "truncated") + ": needs " + n + " bytes, " + Math.max(0, end - pos) + " left");
        }
    }

    private int b(final long p) {
        return (file != null ? file.get(p) : array[(int) p]) & 0xFF;
    }

    int u8() throws TraceFormatException {
        need(1);
        return b(pos++);
    }

    int u16() throws TraceFormatException {
        need(2);
        final int a = b(pos);
        final int c = b(pos + 1);
        pos += 2;
        return big ? (a << 8) | c : (c << 8) | a;
    }

    /** An unsigned 32-bit number. */
    long u32() throws TraceFormatException {
        need(4);
        long v = 0;
        for (int k = 0; k < 4; k++) {
            final int x = b(pos + k);
            v = big ? (v << 8) | x : v | ((long) x << (8 * k));
        }
        pos += 4;
        return v;
    }

    /** A 64-bit number (may be negative when the top bit is set). */
    long u64() throws TraceFormatException {
        need(8);
        long v = 0;
        for (int k = 0; k < 8; k++) {
            final long x = b(pos + k);
            v = big ? (v << 8) | x : v | (x << (8 * k));
        }
        pos += 8;
        return v;
    }

    /** A size or count read as u32 that must not exceed the bytes left times {@code perItem}. */
    int count32(final String of, final long minBytesPerItem) throws TraceFormatException {
        final long at = pos;
        final long n = u32();
        if (minBytesPerItem > 0 && n > (end - pos) / minBytesPerItem) {
            pos = at;
            throw fail(of + " count " + n + " does not fit in the " + (end - at - 4) + " bytes left");
        }
        return (int) n;
    }

    /** Reads a length-prefixed blob (u32 or u64 prefix) and checks the length against the bytes left. */
    long sizePrefix(final boolean wide, final String of) throws TraceFormatException {
        final long at = pos;
        final long n = wide ? u64() : u32();
        if (n < 0 || n > end - pos) {
            pos = at;
            throw fail(of + " size " + Long.toUnsignedString(n) + " exceeds the " + Math.max(0, end - at - (wide ? 8 : 4)) + " bytes left");
        }
        return n;
    }

    /** {@code n} bytes as a new array ({@code n} checked against the bytes left first). */
    byte[] bytes(final long n) throws TraceFormatException {
        need(n);
        if (n > Integer.MAX_VALUE - 16) throw fail("block of " + n + " bytes is too large");
        final byte[] out = new byte[(int) n];
        if (file != null) file.get(pos, out, 0, out.length);
        else System.arraycopy(array, (int) pos, out, 0, out.length);
        pos += n;
        return out;
    }

    /**
     * {@code n} bytes as a format text: shared with the decompressed section when this cursor reads one, copied
     * otherwise.
     */
    DatLayout.FormatText format(final String system, final long n) throws TraceFormatException {
        need(n);
        if (array != null) {
            final DatLayout.FormatText f = new DatLayout.FormatText(system, array, (int) pos, (int) n);
            pos += n;
            return f;
        }
        final byte[] b = bytes(n);
        return new DatLayout.FormatText(system, b, 0, b.length);
    }

    /** {@code n} bytes as text (UTF-8, NULs kept). */
    String text(final long n) throws TraceFormatException {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    /** A NUL-terminated string of at most {@code max} bytes (the NUL is consumed). */
    String cstring(final int max) throws TraceFormatException {
        final long start = pos;
        final long lim = Math.min(end, start + max + 1L);
        for (long p = start; p < lim; p++) {
            if (b(p) == 0) {
                final String s = text(p - start);
                pos++;
                return s;
            }
        }
        throw fail(lim == end ? "string runs past the end of the data" : "string longer than " + max + " bytes");
    }

    /** Whether the next bytes equal {@code s} (nothing consumed). */
    boolean peekIs(final byte[] s) {
        if (s.length > end - pos) return false;
        for (int k = 0; k < s.length; k++) if (b(pos + k) != (s[k] & 0xFF)) return false;
        return true;
    }
}
