package dev.whylate.analysis.irq;

/**
 * Runs of one tasklet function (or NMI handler) on one CPU.
 *
 * @param count entries seen
 * @param partial runs missing their entry or exit
 * @param totalNs time inside within the trace (partial runs included)
 * @param durationNs entry → exit of complete runs
 */
public record Handler(long count, long partial, long totalNs, Dist durationNs) {}
