package dev.whylate.analysis.explain;

import java.util.List;

/**
 * One step of a critical path, in time order; segments of one explanation do not overlap and together
 * cover the explained interval.
 *
 * @param kind {@code running} (a task ran), {@code runnable} (a task waited for a CPU), {@code blocked}
 *     (a task slept with no traced waker in the window), {@code work} (a kworker ran a work item),
 *     {@code work-wait} (a queued work item waited for its kworker: the kworker's own runnable/blocked time),
 *     {@code hardirq}, {@code vector}, {@code softirq}, {@code tasklet}, {@code hrtimer} (a context on the
 *     chain ran), {@code softirq-wait} (raised → entry), {@code irq-latency} (timer's hard expiry → handler),
 *     {@code timer-slack} (requested expiry → the end of its slack window, when it fired in it),
 *     {@code ipi-wait} (an IPI sent by another CPU, in flight until its handler ran),
 *     {@code unknown}
 * @param pid the task (tid) for task kinds; IRQ number / vec for irq kinds; -1 otherwise
 * @param comm the task's comm or the context's label
 * @param cpu the CPU it happened on (for waits: the CPU the task was queued on)
 * @param startNs segment start
 * @param endNs segment end
 * @param detail what it was doing in words (work function, syscall, state), may be empty
 * @param blockedBy who held the CPU meanwhile (waits) or interrupted it (running), biggest first
 */
public record Segment(String kind, int pid, String comm, int cpu, long startNs, long endNs, String detail, List<Holder> blockedBy) {
    /** Duration in ns. */
    public long ns() {
        return endNs - startNs;
    }
}
