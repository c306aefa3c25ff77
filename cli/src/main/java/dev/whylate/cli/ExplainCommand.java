package dev.whylate.cli;

import dev.whylate.analysis.explain.Explainer;
import dev.whylate.analysis.explain.Explanation;
import dev.whylate.analysis.explain.WakeupExplainer;
import dev.whylate.model.TaskTable;
import dev.whylate.model.Trace;
import dev.whylate.report.json.Json;
import dev.whylate.report.text.ExplanationText;
import dev.whylate.timeline.Timeline;
import dev.whylate.util.Units;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whylate explain}: one wakeup (or one late window) of any task, with the chain and rtla's breakdown. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Explains why a task got its CPU late, or why a window it ended took long.",
        "The switch-in that began the task's run at --at, else its first switch-in after --at (a time in a run's last",
        "microsecond counts as after it, so sched's 'max delay start' explains the wait that began there), from the cause",
        "of its wakeup (timer expiry, interrupt, waking task) to the switch-in, with rtla's breakdown (IRQ latency, IRQ",
        "handler delay, blocking thread, IRQ/softirq/thread interference, exit from idle).",
        "With --from, explains the window [--from, --at] ended by the task instead (a late event that is not a cycle)."})
public final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceInput input;

    @Option(names = "--task", required = true, paramLabel = "PID|COMM", description = "Thread id, or comm (the first thread with it that runs at or after --at).")
    String task;

    @Option(names = "--at", required = true, paramLabel = "TIME", description = "Trace time in seconds as the trace prints it (e.g. 1033.092452), or +OFFSET from the first event "
        + "(+1.5 = 1.5 s, +200ms).")
    String at;

    @Option(names = "--from", paramLabel = "TIME", description = "Explain the window from this time (same forms as --at) to --at instead of a wakeup.")
    String from;

    @Option(names = "--json", description = "Print JSON (keys in docs/JSON.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        Opts.timestamp("--at", at, null);
        if (from != null) Opts.timestamp("--from", from, null);
        final Trace t = input.read(err);
        final long atNs = Opts.timestamp("--at", at, t);
        final Timeline tl = Timeline.of(t);
        if (!tl.hasSwitches()) throw new UsageException("the trace has no sched_switch events: nothing to explain (record sched events)");
        final List<Integer> tids = resolve(t.tasks(), tl);
        if (from != null) {
            final long fromNs = Opts.timestamp("--from", from, t);
            if (fromNs >= atNs) throw new UsageException("--from must be before --at");
            // by comm: the thread that has that comm at --at, if one does
            int tid = tids.get(0);
            if (!task.matches("\\d+")) for (final int k : tids) if (task.equals(tl.comm(k, atNs))) {
                tid = k;
                break;
            }
            final Explanation e = new Explainer(tl).explain(tid, fromNs, atNs, -1);
            if (json) Json.write(e, out);
            else {
                out.println(tl.comm(tid, atNs) + "[" + tid + "]  " + Units.ts(fromNs) + " -> " + Units.ts(atNs) + "  " + Units.dur(atNs - fromNs));
                ExplanationText.print(e, out, "  ", 40);
            }
            return Main.OK;
        }
        final WakeupExplainer we = new WakeupExplainer(tl);
        WakeupExplainer.Result best = null;
        final boolean byComm = !task.matches("\\d+");
        for (final int tid : tids) {
            // by comm: the first switch-in at or after --at while the thread has that comm (a thread that execs
            // changes its comm: "java" must not explain the shell it was before)
            final long from = byComm ? firstRunAs(tl, tid, atNs) : atNs;
            if (from == Long.MIN_VALUE) continue;
            final WakeupExplainer.Result r = we.explainSwitchIn(tid, from);
            if (r != null && (best == null || r.switchInNs() < best.switchInNs())) best = r;
        }
        if (best == null) throw new UsageException("task " + task + " does not run at or after " + at);
        if (json) {
            Json.write(best, out);
            return Main.OK;
        }
        final WakeupExplainer.Result r = best;
        final long lat = r.switchInNs() - r.windowStartNs();
        if (r.switchInInferred()) {
            out.println("note: the trace has no sched_switch into this run (lost, filtered, or not traced by this kernel); its start is"
                + " inferred from the task's first event on the CPU or the end of the interrupt that woke it from idle: an upper bound");
        }
        if (lat == 0) {
            out.println(r.comm() + "[" + r.tid() + "] switched in on CPU " + r.cpu() + " at " + Units.ts(r.switchInNs()) + ": " + r.cause()
                + "; nothing to explain");
            return Main.OK;
        }
        out.println(r.comm() + "[" + r.tid() + "] switched in on CPU " + r.cpu() + " at " + Units.ts(r.switchInNs()) + ", "
            + Units.dur(lat) + " after the start of its wakeup (" + r.cause() + ")");
        out.println();
        final Map<String, Long> bd = new LinkedHashMap<>(r.breakdown());
        for (final Map.Entry<String, Long> e : bd.entrySet()) {
            if (e.getValue() == 0) continue;
            out.printf("  %-24s %12s  %6s%n", e.getKey(), Units.dur(e.getValue()), Units.pct(lat == 0 ? 0 : e.getValue() / (double) lat));
        }
        out.printf("  %-24s %12s  %6s%n", "total", Units.dur(lat), "100%");
        out.println();
        ExplanationText.print(r.explanation(), out, "  ", 40);
        return Main.OK;
    }

    /** The start of the first slice of {@code tid} at or after {@code atNs} in which it has the comm asked for; MIN_VALUE if none. */
    private long firstRunAs(final Timeline tl, final int tid, final long atNs) {
        final dev.whylate.timeline.Slices sl = tl.slices();
        for (final int s : sl.ofTask(tid)) {
            if (sl.end(s) <= atNs) continue;
            final long st = Math.max(atNs, sl.start(s));
            if (task.equals(tl.comm(tid, st))) return st;
        }
        return Long.MIN_VALUE;
    }

    private List<Integer> resolve(final TaskTable tasks, final Timeline tl) {
        final List<Integer> r = new ArrayList<>();
        if (task.matches("\\d+")) {
            final int tid = Integer.parseInt(task);
            if (tl.slices().ofTask(tid).length == 0) throw new UsageException("task " + tid + " never runs in this trace");
            r.add(tid);
            return r;
        }
        for (final TaskTable.Task k : tasks.all()) if (k.comms().contains(task) && tl.slices().ofTask(k.pid()).length > 0) r.add(k.pid());
        if (r.isEmpty()) throw new UsageException("no task called '" + task + "' runs in this trace");
        r.sort(Integer::compare);
        return r;
    }
}
