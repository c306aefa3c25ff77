package dev.whylate.analysis.sched;

import java.util.List;

/**
 * Result of {@link Sched#analyze}.
 *
 * @param perfVersion the perf rules the perf-compatible numbers follow ({@code upstream} or {@code 6.1})
 * @param perPid rows per task rather than per comm
 * @param tasks task rows, sorted
 * @param totalRuntimeNs sum of the rows' runtime (perf's TOTAL)
 * @param totalSwitches sum of the rows' switches (perf's TOTAL)
 * @param contextSwitchBugs switches whose prev was not the task the CPU's previous switch brought in
 * @param wakeupsSeen wakeups perf applied to a sleeping task (perf's denominator for the INFO lines)
 * @param unorderedTimestamps wakeups timestamped before the task's switch-out
 * @param lostEvents events the trace reports lost
 * @param wakeupDelay all tasks' wakeup delays ({@code null} without waits)
 * @param preemptWait all tasks' preemption waits ({@code null} without waits)
 * @param cpus waits by the CPU they ended on
 * @param classes waits by scheduling class and priority
 * @param notes what the trace lacks for some numbers (no sched_stat_runtime, no wakeup events, ...)
 */
public record SchedReport(String perfVersion, boolean perPid, List<TaskSched> tasks, long totalRuntimeNs, long totalSwitches,
                          long contextSwitchBugs, long wakeupsSeen, long unorderedTimestamps, long lostEvents,
                          Distribution wakeupDelay, Distribution preemptWait, List<CpuWaits> cpus, List<ClassWaits> classes,
                          List<String> notes) {}
