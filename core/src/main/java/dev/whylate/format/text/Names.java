package dev.whylate.format.text;

import java.nio.charset.StandardCharsets;

/**
 * Interns short ASCII names (field names of unknown events) straight from bytes: a fixed-size cache so a
 * name seen before costs a hash and a compare, no allocation. Racy by design and still correct: a slot
 * always holds a complete interned String, and every hit is verified byte by byte.
 */
final class Names {
    private static final int SLOTS = 4096;
    private static final String[] CACHE = new String[SLOTS];

    private Names() {}

    /** The interned String of the ASCII bytes {@code [s, e)}. */
    static String intern(final byte[] b, final int s, final int e) {
        int h = 0;
        for (int i = s; i < e; i++) h = 31 * h + b[i];
        final int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
        final String c = CACHE[slot];
        if (c != null && same(c, b, s, e)) return c;
        final String n = new String(b, s, e - s, StandardCharsets.ISO_8859_1).intern();
        CACHE[slot] = n;
        return n;
    }

    private static boolean same(final String c, final byte[] b, final int s, final int e) {
        if (c.length() != e - s) return false;
        for (int i = 0; i < c.length(); i++) if (c.charAt(i) != (char) (b[s + i] & 0xFF)) return false;
        return true;
    }
}
