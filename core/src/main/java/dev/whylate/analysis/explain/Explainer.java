package dev.whylate.analysis.explain;

import dev.whylate.timeline.Timeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains late intervals: critical path ({@link CriticalPath}), who held the CPUs on it ({@link Holders}),
 * and the blame aggregated per (category, task, CPU).
 *
 * <pre>{@code
 * Explainer ex = new Explainer(Timeline.of(trace));
 * Explanation e = ex.explain(consumerTid, startNs, endNs, -1);
 * e.blame().get(0).category(); // e.g. "blocking thread"
 * }</pre>
 *
 * <p>Not thread-safe; one per thread.
 */
public final class Explainer {
    /** A consumer asleep for less than 1/this of an interval counts as polling. */
    static final int POLLING_SLEEP_SHARE = 10;

    private final Timeline tl;
    private final CriticalPath path;
    private final Holders holders;

    /** An explainer over {@code tl}. */
    public Explainer(final Timeline tl) {
        this.tl = tl;
        this.path = new CriticalPath(tl);
        this.holders = new Holders(tl);
    }

    /** The timeline explained. */
    public Timeline timeline() {
        return tl;
    }

    /** The path walker (for carrier decisions). */
    public CriticalPath path() {
        return path;
    }

    /**
     * Explains {@code [lo, hi]} ended by task {@code tid}. {@code carrier} as in {@link CriticalPath#walk}; it is
     * used only when the task slept for less than a tenth of the interval (a polling consumer).
     */
    public Explanation explain(final int tid, final long lo, final long hi, final int carrier) {
        return explain(tid, lo, hi, carrier, false);
    }

    /**
     * Explains a lost cycle: {@code [lo, hi]} where {@code hi} is the give-up time and nothing ended the interval.
     * The chain shows where the response was at {@code hi}: for a polling consumer, the carrier item still queued
     * or running ({@code carrier} may end after {@code hi} or not at all); otherwise what the consumer was doing
     * (typically blocked, not woken by then).
     */
    public Explanation explainLost(final int tid, final long lo, final long hi, final int carrier) {
        return explain(tid, lo, hi, carrier, true);
    }

    private Explanation explain(final int tid, final long lo, final long hi, final int carrier, final boolean lost) {
        // polling: the consumer slept for less than a tenth of the interval (a non-blocking read loop, maybe with a
        // short wait for the very work that carries its data), and either spun (on a CPU for at least a tenth of
        // it) or was never woken in it. A consumer that blocked briefly, was woken and then waited for a CPU
        // (a blocking read behind a hog) is not polling: its own wakeup leads to the producer.
        final long ce = carrier == -1 ? 0 : path.carrierEnd(carrier);
        final boolean carrierInside = carrier != -1 && (lost ? ce == dev.whylate.timeline.Works.NONE || ce > lo : ce > lo && ce <= hi);
        // A consumer the carrier itself woke (a blocking recvfrom woken from NET_RX) is not polling either, however
        // short its sleep: its wakeup is the link.
        final boolean polling = carrierInside && path.asleepWithin(tid, lo, hi) * POLLING_SLEEP_SHARE < hi - lo
            && (path.runningWithin(tid, lo, hi) * POLLING_SLEEP_SHARE >= hi - lo || !path.wokenWithin(tid, lo, hi))
            && !path.wokenByCarrier(tid, lo, hi, carrier);
        return explanation(lo, hi, tid, polling, polling ? carrierName(carrier) : null, path.walk(tid, lo, hi, polling ? carrier : -1));
    }

    /** An explanation of {@code [lo, hi]} from its critical path: holders added to each segment, then the blame. */
    private Explanation explanation(final long lo, final long hi, final int tid, final boolean polling, final String carrier,
                                    final List<Segment> raw) {
        final List<Segment> segs = new ArrayList<>(raw.size());
        for (final Segment s : raw) segs.add(withHolders(s));
        return new Explanation(lo, hi, tid, polling, carrier, segs, blame(segs, hi - lo), tl.lostBetween(lo, hi));
    }

