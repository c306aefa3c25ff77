package dev.whylate.analysis.stacks;

import java.util.List;

/**
 * Result of {@link Stacks#run}.
 *
 * @param matched events that matched the filter (all events when there was none)
 * @param withStack of those, events that carried a stack
 * @param distinct distinct stacks among them
 * @param rows the most frequent stacks, most frequent first
 */
public record StacksResult(long matched, long withStack, int distinct, List<StackRow> rows) {}
