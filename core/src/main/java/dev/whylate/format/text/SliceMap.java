package dev.whylate.format.text;

import java.util.Arrays;

/**
 * A small open-addressing map from byte slices to non-negative ints, for turning repeated tokens of a text
 * trace (event names, comms) into ids without allocating per lookup. Not thread-safe; use one per parser.
 *
 * <pre>{@code
 * SliceMap m = new SliceMap();
 * int id = m.get(b, s, e);            // -1 when absent
 * if (id < 0) m.put(b, s, e, id = types.intern(new String(b, s, e - s, US_ASCII)));
 * }</pre>
 */
public final class SliceMap {
    private byte[][] keys = new byte[64][];
    private int[] vals = new int[64];
    private int size;

    /** The value stored for {@code b[s..e)}, or -1. */
    public int get(final byte[] b, final int s, final int e) {
        final int mask = keys.length - 1;
        int i = hash(b, s, e) & mask;
        while (true) {
            final byte[] k = keys[i];
            if (k == null) return -1;
            if (Arrays.equals(k, 0, k.length, b, s, e)) return vals[i];
            i = (i + 1) & mask;
        }
    }

    /** Stores {@code v >= 0} for a copy of {@code b[s..e)}. */
    public void put(final byte[] b, final int s, final int e, final int v) {
        if (v < 0) throw new IllegalArgumentException("negative value");
        if ((size + 1) * 2 > keys.length) grow();
        insert(Arrays.copyOfRange(b, s, e), v);
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    private void insert(final byte[] k, final int v) {
        final int mask = keys.length - 1;
        int i = hash(k, 0, k.length) & mask;
        while (keys[i] != null) {
            if (Arrays.equals(keys[i], k)) {
                vals[i] = v;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = k;
        vals[i] = v;
        size++;
    }

    private void grow() {
        final byte[][] ok = keys;
        final int[] ov = vals;
        keys = new byte[ok.length * 2][];
        vals = new int[ok.length * 2];
        size = 0;
        for (int i = 0; i < ok.length; i++) if (ok[i] != null) insert(ok[i], ov[i]);
    }

    private static int hash(final byte[] b, final int s, final int e) {
        int h = 0x811C9DC5;
        for (int i = s; i < e; i++) h = (h ^ b[i]) * 0x01000193;
        return h ^ (h >>> 15);
    }
}