    /**
     * Explains {@code [lo, hi]} ended by an event in interrupt context on {@code cpu} (a block request completed in
     * its device's hardirq, a packet handled in NET_RX): the chain of the innermost interrupt context at {@code hi}.
     * {@code tid} is the task that was interrupted (reported as the explanation's task). When no context
     * interval contains {@code hi} (the trace has no irq events), the task's path is explained instead.
     */
    public Explanation explainInContext(final int cpu, final int tid, final long lo, final long hi) {
        final int iv = tl.intervals().innermostAt(cpu, hi);
        if (iv < 0) return explain(tid, lo, hi, -1);
        return explanation(lo, hi, tid, false, null, path.walkContext(iv, lo, hi));
    }

    private String carrierName(final int carrier) {
        if (carrier >= 0) return "work " + tl.name(tl.works().function(carrier));
        return tl.label(-2 - carrier);
    }

    private Segment withHolders(final Segment s) {
        final boolean wait = isWait(s.kind());
        final boolean run = s.kind().equals("running") || s.kind().equals("work");
        if (!wait && !run) return s;
        final List<Holder> h = holders.of(s.cpu(), s.startNs(), s.endNs(), s.pid(), wait);
        return new Segment(s.kind(), s.pid(), s.comm(), s.cpu(), s.startNs(), s.endNs(), s.detail(), h);
    }

    static boolean isWait(final String kind) {
        return kind.equals("runnable") || kind.equals("work-wait") || kind.equals("softirq-wait");
    }

    /** Aggregates segments into blame entries, biggest first. */
    static List<BlameEntry> blame(final List<Segment> segs, final long latency) {
        final Map<String, long[]> ns = new LinkedHashMap<>();
        final Map<String, BlameEntry> proto = new LinkedHashMap<>();
        final Map<String, Map<String, Holder>> by = new LinkedHashMap<>();
        for (final Segment s : segs) {
            long rest = s.ns();
            for (final Holder h : s.blockedBy()) {
                final long t = Math.min(h.ns(), rest);
                if (t <= 0) continue;
                rest -= t;
                final String key = key(h.category(), s);
                ns.computeIfAbsent(key, k -> new long[1])[0] += t;
                proto.putIfAbsent(key, new BlameEntry(h.category(), s.comm(), s.pid(), s.cpu(), 0, 0, List.of()));
                final Map<String, Holder> hm = by.computeIfAbsent(key, k -> new LinkedHashMap<>());
                final String hk = h.kind() + '\0' + h.comm() + '\0' + h.pid();
                final Holder old = hm.get(hk);
                hm.put(hk, old == null ? h.withNs(t) : old.withNs(old.ns() + t));
            }
            if (rest <= 0) continue;
            final String cat = ownCategory(s);
            final String key = key(cat, s);
            ns.computeIfAbsent(key, k -> new long[1])[0] += rest;
            proto.putIfAbsent(key, new BlameEntry(cat, s.comm(), s.pid(), s.cpu(), 0, 0, List.of()));
        }
        final List<BlameEntry> r = new ArrayList<>();
        for (final Map.Entry<String, long[]> e : ns.entrySet()) {
            final BlameEntry p = proto.get(e.getKey());
            final List<Holder> hs = new ArrayList<>(by.getOrDefault(e.getKey(), Map.of()).values());
            hs.sort(Comparator.comparingLong(Holder::ns).reversed());
            final long t = e.getValue()[0];
            r.add(new BlameEntry(p.category(), p.comm(), p.pid(), p.cpu(), t, latency > 0 ? t / (double) latency : 0, hs));
        }
        r.sort(Comparator.comparingLong(BlameEntry::ns).reversed());
        return r;
    }

    private static String key(final String cat, final Segment s) {
        return cat + '\0' + s.comm() + '\0' + s.pid() + '\0' + s.cpu();
    }

    /** Category of a segment's time not taken by holders. */
    static String ownCategory(final Segment s) {
        switch (s.kind()) {
            case "running": return Category.RUNNING;
            case "work": case "softirq": case "tasklet": case "hrtimer": return Category.DEFERRED_WORK;
            case "hardirq": case "vector": return Category.IRQ_HANDLER;
            case "blocked": return Category.EXTERNAL;
            case "irq-latency": case "ipi-wait": return Category.IRQ_LATENCY;
            case "timer-slack": return Category.TIMER_SLACK;
            default: return Category.UNKNOWN;
        }
    }
}
