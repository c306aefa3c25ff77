package dev.whylate.analysis.explain;

import java.util.List;

/**
 * Why one interval took as long as it did.
 *
 * @param startNs explained interval start
 * @param endNs explained interval end
 * @param tid the task that ended the interval (the consumer)
 * @param polling true when the consumer never blocked in the interval, so the chain follows the deferred work
 *     that completed last before the end ({@code carrier})
 * @param carrier the deferred work followed for a polling consumer (e.g. {@code work flush_to_ldisc}), or null
 * @param segments the critical path, in time order
 * @param blame time per (category, task, CPU), biggest first; shares sum to at most 1
 * @param lostEvents events the kernel dropped (ring buffer full) in gaps that overlap the interval, on any CPU:
 *     the chain may miss what happened there; -1 when gaps overlap but their size is unknown; 0 for none
 */
public record Explanation(long startNs, long endNs, int tid, boolean polling, String carrier, List<Segment> segments,
                          List<BlameEntry> blame, long lostEvents) {
    /** Latency explained, ns. */
    public long latencyNs() {
        return endNs - startNs;
    }
}
