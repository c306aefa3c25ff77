package dev.whylate.analysis.irq;

import java.util.List;

/**
 * One softirq vector on one CPU.
 *
 * @param vec vector number 0..9
 * @param count entries seen (what /proc/softirqs counts for this vector and CPU during the trace)
 * @param partial runs missing their entry or exit
 * @param totalNs time inside within the trace (partial runs and nested hardirqs included)
 * @param durationNs entry → exit of complete runs
 * @param raises softirq_raise events of this vector on this CPU
 * @param raiseToEntryNs for each entry that served at least one raise: entry − the first of those raises
 * @param unserved raises with no later entry of the vector on the CPU in the trace
 * @param inKsoftirqd entries run by ksoftirqd (deferred to the thread instead of irq exit / bh enable)
 * @param raisedBy who raised it, most frequent first
 */
public record Softirq(int vec, long count, long partial, long totalNs, Dist durationNs, long raises, Dist raiseToEntryNs,
                      long unserved, long inKsoftirqd, List<Source> raisedBy) {}
