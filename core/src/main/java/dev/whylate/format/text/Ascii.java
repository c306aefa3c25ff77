package dev.whylate.format.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level helpers for the text readers: number parsing without Strings, substring search, and a fast
 * newline search (eight bytes at a time). All ranges are {@code [s, e)}; nothing here allocates except the
 * explicit String makers.
 */
public final class Ascii {
    /** Returned by the number parsers when the bytes are not a number of the asked kind. */
    public static final long BAD = Long.MIN_VALUE;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private Ascii() {}

    /** Index of the first {@code '\n'} in {@code [s, e)}, or {@code e}. */
    public static int indexOfNewline(final byte[] b, final int s, final int e) {
        int i = s;
        final int last = e - 8;
        while (i <= last) {
            final long x = (long) LONGS.get(b, i) ^ NEWLINES;
            final long t = (x - ONES) & ~x & HIGHS;
            if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
            i += 8;
        }
        while (i < e && b[i] != '\n') i++;
        return i;
    }

    /** Index of byte {@code c} in {@code [s, e)}, or -1. */
    public static int indexOf(final byte[] b, final int s, final int e, final byte c) {
        for (int i = s; i < e; i++) if (b[i] == c) return i;
        return -1;
    }

    /** Index of the last byte {@code c} in {@code [s, e)}, or -1. */
    public static int lastIndexOf(final byte[] b, final int s, final int e, final byte c) {
        for (int i = e - 1; i >= s; i--) if (b[i] == c) return i;
        return -1;
    }

    /** Index of the ASCII string {@code k} in {@code [s, e)}, or -1. */
    public static int indexOf(final byte[] b, final int s, final int e, final String k) {
        final int n = k.length();
        if (n == 0) return s;
        final byte first = (byte) k.charAt(0);
        outer:
        for (int i = s, last = e - n; i <= last; i++) {
            if (b[i] != first) continue;
            for (int j = 1; j < n; j++) if (b[i + j] != (byte) k.charAt(j)) continue outer;
            return i;
        }
        return -1;
    }

    /** Index of the last occurrence of the ASCII string {@code k} in {@code [s, e)}, or -1. */
    public static int lastIndexOf(final byte[] b, final int s, final int e, final String k) {
        final int n = k.length();
        outer:
        for (int i = e - n; i >= s; i--) {
            for (int j = 0; j < n; j++) if (b[i + j] != (byte) k.charAt(j)) continue outer;
            return i;
        }
        return -1;
    }

