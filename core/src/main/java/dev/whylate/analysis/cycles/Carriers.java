package dev.whylate.analysis.cycles;

import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Timeline;
import dev.whylate.timeline.Works;
import dev.whylate.util.IntList;
import dev.whylate.util.LongList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the deferred work that carries the response to a polling consumer (one that never sleeps while it
 * waits, so no wakeup links it to the producer).
 *
 * <p>Candidates are work functions and tasklet functions (first tier) and softirq vectors other than the
 * periodic housekeeping ones TIMER, SCHED, RCU and HRTIMER (second tier). For each candidate, over all
 * completed cycles: P = fraction of cycles in which it completed at least once inside the cycle, G = median of
 * (end − its last completion) / latency. The carrier is the first-tier candidate with the best P × (1 − G)
 * among those with P ≥ 0.5, else the best second-tier one likewise, else none.
 */
final class Carriers {
    private static final Set<String> HOUSEKEEPING = Set.of("TIMER", "SCHED", "RCU", "HRTIMER");

    /** Completion times (ascending) and carrier codes per candidate key. */
    private final Map<String, LongList> ends = new HashMap<>();
    private final Map<String, IntList> codes = new HashMap<>();
    private final Map<String, Integer> tier = new HashMap<>();
    /** Queue times (ascending) and work indices per work key, finished or not. */
    private final Map<String, LongList> queued = new HashMap<>();
    private final Map<String, IntList> queuedCodes = new HashMap<>();
    private final Works works;
    private String chosen;

    Carriers(final Timeline tl) {
        final Works w = tl.works();
        // collect (end, code) per key, then sort by end
        final Map<String, java.util.List<long[]>> tmp = new HashMap<>();
        final Map<String, java.util.List<long[]>> tmpQueued = new HashMap<>();
        for (int i = 0; i < w.size(); i++) {
            final String k = "work " + tl.name(w.function(i));
            // a queueing taken back and queued again never runs: the response rides on the later one
            if (w.queueTs(i) != Works.NONE && !w.superseded(i)) tmpQueued.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(new long[] {w.queueTs(i), i});
            if (w.endTs(i) == Works.NONE) continue;
            tmp.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(new long[] {w.endTs(i), i});
            tier.put(k, 1);
        }
        columns(tmpQueued, queued, queuedCodes);
        this.works = w;
        final Intervals iv = tl.intervals();
        for (int i = 0; i < iv.size(); i++) {
            final int kind = iv.kind(i);
            if (kind != Intervals.TASKLET && kind != Intervals.SOFTIRQ) continue;
            final String name = tl.name(iv.name(i));
            if (kind == Intervals.SOFTIRQ && HOUSEKEEPING.contains(name)) continue;
            final String k = (kind == Intervals.TASKLET ? "tasklet " : "softirq ") + name;
            tmp.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(new long[] {iv.end(i), -2 - i});
            tier.put(k, kind == Intervals.TASKLET ? 1 : 2);
        }
        columns(tmp, ends, codes);
    }

    /** Sorts each key's (time, code) pairs by time into a time column and a code column. */
    private static void columns(final Map<String, java.util.List<long[]>> pairs, final Map<String, LongList> times,
                                final Map<String, IntList> codesOut) {
        for (final Map.Entry<String, java.util.List<long[]>> e : pairs.entrySet()) {
            final java.util.List<long[]> l = e.getValue();
            l.sort((x, y) -> Long.compare(x[0], y[0]));
            final LongList t = new LongList(l.size());
            final IntList c = new IntList(l.size());
            for (final long[] p : l) {
                t.add(p[0]);
                c.add((int) p[1]);
            }
            times.put(e.getKey(), t);
            codesOut.put(e.getKey(), c);
        }
    }

    /** Chooses the carrier from the completed cycles; returns its key or null. */
    String choose(final List<Cycle> cycles) {
        double best = 0;
        String bestKey = null;
        int bestTier = 3;
        int completed = 0;
        for (final Cycle c : cycles) if (!c.lost()) completed++;
        if (completed == 0) return null;
        for (final String k : ends.keySet()) {
            final LongList t = ends.get(k);
            int present = 0;
            final double[] gaps = new double[completed];
            int g = 0;
            for (final Cycle c : cycles) {
                if (c.lost() || c.latencyNs() <= 0) continue;
                final int pos = lastAtOrBefore(t, c.endNs());
                if (pos >= 0 && t.get(pos) >= c.startNs()) {
                    present++;
                    gaps[g++] = (c.endNs() - t.get(pos)) / (double) c.latencyNs();
                }
            }
            final double p = present / (double) completed;
            if (p < 0.5) continue;
            java.util.Arrays.sort(gaps, 0, g);
            final double median = gaps[g / 2];
            final double score = p * (1 - median);
            final int tr = tier.get(k);
            if (tr < bestTier || (tr == bestTier && score > best)) {
                best = score;
                bestKey = k;
                bestTier = tr;
            }
        }
        chosen = bestKey;
        return bestKey;
    }

    /** The carrier instance for a cycle: last completion of the chosen key inside it, or -1. */
    int forCycle(final long start, final long end) {
        if (chosen == null) return -1;
        final LongList t = ends.get(chosen);
        final int pos = lastAtOrBefore(t, end);
        if (pos < 0 || t.get(pos) < start) return -1;
        return codes.get(chosen).get(pos);
    }

    /**
     * The carrier instance of a lost cycle (no end by {@code end}, its give-up time): the first item of the chosen
     * work function queued inside {@code [start, end]} that had not finished by {@code end} — the response still
     * on its way — else the last completion inside it, else -1. Tasklet and softirq carriers have no queue
     * event to follow: for them only the last completion counts.
     */
    int pendingAt(final long start, final long end) {
        if (chosen == null) return -1;
        final LongList q = queued.get(chosen);
        if (q != null) {
            final IntList c = queuedCodes.get(chosen);
            for (int k = Math.max(0, lastAtOrBefore(q, start - 1) + 1); k < q.size() && q.get(k) <= end; k++) {
                final int w = c.get(k);
                if (works.endTs(w) == Works.NONE || works.endTs(w) > end) return w;
            }
        }
        return forCycle(start, end);
    }

    private static int lastAtOrBefore(final LongList t, final long x) {
        int lo = 0;
        int hi = t.size();
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (t.get(mid) <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo - 1;
    }
}
