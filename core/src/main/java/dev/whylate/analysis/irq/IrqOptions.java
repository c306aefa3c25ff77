package dev.whylate.analysis.irq;

/**
 * What {@link IrqAnalysis} reports.
 *
 * @param cpus the CPUs to report in {@code cpus[]} and hot spots (null = all); statistics that span CPUs
 *     (workqueue, IPIs, TLB stories) are not filtered
 * @param atNs the instant for {@link At} in trace ns, or {@link #NO_AT}
 * @param top how many entries the ranked lists (raising contexts, workers, senders, ...) keep
 */
public record IrqOptions(int[] cpus, long atNs, int top) {
    /** No instant requested. */
    public static final long NO_AT = Long.MIN_VALUE;

    /** Every CPU, no instant, 10 entries per list. */
    public static IrqOptions defaults() {
        return new IrqOptions(null, NO_AT, 10);
    }

    /** Whether {@code cpu} is selected. */
    public boolean selected(final int cpu) {
        if (cpus == null) return true;
        for (final int c : cpus) if (c == cpu) return true;
        return false;
    }
}
