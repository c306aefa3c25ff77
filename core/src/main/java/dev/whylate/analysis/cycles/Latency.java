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
    /** Summary of {@code h}; {@code exactMax} replaces the histogram's rounded maximum. */
    public static Latency of(final Histogram h, final long exactMin, final long exactMax) {
        if (h.getTotalCount() == 0) return new Latency(0, 0, 0, 0, 0, 0, 0, 0);
        return new Latency(h.getTotalCount(), exactMin, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
            h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), exactMax, Math.round(h.getMean()));
    }
}
