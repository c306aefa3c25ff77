package dev.whylate.analysis.stats;

import dev.whylate.model.EventStore;
import dev.whylate.model.Trace;
import dev.whylate.model.Unparsed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is in a trace: counts per type and CPU, time span, tasks, lost and unparsed input.
 *
 * @param format detected format
 * @param events number of events
 * @param cpus CPUs declared by the trace, or (when it did not say) highest CPU seen + 1
 * @param byType event name to count, most frequent first
 * @param byCpu CPU to count, ascending CPU
 * @param firstNs timestamp of the first event (ns), 0 when empty
 * @param lastNs timestamp of the last event (ns), 0 when empty
 * @param tasks distinct thread ids that events ran in (the event's current task, idle included); a trace.dat's saved
 *              cmdlines name many more tasks of the system, which are not counted
 * @param lost events reported lost by lost-event markers
 * @param lostMarkers number of lost-event markers
 * @param unparsed inputs that were not events
 * @param unparsedSamples the first few of those, with line numbers and reasons
 * @param outOfOrder timestamps that went backwards within a CPU stream
 * @param truncated damage message, or null
 * @param stacks events that carry a stack
 */
public record TraceStats(String format, long events, int cpus, Map<String, Long> byType, Map<Integer, Long> byCpu,
                         long firstNs, long lastNs, int tasks, long lost, int lostMarkers, long unparsed,
                         List<Unparsed> unparsedSamples, long outOfOrder, String truncated, int stacks) {

    /** Counts {@code t}. */
    public static TraceStats of(final Trace t) {
        final EventStore s = t.events();
        final int nt = s.types().size();
        final long[] perType = new long[nt];
        long[] cpuCounts = new long[64];
        final java.util.BitSet tids = new java.util.BitSet();
        for (int i = 0; i < s.size(); i++) {
            final int tid = s.tid(i);
            if (tid >= 0) tids.set(tid);
            perType[s.type(i)]++;
            final int c = s.cpu(i);
            if (c >= cpuCounts.length) cpuCounts = java.util.Arrays.copyOf(cpuCounts, Math.max(c + 1, cpuCounts.length * 2));
            cpuCounts[c]++;
        }
        final Map<String, Long> byType = new LinkedHashMap<>();
        final Integer[] order = new Integer[nt];
        for (int k = 0; k < nt; k++) order[k] = k;
        java.util.Arrays.sort(order, (a, b) -> perType[b] != perType[a] ? Long.compare(perType[b], perType[a])
            : s.types().name(a).compareTo(s.types().name(b)));
        for (final int k : order) if (perType[k] > 0) byType.put(s.types().name(k), perType[k]);
        final Map<Integer, Long> byCpu = new LinkedHashMap<>();
        int maxCpu = -1;
        for (int c = 0; c < cpuCounts.length; c++) {
            if (cpuCounts[c] > 0) {
                byCpu.put(c, cpuCounts[c]);
                maxCpu = c;
            }
        }
        final int cpus = t.cpus() > 0 ? t.cpus() : maxCpu + 1;
        final long first = s.size() == 0 ? 0 : s.ts(0);
        final long last = s.size() == 0 ? 0 : s.ts(s.size() - 1);
        return new TraceStats(t.format(), s.size(), cpus, byType, byCpu, first, last, tids.cardinality(), t.lostEvents(),
            t.lost().size(), t.unparsedCount(), t.unparsed(), t.outOfOrder(), t.truncated(), s.stackCount());
    }
}
