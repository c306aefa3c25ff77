package dev.whylate.analysis.sched;

/**
 * Summary of a delay distribution, all in ns. Percentiles use the nearest-rank rule (the smallest value with
 * at least p % of the values at or below it); with more than {@link DelayHistogram#EXACT_LIMIT} values they
 * come from an HdrHistogram with 3 significant digits (within 0.1 %). Count, min, max, total and mean are
 * exact.
 *
 * @param count number of values
 * @param minNs smallest
 * @param meanNs mean (rounded)
 * @param p50Ns median
 * @param p90Ns 90th percentile
 * @param p99Ns 99th percentile
 * @param p999Ns 99.9th percentile
 * @param maxNs largest
 * @param totalNs sum
 */
public record Distribution(long count, long minNs, long meanNs, long p50Ns, long p90Ns, long p99Ns, long p999Ns, long maxNs,
                           long totalNs) {
    /** The empty distribution. */
    public static final Distribution EMPTY = new Distribution(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
