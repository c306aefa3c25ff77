package dev.whylate.analysis.sched;

import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@link Sched} computes.
 *
 * @param dialect which perf version the perf-compatible numbers reproduce
 * @param perPid one row per task instead of merging tasks by comm
 * @param task keep only rows whose comm matches (find) or whose tid equals the pattern; {@code null} for all
 * @param cpus count only what ended on these CPUs; {@code null} for all
 * @param sort sort keys, each descending: perf's {@code avg}, {@code max}, {@code switch}, {@code runtime},
 *     plus {@code pid}, {@code p99} (wakeup delay p99), {@code wakeup-max}, {@code preempt-max}, {@code timer-max}
 * @param top how many wakers and holders to keep per task (-1: all)
 * @param waits compute whylate's own distributions, wakers and holders (needs the timeline)
 */
public record SchedOptions(PerfDialect dialect, boolean perPid, Pattern task, BitSet cpus, List<String> sort, int top,
                           boolean waits) {
    /** Defaults: upstream perf rules, merged by comm, perf's sort, 5 wakers/holders, with waits. */
    public static SchedOptions defaults() {
        return new SchedOptions(PerfDialect.UPSTREAM, false, null, null, PerfLatency.DEFAULT_SORT, 5, true);
    }

    /** A copy with another dialect. */
    public SchedOptions withDialect(final PerfDialect d) {
        return new SchedOptions(d, perPid, task, cpus, sort, top, waits);
    }

    /** A copy with the wait analysis on or off. */
    public SchedOptions withWaits(final boolean w) {
        return new SchedOptions(dialect, perPid, task, cpus, sort, top, w);
    }

    /** A copy with per-pid rows on or off. */
    public SchedOptions withPerPid(final boolean p) {
        return new SchedOptions(dialect, p, task, cpus, sort, top, waits);
    }
}
