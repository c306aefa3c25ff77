package dev.whylate.live;

import dev.whylate.analysis.cycles.Latency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * What {@code whylate watch} counts: a {@link CycleTracker.Sink} that keeps running totals (for the Prometheus
 * metrics and the final summary) and the current interval (for the line printed per interval). Thread-safe: the
 * reader thread records, the printing and HTTP threads read.
 *
 * <p>Semantics: a completed cycle counts in {@code cycles} and in the latency histogram; a miss is a completed cycle
 * over the deadline or a lost one; lost cycles count in {@code lost} and {@code misses} but have no latency.
 * Intervals are by the time a cycle was decided (read), not its start.
 */
public final class WatchStats implements CycleTracker.Sink {
    /**
     * One interval.
     *
     * @param cycles completed cycles
     * @param misses completed over the deadline plus lost
     * @param lost cycles given up
     * @param latency distribution of the completed cycles (ns)
     * @param lostEvents events the kernel dropped
     * @param events trace events read
     */
    public record Interval(long cycles, long misses, long lost, Latency latency, long lostEvents, long events) {}

    private final long deadlineNs;
    private final long[] bounds;
    private final long[] bucket;
    private long sumNs;
    private long cycles;
    private long misses;
    private long lost;
    private long lostEvents;
    private long unparsed;
    private long openCycles;
    private long unfinished;
    private final Map<String, Long> events = new LinkedHashMap<>();
    private final Histogram total = new Histogram(3);
    private long totalMin = Long.MAX_VALUE;
    private long totalMax = Long.MIN_VALUE;

    private long iCycles;
    private long iMisses;
    private long iLost;
    private long iLostEvents;
    private long iEvents;
    private long lastEventSum;
    private final Histogram interval = new Histogram(3);
    private long iMin = Long.MAX_VALUE;
    private long iMax = Long.MIN_VALUE;

    /**
     * @param deadlineNs the deadline, -1 for none (shown as a gauge)
     * @param bounds histogram bucket upper bounds in ns, ascending ({@link LatencyBuckets})
     */
    public WatchStats(final long deadlineNs, final long[] bounds) {
        Objects.requireNonNull(bounds, "bounds");
        for (int k = 1; k < bounds.length; k++) if (bounds[k] <= bounds[k - 1]) throw new IllegalArgumentException("bounds must ascend");
        this.deadlineNs = deadlineNs;
        this.bounds = bounds.clone();
        this.bucket = new long[bounds.length];
    }

    @Override
    public synchronized void cycle(final long startNs, final long endNs, final int tid, final boolean miss, final boolean lostCycle) {
        if (miss) {
            misses++;
            iMisses++;
        }
        if (lostCycle) {
            lost++;
            iLost++;
            return;
        }
        final long lat = Math.max(0, endNs - startNs);
        cycles++;
        iCycles++;
        sumNs += lat;
        for (int k = 0; k < bounds.length; k++) {
            if (lat <= bounds[k]) {
                bucket[k]++;
                break;
            }
        }
        total.recordValue(lat);
        totalMin = Math.min(totalMin, lat);
        totalMax = Math.max(totalMax, lat);
        interval.recordValue(lat);
        iMin = Math.min(iMin, lat);
        iMax = Math.max(iMax, lat);
    }

    /** Updates what the stream has read so far: events per name, lost events, unparsed lines, open cycles. */
    public synchronized void progress(final Map<String, Long> eventsByName, final long lostEventsTotal, final long unparsedTotal, final long open) {
        long sum = 0;
        for (final Map.Entry<String, Long> e : eventsByName.entrySet()) {
            events.put(e.getKey(), e.getValue());
            sum += e.getValue();
        }
        iEvents += sum - lastEventSum;
        lastEventSum = sum;
        iLostEvents += lostEventsTotal - lostEvents;
        lostEvents = lostEventsTotal;
        unparsed = unparsedTotal;
        openCycles = open;
    }

