package dev.whylate.analysis.explain;

import dev.whylate.model.Ctx;
import dev.whylate.model.TaskState;
import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Slices;
import dev.whylate.timeline.Timeline;
import dev.whylate.timeline.Timers;
import dev.whylate.timeline.Wakeups;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Explains one switch-in of a task the way rtla timerlat's auto-analysis explains its thread latency, for
 * any task: the window starts where the wakeup's cause starts (a timer's expiry, an interrupt's entry, or the
 * wakeup itself when a task woke it; the switch-out when the task was preempted) and ends when the task got
 * its CPU. The result is an {@link Explanation} plus a breakdown in rtla's terms.
 */
public final class WakeupExplainer {
    /** One explained switch-in. */
    public record Result(int tid, String comm, int cpu, long switchInNs, long windowStartNs, String cause, int wakeupCpu,
                         Map<String, Long> breakdown, Explanation explanation, boolean switchInInferred) {}

    private final Timeline tl;
    private final Explainer ex;

    /** Explains over {@code tl}. */
    public WakeupExplainer(final Timeline tl) {
        this.tl = tl;
        this.ex = new Explainer(tl);
    }

    /**
     * The switch-in that began the slice of {@code tid} running at {@code at}, else its first switch-in after
     * {@code at}, explained; null when the task never runs at or after {@code at}. A time in the last microsecond
     * of a slice counts as after it: whylate and perf print times truncated to the microsecond, so a switch-out
     * time copied from their output (sched's "max delay start") lies up to 999 ns before the real one.
     */
    public Result explainSwitchIn(final int tid, final long at) {
        final Slices sl = tl.slices();
        final int[] mine = sl.ofTask(tid);
        int pos = sl.taskPosAtOrBefore(tid, at);
        if (pos >= 0 && sl.end(mine[pos]) - at < 1_000 && sl.start(mine[pos]) < at) pos++;
        if (pos < 0) pos = 0;
        // a run whose start the trace does not show is skipped, unless only its switch-in event was missing (the
        // start is then inferred, an upper bound)
        while (pos < mine.length && (sl.flags(mine[pos]) & (Slices.START_UNKNOWN | Slices.START_INFERRED)) == Slices.START_UNKNOWN) pos++;
        if (pos >= mine.length) return null;
        final int s = mine[pos];
        final long in = sl.start(s);
        long lo;
        String cause;
        int wcpu = -1;
        if (pos == 0) {
            final int w = tl.wakeups().lastPrimary(tid, Long.MIN_VALUE, in);
            if (w >= 0) {
                wcpu = tl.wakeups().cpu(w);
                lo = rootStart(w);
                cause = wakerLabel(w);
            } else {
                lo = in;
                cause = "its first switch-in in the trace, with no wakeup traced before it";
            }
        } else {
            final int prev = mine[pos - 1];
            final long p = sl.end(prev);
            if (TaskState.isRunnable(sl.endState(prev))) {
                lo = p;
                cause = "preempted on CPU " + sl.cpu(prev) + " at " + dev.whylate.util.Units.ts(p);
            } else {
                final Wakeups wk = tl.wakeups();
                int w = wk.firstPrimary(tid, p, in);
                if (w < 0) w = wk.lastPrimary(tid, sl.start(prev), p);
                if (w < 0) {
                    lo = p;
                    cause = "no wakeup traced";
                } else {
                    wcpu = wk.cpu(w);
                    lo = rootStart(w);
                    cause = wakerLabel(w);
                }
            }
        }
        final Explanation e = lo < in ? ex.explain(tid, lo, in, -1)
            : new Explanation(lo, in, tid, false, null, java.util.List.of(), java.util.List.of(), tl.lostBetween(lo, in));
        return new Result(tid, tl.comm(tid, in), sl.cpu(s), in, lo, cause, wcpu, breakdown(e), e, (sl.flags(s) & Slices.START_INFERRED) != 0);
    }

    /** Where the wakeup's cause began: the timer expiry or interrupt entry of its context, else the wakeup. */
    private long rootStart(final int w) {
        final Wakeups wk = tl.wakeups();
        final Intervals iv = tl.intervals();
        int i = wk.ctx(w);
        if (i < 0) return wk.ts(w);
        int outer = i;
        while (iv.parent(outer) >= 0) outer = iv.parent(outer);
        long start = iv.start(outer);
        // a timer: start at its expiry
        final Timers t = tl.timers();
        for (int k = 0; k < t.size(); k++) {
            final int ti = t.interval(k);
            if (ti == i || isAncestor(iv, ti, i)) {
                final long late = t.lateness(k);
                if (late > 0) start = Math.min(start, iv.start(ti) - late);
                break;
            }
        }
        return start;
    }

    private static boolean isAncestor(final Intervals iv, final int a, final int x) {
        for (int j = iv.parent(x); j >= 0; j = iv.parent(j)) if (j == a) return true;
        return false;
    }

    private String wakerLabel(final int w) {
        final Wakeups wk = tl.wakeups();
        if (wk.ctx(w) >= 0) return "woken by " + tl.label(wk.ctx(w)) + " on CPU " + wk.cpu(w);
        // no entry/exit events around it, but the event's own flags may say it ran in interrupt context
        final int f = tl.trace().events().ctx(wk.event(w));
        if ((f & Ctx.KNOWN) != 0 && (f & (Ctx.NMI | Ctx.HARDIRQ | Ctx.SOFTIRQ)) != 0) {
            final String c = (f & Ctx.NMI) != 0 ? "an NMI" : (f & Ctx.HARDIRQ) != 0 ? "a hardirq" : "a softirq";
            return "woken by " + c + " on CPU " + wk.cpu(w) + " (its entry and exit not traced), which interrupted "
                + tl.comm(wk.wakerTid(w), wk.ts(w)) + "[" + wk.wakerTid(w) + "]";
        }
        if (wk.work(w) >= 0) return "woken by work " + tl.name(tl.works().function(wk.work(w))) + " (" + tl.comm(wk.wakerTid(w), wk.ts(w)) + "[" + wk.wakerTid(w) + "]) on CPU " + wk.cpu(w);
        return "woken by " + tl.comm(wk.wakerTid(w), wk.ts(w)) + "[" + wk.wakerTid(w) + "] on CPU " + wk.cpu(w);
    }

    /**
     * rtla's breakdown: IRQ latency, IRQ handler delay (the waking hardirq running up to the wakeup), blocking
     * thread, IRQ / softirq / thread interference, exit from idle, and the rest (deferred work, running,
     * external, unknown).
     */
    static Map<String, Long> breakdown(final Explanation e) {
        final Map<String, Long> m = new LinkedHashMap<>();
        for (final String k : new String[] {Category.TIMER_SLACK, Category.IRQ_LATENCY, "IRQ handler delay", Category.BLOCKING_THREAD, Category.IRQ_INTERFERENCE,
            Category.SOFTIRQ_INTERFERENCE, Category.THREAD_INTERFERENCE, Category.EXIT_FROM_IDLE, Category.DEFERRED_WORK,
            Category.RUNNING, Category.EXTERNAL,
            Category.UNKNOWN}) {
            m.put(k, 0L);
        }
        for (final BlameEntry b : e.blame()) {
            final String c = b.category().equals(Category.IRQ_HANDLER) ? "IRQ handler delay" : b.category();
            m.merge(c, b.ns(), Long::sum);
        }
        return m;
    }
}
