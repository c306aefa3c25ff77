package dev.whylate.model;

import java.util.List;
import java.util.Map;

/**
 * One trace as read: the events, the tasks, and what went wrong while reading.
 *
 * @param format detected input format, e.g. {@code ftrace-text}, {@code trace-cmd-report}, {@code trace.dat v7},
 *     {@code perf-script}, {@code sysdig-text}, {@code systrace-html}
 * @param events time-ordered events
 * @param tasks pid to comm/tgid
 * @param lost lost-event markers, time-ordered
 * @param unparsed the first unparsed inputs (at most {@link #MAX_UNPARSED_KEPT}) with line numbers and reasons
 * @param unparsedCount how many inputs were not events in total
 * @param outOfOrder timestamps that went backwards within one CPU's stream (kept, then sorted)
 * @param cpus CPUs the trace declares ({@code #P:N}, {@code cpus=N}, trace.dat header), or -1
 * @param meta other facts from the input (clock, kernel release, trace-cmd version, buffer name...)
 * @param truncated set when the input ended early or was damaged; the message says where. Events before the
 *     damage are kept.
 */
public record Trace(String format, EventStore events, TaskTable tasks, List<Lost> lost, List<Unparsed> unparsed,
                    long unparsedCount, long outOfOrder, int cpus, Map<String, String> meta, String truncated) {
    /** How many unparsed inputs a reader keeps verbatim. */
    public static final int MAX_UNPARSED_KEPT = 20;

    /**
     * The events with {@code fromNs <= ts <= toNs} as a trace of their own (the same tasks, format and metadata; lost
     * markers in the window; the unparsed inputs as read). Analyses see the window as a trace that starts and ends
     * there: slices and handlers cut by its edges are partial, as at a real trace's edges.
     */
    public Trace window(final long fromNs, final long toNs) {
        final int a = events.lowerBound(fromNs);
        final int z = toNs == Long.MAX_VALUE ? events.size() : events.lowerBound(toNs + 1);
        if (a == 0 && z == events.size()) return this;
        final EventStore.Builder b = EventStore.builder(events.types(), Math.max(16, z - a));
        for (int i = a; i < z; i++) {
            final int k = b.add(events.ts(i), events.cpu(i), events.tid(i), events.type(i), events.ctx(i), events.payload(i));
            final String[] st = events.stack(i);
            if (st != null) b.stack(k, st);
        }
        final List<Lost> in = new java.util.ArrayList<>();
        for (final Lost l : lost) if (l.ts() >= fromNs && l.ts() <= toNs) in.add(l);
        return new Trace(format, b.build(events.decoder()), tasks, in, unparsed, unparsedCount, outOfOrder, cpus, meta, truncated);
    }

    /** Total events lost as reported by markers ({@code -1} counts as unknown and is not added). */
    public long lostEvents() {
        long s = 0;
        for (final Lost l : lost) if (l.count() > 0) s += l.count();
        return s;
    }
}
