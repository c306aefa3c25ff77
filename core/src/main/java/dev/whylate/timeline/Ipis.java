package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/**
 * IPI edges: at {@code ts} CPU {@code cpu} (task {@code tid}, context {@code ctx}) sent an IPI of kind
 * {@code kind} to CPU {@code target}; it was handled by the vector/ipi interval {@code delivered} on the
 * target (the first matching entry there after the send), or never ({@code -1}).
 *
 * <p>Matching: {@code ipi_send_cpu}/{@code ipi_send_cpumask} (x86, 6.3+) with a NULL callback are reschedule
 * IPIs and match {@code reschedule_entry}; others match {@code call_function_single_entry} (single target) or
 * {@code call_function_entry} (mask) — a mask IPI may also land as call_function_single on some kernels, so
 * both are accepted. A send from {@code irq_work_queue*} to the sending CPU itself is an IRQ-work self-IPI and
 * matches {@code irq_work_entry}. On arm, {@code ipi_raise} matches the next {@code ipi_entry} with the same reason. Sends
 * to one target before one entry are all delivered by it (the kernel coalesces them).
 */
public final class Ipis {
    /** Reschedule IPI. */
    public static final int RESCHED = 0;
    /** Function call IPI (smp_call_function*). */
    public static final int CALL = 1;
    /** Other / arm reason. */
    public static final int OTHER = 2;
    /** An IRQ-work self-IPI ({@code irq_work_queue} on x86, handled by the irq_work vector; arm "IRQ work interrupts"). */
    public static final int IRQ_WORK = 3;
    /** Number of kinds. */
    public static final int KINDS = 4;

    final long[] ts;
    final int[] cpu;
    final int[] tid;
    final int[] ctx;
    final int[] target;
    final int[] kind;
    final int[] callsite;
    final int[] callback;
    final int[] event;
    final int[] delivered;
    final int[] group;

    Ipis(final Builder b) {
        ts = b.ts.takeArray();
        cpu = b.cpu.takeArray();
        tid = b.tid.takeArray();
        ctx = b.ctx.takeArray();
        target = b.target.takeArray();
        kind = b.kind.takeArray();
        callsite = b.callsite.takeArray();
        callback = b.callback.takeArray();
        event = b.event.takeArray();
        delivered = b.delivered.takeArray();
        group = b.group.takeArray();
    }

    /** Number of (send, target) edges. */
    public int size() {
        return ts.length;
    }

    /** Send time, ns. */
    public long ts(final int i) {
        return ts[i];
    }

    /** Sending CPU. */
    public int cpu(final int i) {
        return cpu[i];
    }

    /** Task current on the sending CPU. */
    public int tid(final int i) {
        return tid[i];
    }

    /** Sending context ({@link Intervals} index) or -1 for task context. */
    public int ctx(final int i) {
        return ctx[i];
    }

    /** Target CPU. */
    public int target(final int i) {
        return target[i];
    }

    /** {@link #RESCHED}, {@link #CALL}, {@link #OTHER}. */
    public int kind(final int i) {
        return kind[i];
    }

    /** Callsite name id (-1). */
    public int callsite(final int i) {
        return callsite[i];
    }

    /** Callback name id (-1 for none). */
    public int callback(final int i) {
        return callback[i];
    }

    /** Send event index. */
    public int event(final int i) {
        return event[i];
    }

    /** Interval that handled it on the target, or -1. */
    public int delivered(final int i) {
        return delivered[i];
    }

    /** Edges from the same send event share a group number (a cpumask send has one edge per target). */
    public int group(final int i) {
        return group[i];
    }

    /** Collects IPI edges. */
    static final class Builder {
        final LongList ts = new LongList();
        final IntList cpu = new IntList();
        final IntList tid = new IntList();
        final IntList ctx = new IntList();
        final IntList target = new IntList();
        final IntList kind = new IntList();
        final IntList callsite = new IntList();
        final IntList callback = new IntList();
        final IntList event = new IntList();
        final IntList delivered = new IntList();
        final IntList group = new IntList();

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            ts.reserve(n);
            cpu.reserve(n);
            tid.reserve(n);
            ctx.reserve(n);
            target.reserve(n);
            kind.reserve(n);
            callsite.reserve(n);
            callback.reserve(n);
            event.reserve(n);
            delivered.reserve(n);
            group.reserve(n);
        }

        int add(final long t, final int c, final int task, final int context, final int tgt, final int k, final int site,
                final int cb, final int ev, final int grp) {
            ts.add(t);
            cpu.add(c);
            tid.add(task);
            ctx.add(context);
            target.add(tgt);
            kind.add(k);
            callsite.add(site);
            callback.add(cb);
            event.add(ev);
            group.add(grp);
            return delivered.add(-1);
        }
    }
}
