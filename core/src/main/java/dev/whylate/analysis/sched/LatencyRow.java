package dev.whylate.analysis.sched;

import java.util.List;

/**
 * One row of the perf-compatible latency table ({@code perf sched latency}): a task, or all tasks sharing a
 * comm when merged.
 *
 * @param comm the task's comm (perf's thread comm: the last one seen; {@code :TID} when the trace never
 *     named it)
 * @param pid the tid for a single task; for a merged row the highest tid of the group (the one perf keeps)
 * @param merged how many of perf's tasks the row merges (1 when per pid or alone; tasks only whylate counts, e.g.
 *     woken only by sched_waking under perf 6.1 rules, are in {@code pids} but not here)
 * @param pids the tids merged, ascending
 * @param switches perf's "Switches"/"Count": switch-ins that ended a measured wait (a wakeup, a runnable
 *     switch-out, or the first time perf saw the task)
 * @param runtimeNs sum of sched_stat_runtime runtime for the task(s)
 * @param totalDelayNs sum of the measured waits
 * @param avgDelayNs {@code totalDelayNs / switches} (integer division, as perf)
 * @param maxDelayNs longest wait
 * @param maxDelayStartNs when the longest wait started (the wakeup or switch-out), 0 when none
 * @param maxDelayEndNs when it ended (the switch-in), 0 when none
 */
public record LatencyRow(String comm, int pid, int merged, List<Integer> pids, long switches, long runtimeNs,
                         long totalDelayNs, long avgDelayNs, long maxDelayNs, long maxDelayStartNs, long maxDelayEndNs) {
    /** perf's task label: {@code comm:tid} or {@code comm:(N)} when merged. */
    public String label() {
        return merged > 1 ? comm + ":(" + merged + ")" : comm + ":" + pid;
    }
}
