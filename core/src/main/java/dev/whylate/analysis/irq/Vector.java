package dev.whylate.analysis.irq;

/**
 * One x86 interrupt vector ({@code irq_vectors:NAME_entry/exit}) or arm IPI reason ({@code ipi_entry/exit})
 * on one CPU.
 *
 * @param vector vector number (-1 for arm IPIs)
 * @param row the /proc/interrupts row that counts it ({@code LOC}, {@code RES}, {@code CAL}, {@code IWI},
 *     ...), or null when unknown
 * @param count entries seen
 * @param partial runs missing their entry or exit
 * @param totalNs time inside within the trace (partial runs included)
 * @param durationNs entry → exit of complete runs
 */
public record Vector(int vector, String row, long count, long partial, long totalNs, Dist durationNs) {}
