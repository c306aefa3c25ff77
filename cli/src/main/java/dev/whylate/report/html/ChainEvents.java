package dev.whylate.report.html;

import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.analysis.explain.Segment;
import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Slices;
import dev.whylate.timeline.Timeline;
import dev.whylate.timeline.Wakeups;
import dev.whylate.timeline.Works;
import dev.whylate.util.LongList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The events of interest for the raster plot, as sorted timestamp arrays per kind, so that the events inside a
 * cycle are found by binary search.
 *
 * <p>Chain tasks are the cycles' consumer threads, every task that appears on an explained chain, and the
 * kworkers that ran the relevant work. Relevant work is the carrier work function (polling consumers) plus
 * every work function on an explained chain; when there is neither, every work item. Kinds: primary wakeups
 * of chain tasks; entries of the device hardirqs on the chain (those in which relevant work was queued or a
 * chain task woken), on any CPU; entries of the carrier softirq or tasklet; work items of
 * relevant functions queued, started and ended; switch-ins of those kworkers; switch-ins of other chain
 * tasks; switch-ins of the cycle's own consumer thread (per cycle, by its tid).
 */
final class ChainEvents {
    static final int WAKEUP = 0;
    static final int HARDIRQ = 1;
    static final int CARRIER = 2;
    static final int WORK_QUEUE = 3;
    static final int WORK_START = 4;
    static final int WORK_END = 5;
    static final int KWORKER_IN = 6;
    static final int OTHER_IN = 7;
    static final int CONSUMER_IN = 8;
    static final int KINDS = 9;
    static final String[] NAMES = {"wakeup of a chain task", "hardirq entry", "carrier entry", "work queued", "work start", "work end",
        "kworker switch-in", "other chain task switch-in", "consumer switch-in"};
    static final String[] COLORS = {"#0072b2", "#d55e00", "#8c6d00", "#e69f00", "#009e73", "#56b4e9", "#cc79a7", "#9a9a9a", "#6a3d9a"};

    final long[][] ts = new long[KINDS][];
    final String carrierLabel;
    /** The hardirqs drawn, e.g. {@code 30 xhci_hcd}. */
    final String irqLabel;
    private final Map<Integer, long[]> consumerIn = new HashMap<>();
    private final Slices slices;

