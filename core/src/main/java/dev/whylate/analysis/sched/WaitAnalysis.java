package dev.whylate.analysis.sched;

import dev.whylate.model.Ctx;
import dev.whylate.model.TaskState;
import dev.whylate.model.TaskTable;
import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Slices;
import dev.whylate.timeline.Timeline;
import dev.whylate.timeline.Timers;
import dev.whylate.timeline.Wakeups;
import dev.whylate.timeline.Works;
import dev.whylate.util.IntList;
import dev.whylate.util.LongList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * whylate's own wait accounting, fed with {@link SchedEvent}s. The scan itself needs no timeline (so it can
 * run while the timeline is built); {@link #attribute(Timeline)} then names the wakers, the CPU holders and
 * the timer expiries. Rules (docs/METRICS.md, section "sched"):
 *
 * <ul>
 *   <li>A task switched out in a runnable state (R or R+) waits from that switch-out (preemption wait).
 *       Switched out in any other state it sleeps.</li>
 *   <li>A primary wakeup (sched_waking when the trace has any, else sched_wakeup; sched_wakeup_new) of a task
 *       that is neither running nor already waiting starts a wakeup wait. Wakeups of running or already
 *       waiting tasks are ignored (the first one counts).</li>
 *   <li>The task's next switch-in ends the wait; the wait counts for that CPU and for the prio the task was
 *       switched in with. When the trace misses that switch (lost events, or kernels that do not trace some
 *       switches) the first event the task itself emits ends it, counted as {@code switchInMissing} — or the
 *       start the timeline inferred for that run when earlier (the end of the interrupt that woke the task out
 *       of idle, {@link Slices#START_INFERRED}); this
 *       applies only to tasks seen switched out since the trace began. A wait still open at the end of the trace is reported as unfinished, not counted.
 *       A switch-in with no open wait (the task's first appearance, a trace starting mid-slice) measures
 *       nothing.</li>
 *   <li>While waiting the task is queued on the wakeup's target_cpu (the switch-out CPU for a preemption),
 *       then on each sched_migrate_task destination; the tasks whose slices overlap the wait on the queue CPU
 *       are its holders (also for unfinished waits, up to the end of that CPU's events).</li>
 *   <li>The waker of a wakeup wait is the innermost non-task context that emitted the wakeup (hardirq,
 *       softirq, tasklet, hrtimer, IPI vector), else the interrupt context the event's own flags show when no
 *       entry/exit events enclose it ({@code hardirq (untraced)}), else the work item the kworker was
 *       running, else the task.
 *       A wakeup inside an hrtimer callback makes a timer wakeup: expiry → switch-in, where the expiry is the
 *       callback's start minus {@code now − softexpires}. When the callback wakes a task that is still
 *       running (it armed the timer too late to sleep), the timer wakeup is expiry → the wakeup.</li>
 *   <li>sched_waking → the next sched_wakeup of the same task is the waking step; a waking with no wakeup
 *       before the task runs (or before the next waking) counts as waking without wakeup. Both only when the
 *       trace has both events ({@code perf sched record} records only sched_waking).</li>
 * </ul>
 *
 * <p>With a CPU set, only waits ended by a switch-in on those CPUs are counted.
 */
public final class WaitAnalysis implements SchedScan.Consumer {
    private static final byte NONE = 0;
    private static final byte WAKEUP = 1;
    private static final byte PREEMPT = 2;
    private static final long NO_TS = Long.MIN_VALUE;
    private static final long TASK_CODE = 8L << 48;
    private static final long WORK_CODE = 7L << 48;
    private static final long UNTRACED_CODE = 9L << 48;

    private final boolean hasWaking;
    private final boolean pairs;
    private final BitSet cpus;
    private final TidIndex ids = new TidIndex();
    private byte[] pend = new byte[256];
    private long[] pendStart = new long[256];
    private long[] segStart = new long[256];
    private int[] pendCpu = new int[256];
    private int[] pendEvent = new int[256];
    private int[] pendId = new int[256];
    private long[] wakingTs = new long[256];
    private int[] onCpu = new int[256];
    private int[] pendPrio = new int[256];
    private boolean[] seenOut = new boolean[256];
    private Acc[] acc = new Acc[256];
    private final List<DelayHistogram[]> perCpu = new ArrayList<>();
    private final Map<Integer, DelayHistogram[]> perPrio = new TreeMap<>();
    private final DelayHistogram allWakeup = new DelayHistogram();
    private final DelayHistogram allPreempt = new DelayHistogram();
    private int nextWaitId;
    private final BitSet holdCounted = new BitSet();
    // queue segments of waits: task, wait id, cpu, [from, to)
    private final IntList segTask = new IntList(1024);
    private final IntList segWait = new IntList(1024);
    private final IntList segCpu = new IntList(1024);
    private final LongList segFrom = new LongList(1024);
    private final LongList segTo = new LongList(1024);
    // counted wakeup waits: task, event index of the wakeup, delay, switch-in time
    private final IntList wTask = new IntList(1024);
    private final IntList wEvent = new IntList(1024);
    private final LongList wDelay = new LongList(1024);
    private final LongList wEnd = new LongList(1024);
    // primary wakeups of tasks that were running (candidates for timer wakeups with no wait): task, event, time
    private final IntList rTask = new IntList(64);
    private final IntList rEvent = new IntList(64);
    private final LongList rTs = new LongList(64);
    private boolean attributed;

    /**
     * @param scan the scan that will feed this (tells which wakeup events the trace has)
     * @param cpus count only waits ended on these CPUs; {@code null} for all
     */
    public WaitAnalysis(final SchedScan scan, final BitSet cpus) {
        this.hasWaking = scan.has(SchedEvent.WAKING);
        this.pairs = hasWaking && scan.has(SchedEvent.WAKEUP);
        this.cpus = cpus;
    }

    /** Per-task accumulators. */
    static final class Acc {
        final DelayHistogram wakeup = new DelayHistogram();
        final DelayHistogram preempt = new DelayHistogram();
        final DelayHistogram step = new DelayHistogram();
        final DelayHistogram timer = new DelayHistogram();
        final DelayHistogram timerIrq = new DelayHistogram();
        final DelayHistogram timerSlack = new DelayHistogram();
        final Map<Long, long[]> wakers = new HashMap<>();
        final Map<Integer, long[]> holders = new HashMap<>();
        final Map<String, long[]> wakerNames = new HashMap<>();
        final Map<String, long[]> holderNames = new HashMap<>();
        long timerNoExpiry;
        long wakingNoWakeup;
        long switchInMissing;
        long unfinished;
        long unfinishedNs;
    }

    private int id(final int tid) {
        final int n = ids.size();
        final int id = ids.of(tid);
        if (id == n) {
            if (n == pend.length) {
                final int c = n * 2;
                pend = Arrays.copyOf(pend, c);
                pendStart = Arrays.copyOf(pendStart, c);
                segStart = Arrays.copyOf(segStart, c);
                pendCpu = Arrays.copyOf(pendCpu, c);
                pendEvent = Arrays.copyOf(pendEvent, c);
                pendId = Arrays.copyOf(pendId, c);
                wakingTs = Arrays.copyOf(wakingTs, c);
                onCpu = Arrays.copyOf(onCpu, c);
                pendPrio = Arrays.copyOf(pendPrio, c);
                seenOut = Arrays.copyOf(seenOut, c);
                acc = Arrays.copyOf(acc, c);
            }
            wakingTs[id] = NO_TS;
            onCpu[id] = -1;
            pendEvent[id] = -1;
        }
        return id;
    }

    private Acc acc(final int a) {
        Acc x = acc[a];
        if (x == null) {
            x = new Acc();
            acc[a] = x;
        }
        return x;
    }

    @Override
    public boolean wantsOther() {
        return true;
    }

    /**
     * Any event emitted by a task proves it runs: a task with an open wait that was seen switched out and
     * emits an event without a traced switch-in (lost events; kernels that do not trace some switches)
     * ends its wait there, an upper bound counted as {@code switchInMissing}. A task never seen switched
     * out is running since before the trace: an open wait of it is dropped.
     */
    /**
     * Per CPU, the task its last sched_switch switched out and when, while no event of another task has followed
     * on that CPU: the kernel still runs the switch for it (switch_mm's tlb_flush "flush on task switch" carries
     * its pid, 0.3-1 us after the sched_switch), so its events there do not prove it runs again.
     */
    private int[] tailTid = new int[0];
    private long[] tailTs = new long[0];

    private boolean inSwitchTail(final long ts, final int cpu, final int tid) {
        if (cpu < 0 || cpu >= tailTid.length || tailTid[cpu] <= 0) return false;
        if (tailTid[cpu] == tid && ts - tailTs[cpu] <= dev.whylate.timeline.TimelineBuilder.SWITCH_TAIL_NS) return true;
        tailTid[cpu] = 0;
        return false;
    }

    private void switchTail(final int cpu, final int prev, final long ts) {
        if (cpu < 0) return;
        if (cpu >= tailTid.length) {
            tailTid = Arrays.copyOf(tailTid, cpu + 1);
            tailTs = Arrays.copyOf(tailTs, cpu + 1);
        }
        tailTid[cpu] = prev;
        tailTs[cpu] = ts;
    }

    @Override
    public void other(final int index, final long ts, final int cpu, final int tid) {
        if (tid <= 0) {
            if (cpu >= 0 && cpu < tailTid.length) tailTid[cpu] = 0;
            return;
        }
        if (inSwitchTail(ts, cpu, tid)) return;
        final int a = ids.find(tid);
        if (a < 0 || onCpu[a] >= 0) return;
        if (pend[a] != NONE && seenOut[a]) {
            missingSwitchIn(a, ts, cpu);
        } else if (!seenOut[a]) {
            // running since before the trace began: whatever woke it opened no wait
            pend[a] = NONE;
            onCpu[a] = cpu;
        }
    }

    private void missingSwitchIn(final int a, final long ts, final int cpu) {
        // with a CPU set, like the waits it ends: only on those CPUs
        if (cpus == null || (cpu >= 0 && cpus.get(cpu))) acc(a).switchInMissing++;
        if (cpus == null || (cpu >= 0 && cpus.get(cpu))) {
            missing.add(new long[] {a, pend[a], pendStart[a], segStart[a], pendEvent[a], pendId[a], ts, cpu, pendPrio[a]});
        }
        pend[a] = NONE;
        onCpu[a] = cpu;
    }

    @Override
    public void on(final SchedEvent e) {
        other(e.index, e.ts, e.cpu, e.tid);
        switch (e.kind) {
            case SchedEvent.SWITCH:
                onSwitch(e);
                switchTail(e.cpu, e.prevPid, e.ts);
                break;
            case SchedEvent.WAKING: case SchedEvent.WAKEUP: case SchedEvent.WAKEUP_NEW: onWakeup(e); break;
            case SchedEvent.MIGRATE: {
                if (e.pid <= 0) return;
                final int a = id(e.pid);
                if (pend[a] != NONE) {
                    segment(a, pendCpu[a], segStart[a], e.ts);
                    segStart[a] = e.ts;
                    if (e.destCpu >= 0) pendCpu[a] = e.destCpu;
                }
                break;
            }
            default: break;
        }
    }

    private void start(final int a, final byte kind, final long ts, final int cpu, final int event, final int prio) {
        pendPrio[a] = prio;
        pend[a] = kind;
        pendStart[a] = ts;
        segStart[a] = ts;
        pendCpu[a] = cpu;
        pendEvent[a] = event;
        pendId[a] = nextWaitId++;
    }

    private void segment(final int a, final int cpu, final long from, final long to) {
        if (to <= from || cpu < 0) return;
        segTask.add(a);
        segWait.add(pendId[a]);
        segCpu.add(cpu);
        segFrom.add(from);
        segTo.add(to);
    }

    private void onWakeup(final SchedEvent e) {
        if (e.pid <= 0) return;
        for (int c = 0; c < tailTid.length; c++) if (tailTid[c] == e.pid) tailTid[c] = 0;
        final int a = id(e.pid);
        if (e.kind == SchedEvent.WAKING && pairs) {
            if (wakingTs[a] != NO_TS) acc(a).wakingNoWakeup++;
            wakingTs[a] = e.ts;
        } else if (e.kind == SchedEvent.WAKEUP && wakingTs[a] != NO_TS) {
            acc(a).step.add(e.ts - wakingTs[a]);
            wakingTs[a] = NO_TS;
        }
        final boolean primary = e.kind == SchedEvent.WAKEUP_NEW || (hasWaking ? e.kind == SchedEvent.WAKING : e.kind == SchedEvent.WAKEUP);
        if (!primary || pend[a] != NONE) return;
        if (onCpu[a] >= 0) {
            if (cpus == null || (e.cpu >= 0 && cpus.get(e.cpu))) {
                rTask.add(a);
                rEvent.add(e.index);
                rTs.add(e.ts);
            }
            return;
        }
        start(a, WAKEUP, e.ts, e.targetCpu >= 0 ? e.targetCpu : e.cpu, e.index, e.prio);
    }

    private void onSwitch(final SchedEvent e) {
        if (e.prevPid > 0) {
            final int a = id(e.prevPid);
            onCpu[a] = -1;
            seenOut[a] = true;
            if (e.prevState != TaskState.UNKNOWN && TaskState.isRunnable(e.prevState)) start(a, PREEMPT, e.ts, e.cpu, -1, e.prevPrio);
            else pend[a] = NONE;
        }
        if (e.nextPid > 0) {
            final int a = id(e.nextPid);
            if (wakingTs[a] != NO_TS) {
                acc(a).wakingNoWakeup++;
                wakingTs[a] = NO_TS;
            }
            if (pend[a] != NONE) complete(a, e.ts, e.cpu, e.nextPrio);
            pend[a] = NONE;
            onCpu[a] = e.cpu;
        }
    }

    private void complete(final int a, final long end, final int c, final int prio) {
        completeWait(a, pend[a], pendStart[a], segStart[a], pendEvent[a], pendId[a], end, c, prio);
    }

    /** Counts the wait {@code id} of task {@code a} (kind, start, open queue segment, wakeup event) ended at {@code end} on CPU c. */
    private void completeWait(final int a, final byte kind, final long start, final long queuedFrom, final int event, final int id, final long end,
                              final int c, final int prio) {
        if (cpus != null && (c < 0 || !cpus.get(c))) return;
        final long d = end - start;
        final Acc x = acc(a);
        if (end > queuedFrom && c >= 0) {
            segTask.add(a);
            segWait.add(id);
            segCpu.add(c);
            segFrom.add(queuedFrom);
            segTo.add(end);
        }
        holdCounted.set(id);
        while (perCpu.size() <= c) perCpu.add(new DelayHistogram[] {new DelayHistogram(), new DelayHistogram()});
        final DelayHistogram[] pc = perCpu.get(c);
        final DelayHistogram[] pp = perPrio.computeIfAbsent(prio, k -> new DelayHistogram[] {new DelayHistogram(), new DelayHistogram()});
        if (kind == PREEMPT) {
            x.preempt.add(d);
            pc[1].add(d);
            pp[1].add(d);
            allPreempt.add(d);
            return;
        }
        x.wakeup.add(d);
        pc[0].add(d);
        pp[0].add(d);
        allWakeup.add(d);
        wTask.add(a);
        wEvent.add(event);
        wDelay.add(d);
        wEnd.add(end);
    }

    /**
     * Waits ended by the task's own first event because their switch-in is missing, counted in {@link #attribute}
     * where the timeline may date the switch-in earlier: task, kind, start, segment start, event, wait id, end, CPU, prio.
     */
    private final List<long[]> missing = new ArrayList<>();

    /** Counts the waits of {@link #missing}, ended at the start the timeline inferred for the run when it is earlier. */
    private void completeMissing(final Timeline tl) {
        final Slices sl = tl.slices();
        for (final long[] m : missing) {
            final int a = (int) m[0];
            final int c = (int) m[7];
            long end = m[6];
            final int pos = sl.taskPosAtOrBefore(ids.tid(a), end);
            if (pos >= 0) {
                final int s = sl.ofTask(ids.tid(a))[pos];
                if (sl.cpu(s) == c && (sl.flags(s) & Slices.START_INFERRED) != 0 && sl.start(s) >= m[2] && sl.start(s) < end) end = sl.start(s);
            }
            completeWait(a, (byte) m[1], m[2], m[3], (int) m[4], (int) m[5], end, c, (int) m[8]);
        }
        missing.clear();
    }

    /**
     * Names wakers, CPU holders and timer expiries from the timeline, and closes the waits still open
     * (unfinished: the task never ran again before the trace ended). Call once, after the scan.
     */
    public void attribute(final Timeline tl) {
        if (attributed) throw new IllegalStateException("already attributed");
        attributed = true;
        completeMissing(tl);
        // waits still open: unfinished, their holders up to the end of the queue CPU's events
        for (int a = 0; a < ids.size(); a++) {
            if (pend[a] == NONE) continue;
            final int c = pendCpu[a];
            final long end = c >= 0 && c < tl.cpus() && tl.cpuLast(c) != Works.NONE ? tl.cpuLast(c) : pendStart[a];
            // with a CPU set: only waits queued on those CPUs
            if (cpus == null || (c >= 0 && cpus.get(c))) {
                final Acc x = acc(a);
                x.unfinished++;
                x.unfinishedNs += Math.max(0, end - pendStart[a]);
            }
            segment(a, c, segStart[a], end);
            holdCounted.set(pendId[a]);
        }
        final int[] timerOfInterval = new int[tl.intervals().size()];
        Arrays.fill(timerOfInterval, -1);
        final Timers tm = tl.timers();
        for (int k = 0; k < tm.size(); k++) if (tm.interval(k) >= 0) timerOfInterval[tm.interval(k)] = k;
        final Wakeups wk = tl.wakeups();
        final Intervals iv = tl.intervals();
        for (int k = 0; k < wTask.size(); k++) {
            final int w = edgeOf(wk, wEvent.get(k));
            if (w < 0) continue;
            final Acc x = acc[wTask.get(k)];
            final long d = wDelay.get(k);
            final long[] s = x.wakers.computeIfAbsent(wakerCode(tl, w, wEvent.get(k)), n -> new long[3]);
            s[0]++;
            s[1] += d;
            s[2] = Math.max(s[2], d);
            timer(tl, timerOfInterval, x, w, wEnd.get(k));
        }
        // a timer that fired while its task still ran (it armed it late): expiry -> the wakeup itself
        for (int k = 0; k < rTask.size(); k++) {
            final int w = edgeOf(wk, rEvent.get(k));
            if (w >= 0) timer(tl, timerOfInterval, acc(rTask.get(k)), w, rTs.get(k));
        }
        final Slices sl = tl.slices();
        for (int k = 0; k < segTask.size(); k++) {
            if (holdCounted.get(segWait.get(k))) hold(sl, segTask.get(k), segCpu.get(k), segFrom.get(k), segTo.get(k));
        }
        final TaskTable tasks = tl.trace().tasks();
        for (int a = 0; a < ids.size(); a++) {
            final Acc x = acc[a];
            if (x == null) continue;
            for (final Map.Entry<Long, long[]> e : x.wakers.entrySet()) x.wakerNames.put(wakerLabel(tl, tasks, e.getKey()), e.getValue());
            for (final Map.Entry<Integer, long[]> e : x.holders.entrySet()) {
                final int t = e.getKey();
                x.holderNames.put(t == 0 ? "<idle>" : comm(tasks, t) + "[" + t + "]", e.getValue());
            }
        }
    }

    /**
     * Counts a timer wakeup ending at {@code switchIn} when wakeup edge {@code w} came from an hrtimer callback.
     * When the trace has the exit of the syscall the task slept in, the wakeup ends there instead (the return to
     * user space, where cyclictest reads its clock), provided the task had not left its CPU again in between.
     */
    private static void timer(final Timeline tl, final int[] timerOfInterval, final Acc x, final int w, final long switchIn) {
        final Intervals iv = tl.intervals();
        int i = tl.wakeups().ctx(w);
        while (i >= 0 && iv.kind(i) != Intervals.HRTIMER) i = iv.parent(i);
        if (i < 0) return;
        final long end = userReturn(tl, tl.wakeups().wakee(w), switchIn);
        final int t = timerOfInterval[i];
        final long late = t < 0 ? -1 : tl.timers().lateness(t);
        if (late < 0) {
            x.timerNoExpiry++;
            x.timer.add(end - iv.start(i));
        } else {
            x.timer.add(end - iv.start(i) + late);
            x.timerIrq.add(late);
            x.timerSlack.add(Math.min(late, tl.timers().slack(t)));
        }
    }

    /** The exit of the syscall {@code tid} slept in, if traced and still in the slice that began at {@code switchIn}; else {@code switchIn}. */
    private static long userReturn(final Timeline tl, final int tid, final long switchIn) {
        final dev.whylate.timeline.Syscalls sc = tl.syscalls();
        final int k = sc.at(tid, switchIn);
        if (k < 0 || !sc.endKnown(k) || sc.end(k) < switchIn) return switchIn;
        final Slices sl = tl.slices();
        final int pos = sl.taskPosAtOrBefore(tid, switchIn);
        if (pos < 0) return switchIn;
        final int s = sl.ofTask(tid)[pos];
        return sl.end(s) >= sc.end(k) ? sc.end(k) : switchIn;
    }

    /** The wakeup edge of event {@code eventIndex} (edges are in event order), or -1. */
    private static int edgeOf(final Wakeups wk, final int eventIndex) {
        if (eventIndex < 0) return -1;
        int lo = 0;
        int hi = wk.size() - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            final int ev = wk.event(mid);
            if (ev < eventIndex) lo = mid + 1;
            else if (ev > eventIndex) hi = mid - 1;
            else return mid;
        }
        return -1;
    }

    /**
     * A compact key for the waker of edge {@code w} (event {@code event}): interval kind/id/name, an interrupt
     * context the event's flags show but no traced interval encloses, work function, or task.
     */
    private static long wakerCode(final Timeline tl, final int w, final int event) {
        final Wakeups wk = tl.wakeups();
        final int ctx = wk.ctx(w);
        if (ctx >= 0) {
            final Intervals iv = tl.intervals();
            return ((long) (iv.kind(ctx) + 1) << 48) | ((long) (iv.id(ctx) & 0xFFFF) << 32) | (iv.name(ctx) & 0xFFFFFFFFL);
        }
        final int f = tl.trace().events().ctx(event);
        if ((f & Ctx.KNOWN) != 0 && (f & (Ctx.NMI | Ctx.HARDIRQ | Ctx.SOFTIRQ)) != 0) {
            return UNTRACED_CODE | ((f & Ctx.NMI) != 0 ? 2 : (f & Ctx.HARDIRQ) != 0 ? 0 : 1);
        }
        final int work = wk.work(w);
        if (work >= 0) return WORK_CODE | (tl.works().function(work) & 0xFFFFFFFFL);
        return TASK_CODE | (wk.wakerTid(w) & 0xFFFFFFFFL);
    }

    private static String wakerLabel(final Timeline tl, final TaskTable tasks, final long code) {
        final long kind = code >>> 48;
        final int low = (int) code;
        if (kind == 8) return low == 0 ? "task <idle>" : "task " + comm(tasks, low) + "[" + low + "]";
        if (kind == 7) return "work " + tl.name(low);
        if (kind == 9) return low == 2 ? "nmi (untraced)" : low == 0 ? "hardirq (untraced)" : "softirq (untraced)";
        final int k = (int) kind - 1;
        final String name = tl.name(low);
        switch (k) {
            case Intervals.HARDIRQ: return "hardirq " + (short) (code >>> 32) + " " + name;
            case Intervals.VECTOR: {
                final String v = name.toLowerCase(Locale.ROOT);
                if (v.equals("reschedule") || v.startsWith("call_function") || v.equals("irq_work") || v.contains("ipi")
                    || v.contains("function call")) return "ipi " + name;
                return "vector " + name;
            }
            case Intervals.SOFTIRQ: return "softirq " + name;
            case Intervals.TASKLET: return "tasklet " + name;
            case Intervals.HRTIMER: return "hrtimer " + name;
            default: return (k >= 0 && k < Intervals.KIND_NAMES.length ? Intervals.KIND_NAMES[k] : "context") + " " + name;
        }
    }

    /** The task's last comm; {@code :TID} (perf's spelling) when the trace never named it. */
    private static String comm(final TaskTable tasks, final int tid) {
        final TaskTable.Task k = tasks.get(tid);
        return k != null && k.comm() != null ? k.comm() : ":" + tid;
    }

    /** Adds the slices on {@code cpu} overlapping [from, to) to task {@code a}'s holders. */
    private void hold(final Slices s, final int a, final int cpu, final long from, final long to) {
        final int[] on = s.ofCpu(cpu);
        int lo = 0;
        int hi = on.length - 1;
        int k = 0;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            if (s.start(on[mid]) <= from) {
                k = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        final int self = ids.tid(a);
        final Acc x = acc(a);
        for (; k < on.length; k++) {
            final int sl = on[k];
            if (s.start(sl) >= to) break;
            final long ov = Math.min(s.end(sl), to) - Math.max(s.start(sl), from);
            if (ov <= 0) continue;
            final int t = s.tid(sl);
            if (t == self) continue;
            final long[] h = x.holders.computeIfAbsent(t, n -> new long[3]);
            h[0]++;
            h[1] += ov;
            h[2] = Math.max(h[2], ov);
        }
    }

    /** Tids seen, in first-seen order. */
    int[] tids() {
        final int[] t = new int[ids.size()];
        for (int a = 0; a < t.length; a++) t[a] = ids.tid(a);
        return t;
    }

    /** The accumulators of {@code tid}, or {@code null}. */
    Acc accOf(final int tid) {
        final int a = ids.find(tid);
        return a < 0 ? null : acc[a];
    }

    /** Per-CPU waits. */
    List<CpuWaits> cpuWaits() {
        final List<CpuWaits> out = new ArrayList<>();
        for (int c = 0; c < perCpu.size(); c++) {
            final DelayHistogram[] h = perCpu.get(c);
            if (h[0].count() + h[1].count() > 0) out.add(new CpuWaits(c, h[0].summary(), h[1].summary()));
        }
        return out;
    }

    /** Per-class waits, by kernel prio. */
    List<ClassWaits> classWaits() {
        final List<ClassWaits> out = new ArrayList<>();
        for (final Map.Entry<Integer, DelayHistogram[]> e : perPrio.entrySet()) {
            final int p = e.getKey();
            out.add(new ClassWaits(ClassWaits.policyOf(p), p == SchedEvent.NO_PRIO ? -1 : p, ClassWaits.labelOf(p),
                e.getValue()[0].summary(), e.getValue()[1].summary()));
        }
        return out;
    }

    /** All wakeup delays. */
    DelayHistogram allWakeup() {
        return allWakeup;
    }

    /** All preemption waits. */
    DelayHistogram allPreempt() {
        return allPreempt;
    }

    /** Merges the accumulators into one summary (top {@code top} wakers and holders; -1: all). */
    static TaskWaits summarize(final List<Acc> accs, final int top) {
        final Acc m = new Acc();
        for (final Acc x : accs) {
            m.wakeup.addAll(x.wakeup);
            m.preempt.addAll(x.preempt);
            m.step.addAll(x.step);
            m.timer.addAll(x.timer);
            m.timerIrq.addAll(x.timerIrq);
            m.timerSlack.addAll(x.timerSlack);
            merge(m.wakerNames, x.wakerNames);
            merge(m.holderNames, x.holderNames);
            m.timerNoExpiry += x.timerNoExpiry;
            m.wakingNoWakeup += x.wakingNoWakeup;
            m.switchInMissing += x.switchInMissing;
            m.unfinished += x.unfinished;
            m.unfinishedNs += x.unfinishedNs;
        }
        return new TaskWaits(m.wakeup.summary(), m.preempt.summary(), m.step.summary(), m.timer.summary(), m.timerIrq.summary(), m.timerSlack.summary(),
            m.timerNoExpiry, m.wakingNoWakeup, m.switchInMissing, m.unfinished, m.unfinishedNs, top(m.wakerNames, top), top(m.holderNames, top));
    }

    private static void merge(final Map<String, long[]> into, final Map<String, long[]> from) {
        for (final Map.Entry<String, long[]> e : from.entrySet()) {
            final long[] t = into.computeIfAbsent(e.getKey(), k -> new long[3]);
            t[0] += e.getValue()[0];
            t[1] += e.getValue()[1];
            t[2] = Math.max(t[2], e.getValue()[2]);
        }
    }

    private static List<Contributor> top(final Map<String, long[]> m, final int n) {
        final List<Contributor> all = new ArrayList<>();
        for (final Map.Entry<String, long[]> e : m.entrySet()) all.add(new Contributor(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]));
        all.sort((x, y) -> x.totalNs() != y.totalNs() ? Long.compare(y.totalNs(), x.totalNs())
            : x.count() != y.count() ? Long.compare(y.count(), x.count()) : x.name().compareTo(y.name()));
        return n >= 0 && all.size() > n ? List.copyOf(all.subList(0, n)) : List.copyOf(all);
    }
}
