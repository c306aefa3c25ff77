package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/**
 * {@code tlb:tlb_flush} events (x86): at {@code ts} CPU {@code cpu} (current task {@code tid}, innermost
 * context {@code ctx}, cross-CPU call {@code csd} being run or -1) flushed {@code pages} pages (-1 = all) for
 * {@code reason}: {@link #TASK_SWITCH}, {@link #REMOTE_SHOOTDOWN} (this CPU obeyed another CPU's request),
 * {@link #LOCAL_SHOOTDOWN}, {@link #LOCAL_MM_SHOOTDOWN}, {@link #REMOTE_SEND_IPI} (this CPU is about to ask
 * others), {@link #REMOTE_WRONG_CPU} (asked, but the mm was no longer loaded there). The reason is the
 * kernel's number, or decoded from its words when only text was printed; -1 when unknown.
 */
public final class Tlbs {
    /** Flush on task switch. */
    public static final int TASK_SWITCH = 0;
    /** Remote shootdown: done on request of another CPU. */
    public static final int REMOTE_SHOOTDOWN = 1;
    /** Local shootdown. */
    public static final int LOCAL_SHOOTDOWN = 2;
    /** Local MM shootdown (the initiator's own flush). */
    public static final int LOCAL_MM_SHOOTDOWN = 3;
    /** The initiator is sending shootdown IPIs. */
    public static final int REMOTE_SEND_IPI = 4;
    /** A remote request found another mm loaded. */
    public static final int REMOTE_WRONG_CPU = 5;

    final long[] ts;
    final int[] cpu;
    final int[] tid;
    final int[] reason;
    final long[] pages;
    final int[] ctx;
    final int[] csd;

    Tlbs(final Builder b) {
        ts = b.ts.takeArray();
        cpu = b.cpu.takeArray();
        tid = b.tid.takeArray();
        reason = b.reason.takeArray();
        pages = b.pages.takeArray();
        ctx = b.ctx.takeArray();
        csd = b.csd.takeArray();
    }

    /** Number of flush events. */
    public int size() {
        return ts.length;
    }

    /** Time, ns. */
    public long ts(final int i) {
        return ts[i];
    }

    /** CPU. */
    public int cpu(final int i) {
        return cpu[i];
    }

    /** Current task. */
    public int tid(final int i) {
        return tid[i];
    }

    /** Reason ({@link #REMOTE_SHOOTDOWN}...), -1 unknown. */
    public int reason(final int i) {
        return reason[i];
    }

    /** Pages flushed, -1 for a full flush. */
    public long pages(final int i) {
        return pages[i];
    }

    /** Innermost context ({@link Intervals} index), -1 for task context. */
    public int ctx(final int i) {
        return ctx[i];
    }

    /** The cross-CPU call ({@link Csds} index) being run on this CPU, or -1. */
    public int csd(final int i) {
        return csd[i];
    }

    /** The reason number for the kernel's words ({@code remote shootdown} → 1), or -1. */
    public static int reasonOf(final String text) {
        if (text == null) return -1;
        switch (text.trim()) {
            case "flush on task switch": return TASK_SWITCH;
            case "remote shootdown": return REMOTE_SHOOTDOWN;
            case "local shootdown": return LOCAL_SHOOTDOWN;
            case "local MM shootdown": case "local mm shootdown": return LOCAL_MM_SHOOTDOWN;
            case "remote IPI send": case "remote ipi send": return REMOTE_SEND_IPI;
            case "remote wrong CPU": case "remote wrong cpu": return REMOTE_WRONG_CPU;
            default: return -1;
        }
    }

    /** Collects flush events. */
    static final class Builder {
        final LongList ts = new LongList();
        final IntList cpu = new IntList();
        final IntList tid = new IntList();
        final IntList reason = new IntList();
        final LongList pages = new LongList();
        final IntList ctx = new IntList();
        final IntList csd = new IntList();

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            ts.reserve(n);
            cpu.reserve(n);
            tid.reserve(n);
            reason.reserve(n);
            pages.reserve(n);
            ctx.reserve(n);
            csd.reserve(n);
        }

        int add(final long t, final int c, final int task, final int r, final long p, final int context, final int call) {
            ts.add(t);
            cpu.add(c);
            tid.add(task);
            reason.add(r);
            pages.add(p);
            ctx.add(context);
            return csd.add(call);
        }
    }
}
