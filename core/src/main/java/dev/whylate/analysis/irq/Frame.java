package dev.whylate.analysis.irq;

/**
 * One level of what a CPU was doing at an instant.
 *
 * @param kind {@code hardirq}, {@code vector}, {@code softirq}, {@code tasklet}, {@code hrtimer}, {@code nmi}
 * @param name handler / vector / softirq / function name
 * @param id IRQ or vector number, softirq vec, or -1
 * @param startNs entry time
 * @param elapsedNs how long it had been running at the instant
 * @param startUnknown the entry was not seen (it began before the trace)
 */
public record Frame(String kind, String name, int id, long startNs, long elapsedNs, boolean startUnknown) {}
