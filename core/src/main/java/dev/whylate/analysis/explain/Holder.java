package dev.whylate.analysis.explain;

/**
 * Something that held a CPU while a task on the critical path waited or ran there.
 *
 * @param kind {@code task}, {@code idle}, {@code hardirq}, {@code vector}, {@code softirq}, {@code tasklet},
 *     {@code hrtimer}, {@code nmi}
 * @param comm the task's comm, or a label such as {@code hardirq 30 xhci_hcd} / {@code softirq NET_RX}
 * @param pid the task's tid, the IRQ number for hardirqs, the vec for softirqs, -1 otherwise
 * @param cpu the CPU held
 * @param prio kernel priority of a task holder (0..99 RT, 100..139 normal), -1 otherwise
 * @param category blame category this holding counts in ({@link Category})
 * @param ns time held within the window, net of nested interrupts, ns
 */
public record Holder(String kind, String comm, int pid, int cpu, int prio, String category, long ns) {
    /** The same holder with another duration. */
    public Holder withNs(final long n) {
        return new Holder(kind, comm, pid, cpu, prio, category, n);
    }
}
