package dev.whylate.analysis.stacks;

import java.util.List;
import java.util.Map;

/**
 * One distinct stack and how often it was seen.
 *
 * @param event the event name the stack belongs to
 * @param count events with this stack
 * @param share count / events with a stack (0..1)
 * @param frames innermost first, as the trace printed them (symbol+offset or symbol)
 * @param comms tasks that were current, comm[tid] → count, most frequent first (at most 5)
 */
public record StackRow(String event, long count, double share, List<String> frames, Map<String, Long> comms) {}
