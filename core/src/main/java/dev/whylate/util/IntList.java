package dev.whylate.util;

import java.util.Arrays;

/** A growable list of primitive ints. */
public final class IntList {
    private int[] a;
    private int n;

    /** Empty list. */
    public IntList() {
        this(16);
    }

    /** Empty list with room for {@code cap} ints. */
    public IntList(final int cap) {
        a = new int[Math.max(1, cap)];
    }

    /** Appends {@code v}; returns its index. */
    public int add(final int v) {
        if (n == a.length) a = Arrays.copyOf(a, n * 2);
        a[n] = v;
        return n++;
    }

    /** Element {@code i}. */
    public int get(final int i) {
        if (i >= n) throw new IndexOutOfBoundsException(i + " >= " + n);
        return a[i];
    }

    /** Replaces element {@code i}. */
    public void set(final int i, final int v) {
        if (i >= n) throw new IndexOutOfBoundsException(i + " >= " + n);
        a[i] = v;
    }

    /** Number of elements. */
    public int size() {
        return n;
    }

    /** Removes and returns the last element. */
    public int pop() {
        return a[--n];
    }

    /** The last element. */
    public int last() {
        return a[n - 1];
    }

    /** Removes all elements. */
    public void clear() {
        n = 0;
    }

    /** A trimmed copy of the elements. */
    public int[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
