package dev.whylate.analysis.sched;

import java.util.Arrays;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Accumulates delays in ns: the first {@link #EXACT_LIMIT} values are kept exactly, after that they go into
 * an auto-resizing HdrHistogram with 3 significant digits (so a task with a handful of waits costs a few
 * bytes and one with millions stays bounded). Count, min, max and sum are always exact.
 */
public final class DelayHistogram {
    /** Values kept exactly before switching to the histogram. */
    public static final int EXACT_LIMIT = 512;

    private long[] exact = new long[4];
    private int n;
    private IntCountsHistogram hdr;
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private long total;
    private boolean sorted = true;

    /** Adds one value (negative values count as 0). */
    public void add(final long v0) {
        final long v = Math.max(0, v0);
        count++;
        total += v;
        if (v < min) min = v;
        if (v > max) max = v;
        if (hdr != null) {
            hdr.recordValue(v);
            return;
        }
        if (n == EXACT_LIMIT) {
            hdr = new IntCountsHistogram(3);
            hdr.setAutoResize(true);
            for (int i = 0; i < n; i++) hdr.recordValue(exact[i]);
            hdr.recordValue(v);
            exact = null;
            return;
        }
        if (n == exact.length) exact = Arrays.copyOf(exact, Math.min(EXACT_LIMIT, n * 2));
        if (n > 0 && v < exact[n - 1]) sorted = false;
        exact[n++] = v;
    }

    /** Adds every value of {@code o}. */
    public void addAll(final DelayHistogram o) {
        if (o.count == 0) return;
        if (o.hdr == null) {
            for (int i = 0; i < o.n; i++) add(o.exact[i]);
            return;
        }
        if (hdr == null) {
            hdr = new IntCountsHistogram(3);
            hdr.setAutoResize(true);
            for (int i = 0; i < n; i++) hdr.recordValue(exact[i]);
            exact = null;
        }
        hdr.add(o.hdr);
        count += o.count;
        total += o.total;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
    }

    /** Number of values. */
    public long count() {
        return count;
    }

    /** Largest value (0 when empty). */
    public long max() {
        return count == 0 ? 0 : max;
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(exact, 0, n);
            sorted = true;
        }
    }

    /** The nearest-rank value at percentile {@code p} (0 < p <= 100); 0 when empty. */
    public long percentile(final double p) {
        if (count == 0) return 0;
        if (hdr != null) return Math.max(min, Math.min(max, hdr.getValueAtPercentile(p)));
        sort();
        final int rank = (int) Math.ceil(p / 100.0 * n);
        return exact[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    /** How many values are at most {@code v} (bucket-exact within 0.1 % above the exact limit). */
    public long countAtOrBelow(final long v) {
        if (count == 0 || v < 0) return 0;
        if (hdr != null) return v >= max ? count : hdr.getCountBetweenValues(0, v);
        sort();
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (exact[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The summary. */
    public Distribution summary() {
        if (count == 0) return Distribution.EMPTY;
        return new Distribution(count, min, Math.round(total / (double) count), percentile(50), percentile(90), percentile(99),
            percentile(99.9), max, total);
    }
}
