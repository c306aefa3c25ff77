package dev.whylate.live;

import java.util.List;

/**
 * One interval of {@code whylate top}: what every CPU was interrupted by, per second. Built by {@link TopView#build}.
 *
 * @param dtNs length of the interval (ns)
 * @param cpus one line per shown CPU, ascending
 * @param irqTotal hardware interrupts per second (device IRQs and per-CPU architecture rows) over the shown CPUs
 * @param softirqTotal softirqs per second over the shown CPUs
 * @param irqSources interrupt sources with a non-zero rate on a shown CPU, busiest first (at most the requested number)
 * @param softirqSources softirq vectors likewise
 * @param hints hot spots with advice, most important first
 * @param notes things the reader should know about the numbers (CPUs that came or went, counter resets, skipped rows)
 */
public record TopReport(long dtNs, List<CpuLine> cpus, double irqTotal, double softirqTotal, List<SourceLine> irqSources,
                        List<SourceLine> softirqSources, List<Hint> hints, List<String> notes) {
    /**
     * One CPU.
     *
     * @param cpu the CPU number
     * @param isolated whether it is isolated (isolcpus, nohz_full, or given with {@code --isolated})
     * @param irqRate interrupts per second on it
     * @param softirqRate softirqs per second on it
     * @param topIrqs its busiest interrupt sources (non-zero), busiest first
     * @param topSoftirqs its busiest softirq vectors (non-zero), busiest first
     */
    public record CpuLine(int cpu, boolean isolated, double irqRate, double softirqRate, List<Entry> topIrqs, List<Entry> topSoftirqs) {}

    /** A source and its rate (per second). */
    public record Entry(String name, double rate) {}

    /**
     * One source over the shown CPUs.
     *
     * @param id row id
     * @param name display name
     * @param label the row's description
     * @param kind what it counts
     * @param total per second over the shown CPUs
     * @param busiestCpu the shown CPU with the highest rate
     * @param busiestRate its rate
     */
    public record SourceLine(String id, String name, String label, SourceKind kind, double total, int busiestCpu, double busiestRate) {}

    /**
     * A hot spot.
     *
     * @param cpu the CPU
     * @param source the source's display name
     * @param rate its rate on that CPU (per second)
     * @param what one line on what it means
     * @param advice what to do about it (commands where they exist)
     */
    public record Hint(int cpu, String source, double rate, String what, String advice) {}
}
