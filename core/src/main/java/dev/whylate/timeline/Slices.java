package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/**
 * Task slices: task {@code tid} ran on {@code cpu} during {@code [start, end)} (ns), switched in with kernel
 * priority {@code prio} (0..99 RT, 100..139 normal, as sched_switch prints it) and left in state
 * {@code endState} ({@link dev.whylate.model.TaskState} bits; UNKNOWN when the trace ended or the CPU's
 * stream stopped first). The idle task is tid 0 (one per CPU).
 *
 * <p>The first slice of a CPU starts at that CPU's first event and is flagged {@link #START_UNKNOWN}: the task
 * was already running when the trace began. Slices of one CPU never overlap.
 */
public final class Slices {
    /** The slice began before the trace (or after lost events). */
    public static final int START_UNKNOWN = 1;
    /** The slice's end is the end of the CPU's stream, not a switch. */
    public static final int END_UNKNOWN = 2;
    /**
     * The task's switch-in was not traced (lost or filtered, or a kernel that does not trace some switches: the
     * development VM's 6.18 never traces CPU 1's switches out of idle), only its switch-out: the start is inferred
     * ({@link TimelineBuilder}), an upper bound. Set together with {@link #START_UNKNOWN}.
     */
    public static final int START_INFERRED = 4;

    final int[] cpu;
    final int[] tid;
    final int[] prio;
    final int[] endState;
    final long[] start;
    final long[] end;
    final int[] inEvent;
    final int[] outEvent;
    final int[] flags;
    final int[][] byCpu;
    final dev.whylate.util.Groups.Index byTid;

    Slices(final Builder b) {
        final int n = b.cpu.size();
        cpu = b.cpu.takeArray();
        tid = b.tid.takeArray();
        prio = b.prio.takeArray();
        endState = b.endState.takeArray();
        start = b.start.takeArray();
        end = b.end.takeArray();
        inEvent = b.inEvent.takeArray();
        outEvent = b.outEvent.takeArray();
        flags = b.flags.takeArray();
        int maxCpu = -1;
        for (int i = 0; i < n; i++) maxCpu = Math.max(maxCpu, cpu[i]);
        final IntList[] perCpu = new IntList[maxCpu + 1];
        // slices are created in switch order, which is time order per CPU; sort per task by start
        for (int i = 0; i < n; i++) {
            if (perCpu[cpu[i]] == null) perCpu[cpu[i]] = new IntList();
            perCpu[cpu[i]].add(i);
        }
        byCpu = new int[maxCpu + 1][];
        for (int c = 0; c <= maxCpu; c++) byCpu[c] = perCpu[c] == null ? new int[0] : sortByStart(perCpu[c].toArray());
        byTid = dev.whylate.util.Groups.index(tid);
        for (int g = 0; g < byTid.size(); g++) sortByStart(byTid.rowsAt(g));
    }

    private int[] sortByStart(final int[] idx) {
        boolean sorted = true;
        for (int i = 1; i < idx.length && sorted; i++) sorted = start[idx[i - 1]] <= start[idx[i]];
        if (sorted) return idx;
        final Integer[] boxed = new Integer[idx.length];
        for (int i = 0; i < idx.length; i++) boxed[i] = idx[i];
        java.util.Arrays.sort(boxed, (x, y) -> Long.compare(start[x], start[y]));
        for (int i = 0; i < idx.length; i++) idx[i] = boxed[i];
        return idx;
    }

    /** Number of slices. */
    public int size() {
        return cpu.length;
    }

    /** CPU of slice {@code s}. */
    public int cpu(final int s) {
        return cpu[s];
    }

    /** Task of slice {@code s}. */
    public int tid(final int s) {
        return tid[s];
    }

    /** Kernel priority at switch-in (-1 unknown). */
    public int prio(final int s) {
        return prio[s];
    }

    /** Task state at switch-out. */
    public int endState(final int s) {
        return endState[s];
    }

    /** Start, ns. */
    public long start(final int s) {
        return start[s];
    }

    /** End, ns (exclusive). */
    public long end(final int s) {
        return end[s];
    }

    /** Index of the sched_switch event that started the slice, or -1. */
    public int inEvent(final int s) {
        return inEvent[s];
    }

    /** Index of the sched_switch event that ended the slice, or -1. */
    public int outEvent(final int s) {
        return outEvent[s];
    }

    /** {@link #START_UNKNOWN} / {@link #END_UNKNOWN} bits. */
    public int flags(final int s) {
        return flags[s];
    }

    /** Number of CPUs with slices (highest CPU + 1). */
    public int cpus() {
        return byCpu.length;
    }

    /** Slices of {@code cpu} in time order (empty when none). */
    public int[] ofCpu(final int c) {
        return c >= 0 && c < byCpu.length ? byCpu[c] : new int[0];
    }

    /** Slices of task {@code tid} in time order (empty when none). */
    public int[] ofTask(final int t) {
        final int[] a = byTid.get(t);
        return a == null ? new int[0] : a;
    }

    /** The slice running on {@code c} at time {@code t} ({@code start <= t < end}), or -1. */
    public int atCpu(final int c, final long t) {
        final int[] a = ofCpu(c);
        final int k = lastStartAtOrBefore(a, t);
        return k >= 0 && t < end[a[k]] ? a[k] : -1;
    }

    /**
     * Position in {@link #ofTask(int)} of the last slice of {@code t} that started at or before {@code ts}, or -1.
     */
    public int taskPosAtOrBefore(final int t, final long ts) {
        return lastStartAtOrBefore(ofTask(t), ts);
    }

    private int lastStartAtOrBefore(final int[] a, final long t) {
        return dev.whylate.util.Search.lastAtOrBefore(a, start, t);
    }

    /** Collects slices during the timeline pass. */
    static final class Builder {
        final IntList cpu = new IntList(1024);
        final IntList tid = new IntList(1024);
        final IntList prio = new IntList(1024);
        final IntList endState = new IntList(1024);
        final LongList start = new LongList(1024);
        final LongList end = new LongList(1024);
        final IntList inEvent = new IntList(1024);
        final IntList outEvent = new IntList(1024);
        final IntList flags = new IntList(1024);

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            cpu.reserve(n);
            tid.reserve(n);
            prio.reserve(n);
            endState.reserve(n);
            start.reserve(n);
            end.reserve(n);
            inEvent.reserve(n);
            outEvent.reserve(n);
            flags.reserve(n);
        }

        int open(final int c, final int t, final int p, final long s, final int ev, final int fl) {
            cpu.add(c);
            tid.add(t);
            prio.add(p);
            endState.add(dev.whylate.model.TaskState.UNKNOWN);
            start.add(s);
            end.add(Long.MAX_VALUE);
            inEvent.add(ev);
            outEvent.add(-1);
            return flags.add(fl);
        }

        void close(final int s, final long e, final int state, final int ev) {
            end.set(s, e);
            endState.set(s, state);
            outEvent.set(s, ev);
        }

        void closeUnknown(final int s, final long e) {
            end.set(s, e);
            flags.set(s, flags.get(s) | END_UNKNOWN);
        }

        /** Rewrites the tid of an open slice whose task was unknown until now. */
        void retid(final int s, final int t) {
            tid.set(s, t);
        }
    }
}
