package dev.whylate.record;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of one {@link Recorder} run.
 *
 * @param dat          the trace.dat written
 * @param text         the tracefs text form ({@code trace} file) of the same buffer, when asked for
 * @param fileVersion  6 or 7
 * @param compression  "zstd" or "none"
 * @param instance     name of the tracefs instance used (already removed)
 * @param clock        trace clock, e.g. "local"; timestamps in the file are in its units (ns for local)
 * @param events       the enabled events, {@code system:event}
 * @param eventIds     event type id → {@code system:event}, for every format saved in the file
 * @param cpus         per-CPU results, by CPU
 * @param procBefore   /proc/interrupts and /proc/softirqs right before tracing_on=1 (null when not asked)
 * @param procAfter    the same right after tracing_on=0 (null when not asked)
 * @param tracingNanos wall time between tracing_on=1 and tracing_on=0, ns
 * @param stopReason   why recording stopped
 * @param commandExit  the workload command's exit code, or null (no command, or it was still running)
 * @param tgids        "tid tgid" lines: the kernel's saved_tgids completed from /proc
 * @param fileBytes    size of the trace.dat in bytes
 * @param pageSize     ring-buffer page size in bytes
 * @param sections     where each CPU's pages are in the trace.dat (offset, stored and raw size)
 */
public record Recording(Path dat, Optional<Path> text, int fileVersion, String compression, String instance,
                        String clock, List<String> events, Map<Integer, String> eventIds, List<CpuResult> cpus,
                        ProcSnapshot procBefore, ProcSnapshot procAfter, long tracingNanos, StopReason stopReason,
                        Integer commandExit, String tgids, long fileBytes, int pageSize,
                        List<DatWriter.CpuSection> sections) {

    /** Why a recording stopped. */
    public enum StopReason {
        /** The requested duration elapsed. */
        DURATION,
        /** The workload command exited. */
        COMMAND_EXIT,
        /** The workload callback returned (or threw). */
        CALLBACK_DONE,
        /** {@link Recorder#requestStop()} was called (e.g. Ctrl-C or SIGTERM). */
        STOP_REQUESTED,
        /** A CPU reader failed (e.g. disk full); the recording was cut short. */
        READER_FAILED
    }

    /**
     * One CPU's outcome.
     *
     * @param cpu           the CPU
     * @param events        data events written (counted from the pages)
     * @param pages         ring-buffer pages written
     * @param dataBytes     bytes of event data in those pages (sum of page commits)
     * @param rawBytes      bytes of pages written (pages × page size)
     * @param overrun       events the kernel overwrote before they were read (stats "overrun")
     * @param commitOverrun events lost to nested-writer page overflow (stats "commit overrun")
     * @param dropped       events dropped with a full buffer (stats "dropped events")
     * @param lossMarks     pages carrying the kernel's "events lost before this page" mark
     * @param kernelRead    events the kernel says readers consumed (stats "read events", whole instance life)
     * @param entriesLeft   events still unread when the instance was removed (should be 0)
     * @param firstTs       first event timestamp (clock units), -1 when none
     * @param lastTs        last event timestamp, -1 when none
     * @param byType        events per event type id (index = id)
     * @param stats         the final {@code per_cpu/cpuN/stats} text
     */
    public record CpuResult(int cpu, long events, long pages, long dataBytes, long rawBytes, long overrun,
                            long commitOverrun, long dropped, long lossMarks, long kernelRead, long entriesLeft,
                            long firstTs, long lastTs, long[] byType, String stats) {

        /** Events lost on this CPU according to the kernel. */
        public long lost() {
            return overrun + commitOverrun + dropped;
        }
    }

    /**
     * Snapshot of the kernel's interrupt counters.
     *
     * @param interrupts /proc/interrupts text
     * @param softirqs   /proc/softirqs text
     * @param monoNanos  System.nanoTime() when taken
     */
    public record ProcSnapshot(String interrupts, String softirqs, long monoNanos) {
    }

    /** Data events over all CPUs. */
    public long totalEvents() {
        return cpus.stream().mapToLong(CpuResult::events).sum();
    }

    /** Lost events over all CPUs according to the kernel's stats. */
    public long totalLost() {
        return cpus.stream().mapToLong(CpuResult::lost).sum();
    }

    /** Events of one {@code system:event} (or bare event name) over all CPUs, counted from the pages. */
    public long count(final String event) {
        long n = 0;
        for (final Map.Entry<Integer, String> e : eventIds.entrySet()) {
            final String v = e.getValue();
            if (v.equals(event) || v.endsWith(":" + event)) {
                for (final CpuResult c : cpus) {
                    if (e.getKey() < c.byType().length) n += c.byType()[e.getKey()];
                }
            }
        }
        return n;
    }
}
