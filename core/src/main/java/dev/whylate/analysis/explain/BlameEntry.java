package dev.whylate.analysis.explain;

import java.util.List;

/**
 * Time of one explained interval attributed to one (category, task, CPU).
 *
 * @param category see {@link Category}
 * @param comm the task that waited or ran (for interference: the victim), or the context label
 * @param pid its tid (or IRQ number for {@link Category#IRQ_HANDLER}), -1 when not a task
 * @param cpu the CPU
 * @param ns time, ns
 * @param share {@code ns} / the interval's latency (0..1)
 * @param blockedBy who held the CPU (for wait categories), biggest first
 */
public record BlameEntry(String category, String comm, int pid, int cpu, long ns, double share, List<Holder> blockedBy) {}
