package dev.whylate.live;

import java.util.Arrays;

/**
 * Upper bounds (ns, ascending) of the latency histogram that {@code whylate watch} exports.
 *
 * <p>With a deadline D the bounds cluster around it: 0.1, 0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 5 and 10 × D
 * (rounded to whole ns, duplicates dropped), so the bucket {@code le=D} counts exactly the cycles that met the
 * deadline. Without one: 1-2.5-5 steps from 10 µs to 10 s.
 */
public final class LatencyBuckets {
    private static final double[] AROUND = {0.1, 0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 5, 10};

    private LatencyBuckets() {}

    /** Bounds around {@code deadlineNs}, or the default ones when it is &lt;= 0. */
    public static long[] of(final long deadlineNs) {
        if (deadlineNs <= 0) return defaults();
        return Arrays.stream(AROUND).mapToLong(f -> f == 1 ? deadlineNs : Math.max(1, Math.round(deadlineNs * f))).distinct().sorted().toArray();
    }

    /** 10 µs, 25 µs, 50 µs, 100 µs, ... 5 s, 10 s. */
    public static long[] defaults() {
        final long[] out = new long[19];
        long base = 10_000;
        int k = 0;
        while (k < out.length) {
            out[k++] = base;
            if (k < out.length) out[k++] = base * 5 / 2;
            if (k < out.length) out[k++] = base * 5;
            base *= 10;
        }
        return out;
    }
}
