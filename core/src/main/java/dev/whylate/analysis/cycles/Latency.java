package dev.whylate.analysis.cycles;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution summary in ns (HdrHistogram, 3 significant digits: values are exact to 0.1 %).
 *
 * @param count values
 * @param min smallest
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max largest (exact)
 * @param mean arithmetic mean
 */
public record Latency(long count, long min, long p50, long p90, long p99, long p999, long max, long mean) {
    /**
     * Summary of {@code h}; {@code exactMin} and {@code exactMax} replace the histogram's rounded extremes, and the
     * percentiles (the upper ends of their 0.1 % buckets) are kept within them, so that p99 never reads above max.
     */
    public static Latency of(final Histogram h, final long exactMin, final long exactMax) {
        if (h.getTotalCount() == 0) return new Latency(0, 0, 0, 0, 0, 0, 0, 0);
        return new Latency(h.getTotalCount(), exactMin, within(h.getValueAtPercentile(50), exactMin, exactMax),
            within(h.getValueAtPercentile(90), exactMin, exactMax), within(h.getValueAtPercentile(99), exactMin, exactMax),
            within(h.getValueAtPercentile(99.9), exactMin, exactMax), exactMax, within(Math.round(h.getMean()), exactMin, exactMax));
    }

    private static long within(final long v, final long lo, final long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
