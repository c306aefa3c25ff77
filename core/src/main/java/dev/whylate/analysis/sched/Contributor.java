package dev.whylate.analysis.sched;

/**
 * A waker of a task, or a holder of the CPU a task waited for.
 *
 * @param name {@code task comm[tid]}, {@code hardirq N name}, {@code softirq VEC}, {@code tasklet func},
 *     {@code hrtimer func}, {@code ipi reschedule}, {@code vector NAME}, {@code work func} (a kworker running
 *     that work item) for wakers; {@code comm[tid]} or {@code <idle>} for holders
 * @param count wakers: wakeups that started a measured wait; holders: slices that overlapped a wait
 * @param totalNs wakers: sum of the wakeup delays that followed; holders: time held while the task waited
 * @param maxNs wakers: longest such delay; holders: longest single hold
 */
public record Contributor(String name, long count, long totalNs, long maxNs) {}
