package dev.whylate.util;

import java.util.Arrays;

/**
 * A map from {@code long} to {@code long} without boxing: open addressing with linear probing and
 * backward-shift deletion. Every key is allowed; {@link #get} and {@link #remove} answer a caller-chosen
 * {@code missing} value for absent keys. Not thread-safe.
 */
public final class LongMap {
    private long[] keys;
    private long[] vals;
    private boolean[] used;
    private int size;
    private int mask;

    /** An empty map. */
    public LongMap() {
        this(16);
    }

    /** An empty map with room for about {@code expected} entries before it grows. */
    public LongMap(final int expected) {
        int cap = 16;
        while (cap < expected * 2L && cap < (1 << 30)) cap <<= 1;
        alloc(cap);
    }

    private void alloc(final int cap) {
        keys = new long[cap];
        vals = new long[cap];
        used = new boolean[cap];
        mask = cap - 1;
        size = 0;
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** Whether the map is empty. */
    public boolean isEmpty() {
        return size == 0;
    }

    private static int hash(final long k) {
        final long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int find(final long k) {
        for (int i = hash(k) & mask; used[i]; i = (i + 1) & mask) {
            if (keys[i] == k) return i;
        }
        return -1;
    }

    /** Whether {@code k} is present. */
    public boolean containsKey(final long k) {
        return find(k) >= 0;
    }

    /** The value of {@code k}, or {@code missing}. */
    public long get(final long k, final long missing) {
        final int i = find(k);
        return i < 0 ? missing : vals[i];
    }

    /** Maps {@code k} to {@code v}, replacing any earlier value. */
    public void put(final long k, final long v) {
        if ((size + 1) * 2 > keys.length) grow();
        int i = hash(k) & mask;
        while (used[i]) {
            if (keys[i] == k) {
                vals[i] = v;
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = k;
        vals[i] = v;
        size++;
    }

    /** Removes {@code k}; returns its value, or {@code missing} when it was absent. */
    public long remove(final long k, final long missing) {
        int i = find(k);
        if (i < 0) return missing;
        final long old = vals[i];
        // backward-shift deletion: move later entries of the probe run into the hole when their home allows
        int hole = i;
        i = (i + 1) & mask;
        while (used[i]) {
            final int home = hash(keys[i]) & mask;
            // the entry at i may move to hole if its home is not in (hole, i] (cyclically)
            final boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                keys[hole] = keys[i];
                vals[hole] = vals[i];
                hole = i;
            }
            i = (i + 1) & mask;
        }
        used[hole] = false;
        size--;
        return old;
    }

    /** Removes every entry. */
    public void clear() {
        if (size == 0) return;
        Arrays.fill(used, false);
        size = 0;
    }

    private void grow() {
        final long[] ok = keys;
        final long[] ov = vals;
        final boolean[] ou = used;
        alloc(ok.length * 2);
        for (int i = 0; i < ok.length; i++) if (ou[i]) put(ok[i], ov[i]);
    }
}
