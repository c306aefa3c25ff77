package dev.whylate.analysis.irq;

/**
 * A kworker that ran work items.
 *
 * @param comm its comm ({@code kworker/1:2})
 * @param pid its pid
 * @param cpu the CPU it ran them on
 * @param count items started
 */
public record Worker(String comm, int pid, int cpu, long count) {}
