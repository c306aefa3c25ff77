package dev.whylate.analysis.irq;

/**
 * One device interrupt handler on one CPU ({@code irq_handler_entry/exit}).
 *
 * @param irq IRQ number
 * @param count entries seen (what /proc/interrupts counts for this IRQ on this CPU during the trace)
 * @param partial handler runs with the entry or the exit not seen (started before the trace, lost exit)
 * @param totalNs time inside the handler within the trace, including partial runs and nested interrupts
 * @param durationNs entry → exit of the complete runs
 */
public record Hardirq(int irq, long count, long partial, long totalNs, Dist durationNs) {}
