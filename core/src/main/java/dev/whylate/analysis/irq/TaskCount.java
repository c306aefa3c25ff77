package dev.whylate.analysis.irq;

/**
 * A task and a count.
 *
 * @param comm its comm
 * @param pid thread id
 * @param tgid process id (-1 unknown)
 * @param count occurrences
 */
public record TaskCount(String comm, int pid, int tgid, long count) {}
