package dev.whylate.analysis.explain;

import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Slices;
import dev.whylate.timeline.Timeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who held a CPU during a window, net of nesting: each hardirq/vector/softirq/tasklet/hrtimer interval
 * counts its own time minus its nested children, each task slice its time minus the interrupts inside it.
 *
 * <p>Categories for a task that <em>waited</em> on the CPU: the task on the CPU when the wait began is the
 * {@link Category#BLOCKING_THREAD} (none when the waiting task was preempted there: the task that took its CPU
 * interferes), later tasks are {@link Category#THREAD_INTERFERENCE}, the idle task is
 * {@link Category#EXIT_FROM_IDLE}; hardirq-level intervals are {@link Category#IRQ_INTERFERENCE}, softirq-level
 * ones {@link Category#SOFTIRQ_INTERFERENCE}. For a task that <em>ran</em>, only interrupts count.
 */
final class Holders {
    private final Timeline tl;

    Holders(final Timeline tl) {
        this.tl = tl;
    }

    /**
     * Holders of {@code cpu} during {@code [x, y)}.
     *
     * @param self the task whose time this is (its own slices are not holders)
     * @param waiting true for a wait (tasks count as holders), false for a running task (only interrupts)
     */
    List<Holder> of(final int cpu, final long x, final long y, final int self, final boolean waiting) {
        final Map<String, Holder> acc = new LinkedHashMap<>();
        if (cpu < 0 || y <= x) return List.of();
        final Intervals iv = tl.intervals();
        final int[] ivs = iv.ofCpu(cpu);
        // interrupts overlapping the window, net of their nested children
        int k = firstEndingAfter(ivs, iv, x);
        for (; k < ivs.length && iv.start(ivs[k]) < y; k++) {
            final int i = ivs[k];
            final long ov = overlap(iv.start(i), iv.end(i), x, y);
            if (ov <= 0) continue;
            long net = ov;
            for (int j = k + 1; j < ivs.length && iv.start(ivs[j]) < Math.min(y, iv.end(i)); j++) {
                // a child that ended before the window (or starts after it) takes nothing from it
                if (iv.parent(ivs[j]) == i) net -= Math.max(0, overlap(iv.start(ivs[j]), iv.end(ivs[j]), x, y));
            }
            if (net <= 0) continue;
            final String cat = hardLevel(iv, i) ? Category.IRQ_INTERFERENCE : Category.SOFTIRQ_INTERFERENCE;
            final int id = iv.kind(i) == Intervals.HARDIRQ || iv.kind(i) == Intervals.SOFTIRQ ? iv.id(i) : -1;
            add(acc, new Holder(Intervals.KIND_NAMES[iv.kind(i)], tl.label(i), id, cpu, -1, cat, net));
        }
        if (waiting) {
            final Slices sl = tl.slices();
            final int[] ss = sl.ofCpu(cpu);
            // a task preempted on this CPU (switched out runnable, not run since) has no blocking thread: the task
            // that took its CPU, and every later one, interferes — also when the window starts after the switch
            // (a polling consumer's wait from the carrier's completion)
            final int[] mine = sl.ofTask(self);
            int own = sl.taskPosAtOrBefore(self, x);
            if (own >= 0 && sl.end(mine[own]) > x) own--;
            final boolean selfPreempted = own >= 0 && sl.cpu(mine[own]) == cpu && (sl.flags(mine[own]) & Slices.END_UNKNOWN) == 0
                && dev.whylate.model.TaskState.isRunnable(sl.endState(mine[own]));
            int m = firstSliceEndingAfter(ss, sl, x);
            boolean first = true;
            for (; m < ss.length && sl.start(ss[m]) < y; m++) {
                final int s = ss[m];
                final long ov = overlap(sl.start(s), sl.end(s), x, y);
                if (ov <= 0) continue;
                final int tid = sl.tid(s);
                // on the CPU when the wait began: switched in before it — or at the same instant (a µs tie in text
                // traces: the task slept and was woken within that µs) unless that switch preempted the waiting task
                // (its own switch-out in a runnable state: the task switched in interferes)
                final boolean preempted = m > 0 && sl.tid(ss[m - 1]) == self && sl.end(ss[m - 1]) == x
                    && dev.whylate.model.TaskState.isRunnable(sl.endState(ss[m - 1]));
                final boolean tie = sl.start(s) == x && !preempted;
                final boolean atStart = first && !selfPreempted && (sl.start(s) < x || tie);
                first = false;
                if (tid == self) continue;
                final long irq = irqTime(iv, ivs, Math.max(sl.start(s), x), Math.min(sl.end(s), y));
                final long net = ov - irq;
                if (net <= 0) continue;
                final String cat = tid == 0 ? Category.EXIT_FROM_IDLE : atStart ? Category.BLOCKING_THREAD : Category.THREAD_INTERFERENCE;
                // its name while it held the CPU in the window (a task that exec'd mid-slice changed it)
                final String comm = tid == 0 ? "<idle>" : tl.comm(tid, Math.min(sl.end(s), y) - 1);
                add(acc, new Holder(tid == 0 ? "idle" : "task", comm, tid, cpu, sl.prio(s), cat, net));
            }
        }
        final List<Holder> r = new ArrayList<>(acc.values());
        r.sort(Comparator.comparingLong(Holder::ns).reversed());
        return r;
    }

    private static void add(final Map<String, Holder> acc, final Holder h) {
        final String key = h.category() + '\0' + h.kind() + '\0' + h.comm() + '\0' + h.pid();
        final Holder old = acc.get(key);
        acc.put(key, old == null ? h : old.withNs(old.ns() + h.ns()));
    }

    /** Top-level interrupt time inside [a, b) on the CPU whose intervals are {@code ivs}. */
    private static long irqTime(final Intervals iv, final int[] ivs, final long a, final long b) {
        long t = 0;
        for (int k = firstEndingAfter(ivs, iv, a); k < ivs.length && iv.start(ivs[k]) < b; k++) {
            final int i = ivs[k];
            if (iv.parent(i) >= 0 && overlap(iv.start(iv.parent(i)), iv.end(iv.parent(i)), a, b) > 0) continue;
            t += Math.max(0, overlap(iv.start(i), iv.end(i), a, b));
        }
        return t;
    }

    static boolean hardLevel(final Intervals iv, final int i) {
        for (int j = i; j >= 0; j = iv.parent(j)) {
            final int k = iv.kind(j);
            if (k == Intervals.HARDIRQ || k == Intervals.VECTOR || k == Intervals.NMI) return true;
            if (k == Intervals.SOFTIRQ || k == Intervals.TASKLET) return false;
        }
        return false;
    }

    private static long overlap(final long a0, final long a1, final long b0, final long b1) {
        return Math.min(a1, b1) - Math.max(a0, b0);
    }

    /**
     * First position in {@code ivs} (sorted by start) whose interval could overlap [x, ...): intervals are
     * short and properly nested, so back up from the first start ≥ x over any that still run at x.
     */
    private static int firstEndingAfter(final int[] ivs, final Intervals iv, final long x) {
        int lo = 0;
        int hi = ivs.length;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (iv.start(ivs[mid]) < x) lo = mid + 1;
            else hi = mid;
        }
        int k = lo;
        // a top-level interval that started before x may still be running; its nested ones too
        int back = lo - 1;
        while (back >= 0 && lo - back < 256) {
            final int i = ivs[back];
            if (iv.end(i) > x) k = back;
            else if (iv.parent(i) < 0) break;
            back--;
        }
        return k;
    }

    private static int firstSliceEndingAfter(final int[] ss, final Slices sl, final long x) {
        int lo = 0;
        int hi = ss.length;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (sl.end(ss[mid]) <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
