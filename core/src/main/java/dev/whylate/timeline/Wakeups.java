package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/**
 * Wakeup edges: at {@code ts} the context on CPU {@code cpu} (task {@code wakerTid}, or the innermost
 * interval {@code ctx}, or inside work item {@code work} of a kworker) woke task {@code wakee} towards CPU
 * {@code target}.
 *
 * <p>Kinds: {@link #WAKING} (sched_waking, emitted in the waker's context), {@link #WAKEUP} (sched_wakeup,
 * sometimes emitted later on the target CPU), {@link #NEW} (sched_wakeup_new after fork). An edge is
 * <em>primary</em> when it is the one that starts the wakee's runnable time: sched_waking when the trace has
 * any, otherwise sched_wakeup, plus sched_wakeup_new (the rule perf sched uses).
 */
public final class Wakeups {
    /** sched_waking. */
    public static final int WAKING = 0;
    /** sched_wakeup. */
    public static final int WAKEUP = 1;
    /** sched_wakeup_new. */
    public static final int NEW = 2;

    final long[] ts;
    final int[] event;
    final int[] kind;
    final int[] wakee;
    final int[] target;
    final int[] prio;
    final int[] cpu;
    final int[] wakerTid;
    final int[] ctx;
    final int[] work;
    final boolean[] primary;
    final dev.whylate.util.Groups.Index primaryByWakee;

    Wakeups(final Builder b, final boolean hasWaking) {
        ts = b.ts.takeArray();
        event = b.event.takeArray();
        kind = b.kind.takeArray();
        wakee = b.wakee.takeArray();
        target = b.target.takeArray();
        prio = b.prio.takeArray();
        cpu = b.cpu.takeArray();
        wakerTid = b.wakerTid.takeArray();
        ctx = b.ctx.takeArray();
        work = b.work.takeArray();
        primary = new boolean[ts.length];
        for (int i = 0; i < ts.length; i++) primary[i] = kind[i] == NEW || (hasWaking ? kind[i] == WAKING : kind[i] == WAKEUP);
        primaryByWakee = dev.whylate.util.Groups.index(wakee, i -> primary[i]);
    }

    /** Number of edges. */
    public int size() {
        return ts.length;
    }

    /** Time, ns. */
    public long ts(final int w) {
        return ts[w];
    }

    /** Event index of the wakeup event. */
    public int event(final int w) {
        return event[w];
    }

    /** {@link #WAKING}, {@link #WAKEUP} or {@link #NEW}. */
    public int kind(final int w) {
        return kind[w];
    }

    /** The task woken. */
    public int wakee(final int w) {
        return wakee[w];
    }

    /** target_cpu of the event (-1 unknown). */
    public int target(final int w) {
        return target[w];
    }

    /** Kernel priority of the wakee as printed (-1 unknown). */
    public int prio(final int w) {
        return prio[w];
    }

    /** CPU the wakeup was emitted on. */
    public int cpu(final int w) {
        return cpu[w];
    }

    /** Task current on the waker CPU. */
    public int wakerTid(final int w) {
        return wakerTid[w];
    }

    /** Innermost non-task context on the waker CPU ({@link Intervals} index), or -1 for task context. */
    public int ctx(final int w) {
        return ctx[w];
    }

    /** Work item ({@link Works} index) the waker kworker was executing, or -1. */
    public int work(final int w) {
        return work[w];
    }

    /** Whether this edge starts the wakee's runnable time (see class doc). */
    public boolean primary(final int w) {
        return primary[w];
    }

    /** Primary edges of {@code tid} in time order. */
    public int[] primaryOf(final int tid) {
        final int[] a = primaryByWakee.get(tid);
        return a == null ? new int[0] : a;
    }

    /** The first primary wakeup of {@code tid} with {@code from <= ts <= to}, or -1. */
    public int firstPrimary(final int tid, final long from, final long to) {
        final int[] a = primaryOf(tid);
        final int lo = dev.whylate.util.Search.firstAtOrAfter(a, ts, from);
        return lo < a.length && ts[a[lo]] <= to ? a[lo] : -1;
    }

    /** The last primary wakeup of {@code tid} with {@code from <= ts <= to}, or -1. */
    public int lastPrimary(final int tid, final long from, final long to) {
        final int[] a = primaryOf(tid);
        final int lo = dev.whylate.util.Search.firstAfter(a, ts, to);
        return lo > 0 && ts[a[lo - 1]] >= from ? a[lo - 1] : -1;
    }

    /** Collects edges during the timeline pass. */
    static final class Builder {
        final LongList ts = new LongList();
        final IntList event = new IntList();
        final IntList kind = new IntList();
        final IntList wakee = new IntList();
        final IntList target = new IntList();
        final IntList prio = new IntList();
        final IntList cpu = new IntList();
        final IntList wakerTid = new IntList();
        final IntList ctx = new IntList();
        final IntList work = new IntList();

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            ts.reserve(n);
            event.reserve(n);
            kind.reserve(n);
            wakee.reserve(n);
            target.reserve(n);
            prio.reserve(n);
            cpu.reserve(n);
            wakerTid.reserve(n);
            ctx.reserve(n);
            work.reserve(n);
        }

        int add(final long t, final int ev, final int k, final int who, final int tgt, final int pr, final int c,
                final int waker, final int context, final int wk) {
            ts.add(t);
            event.add(ev);
            kind.add(k);
            wakee.add(who);
            target.add(tgt);
            prio.add(pr);
            cpu.add(c);
            wakerTid.add(waker);
            ctx.add(context);
            return work.add(wk);
        }
    }
}
