package dev.whylate.util;

import java.util.Arrays;

/** A growable list of primitive longs. */
public final class LongList {
    private long[] a;
    private int n;

    /** Empty list. */
    public LongList() {
        this(16);
    }

    /** Empty list with room for {@code cap} longs. */
    public LongList(final int cap) {
        a = new long[Math.max(1, cap)];
    }

    /** Appends {@code v}; returns its index. */
    public int add(final long v) {
        if (n == a.length) a = Arrays.copyOf(a, n * 2);
        a[n] = v;
        return n++;
    }

    /** Element {@code i}. */
    public long get(final int i) {
        if (i >= n) throw new IndexOutOfBoundsException(i + " >= " + n);
        return a[i];
    }

    /** Replaces element {@code i}. */
    public void set(final int i, final long v) {
        if (i >= n) throw new IndexOutOfBoundsException(i + " >= " + n);
        a[i] = v;
    }

    /** Number of elements. */
    public int size() {
        return n;
    }

    /** A trimmed copy of the elements. */
    public long[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
