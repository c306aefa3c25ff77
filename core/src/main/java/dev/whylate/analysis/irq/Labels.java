package dev.whylate.analysis.irq;

import dev.whylate.model.TaskTable;
import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Timeline;

/** Context categories and labels shared by the irq analyses. */
final class Labels {
    /** Task context. */
    static final byte TASK = 0;
    /** Hardirq, vector or NMI, or nested in one. */
    static final byte HARD = 1;
    /** Softirq (tasklets and softirq hrtimers included). */
    static final byte SOFT = 2;

    final Timeline tl;
    final Intervals iv;
    final TaskTable tasks;
    private final byte[] cat;

    Labels(final Timeline tl) {
        this.tl = tl;
        this.iv = tl.intervals();
        this.tasks = tl.trace().tasks();
        cat = new byte[iv.size()];
        java.util.Arrays.fill(cat, (byte) -1);
        for (int i = 0; i < cat.length; i++) category(i);
    }

    /** {@link #HARD} or {@link #SOFT} for an interval, {@link #TASK} for -1. */
    byte category(final int i) {
        if (i < 0) return TASK;
        if (cat[i] >= 0) return cat[i];
        final int p = iv.parent(i);
        final byte c;
        switch (iv.kind(i)) {
            case Intervals.HARDIRQ: case Intervals.VECTOR: case Intervals.NMI: c = HARD; break;
            case Intervals.SOFTIRQ: c = SOFT; break;
            case Intervals.TASKLET: c = p < 0 || p == i ? SOFT : category(p); break;
            default: c = p < 0 || p == i ? HARD : category(p); break;
        }
        cat[i] = c;
        return c;
    }

    /** {@code hardirq 41 virtio3-rx}, {@code vector local_timer}, {@code softirq NET_RX}, {@code tasklet f}... */
    String of(final int i) {
        final String name = tl.name(iv.name(i));
        switch (iv.kind(i)) {
            case Intervals.HARDIRQ: return "hardirq " + iv.id(i) + " " + name;
            default: return Intervals.KIND_NAMES[iv.kind(i)] + " " + name;
        }
    }

    /** {@code comm[pid]} of a task at a time. */
    String task(final int tid, final long ts) {
        return tl.comm(tid, ts) + "[" + tid + "]";
    }

    /** The label of a context: the interval's, or {@code task comm[pid]}. */
    String context(final int ctx, final int tid, final long ts) {
        return ctx >= 0 ? of(ctx) : "task " + task(tid, ts);
    }

    /** The last comm of a task (the name it ended up with: after exec or prctl). */
    String name(final int tid) {
        return tl.lastComm(tid);
    }

    /** Process id of a task, -1 unknown. */
    int tgid(final int tid) {
        return tasks.tgid(tid);
    }

    /** The last comm of the process (the tgid's own comm), or null. */
    String process(final int tgid) {
        return tgid < 0 ? null : tl.lastComm(tgid);
    }
}
