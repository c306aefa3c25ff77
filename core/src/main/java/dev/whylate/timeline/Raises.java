package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/**
 * Softirq raise edges: vec {@code vec} raised on {@code cpu} at {@code ts} by the context {@code ctx}
 * ({@link Intervals} index, -1 = task {@code tid}), served by softirq interval {@code served} (the first
 * entry of that vec on that CPU after the raise; -1 when none was seen). Several raises before one entry are
 * all served by it; the raise → entry latency of the first one is the softirq latency.
 */
public final class Raises {
    final long[] ts;
    final int[] cpu;
    final int[] vec;
    final int[] ctx;
    final int[] tid;
    final int[] served;

    Raises(final Builder b) {
        ts = b.ts.takeArray();
        cpu = b.cpu.takeArray();
        vec = b.vec.takeArray();
        ctx = b.ctx.takeArray();
        tid = b.tid.takeArray();
        served = b.served.takeArray();
    }

    /** Number of raises. */
    public int size() {
        return ts.length;
    }

    /** Raise time, ns. */
    public long ts(final int r) {
        return ts[r];
    }

    /** CPU. */
    public int cpu(final int r) {
        return cpu[r];
    }

    /** Softirq vector 0..9. */
    public int vec(final int r) {
        return vec[r];
    }

    /** Raising context ({@link Intervals} index) or -1 for task context. */
    public int ctx(final int r) {
        return ctx[r];
    }

    /** Task current when raised. */
    public int tid(final int r) {
        return tid[r];
    }

    /** Softirq interval that ran it, or -1. */
    public int served(final int r) {
        return served[r];
    }

    /** Collects raises. */
    static final class Builder {
        final LongList ts = new LongList();
        final IntList cpu = new IntList();
        final IntList vec = new IntList();
        final IntList ctx = new IntList();
        final IntList tid = new IntList();
        final IntList served = new IntList();

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            ts.reserve(n);
            cpu.reserve(n);
            vec.reserve(n);
            ctx.reserve(n);
            tid.reserve(n);
            served.reserve(n);
        }

        int add(final long t, final int c, final int v, final int context, final int task) {
            ts.add(t);
            cpu.add(c);
            vec.add(v);
            ctx.add(context);
            tid.add(task);
            return served.add(-1);
        }
    }
}
