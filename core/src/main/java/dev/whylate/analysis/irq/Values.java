package dev.whylate.analysis.irq;

import java.util.Arrays;

/** A growable list of ns values that becomes a {@link Dist}. */
final class Values {
    private long[] v = new long[8];
    private int n;

    void add(final long x) {
        if (n == v.length) v = Arrays.copyOf(v, n * 2);
        v[n++] = x;
    }

    int size() {
        return n;
    }

    long[] values() {
        return Arrays.copyOf(v, n);
    }

    Dist dist() {
        return Dist.of(v, n);
    }
}
