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

    /** Makes room for {@code cap} elements in total (no effect when there is room already). */
    public void reserve(final int cap) {
        if (cap > a.length) a = Arrays.copyOf(a, cap);
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

    /**
     * The elements as an array, for a list that is done with: its own backing array when that holds exactly
     * {@link #size()} elements (no copy; the list must not be used afterwards), else a copy.
     */
    public int[] takeArray() {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }
}
