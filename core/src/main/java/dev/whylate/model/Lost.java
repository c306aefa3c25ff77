package dev.whylate.model;

/**
 * A lost-events marker: the kernel dropped events on {@code cpu} before {@code ts}.
 *
 * @param ts time of the first event after the gap, ns
 * @param cpu the CPU whose buffer lost them
 * @param count number of events lost, or -1 when the input only said that some were lost
 */
public record Lost(long ts, int cpu, long count) {}