    private ChainEvents(final Timeline tl, final CyclesResult r) {
        slices = tl.slices();
        final Set<Integer> consumers = new HashSet<>();
        final Set<Integer> chain = new HashSet<>();
        final Set<String> functions = new HashSet<>();
        String carrier = r.carrier();
        if (carrier != null && carrier.startsWith("work ")) functions.add(carrier.substring(5));
        for (final Cycle c : r.items()) {
            consumers.add(c.tid());
            if (c.explanation() == null) continue;
            for (final Segment s : c.explanation().segments()) {
                if (s.pid() > 0 && isTaskKind(s.kind())) chain.add(s.pid());
                if (s.detail().startsWith("work ")) {
                    final String d = s.detail().substring(5);
                    final int sp = d.indexOf(' ');
                    functions.add(sp < 0 ? d : d.substring(0, sp));
                }
            }
        }
        chain.addAll(consumers);
        final Works w = tl.works();
        final LongList q = new LongList();
        final LongList st = new LongList();
        final LongList en = new LongList();
        final Set<Integer> kworkers = new HashSet<>();
        for (int i = 0; i < w.size(); i++) {
            if (!functions.isEmpty() && !functions.contains(tl.name(w.function(i)))) continue;
            if (w.queueTs(i) != Works.NONE) q.add(w.queueTs(i));
            if (w.startTs(i) != Works.NONE) st.add(w.startTs(i));
            if (w.endTs(i) != Works.NONE) en.add(w.endTs(i));
            if (w.execTid(i) > 0) kworkers.add(w.execTid(i));
        }
        kworkers.removeAll(consumers);
        chain.addAll(kworkers);
        ts[WORK_QUEUE] = sorted(q);
        ts[WORK_START] = sorted(st);
        ts[WORK_END] = sorted(en);
        final Wakeups wk = tl.wakeups();
        final LongList wu = new LongList();
        for (int i = 0; i < wk.size(); i++) if (wk.primary(i) && chain.contains(wk.wakee(i))) wu.add(wk.ts(i));
        ts[WAKEUP] = sorted(wu);
        final Intervals iv = tl.intervals();
        // the device interrupts on the chain: hardirqs in which relevant work was queued or a chain task woken
        final Set<Integer> irqs = new HashSet<>();
        for (int i = 0; i < w.size(); i++) {
            if (functions.isEmpty() || functions.contains(tl.name(w.function(i)))) addIrq(iv, w.queueCtx(i), irqs);
        }
        for (int i = 0; i < wk.size(); i++) if (wk.primary(i) && chain.contains(wk.wakee(i))) addIrq(iv, wk.ctx(i), irqs);
        final LongList hi = new LongList();
        final LongList ce = new LongList();
        String clabel = null;
        if (carrier != null && (carrier.startsWith("softirq ") || carrier.startsWith("tasklet "))) clabel = carrier;
        final java.util.TreeMap<Integer, String> irqNames = new java.util.TreeMap<>();
        for (int i = 0; i < iv.size(); i++) {
            if ((iv.flags(i) & Intervals.START_UNKNOWN) != 0) continue;
            if (iv.kind(i) == Intervals.HARDIRQ && irqs.contains(iv.id(i))) {
                hi.add(iv.start(i));
                irqNames.putIfAbsent(iv.id(i), tl.name(iv.name(i)));
            }
            if (clabel != null && (iv.kind(i) == Intervals.SOFTIRQ || iv.kind(i) == Intervals.TASKLET) && clabel.equals(tl.label(i))) ce.add(iv.start(i));
        }
        carrierLabel = clabel;
        final StringBuilder il = new StringBuilder();
        for (final java.util.Map.Entry<Integer, String> e : irqNames.entrySet()) {
            if (il.length() > 0) il.append(", ");
            if (il.length() > 60) {
                il.append("…");
                break;
            }
            il.append(e.getKey()).append(' ').append(e.getValue());
        }
        irqLabel = il.toString();
        ts[HARDIRQ] = sorted(hi);
        ts[CARRIER] = sorted(ce);
        final LongList kin = new LongList();
        final LongList oin = new LongList();
        for (final int t : chain) {
            if (consumers.contains(t)) continue;
            final LongList dst = kworkers.contains(t) ? kin : oin;
            for (final int s : slices.ofTask(t)) if ((slices.flags(s) & Slices.START_UNKNOWN) == 0) dst.add(slices.start(s));
        }
        ts[KWORKER_IN] = sorted(kin);
        ts[OTHER_IN] = sorted(oin);
        ts[CONSUMER_IN] = new long[0];
    }

    /** Adds the IRQ number of the hardirq that encloses interval {@code i} (or is it). */
    private static void addIrq(final Intervals iv, final int i, final Set<Integer> out) {
        for (int k = i; k >= 0; k = iv.parent(k)) {
            if (iv.kind(k) == Intervals.HARDIRQ) {
                out.add(iv.id(k));
                return;
            }
        }
    }

    private static boolean isTaskKind(final String k) {
        return k.equals("running") || k.equals("runnable") || k.equals("work") || k.equals("work-wait") || k.equals("blocked")
            || k.equals("unknown");
    }

    /** The chain events of the cycles of {@code ctx} (memoized). */
    static ChainEvents of(final ReportContext ctx) {
        return ctx.memo("chain-events", () -> new ChainEvents(ctx.timeline(), ctx.cycles()));
    }

    /** Sorted switch-in times of consumer thread {@code tid}. */
    long[] consumerIn(final int tid) {
        return consumerIn.computeIfAbsent(tid, t -> {
            final LongList l = new LongList();
            for (final int s : slices.ofTask(t)) if ((slices.flags(s) & Slices.START_UNKNOWN) == 0) l.add(slices.start(s));
            return sorted(l);
        });
    }

    /** The times of kind {@code k} within {@code [from, to]}, passed to {@code f}; for {@link #CONSUMER_IN} those of {@code tid}. */
    void forEach(final int k, final int tid, final long from, final long to, final java.util.function.LongConsumer f) {
        final long[] a = k == CONSUMER_IN ? consumerIn(tid) : ts[k];
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (a[mid] < from) lo = mid + 1;
            else hi = mid;
        }
        for (int i = lo; i < a.length && a[i] <= to; i++) f.accept(a[i]);
    }

    private static long[] sorted(final LongList l) {
        final long[] a = l.toArray();
        Arrays.sort(a);
        return a;
    }
}
