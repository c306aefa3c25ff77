package dev.whylate.analysis.explain;

import dev.whylate.model.TaskState;
import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Migrations;
import dev.whylate.timeline.Raises;
import dev.whylate.timeline.Slices;
import dev.whylate.timeline.Timeline;
import dev.whylate.timeline.Timers;
import dev.whylate.timeline.Wakeups;
import dev.whylate.timeline.Works;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the timeline backwards from the end of a late interval to its start and returns the critical path
 * as segments (see {@link Segment}).
 *
 * <p>The walk, for a task T over {@code [lo, hi]}: while T ran, a {@code running} segment; before it was
 * switched in, either a {@code runnable} wait (it was preempted, or woken and queued) or, when it had blocked,
 * the runnable wait after its wakeup plus the path of its <em>waker</em> back to {@code lo} (what T did before it
 * blocked ran beside the waker's path; that path comes back to T where T caused it) — unless the waker's path ends
 * in a cause the trace does not show (a device interrupt, an untraced wakeup): then only back to the moment T
 * blocked, and T's own path before. A waker
 * is a task (walked the same way), a kworker executing a work item (the item ran from its start; before that
 * it waited for the kworker since it was queued — the kworker's own walk — and before that, the context that
 * queued it), a softirq (ran since entry; waited since raised; before that, the raiser), a tasklet (its
 * softirq), an hrtimer callback (the timer fired late by now − expires: {@code irq-latency} beyond its hard
 * expiry, {@code timer-slack} within its slack window) or a hardirq (the
 * interrupt: the chain ends there, the time before it is {@code blocked} waiting for the device).
 *
 * <p>A polling consumer (never blocked in the interval) has no waker: the walk follows the deferred work that
 * completed last before the end (the {@code carrier}), then the consumer from that completion to the end.
 *
 * <p>Not thread-safe; one instance per thread. Recursion is bounded ({@link #MAX_DEPTH}).
 */
public final class CriticalPath {
    /** Details of the blocked segments that end a chain at a cause the trace does not show. */
    private static final String WAITING_FOR_INTERRUPT = "waiting for the interrupt";
    private static final String NO_WAKEUP = ", no wakeup traced";

    /** Deepest waker chain followed; beyond it the rest is {@code unknown}. */
    public static final int MAX_DEPTH = 48;

    private final Timeline tl;
    private final Slices sl;
    private final Intervals iv;
    private final Wakeups wk;
    private final Works works;
    private List<Segment> out;

    /** A walker over {@code tl}. */
    public CriticalPath(final Timeline tl) {
        this.tl = tl;
        this.sl = tl.slices();
        this.iv = tl.intervals();
        this.wk = tl.wakeups();
        this.works = tl.works();
    }

    /**
     * Time {@code tid} spent asleep (switched out in a non-runnable state) inside {@code [lo, hi]}, ns. A consumer
     * that sleeps only briefly in a late interval is polling: its waiting was spent running.
     */
    public long asleepWithin(final int tid, final long lo, final long hi) {
        final int[] mine = sl.ofTask(tid);
        long asleep = 0;
        for (int k = Math.max(0, sl.taskPosAtOrBefore(tid, lo)); k < mine.length && sl.start(mine[k]) < hi; k++) {
            final int s = mine[k];
            if ((sl.flags(s) & Slices.END_UNKNOWN) != 0 || TaskState.isRunnable(sl.endState(s))) continue;
            long next = k + 1 < mine.length ? sl.start(mine[k + 1]) : hi;
            // asleep until woken (the runnable wait after the wakeup is not sleep); woken while still switching
            // out (the wakeup came between its last switch-in and the switch-out), it never slept
            final int w = wk.firstPrimary(tid, sl.end(s), next);
            if (w >= 0) next = wk.ts(w);
            else if (wk.lastPrimary(tid, sl.start(s), sl.end(s)) >= 0) next = sl.end(s);
            asleep += Math.max(0, Math.min(hi, next) - Math.max(lo, sl.end(s)));
        }
        return asleep;
    }

    /** Time task {@code tid} spent on a CPU within {@code [lo, hi]}, ns. */
    public long runningWithin(final int tid, final long lo, final long hi) {
        final int[] mine = sl.ofTask(tid);
        long on = 0;
        for (int k = Math.max(0, sl.taskPosAtOrBefore(tid, lo)); k < mine.length && sl.start(mine[k]) < hi; k++) {
            final int s = mine[k];
            on += Math.max(0, Math.min(hi, sl.end(s)) - Math.max(lo, sl.start(s)));
        }
        return on;
    }

    /**
     * Whether the last wakeup of task {@code tid} within {@code [lo, hi]} came from the carrier's kind of deferred
     * work (its work function, or its softirq/tasklet, any instance): the carrier itself woke the consumer.
     */
    public boolean wokenByCarrier(final int tid, final long lo, final long hi, final int carrier) {
        final int w = wk.lastPrimary(tid, lo, hi);
        if (w < 0 || carrier == -1) return false;
        if (carrier >= 0) {
            // the carrier's work function (the instance that woke it may be another one than the last to complete)
            return wk.work(w) >= 0 && works.function(wk.work(w)) == works.function(carrier);
        }
        // the carrier's kind of interrupt (NET_RX on the producer's CPU, while another NET_RX completed last)
        final int ci = -2 - carrier;
        for (int c = wk.ctx(w); c >= 0; c = iv.parent(c)) if (iv.kind(c) == iv.kind(ci) && iv.name(c) == iv.name(ci)) return true;
        return false;
    }

    /** Whether task {@code tid} was woken (a primary wakeup) within {@code [lo, hi]}. */
    public boolean wokenWithin(final int tid, final long lo, final long hi) {
        return wk.firstPrimary(tid, lo, hi) >= 0;
    }

    /**
     * The critical path of task {@code tid} over {@code [lo, hi]}, where {@code tid} emitted the event at
     * {@code hi}. {@code carrier} is the deferred work to follow for a polling consumer (a {@link Works} index
     * ≥ 0, or an {@link Intervals} index encoded as {@code -2 - index}), or -1 for none.
     */
    public List<Segment> walk(final int tid, final long lo, final long hi, final int carrier) {
        out = new ArrayList<>();
        if (carrier == -1) {
            walkTask(tid, lo, hi, 0, null);
        } else {
            final long ce = carrierEnd(carrier);
            // a carrier not finished by hi (a lost cycle's response still on its way) takes the whole window
            final long mid = ce == Works.NONE || ce > hi ? hi : Math.max(lo, ce);
            walkTask(tid, mid, hi, 0, null);
            if (carrier >= 0) walkWork(carrier, lo, mid, 1);
            else walkInterval(-2 - carrier, lo, mid, 1);
        }
        return collected();
    }

    /** The segments emitted since {@code out} was set, in time order, merged. */
    private List<Segment> collected() {
        final List<Segment> r = out;
        Collections.reverse(r);
        out = null;
        return merge(r);
    }

    /**
     * The critical path over {@code [lo, hi]} of something that happened inside interrupt context {@code interval}
     * (an {@link Intervals} index) at {@code hi}: the interrupt since its entry, and before it what it waited for
     * (the device, a raise, an IPI's sender).
     */
    public List<Segment> walkContext(final int interval, final long lo, final long hi) {
        out = new ArrayList<>();
        walkInterval(interval, lo, hi, 0);
        return collected();
    }

    /** End time of a carrier (work end, or interval end). */
    public long carrierEnd(final int carrier) {
        return carrier >= 0 ? works.endTs(carrier) : iv.end(-2 - carrier);
    }

    // ---- emitting (segments are produced backwards in time) ----

    private void emit(final String kind, final int pid, final String comm, final int cpu, final long s, final long e, final String detail) {
        if (e <= s) return;
        out.add(new Segment(kind, pid, comm, cpu, s, e, detail == null ? "" : detail, List.of()));
    }

    private String comm(final int tid, final long ts) {
        return tl.comm(tid, ts);
    }

    // ---- tasks ----

    /**
     * Covers {@code [lo, hi]} for task {@code tid}. {@code phase} labels waits of a kworker whose queued work
     * item is waiting ({@code work-wait}), or null.
     */
    private void walkTask(final int tid, final long lo, final long hi, final int depth, final String phase) {
        long t = hi;
        final int[] mine = sl.ofTask(tid);
        int guard = 0;
        while (t > lo) {
            if (depth > MAX_DEPTH || ++guard > 100_000) {
                emit("unknown", tid, comm(tid, t), -1, lo, t, "chain too deep");
                return;
            }
            final int pos = sl.taskPosAtOrBefore(tid, t - 1);
            if (pos < 0) {
                // no slice of the task before t: it was woken (or created, or existed) before the trace shows it
                // running; a wakeup before lo still made it runnable for the whole window
                final int w = wk.lastPrimary(tid, Long.MIN_VALUE, t);
                if (w >= 0) {
                    final int qcpu = mine.length > 0 ? queuedCpu(w, mine[0]) : wk.target(w);
                    // split at migrations like any wait: a new task is often moved to another CPU before it first runs
                    emitWait(phase != null ? phase : "runnable", tid, qcpu, Math.max(wk.ts(w), lo), t,
                        wk.kind(w) == Wakeups.NEW ? "new task, waiting for its first CPU" : "woken, waiting for a CPU");
                    if (wk.ts(w) > lo) walkWaker(w, lo, wk.ts(w), depth + 1);
                } else {
                    emit("unknown", tid, comm(tid, t), -1, lo, t, "not seen before");
                }
                return;
            }
            final int s = mine[pos];
            if (sl.end(s) >= t) {
                // running at t
                final long x = Math.max(sl.start(s), lo);
                final int w = works.runningAt(tid, t - 1);
                final String detail = w >= 0 ? "work " + tl.name(works.function(w)) : null;
                emit(w >= 0 ? "work" : "running", tid, comm(tid, t), sl.cpu(s), x, t, detail);
                t = x;
                // a slice that began with the CPU's stream: the task ran since before the trace. One that began
                // later without a traced switch-in (the kernel did not trace it, or events were lost) is walked on
                // as if switched in at its first event.
                if ((sl.flags(s) & Slices.START_UNKNOWN) != 0 && t > lo && sl.start(s) <= tl.cpuFirst(sl.cpu(s))) {
                    emit("unknown", tid, comm(tid, t), sl.cpu(s), lo, t, "before the trace");
                    return;
                }
                continue;
            }
            // off CPU during (end(s), t]
            t = offCpu(tid, s, t, lo, depth, phase);
        }
    }

    /** Task {@code tid} left the CPU at the end of slice {@code s} and did not run again before {@code t}. */
    private long offCpu(final int tid, final int s, final long t, final long lo, final int depth, final String phase) {
        final long p = sl.end(s);
        final long from = Math.max(p, lo);
        final int state = sl.endState(s);
        final String wait = phase != null ? phase : "runnable";
        if ((sl.flags(s) & Slices.END_UNKNOWN) != 0) {
            emit("unknown", tid, comm(tid, t), sl.cpu(s), from, t, "events lost");
            return from;
        }
        if (TaskState.isRunnable(state)) {
            emitWait(wait, tid, sl.cpu(s), from, t, "preempted (" + TaskState.render(state) + ")");
            return from;
        }
        int w = wk.firstPrimary(tid, p, t);
        if (w < 0) {
            // woken while still on its way out (waking before the switch-out), or no wakeup traced
            w = wk.lastPrimary(tid, sl.start(s), p);
            if (w >= 0) {
                emitWait(wait, tid, queuedCpu(w, s), from, t, "woken while switching out");
                return from;
            }
            emit("blocked", tid, comm(tid, t), sl.cpu(s), from, t, "blocked (" + TaskState.render(state) + ")" + NO_WAKEUP);
            return from;
        }
        final long wts = wk.ts(w);
        emitWait(wait, tid, queuedCpu(w, s), Math.max(wts, lo), t, "woken, waiting for a CPU");
        // the waker's path is the critical one back to the start of the window, not only while the task slept:
        // what the task did before it blocked ran beside it (a request's processing starts before its sender
        // blocks); the waker's path returns to the task where the task caused it (queued its work, woke it)
        if (wts <= lo) return lo;
        final int mark = out.size();
        walkWaker(w, lo, wts, depth + 1);
        if (out.size() > mark) {
            // segments come backwards in time: the last one emitted is the earliest
            final Segment first = out.get(out.size() - 1);
            if (untracedCause(first) && first.startNs() < from) {
                // the waker's path ends in a cause the trace does not show (a device's interrupt, no wakeup traced):
                // before the task blocked, its own path (submitting the request) is the better account
                final long cut = Math.min(first.endNs(), from);
                out.remove(out.size() - 1);
                if (first.endNs() > cut) {
                    out.add(new Segment(first.kind(), first.pid(), first.comm(), first.cpu(), cut, first.endNs(), first.detail(), first.blockedBy()));
                }
                return cut;
            }
        }
        return lo;
    }

    /** A segment that ends a chain at something the trace does not explain (an interrupt, an untraced wakeup). */
    private static boolean untracedCause(final Segment s) {
        return s.kind().equals("unknown") || s.kind().equals("blocked") && (s.detail().equals(WAITING_FOR_INTERRUPT)
            || s.detail().endsWith(NO_WAKEUP));
    }

    /**
     * The CPU a woken task was queued on: sched_waking reports the task's previous CPU, so the target of the
     * sched_wakeup that follows it (emitted after the CPU was chosen) wins when the trace has one.
     */
    private int queuedCpu(final int w, final int prevSlice) {
        if (wk.kind(w) == Wakeups.WAKING) {
            for (int k = w + 1; k < wk.size() && k < w + 64 && wk.ts(k) - wk.ts(w) < 1_000_000; k++) {
                if (wk.wakee(k) == wk.wakee(w)) {
                    if (wk.kind(k) == Wakeups.WAKEUP && wk.target(k) >= 0) return wk.target(k);
                    if (wk.kind(k) == Wakeups.WAKING) break;
                }
            }
        }
        return wk.target(w) >= 0 ? wk.target(w) : sl.cpu(prevSlice);
    }

    /** A wait of {@code tid} queued on {@code cpu} during [x, y]; split at migrations of the task. */
    private void emitWait(final String kind, final int tid, final int cpu, final long x, final long y, final String detail) {
        if (y <= x) return;
        final Migrations m = tl.migrations();
        final int[] ms = m.ofTask(tid);
        long end = y;
        int c = cpu;
        // walk migrations inside (x, y) backwards: after the last one the task sat on its dest CPU
        final List<long[]> pieces = new ArrayList<>();
        for (int k = ms.length - 1; k >= 0; k--) {
            final long mt = m.ts(ms[k]);
            if (mt >= y) continue;
            if (mt < x) break;
            pieces.add(new long[] {mt, end, m.dest(ms[k])});
            end = mt;
            c = m.orig(ms[k]);
        }
        pieces.add(new long[] {x, end, c});
        for (final long[] pc : pieces) emit(kind, tid, comm(tid, pc[1]), (int) pc[2], pc[0], pc[1], detail);
    }

    // ---- wakers ----

    private void walkWaker(final int w, final long lo, final long hi, final int depth) {
        if (depth > MAX_DEPTH) {
            emit("unknown", -1, "?", -1, lo, hi, "chain too deep");
            return;
        }
        final int ctx = wk.ctx(w);
        if (ctx >= 0) {
            walkInterval(ctx, lo, hi, depth);
        } else if (wk.work(w) >= 0) {
            walkWork(wk.work(w), lo, hi, depth);
        } else {
            final int waker = wk.wakerTid(w);
            if (waker <= 0) emit("unknown", waker, comm(Math.max(waker, 0), hi), wk.cpu(w), lo, hi, "woken from idle context");
            else walkTask(waker, lo, hi, depth + 1, null);
        }
    }

    /** Kworker ran work item {@code w} until {@code hi}; before that the item waited since it was queued. */
    private void walkWork(final int w, final long lo, final long hi, final int depth) {
        final int k = works.execTid(w);
        final long st = works.startTs(w);
        final String fn = tl.name(works.function(w));
        final long q = works.queueTs(w);
        if (k < 0 || st == Works.NONE) {
            if (q == Works.NONE || q >= hi) {
                emit("unknown", -1, "work " + fn, -1, lo, hi, "work item not seen starting");
                return;
            }
            // queued, and not seen starting by hi: it sat in its queue (on the CPU it was queued on, for a bound
            // workqueue)
            emit("work-wait", -1, "work " + fn, works.queueCpu(w), Math.max(q, lo), hi, "queued, not seen starting");
            if (q > lo) walkQueuer(w, lo, q, depth);
            return;
        }
        // the item running (the kworker may have been preempted inside it: walk the kworker); an item that
        // started after hi (a lost cycle's window) only waited
        if (st < hi) walkTask(k, Math.max(st, lo), hi, depth + 1, null);
        final long stc = Math.min(st, hi);
        if (stc <= lo) return;
        if (q == Works.NONE) {
            // flush_work() inserts a barrier item behind the work it waits for without a queue event: the waiter
            // really waited for the item the kworker ran just before the barrier
            final int prev = "wq_barrier_func".equals(fn) ? previousWork(k, w) : -1;
            if (prev >= 0) {
                final long pe = Math.min(works.endTs(prev), stc);
                walkTask(k, Math.max(pe, lo), stc, depth + 1, "work-wait");
                if (pe > lo) walkWork(prev, lo, pe, depth + 1);
                return;
            }
            emit("unknown", k, comm(k, stc), works.execCpu(w), lo, stc, "work " + fn + " queued before the trace");
            return;
        }
        final long qFrom = Math.max(q, lo);
        // queued → started: the kworker's own story in that window
        walkTask(k, Math.min(qFrom, stc), stc, depth + 1, "work-wait");
        if (q <= lo) return;
        walkQueuer(w, lo, Math.min(q, stc), depth);
    }

    /** Before work item {@code w} was queued (at {@code q}): whoever queued it, over {@code [lo, q]}. */
    private void walkQueuer(final int w, final long lo, final long q, final int depth) {
        final int qctx = works.queueCtx(w);
        if (qctx >= 0) {
            walkInterval(qctx, lo, q, depth + 1);
            return;
        }
        final int qtid = works.queueTid(w);
        final int parentWork = qtid > 0 ? works.runningAt(qtid, q) : -1;
        if (parentWork >= 0 && parentWork != w) walkWork(parentWork, lo, q, depth + 1);
        else if (qtid > 0) walkTask(qtid, lo, q, depth + 1, null);
        else emit("unknown", qtid, comm(Math.max(qtid, 0), q), works.queueCpu(w), lo, q, "queued from idle context");
    }

    /** The work item kworker {@code k} finished last before item {@code w} started, or -1. */
    private int previousWork(final int k, final int w) {
        final int[] mine = works.ofWorker(k);
        int best = -1;
        for (final int x : mine) {
            if (x == w) break;
            if (works.endTs(x) != Works.NONE && works.endTs(x) <= works.startTs(w)) best = x;
        }
        return best;
    }

    /** Context interval {@code i} ran until {@code hi} (where it woke or queued the next link). */
    private void walkInterval(final int i, final long lo, final long hi, final int depth) {
        final int kind = iv.kind(i);
        final long s = Math.max(iv.start(i), lo);
        final String kn = Intervals.KIND_NAMES[kind];
        emit(kn, kind == Intervals.HARDIRQ || kind == Intervals.SOFTIRQ || kind == Intervals.VECTOR ? iv.id(i) : -1,
            tl.label(i), iv.cpu(i), s, hi, null);
        if (iv.start(i) <= lo || depth > MAX_DEPTH) return;
        final long start = iv.start(i);
        if ((iv.flags(i) & Intervals.START_UNKNOWN) != 0) {
            emit("unknown", -1, tl.label(i), iv.cpu(i), lo, start, "began before the trace");
            return;
        }
        switch (kind) {
            case Intervals.SOFTIRQ: {
                final int r = firstRaiseServedBy(i);
                if (r < 0) {
                    blockedBefore(i, lo, start);
                    return;
                }
                final Raises rs = tl.raises();
                final long rt = Math.max(rs.ts(r), lo);
                emit("softirq-wait", iv.id(i), tl.label(i), iv.cpu(i), rt, start, "raised, waiting to run");
                if (rs.ts(r) <= lo) return;
                if (rs.ctx(r) >= 0) walkInterval(rs.ctx(r), lo, rs.ts(r), depth + 1);
                else if (rs.tid(r) > 0) walkTask(rs.tid(r), lo, rs.ts(r), depth + 1, null);
                else emit("unknown", -1, "?", rs.cpu(r), lo, rs.ts(r), "raised from idle context");
                return;
            }
            case Intervals.TASKLET: case Intervals.HRTIMER: {
                if (kind == Intervals.HRTIMER) {
                    final int k = timerOf(i);
                    final long late = k < 0 ? -1 : tl.timers().lateness(k);
                    if (late >= 0) {
                        // within the slack window the kernel may fire the timer by design; only beyond its hard
                        // expiry is it late
                        final long slack = Math.min(late, tl.timers().slack(k));
                        final long expiry = start - late;
                        final long hard = expiry + slack;
                        if (hard < start) {
                            emit("irq-latency", -1, tl.label(i), iv.cpu(i), Math.max(lo, hard), start, "timer fired " + (late - slack)
                                + " ns after its " + (slack > 0 ? "hard " : "") + "expiry");
                        }
                        if (slack > 0 && hard > lo) {
                            emit("timer-slack", -1, tl.label(i), iv.cpu(i), Math.max(lo, expiry), Math.min(hard, start), "fired within its timer "
                                + "slack (" + slack + " ns after the requested expiry, allowed by design)");
                        }
                        if (expiry > lo) {
                            // from its arming (a nanosleep: the sleeper armed it) to its expiry; before that, the
                            // task that armed it
                            final long at = tl.timers().armedAt(k);
                            final int by = tl.timers().armedBy(k);
                            if (at != Works.NONE && at > lo && at < expiry && by > 0) {
                                emit("blocked", -1, tl.label(i), iv.cpu(i), at, expiry, "waiting for the timer to expire");
                                walkTask(by, lo, at, depth + 1, null);
                            } else {
                                emit("blocked", -1, tl.label(i), iv.cpu(i), lo, expiry, "waiting for the timer to expire");
                            }
                        }
                        return;
                    }
                }
                final int parent = iv.parent(i);
                if (parent >= 0) walkInterval(parent, lo, start, depth + 1);
                else blockedBefore(i, lo, start);
                return;
            }
            case Intervals.VECTOR: {
                // an IPI: the chain goes on at the CPU that sent it
                final int e = firstIpiDeliveredBy(i);
                if (e < 0) {
                    blockedBefore(i, lo, start);
                    return;
                }
                final dev.whylate.timeline.Ipis ip = tl.ipis();
                final long st = ip.ts(e);
                if (st >= start) {
                    blockedBefore(i, lo, start);
                    return;
                }
                emit("ipi-wait", -1, tl.label(i), iv.cpu(i), Math.max(st, lo), start, "IPI sent by CPU " + ip.cpu(e) + ", in flight");
                if (st <= lo) return;
                if (ip.ctx(e) >= 0) walkInterval(ip.ctx(e), lo, st, depth + 1);
                else if (ip.tid(e) > 0) walkTask(ip.tid(e), lo, st, depth + 1, null);
                else emit("unknown", -1, "?", ip.cpu(e), lo, st, "IPI sent from idle context");
                return;
            }
            default:
                blockedBefore(i, lo, start);
        }
    }

    private Map<Integer, Integer> firstIpi;

    private int firstIpiDeliveredBy(final int interval) {
        if (firstIpi == null) {
            firstIpi = new HashMap<>();
            final dev.whylate.timeline.Ipis ip = tl.ipis();
            for (int k = 0; k < ip.size(); k++) if (ip.delivered(k) >= 0) firstIpi.putIfAbsent(ip.delivered(k), k);
        }
        final Integer k = firstIpi.get(interval);
        return k == null ? -1 : k;
    }

    private void blockedBefore(final int i, final long lo, final long start) {
        emit("blocked", -1, tl.label(i), iv.cpu(i), lo, start, WAITING_FOR_INTERRUPT);
    }

    private final Map<Integer, Integer> timerByInterval = new HashMap<>();

    /** The timer expiry run by HRTIMER interval {@code interval}, or -1. */
    private int timerOf(final int interval) {
        if (timerByInterval.isEmpty()) {
            final Timers t = tl.timers();
            for (int k = 0; k < t.size(); k++) timerByInterval.put(t.interval(k), k);
        }
        final Integer k = timerByInterval.get(interval);
        return k == null ? -1 : k;
    }

    private Map<Integer, Integer> firstRaise;

    private int firstRaiseServedBy(final int interval) {
        if (firstRaise == null) {
            firstRaise = new HashMap<>();
            final Raises r = tl.raises();
            for (int k = 0; k < r.size(); k++) if (r.served(k) >= 0) firstRaise.putIfAbsent(r.served(k), k);
        }
        final Integer k = firstRaise.get(interval);
        return k == null ? -1 : k;
    }

    /** Joins adjacent segments of the same kind, task, CPU and detail. */
    private static List<Segment> merge(final List<Segment> in) {
        final List<Segment> r = new ArrayList<>(in.size());
        for (final Segment s : in) {
            if (!r.isEmpty()) {
                final Segment p = r.get(r.size() - 1);
                if (p.endNs() == s.startNs() && p.kind().equals(s.kind()) && p.pid() == s.pid() && p.cpu() == s.cpu()
                    && p.detail().equals(s.detail()) && p.comm().equals(s.comm())) {
                    r.set(r.size() - 1, new Segment(p.kind(), p.pid(), p.comm(), p.cpu(), p.startNs(), s.endNs(), p.detail(), p.blockedBy()));
                    continue;
                }
            }
            r.add(s);
        }
        return r;
    }
}
