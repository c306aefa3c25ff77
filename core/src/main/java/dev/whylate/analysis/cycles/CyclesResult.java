package dev.whylate.analysis.cycles;

import dev.whylate.analysis.advice.Advice;
import dev.whylate.analysis.advice.WhatIf;
import java.util.List;

/**
 * Result of {@link Cycles#run}.
 *
 * @param cycles cycles started (completed + lost; unfinished ones at the trace end are not counted)
 * @param misses completed cycles over the deadline plus lost cycles (a lost cycle certainly missed when the
 *     give-up time is at least the deadline)
 * @param lost cycles with no end within the give-up time
 * @param unfinished cycles still open at the trace end before their give-up time (not counted anywhere else)
 * @param deadlineNs deadline, -1 when none
 * @param giveUpNs give-up time, -1 when none
 * @param latency distribution of completed cycles' latency
 * @param items every counted cycle in start order
 * @param carrier the deferred work followed for polling consumers (e.g. {@code work flush_to_ldisc}), or null
 * @param advice commands that would help, each with its evidence
 * @param whatIf predicted misses per advice item (estimates)
 */
public record CyclesResult(long cycles, long misses, long lost, long unfinished, long deadlineNs, long giveUpNs, Latency latency,
                           List<Cycle> items, String carrier, List<Advice> advice, List<WhatIf> whatIf) {}