    /** Records the cycles still open when the stream ended. */
    public synchronized void unfinished(final long n) {
        unfinished = n;
        openCycles = 0;
    }

    /** Returns the interval since the last call and starts a new one. */
    public synchronized Interval takeInterval() {
        final Interval r = new Interval(iCycles, iMisses, iLost, Latency.of(interval, iMin == Long.MAX_VALUE ? 0 : iMin, iMax == Long.MIN_VALUE ? 0 : iMax),
            iLostEvents, iEvents);
        iCycles = 0;
        iMisses = 0;
        iLost = 0;
        iLostEvents = 0;
        iEvents = 0;
        interval.reset();
        iMin = Long.MAX_VALUE;
        iMax = Long.MIN_VALUE;
        return r;
    }

    /** Totals since the start, as one interval. */
    public synchronized Interval totals() {
        long ev = 0;
        for (final long v : events.values()) ev += v;
        return new Interval(cycles, misses, lost, Latency.of(total, totalMin == Long.MAX_VALUE ? 0 : totalMin, totalMax == Long.MIN_VALUE ? 0 : totalMax),
            lostEvents, ev);
    }

    /** Cycles open at the end of the stream before their give-up time. */
    public synchronized long unfinishedCycles() {
        return unfinished;
    }

    /**
     * The metrics in Prometheus text format (names in docs/METRICS.md, section "watch").
     *
     * @param labels labels put on every sample (e.g. {@code watch="pty"})
     * @param startedUnixMs when watching started (wall clock, ms), exported as a gauge
     */
    public synchronized String prometheus(final Map<String, String> labels, final long startedUnixMs) {
        final PromText p = new PromText(labels);
        final String h = "whylate_watch_cycle_latency_seconds";
        p.family(h, "histogram", "Latency of completed cycles (end event time - start event time), in seconds.");
        long cum = 0;
        for (int k = 0; k < bounds.length; k++) {
            cum += bucket[k];
            p.sample(h + "_bucket", PromText.label("le", PromText.seconds(bounds[k])), cum);
        }
        p.sample(h + "_bucket", PromText.label("le", "+Inf"), cycles);
        p.seconds(h + "_sum", null, sumNs);
        p.sample(h + "_count", null, cycles);
        p.family("whylate_watch_cycles_total", "counter", "Completed cycles (a start matched by its end).");
        p.sample("whylate_watch_cycles_total", null, cycles);
        p.family("whylate_watch_misses_total", "counter", "Completed cycles over the deadline plus lost cycles.");
        p.sample("whylate_watch_misses_total", null, misses);
        p.family("whylate_watch_lost_cycles_total", "counter", "Cycles with no end within the give-up time, or restarted before their end.");
        p.sample("whylate_watch_lost_cycles_total", null, lost);
        p.family("whylate_watch_lost_events_total", "counter", "Trace events the kernel dropped because the ring buffer was full.");
        p.sample("whylate_watch_lost_events_total", null, lostEvents);
        p.family("whylate_watch_events_total", "counter", "Trace events read, by event name.");
        for (final Map.Entry<String, Long> e : events.entrySet()) p.sample("whylate_watch_events_total", PromText.label("event", e.getKey()), e.getValue());
        p.family("whylate_watch_unparsed_lines_total", "counter", "Lines of the trace pipe that could not be parsed.");
        p.sample("whylate_watch_unparsed_lines_total", null, unparsed);
        p.family("whylate_watch_open_cycles", "gauge", "Cycles started and not yet ended.");
        p.sample("whylate_watch_open_cycles", null, openCycles);
        if (deadlineNs >= 0) {
            p.family("whylate_watch_deadline_seconds", "gauge", "The deadline a cycle must meet.");
            p.seconds("whylate_watch_deadline_seconds", null, deadlineNs);
        }
        p.family("whylate_watch_start_time_seconds", "gauge", "When watching started, seconds since the Unix epoch.");
        p.formatted("whylate_watch_start_time_seconds", PromText.seconds(startedUnixMs * 1_000_000L));
        return p.toString();
    }
}
