package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/**
 * Cross-CPU function calls ({@code csd:csd_queue_cpu} → {@code csd:csd_function_entry/exit}, Linux 6.6+):
 * at {@code queueTs} CPU {@code queueCpu} (task {@code queueTid}, context {@code queueCtx}) queued function
 * {@code func} (name id) for CPU {@code target} through call-single-data {@code csd}; the target ran it during
 * {@code [startTs, endTs)} inside context {@code execCtx} (the {@code call_function*} vector interval, or -1
 * when it ran from the idle loop or a task flushing its queue) while task {@code execTid} was current there.
 *
 * <p>Matching: a queued csd is run by the next {@code csd_function_entry} of the same csd address on the
 * target (a csd is locked until it has run, so one address is pending at most once per target). An entry
 * with csd 0 is a direct call on the initiating CPU ({@link #local}: no IPI, e.g. the local half of a TLB
 * flush). An entry whose queue event was not seen has {@code queueTs} {@link Works#NONE}.
 *
 * <p>{@link #ipi} links the csd to the IPI edge that carried it: the first {@code ipi_send_cpu} /
 * {@code ipi_send_cpumask} to its target from the same CPU and context after the queue event. A csd queued
 * while an IPI to that target was already pending rides on that IPI and has no edge of its own (-1).
 */
public final class Csds {
    final long[] queueTs;
    final int[] queueCpu;
    final int[] queueTid;
    final int[] queueCtx;
    final int[] target;
    final int[] callsite;
    final int[] func;
    final long[] csd;
    final int[] ipi;
    final long[] startTs;
    final long[] endTs;
    final int[] execTid;
    final int[] execCtx;
    final boolean[] local;

    Csds(final Builder b) {
        queueTs = b.queueTs.takeArray();
        queueCpu = b.queueCpu.takeArray();
        queueTid = b.queueTid.takeArray();
        queueCtx = b.queueCtx.takeArray();
        target = b.target.takeArray();
        callsite = b.callsite.takeArray();
        func = b.func.takeArray();
        csd = b.csd.takeArray();
        ipi = b.ipi.takeArray();
        startTs = b.startTs.takeArray();
        endTs = b.endTs.takeArray();
        execTid = b.execTid.takeArray();
        execCtx = b.execCtx.takeArray();
        final int[] l = b.local.takeArray();
        local = new boolean[l.length];
        for (int i = 0; i < l.length; i++) local[i] = l[i] != 0;
    }

    /** Number of calls. */
    public int size() {
        return queueTs.length;
    }

    /** Queue time (ns) or {@link Works#NONE} (queued before the trace, or a local call). */
    public long queueTs(final int i) {
        return queueTs[i];
    }

    /** CPU that queued it (-1 unknown). */
    public int queueCpu(final int i) {
        return queueCpu[i];
    }

    /** Task current on the queueing CPU (-1 unknown). */
    public int queueTid(final int i) {
        return queueTid[i];
    }

    /** Innermost non-task context of the queueing CPU ({@link Intervals} index), or -1 for task context. */
    public int queueCtx(final int i) {
        return queueCtx[i];
    }

    /** CPU that runs (or was to run) the function. */
    public int target(final int i) {
        return target[i];
    }

    /** Callsite name id (-1). */
    public int callsite(final int i) {
        return callsite[i];
    }

    /** Function name id ({@link Timeline#names()}). */
    public int func(final int i) {
        return func[i];
    }

    /** The csd address as printed (hashed in ftrace text); 0 for a local direct call. */
    public long csd(final int i) {
        return csd[i];
    }

    /** The IPI edge ({@link Ipis} index) that carried it, or -1. */
    public int ipi(final int i) {
        return ipi[i];
    }

    /** Entry of the function on the target, or {@link Works#NONE} if it never ran in the trace. */
    public long startTs(final int i) {
        return startTs[i];
    }

    /** Exit, or {@link Works#NONE}. */
    public long endTs(final int i) {
        return endTs[i];
    }

    /** Task current on the target when it ran (-1 if it never ran). */
    public int execTid(final int i) {
        return execTid[i];
    }

    /** Enclosing context on the target ({@link Intervals} index), -1 for task/idle context. */
    public int execCtx(final int i) {
        return execCtx[i];
    }

    /** Whether this was a direct call on the initiating CPU (csd 0), not a cross-CPU call. */
    public boolean local(final int i) {
        return local[i];
    }

    /** Collects calls during the timeline pass. */
    static final class Builder {
        final LongList queueTs = new LongList();
        final IntList queueCpu = new IntList();
        final IntList queueTid = new IntList();
        final IntList queueCtx = new IntList();
        final IntList target = new IntList();
        final IntList callsite = new IntList();
        final IntList func = new IntList();
        final LongList csd = new LongList();
        final IntList ipi = new IntList();
        final LongList startTs = new LongList();
        final LongList endTs = new LongList();
        final IntList execTid = new IntList();
        final IntList execCtx = new IntList();
        final IntList local = new IntList();

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            queueTs.reserve(n);
            queueCpu.reserve(n);
            queueTid.reserve(n);
            queueCtx.reserve(n);
            target.reserve(n);
            callsite.reserve(n);
            func.reserve(n);
            csd.reserve(n);
            ipi.reserve(n);
            startTs.reserve(n);
            endTs.reserve(n);
            execTid.reserve(n);
            execCtx.reserve(n);
            local.reserve(n);
        }

        int add(final long qts, final int qcpu, final int qtid, final int qctx, final int tgt, final int site, final int fn,
                final long addr, final boolean isLocal) {
            queueTs.add(qts);
            queueCpu.add(qcpu);
            queueTid.add(qtid);
            queueCtx.add(qctx);
            target.add(tgt);
            callsite.add(site);
            func.add(fn);
            csd.add(addr);
            ipi.add(-1);
            startTs.add(Works.NONE);
            endTs.add(Works.NONE);
            execTid.add(-1);
            execCtx.add(-1);
            return local.add(isLocal ? 1 : 0);
        }

        void run(final int i, final long ts, final int tid, final int ctx) {
            startTs.set(i, ts);
            execTid.set(i, tid);
            execCtx.set(i, ctx);
        }
    }
}
