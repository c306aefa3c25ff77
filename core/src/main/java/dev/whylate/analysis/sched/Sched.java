package dev.whylate.analysis.sched;

import dev.whylate.model.Trace;
import dev.whylate.timeline.Timeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Scheduling latency of a trace: the perf-compatible per-task table ({@link PerfLatency}), whylate's own
 * wait distributions, wakers and CPU holders ({@link WaitAnalysis}), and {@code perf sched timehist} rows
 * ({@link TimeHist}). Pure functions of the trace.
 *
 * <pre>{@code
 * SchedReport r = Sched.analyze(trace, SchedOptions.defaults());
 * for (TaskSched t : r.tasks()) System.out.println(t.perf().label() + " " + t.perf().maxDelayNs());
 * }</pre>
 */
public final class Sched {
    private Sched() {}

    /**
     * The per-task table and, with {@code o.waits()}, the distributions. The timeline they need for
     * attribution is built on another thread while the scheduler events are scanned.
     */
    public static SchedReport analyze(final Trace t, final SchedOptions o) {
        if (!o.waits()) return analyze(t, (Timeline) null, o);
        final CompletableFuture<Timeline> tl = CompletableFuture.supplyAsync(() -> Timeline.of(t));
        return run(t, o, () -> {
            try {
                return tl.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error r) throw r;
                throw e;
            }
        });
    }

    /** As {@link #analyze(Trace, SchedOptions)} with a timeline already built ({@code null}: no waits). */
    public static SchedReport analyze(final Trace t, final Timeline tl, final SchedOptions o) {
        return run(t, tl == null ? o.withWaits(false) : o, () -> tl);
    }

    private static SchedReport run(final Trace t, final SchedOptions o, final Supplier<Timeline> timeline) {
        final SchedScan scan = new SchedScan(t);
        final boolean waking = scan.has(SchedEvent.WAKING);
        final PerfLatency perf = new PerfLatency(o.dialect(), waking, o.cpus());
        final WaitAnalysis waits = o.waits() ? new WaitAnalysis(scan, o.cpus()) : null;
        if (waits == null) scan.run(perf);
        else scan.run(perf, waits);
        if (waits != null) waits.attribute(timeline.get());
        final IntFunction<String> comms = PerfLatency.perfComms(t.tasks());
        final List<TaskSched> rows = new ArrayList<>();
        long rt = 0;
        long sw = 0;
        for (final LatencyRow r : perf.groups(waits == null ? new int[0] : waits.tids(), comms, o.perPid())) {
            if (r.pids().contains(0) && r.pid() == 0) continue;
            TaskWaits tw = null;
            if (waits != null) {
                final List<WaitAnalysis.Acc> accs = new ArrayList<>();
                for (final int p : r.pids()) {
                    final WaitAnalysis.Acc a = waits.accOf(p);
                    if (a != null) accs.add(a);
                }
                tw = WaitAnalysis.summarize(accs, o.top());
            }
            final boolean any = r.switches() > 0 || (tw != null && (tw.wakeupDelay().count() + tw.preemptWait().count()
                + tw.wakingToWakeup().count() + tw.unfinished() > 0));
            if (!any) continue;
            if (r.switches() > 0) {
                rt += r.runtimeNs();
                sw += r.switches();
            }
            // by comm, or by the tid of any thread of the row (merged rows hold several)
            if (o.task() != null && !o.task().matcher(r.comm()).find() && r.pids().stream().noneMatch(p -> o.task().matcher(Integer.toString(p)).matches())) {
                continue;
            }
            rows.add(new TaskSched(r, tw));
        }
        rows.sort(comparator(o.sort()));
        final List<String> notes = new ArrayList<>();
        if (!scan.has(SchedEvent.RUNTIME)) notes.add("no sched_stat_runtime events: runtime is 0 (perf sched record records them)");
        if (!scan.has(SchedEvent.WAKING) && !scan.has(SchedEvent.WAKEUP) && !scan.has(SchedEvent.WAKEUP_NEW)) {
            notes.add("no sched_waking/sched_wakeup events: only preemption waits can be measured");
        } else if (o.dialect() == PerfDialect.PERF_6_1 && !scan.has(SchedEvent.WAKEUP) && !scan.has(SchedEvent.WAKEUP_NEW)) {
            notes.add("perf 6.1 rules ignore sched_waking, the only wakeup event in this trace: its delays count preemptions only");
        }
        if (t.lostEvents() > 0 || !t.lost().isEmpty()) notes.add("the trace reports lost events: waits across a gap may be wrong");
        return new SchedReport(o.dialect().label(), o.perPid(), List.copyOf(rows), rt, sw, perf.contextSwitchBugs(), perf.timestamps(),
            perf.unorderedTimestamps(), t.lostEvents(), waits == null ? null : waits.allWakeup().summary(),
            waits == null ? null : waits.allPreempt().summary(), waits == null ? List.of() : waits.cpuWaits(),
            waits == null ? List.of() : waits.classWaits(), List.copyOf(notes));
    }

    /** The perf-compatible table alone (perf's rows: counted switches only), without building the timeline. */
    public static List<LatencyRow> perfLatency(final Trace t, final PerfDialect dialect, final boolean perPid, final List<String> sort) {
        final SchedScan scan = new SchedScan(t);
        final PerfLatency perf = new PerfLatency(dialect, scan.has(SchedEvent.WAKING), null);
        scan.run(perf);
        return perf.rows(PerfLatency.perfComms(t.tasks()), perPid, sort);
    }

    /** {@code perf sched timehist} rows. */
    public static TimeHist timehist(final Trace t, final SchedOptions o) {
        final SchedScan scan = new SchedScan(t);
        final TimeHist th = new TimeHist(o.dialect(), scan.has(SchedEvent.WAKING), o.cpus(), t.tasks());
        scan.run(th);
        return th;
    }

    /**
     * The timer-wakeup histograms (hrtimer expiry → switch-in, ns) of the tasks whose comm matches
     * {@code comm}, per tid (for shape comparisons with cyclictest's or timerlat's histograms).
     */
    public static java.util.Map<Integer, DelayHistogram> timerWakeups(final Trace t, final Timeline tl, final java.util.regex.Pattern comm) {
        final SchedScan scan = new SchedScan(t);
        final WaitAnalysis w = new WaitAnalysis(scan, null);
        scan.run(w);
        w.attribute(tl);
        final java.util.Map<Integer, DelayHistogram> out = new java.util.TreeMap<>();
        for (final int tid : w.tids()) {
            final WaitAnalysis.Acc a = w.accOf(tid);
            if (a != null && a.timer.count() > 0 && comm.matcher(t.tasks().comm(tid)).find()) out.put(tid, a.timer);
        }
        return out;
    }

    /** Descending comparator over the sort keys (stable: ties keep perf's order). */
    static Comparator<TaskSched> comparator(final List<String> keys) {
        Comparator<TaskSched> c = (x, y) -> 0;
        for (final String k0 : keys) {
            final String k = k0.trim().toLowerCase(Locale.ROOT);
            final Comparator<TaskSched> one;
            switch (k) {
                case "p99": one = Comparator.comparingLong(x -> x.waits() == null ? 0 : x.waits().wakeupDelay().p99Ns()); break;
                case "wakeup-max": one = Comparator.comparingLong(x -> x.waits() == null ? 0 : x.waits().wakeupDelay().maxNs()); break;
                case "preempt-max": one = Comparator.comparingLong(x -> x.waits() == null ? 0 : x.waits().preemptWait().maxNs()); break;
                case "timer-max": one = Comparator.comparingLong(x -> x.waits() == null ? 0 : x.waits().timerWakeup().maxNs()); break;
                default: {
                    final Comparator<LatencyRow> p = PerfLatency.comparator(List.of(k));
                    one = (x, y) -> -p.compare(x.perf(), y.perf());
                }
            }
            c = c.thenComparing(one.reversed());
        }
        return c;
    }

    /** Checks sort keys; throws {@link IllegalArgumentException} naming the bad one. */
    public static void checkSort(final List<String> keys) {
        for (final String k0 : keys) {
            final String k = k0.trim().toLowerCase(Locale.ROOT);
            if (List.of("p99", "wakeup-max", "preempt-max", "timer-max").contains(k)) continue;
            PerfLatency.comparator(List.of(k));
        }
    }
}
