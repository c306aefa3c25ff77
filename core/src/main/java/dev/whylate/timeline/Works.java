package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/**
 * Work items: queued ({@code workqueue_queue_work}) by a context on one CPU, activated, started
 * ({@code workqueue_execute_start}) by kworker {@code execTid} on {@code execCpu}, ended
 * ({@code workqueue_execute_end}). Matched by work address in order (addresses are reused: a work struct
 * can be pending once, so each start consumes the pending queue of its address).
 *
 * <p>Times are ns; {@link #NONE} marks a step not seen (queued before the trace, still running at its end,
 * no activate event traced).
 */
public final class Works {
    /** Marks a missing time. */
    public static final long NONE = Long.MIN_VALUE;

    final long[] queueTs;
    final int[] queueCpu;
    final int[] queueTid;
    final int[] queueCtx;
    final long[] work;
    final int[] function;
    final int[] workqueue;
    final int[] reqCpu;
    final long[] activateTs;
    final long[] startTs;
    final long[] endTs;
    final int[] execTid;
    final int[] execCpu;
    final int[] queueEvent;
    final int[] startEvent;
    final java.util.BitSet superseded;
    final dev.whylate.util.Groups.Index byExecTid;

    Works(final Builder b) {
        queueTs = b.queueTs.takeArray();
        queueCpu = b.queueCpu.takeArray();
        queueTid = b.queueTid.takeArray();
        queueCtx = b.queueCtx.takeArray();
        work = b.work.takeArray();
        function = b.function.takeArray();
        workqueue = b.workqueue.takeArray();
        reqCpu = b.reqCpu.takeArray();
        activateTs = b.activateTs.takeArray();
        startTs = b.startTs.takeArray();
        endTs = b.endTs.takeArray();
        execTid = b.execTid.takeArray();
        execCpu = b.execCpu.takeArray();
        queueEvent = b.queueEvent.takeArray();
        startEvent = b.startEvent.takeArray();
        superseded = b.superseded;
        byExecTid = dev.whylate.util.Groups.index(execTid, i -> startTs[i] != NONE);
    }

    /**
     * Whether this queueing was replaced before it ran: the work was queued again while still pending (the kernel
     * traces a queue only when it sets the pending bit, so the second one means the first was taken back, as
     * {@code mod_delayed_work} does). Such an item never starts; the later queueing does.
     */
    public boolean superseded(final int w) {
        return superseded.get(w);
    }

    /** Number of work items. */
    public int size() {
        return queueTs.length;
    }

    /** Queue time (ns) or {@link #NONE}. */
    public long queueTs(final int w) {
        return queueTs[w];
    }

    /** CPU the item was queued from (-1 unknown). */
    public int queueCpu(final int w) {
        return queueCpu[w];
    }

    /** Task current on the queueing CPU (-1 unknown). */
    public int queueTid(final int w) {
        return queueTid[w];
    }

    /** Innermost non-task context at queue time ({@link Intervals} index) or -1 for task context. */
    public int queueCtx(final int w) {
        return queueCtx[w];
    }

    /** The work struct address as printed (hashed in ftrace text). */
    public long work(final int w) {
        return work[w];
    }

    /** Work function name id ({@link Timeline#names()}). */
    public int function(final int w) {
        return function[w];
    }

    /** Workqueue name id, or -1 when not traced. */
    public int workqueue(final int w) {
        return workqueue[w];
    }

    /** req_cpu of queue_work (-1 unknown; the unbound marker is kept as printed). */
    public int reqCpu(final int w) {
        return reqCpu[w];
    }

    /** Activate time or {@link #NONE}. */
    public long activateTs(final int w) {
        return activateTs[w];
    }

    /** Execute start or {@link #NONE}. */
    public long startTs(final int w) {
        return startTs[w];
    }

    /** Execute end or {@link #NONE}. */
    public long endTs(final int w) {
        return endTs[w];
    }

    /** kworker that executed it (-1 if never started). */
    public int execTid(final int w) {
        return execTid[w];
    }

    /** CPU at execute start (-1). */
    public int execCpu(final int w) {
        return execCpu[w];
    }

    /** Event index of the queue event (-1). */
    public int queueEvent(final int w) {
        return queueEvent[w];
    }

    /** Event index of the execute_start event (-1). */
    public int startEvent(final int w) {
        return startEvent[w];
    }

    /** Work items started by kworker {@code tid}, in time order. */
    public int[] ofWorker(final int tid) {
        final int[] a = byExecTid.get(tid);
        return a == null ? new int[0] : a;
    }

    /** The item kworker {@code tid} was executing at {@code t} (start <= t < end), or -1. */
    public int runningAt(final int tid, final long t) {
        final int[] a = ofWorker(tid);
        final int best = dev.whylate.util.Search.lastAtOrBefore(a, startTs, t);
        if (best < 0) return -1;
        final int w = a[best];
        return endTs[w] == NONE || t < endTs[w] ? w : -1;
    }

    /** Collects work items during the timeline pass. */
    static final class Builder {
        final LongList queueTs = new LongList();
        final IntList queueCpu = new IntList();
        final IntList queueTid = new IntList();
        final IntList queueCtx = new IntList();
        final LongList work = new LongList();
        final IntList function = new IntList();
        final IntList workqueue = new IntList();
        final IntList reqCpu = new IntList();
        final LongList activateTs = new LongList();
        final LongList startTs = new LongList();
        final LongList endTs = new LongList();
        final IntList execTid = new IntList();
        final IntList execCpu = new IntList();
        final IntList queueEvent = new IntList();
        final IntList startEvent = new IntList();
        final java.util.BitSet superseded = new java.util.BitSet();

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            queueTs.reserve(n);
            queueCpu.reserve(n);
            queueTid.reserve(n);
            queueCtx.reserve(n);
            work.reserve(n);
            function.reserve(n);
            workqueue.reserve(n);
            reqCpu.reserve(n);
            activateTs.reserve(n);
            startTs.reserve(n);
            endTs.reserve(n);
            execTid.reserve(n);
            execCpu.reserve(n);
            queueEvent.reserve(n);
            startEvent.reserve(n);
        }

        int add(final long qts, final int qcpu, final int qtid, final int qctx, final long addr, final int fn, final int wq,
                final int req, final int qev) {
            queueTs.add(qts);
            queueCpu.add(qcpu);
            queueTid.add(qtid);
            queueCtx.add(qctx);
            work.add(addr);
            function.add(fn);
            workqueue.add(wq);
            reqCpu.add(req);
            activateTs.add(NONE);
            startTs.add(NONE);
            endTs.add(NONE);
            execTid.add(-1);
            execCpu.add(-1);
            queueEvent.add(qev);
            return startEvent.add(-1);
        }
    }
}
