package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/**
 * Non-task execution contexts on a CPU, properly nested: hardirq handlers ({@code irq_handler_entry/exit}),
 * x86 irq vectors ({@code irq_vectors:*_entry/exit}: local timer, IPIs...), softirqs, tasklets and hrtimer
 * callbacks. Each has a kind, an id (IRQ number, vector, softirq vec; -1 for tasklets and timers), a name
 * (handler name, vector name, softirq action, tasklet or timer function), the enclosing interval
 * ({@link #parent}, -1 at task level) and the task that was interrupted.
 *
 * <p>Intervals whose entry happened before the trace start at the CPU's first event with
 * {@link #START_UNKNOWN}; those whose exit is missing (lost events, trace end, a context switch that proves
 * the handler was over) end at that point with {@link #END_UNKNOWN}.
 */
public final class Intervals {
    /** A device hardirq handler (irq_handler_entry/exit). */
    public static final int HARDIRQ = 0;
    /** An x86 interrupt vector (local_timer, reschedule, call_function, irq_work, ...). */
    public static final int VECTOR = 1;
    /** A softirq (vec 0..9). */
    public static final int SOFTIRQ = 2;
    /** A tasklet (runs inside the TASKLET or HI softirq). */
    public static final int TASKLET = 3;
    /** An hrtimer callback (hrtimer_expire_entry/exit). */
    public static final int HRTIMER = 4;
    /** An NMI handler. */
    public static final int NMI = 5;
    /** Kind names for output. */
    public static final String[] KIND_NAMES = {"hardirq", "vector", "softirq", "tasklet", "hrtimer", "nmi"};

    /** Entry not seen: began before the trace or a gap. */
    public static final int START_UNKNOWN = 1;
    /** Exit not seen: closed by the trace end, lost events or a contradicting event. */
    public static final int END_UNKNOWN = 2;

    final int[] kind;
    final int[] cpu;
    final long[] start;
    final long[] end;
    final int[] id;
    final int[] name;
    final int[] parent;
    final int[] tid;
    final int[] flags;
    final int[][] byCpu;

    Intervals(final Builder b) {
        kind = b.kind.takeArray();
        cpu = b.cpu.takeArray();
        start = b.start.takeArray();
        end = b.end.takeArray();
        id = b.id.takeArray();
        name = b.name.takeArray();
        parent = b.parent.takeArray();
        tid = b.tid.takeArray();
        flags = b.flags.takeArray();
        int maxCpu = -1;
        for (final int c : cpu) maxCpu = Math.max(maxCpu, c);
        final IntList[] per = new IntList[maxCpu + 1];
        for (int i = 0; i < cpu.length; i++) {
            if (per[cpu[i]] == null) per[cpu[i]] = new IntList();
            per[cpu[i]].add(i);
        }
        byCpu = new int[maxCpu + 1][];
        for (int c = 0; c <= maxCpu; c++) {
            final int[] a = per[c] == null ? new int[0] : per[c].toArray();
            // opened in time order per CPU except START_UNKNOWN ones that were created at their exit (and NMIs,
            // created when they return): sort when needed
            boolean sorted = true;
            for (int i = 1; i < a.length && sorted; i++) sorted = before(a[i - 1], a[i]) <= 0;
            if (!sorted) mergeSort(a, new int[a.length], 0, a.length);
            byCpu[c] = a;
        }
    }

    /** Order of the per-CPU lists: start ascending, outer (longer) first on ties, then creation order. */
    private int before(final int x, final int y) {
        if (start[x] != start[y]) return Long.compare(start[x], start[y]);
        if (end[x] != end[y]) return Long.compare(end[y], end[x]);
        return Integer.compare(x, y);
    }

    private void mergeSort(final int[] a, final int[] tmp, final int lo, final int hi) {
        if (hi - lo < 2) return;
        final int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid);
        mergeSort(a, tmp, mid, hi);
        if (before(a[mid - 1], a[mid]) <= 0) return;
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (j >= hi || i < mid && before(tmp[i], tmp[j]) <= 0) a[k] = tmp[i++];
            else a[k] = tmp[j++];
        }
    }

    /** Number of intervals. */
    public int size() {
        return kind.length;
    }

    /** Kind ({@link #HARDIRQ}...). */
    public int kind(final int i) {
        return kind[i];
    }

    /** CPU. */
    public int cpu(final int i) {
        return cpu[i];
    }

    /** Entry time, ns. */
    public long start(final int i) {
        return start[i];
    }

    /** Exit time, ns. */
    public long end(final int i) {
        return end[i];
    }

    /** IRQ number, vector number, softirq vec, or -1. */
    public int id(final int i) {
        return id[i];
    }

    /** Name id in {@link Timeline#names()}: handler, vector, softirq action, tasklet/timer function. */
    public int name(final int i) {
        return name[i];
    }

    /** Enclosing interval, or -1 when this one interrupted task context. */
    public int parent(final int i) {
        return parent[i];
    }

    /** The task that was current on the CPU (interrupted). */
    public int tid(final int i) {
        return tid[i];
    }

    /** {@link #START_UNKNOWN} / {@link #END_UNKNOWN} bits. */
    public int flags(final int i) {
        return flags[i];
    }

    /** Duration in ns. */
    public long duration(final int i) {
        return end[i] - start[i];
    }

    /** Intervals of CPU {@code c} ordered by start (outer before inner on ties). */
    public int[] ofCpu(final int c) {
        return c >= 0 && c < byCpu.length ? byCpu[c] : new int[0];
    }

    /** The innermost interval on {@code c} that contains {@code t} ({@code start <= t < end}), or -1. */
    public int innermostAt(final int c, final long t) {
        final int[] a = ofCpu(c);
        final int best = dev.whylate.util.Search.lastAtOrBefore(a, start, t);
        // any interval containing t that starts before a[best] must contain a[best] (proper nesting), so the
        // answer is a[best] or one of its ancestors
        int i = best < 0 ? -1 : a[best];
        while (i >= 0) {
            if (start[i] <= t && t < end[i]) return i;
            i = parent[i];
        }
        return -1;
    }

    /** Collects intervals during the timeline pass. */
    static final class Builder {
        final IntList kind = new IntList();
        final IntList cpu = new IntList();
        final LongList start = new LongList();
        final LongList end = new LongList();
        final IntList id = new IntList();
        final IntList name = new IntList();
        final IntList parent = new IntList();
        final IntList tid = new IntList();
        final IntList flags = new IntList();

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            kind.reserve(n);
            cpu.reserve(n);
            start.reserve(n);
            end.reserve(n);
            id.reserve(n);
            name.reserve(n);
            parent.reserve(n);
            tid.reserve(n);
            flags.reserve(n);
        }

        int open(final int k, final int c, final long s, final int ident, final int nm, final int par, final int t, final int fl) {
            kind.add(k);
            cpu.add(c);
            start.add(s);
            end.add(Long.MAX_VALUE);
            id.add(ident);
            name.add(nm);
            parent.add(par);
            tid.add(t);
            return flags.add(fl);
        }

        void close(final int i, final long e, final boolean known) {
            end.set(i, e);
            if (!known) flags.set(i, flags.get(i) | END_UNKNOWN);
        }

        int kind(final int i) {
            return kind.get(i);
        }

        int id(final int i) {
            return id.get(i);
        }
    }
}
