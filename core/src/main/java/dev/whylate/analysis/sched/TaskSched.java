package dev.whylate.analysis.sched;

/**
 * One task row of {@code whylate sched}: the perf-compatible numbers and whylate's own.
 *
 * @param perf what {@code perf sched latency} prints for the task (switches 0 when perf counted nothing)
 * @param waits whylate's distributions, wakers and holders; {@code null} when not computed
 */
public record TaskSched(LatencyRow perf, TaskWaits waits) {}