    /** {@link #indexOf(byte[], int, int, String)} with the key's bytes (cheaper on hot paths: no charAt per byte). */
    public static int indexOf(final byte[] b, final int s, final int e, final byte[] k) {
        final int n = k.length;
        if (n == 0) return s;
        final byte first = k[0];
        outer:
        for (int i = s, last = e - n; i <= last; i++) {
            if (b[i] != first) continue;
            for (int j = 1; j < n; j++) if (b[i + j] != k[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** {@link #startsWith(byte[], int, int, String)} with the key's bytes. */
    public static boolean startsWith(final byte[] b, final int s, final int e, final byte[] k) {
        final int n = k.length;
        if (e - s < n) return false;
        for (int j = 0; j < n; j++) if (b[s + j] != k[j]) return false;
        return true;
    }

    /** The ISO-8859-1 bytes of a constant key, for the byte[] overloads. */
    public static byte[] key(final String k) {
        return k.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code [s, e)} starts with the ASCII string {@code k}. */
    public static boolean startsWith(final byte[] b, final int s, final int e, final String k) {
        final int n = k.length();
        if (e - s < n) return false;
        for (int j = 0; j < n; j++) if (b[s + j] != (byte) k.charAt(j)) return false;
        return true;
    }

    /** Whether {@code [s, e)} equals the ASCII string {@code k}. */
    public static boolean equals(final byte[] b, final int s, final int e, final String k) {
        return e - s == k.length() && startsWith(b, s, e, k);
    }

    /** First index at or after {@code s} that is not a space or tab, or {@code e}. */
    public static int skipSpaces(final byte[] b, int s, final int e) {
        while (s < e && (b[s] == ' ' || b[s] == '\t')) s++;
        return s;
    }

    /** {@code e} moved back over trailing spaces, tabs and CRs (not before {@code s}). */
    public static int trimEnd(final byte[] b, final int s, int e) {
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t' || b[e - 1] == '\r')) e--;
        return e;
    }

    /** Whether {@code c} is {@code 0-9}. */
    public static boolean isDigit(final byte c) {
        return c >= '0' && c <= '9';
    }

    /** Value of hex digit {@code c}, or -1. */
    public static int hexValue(final byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** Whether {@code c} may appear in an identifier ({@code [A-Za-z0-9_]}). */
    public static boolean isIdent(final byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /**
     * Parses an optionally negative decimal integer filling exactly {@code [s, e)}. Returns {@link #BAD} when
     * empty, not all digits, or out of the long range.
     */
    public static long parseDec(final byte[] b, final int s, final int e) {
        int i = s;
        boolean neg = false;
        if (i < e && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        if (i >= e || e - i > 19) return BAD;
        long v = 0;
        for (; i < e; i++) {
            final int d = b[i] - '0';
            if (d < 0 || d > 9) return BAD;
            v = v * 10 + d;
            if (v < 0) return BAD;
        }
        return neg ? -v : v;
    }

    /**
     * Parses hex digits filling exactly {@code [s, e)} (an optional {@code 0x}/{@code 0X} prefix is skipped)
     * as an unsigned 64-bit value; {@code 0xfffffffffffffff5} gives -11. {@link #BAD} when empty, not hex or
     * longer than 16 digits.
     */
    public static long parseHex(final byte[] b, final int s, final int e) {
        int i = s;
        if (e - i >= 2 && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) i += 2;
        if (i >= e) return BAD;
        while (e - i > 16 && b[i] == '0') i++;
        if (e - i > 16) return BAD;
        long v = 0;
        for (; i < e; i++) {
            final int d = hexValue(b[i]);
            if (d < 0) return BAD;
            v = (v << 4) | d;
        }
        return v;
    }

    /** Whether {@code [s, e)} starts with {@code 0x} or {@code 0X}. */
    public static boolean has0x(final byte[] b, final int s, final int e) {
        return e - s >= 2 && b[s] == '0' && (b[s + 1] == 'x' || b[s + 1] == 'X');
    }

    /**
     * The generic number rule for {@code name=value} tokens: {@code 0x} hex, decimal, or a bare hex run of at
     * least 8 digits that has a letter or a leading zero (hashed pointers such as {@code 00000000e524c8bd},
     * masks such as {@code 00000002}). Returns {@link #BAD} for anything else.
     */
    public static long parseNumber(final byte[] b, final int s, final int e) {
        if (s >= e) return BAD;
        if (has0x(b, s, e)) return parseHex(b, s, e);
        final long d = parseDec(b, s, e);
        if (d != BAD) {
            if (e - s >= 8 && b[s] == '0') return parseHex(b, s, e);
            return d;
        }
        if (e - s >= 8 && e - s <= 16) {
            for (int i = s; i < e; i++) if (hexValue(b[i]) < 0) return BAD;
            return parseHex(b, s, e);
        }
        return BAD;
    }

    /** Whether {@link #parseNumber} read {@code [s, e)} as hexadecimal (so its text is worth keeping). */
    public static boolean looksHex(final byte[] b, final int s, final int e) {
        if (has0x(b, s, e)) return true;
        for (int i = s; i < e; i++) if (!isDigit(b[i])) return b[i] != '-' || i != s;
        return e - s >= 8 && b[s] == '0';
    }

    /** A String of {@code [s, e)} decoded as UTF-8. */
    public static String str(final byte[] b, final int s, final int e) {
        return e <= s ? "" : new String(b, s, e - s, StandardCharsets.UTF_8);
    }
}
