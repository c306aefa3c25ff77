package dev.whylate.analysis.irq;

import java.util.Arrays;

/**
 * An exact distribution summary of ns values (durations or latencies). Percentiles use the nearest-rank
 * definition: {@code pX} is the smallest value such that at least X % of the values are ≤ it (for n values,
 * the value at rank ⌈X/100 · n⌉ of the sorted list). All zero when {@code count} is 0.
 *
 * @param count values
 * @param min smallest
 * @param p50 median (nearest rank)
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param max largest
 * @param mean arithmetic mean, rounded
 */
public record Dist(long count, long min, long p50, long p90, long p99, long max, long mean) {
    /** The empty distribution. */
    public static final Dist EMPTY = new Dist(0, 0, 0, 0, 0, 0, 0);

    /** Summary of the first {@code n} values of {@code v} (sorted in place). */
    public static Dist of(final long[] v, final int n) {
        if (n <= 0) return EMPTY;
        Arrays.sort(v, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += v[i];
        return new Dist(n, v[0], rank(v, n, 50), rank(v, n, 90), rank(v, n, 99), v[n - 1], Math.round(sum / n));
    }

    /** Nearest-rank percentile {@code p} (0 < p ≤ 100) of the sorted first {@code n} values. */
    static long rank(final long[] sorted, final int n, final int p) {
        final long r = ((long) p * n + 99) / 100;
        return sorted[(int) Math.max(0, Math.min(n - 1, r - 1))];
    }
}
