package dev.whylate.analysis.sched;

import dev.whylate.model.TaskState;

/**
 * Which version of {@code perf sched} (tools/perf/builtin-sched.c) the perf-compatible tables reproduce.
 * The versions differ in two rules, both of which change the numbers:
 *
 * <ul>
 *   <li>{@link #UPSTREAM} (current perf): {@code perf sched latency} handles sched_waking, sched_wakeup
 *       (ignored when the trace has sched_waking) and sched_wakeup_new. The prev_state of sched_switch is
 *       decoded from the format's flag list ({@code evsel__taskstate}), so {@code R} and {@code R+} both mean
 *       runnable. {@code perf sched timehist} starts the scheduling delay of a task switched out runnable at
 *       its switch-out.</li>
 *   <li>{@link #PERF_6_1} (perf 6.1, e.g. Debian 12's linux-perf): {@code perf sched latency} handles only
 *       sched_wakeup and sched_wakeup_new, not sched_waking (which is all {@code perf sched record} records
 *       on kernels that have it), and indexes {@code "RSDTtZXxKWP"} with the raw prev_state, so only a raw 0
 *       ({@code R}) counts as runnable; {@code R+} (TASK_REPORT_MAX) reads as not runnable. timehist resets
 *       the delay start at every switch-out. These were established by running perf 6.1 on recorded data
 *       (tests in {@code PerfCompatTest}).</li>
 * </ul>
 */
public enum PerfDialect {
    /** Current upstream perf. */
    UPSTREAM,
    /** perf 6.1. */
    PERF_6_1;

    /** Parses {@code upstream} / {@code 6.1}. */
    public static PerfDialect parse(final String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "upstream": case "current": case "latest": return UPSTREAM;
            case "6.1": case "perf-6.1": return PERF_6_1;
            default: throw new IllegalArgumentException("unknown perf version '" + s + "' (use upstream or 6.1)");
        }
    }

    /** Whether perf sees a task switched out in {@code state} (canonical bits) as runnable ('R'). */
    public boolean runnable(final int state) {
        if (state == TaskState.UNKNOWN) return false;
        if (this == PERF_6_1) return state == TaskState.RUNNING;
        // evsel__taskstate: lowest set bit beyond the format's 8 state letters (or no bit) reads as 'R'
        return (state & 0xFF) == 0;
    }

    /** Whether perf sees {@code state} as uninterruptible ('D'), which timehist counts as iowait. */
    public boolean iowait(final int state) {
        if (state == TaskState.UNKNOWN) return false;
        if (this == PERF_6_1) return state == TaskState.DISK;
        return (state & 0xFF) != 0 && Integer.numberOfTrailingZeros(state) == 1;
    }

    /** Whether {@code perf sched latency} processes an event of {@code kind} given what the trace has. */
    public boolean latencyWakeup(final int kind, final boolean traceHasWaking) {
        switch (kind) {
            case SchedEvent.WAKEUP_NEW: return true;
            case SchedEvent.WAKING: return this == UPSTREAM;
            case SchedEvent.WAKEUP: return this == PERF_6_1 || !traceHasWaking;
            default: return false;
        }
    }

    /** Whether {@code perf sched timehist} processes a wakeup of {@code kind} (it prefers sched_waking). */
    public boolean timehistWakeup(final int kind, final boolean traceHasWaking) {
        switch (kind) {
            case SchedEvent.WAKEUP_NEW: case SchedEvent.WAKING: return true;
            case SchedEvent.WAKEUP: return !traceHasWaking;
            default: return false;
        }
    }

    /** Whether timehist starts the delay clock at a runnable switch-out. */
    public boolean timehistPreemptDelay() {
        return this == UPSTREAM;
    }

    /** The option value. */
    public String label() {
        return this == UPSTREAM ? "upstream" : "6.1";
    }
}
