package dev.whylate.cli;

import dev.whylate.analysis.sched.PerfDialect;
import dev.whylate.analysis.sched.Sched;
import dev.whylate.analysis.sched.SchedOptions;
import dev.whylate.analysis.sched.SchedReport;
import dev.whylate.analysis.sched.TimeHist;
import dev.whylate.analysis.sched.TimeHistRow;
import dev.whylate.model.Trace;
import dev.whylate.report.json.Json;
import dev.whylate.report.json.SchedJson;
import dev.whylate.report.text.SchedText;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whylate sched}: scheduling and timer-wakeup latency per task, perf-compatible and beyond. */
@Command(name = "sched", mixinStandardHelpOptions = true,
    description = {"Scheduling delay per task as perf sched latency computes it, with distributions, wakers and CPU holders.",
        "Then wakeup, preemption and timer-wakeup distributions, per CPU and per class, who woke each task and who held its",
        "CPU. --timehist prints perf sched timehist's rows. Needs sched_switch (and sched_waking or sched_wakeup) events."})
public final class SchedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceInput input;

    static final class Grouping {
        @Option(names = "--pid", description = "One row per task (perf sched latency -p).")
        boolean pid;

        @Option(names = "--comm", description = "Merge tasks with the same comm (the default).")
        boolean comm;
    }

    @ArgGroup(exclusive = true)
    Grouping grouping;

    @Option(names = "--task", paramLabel = "REGEX", description = "Only tasks whose comm matches (or whose tid is) REGEX.")
    String task;

    @Option(names = "--cpu", paramLabel = "LIST", description = "Only waits that ended on these CPUs (timehist: switches on them), e.g. 0,2-3.")
    String cpu;

    @Option(names = "--timehist", description = "One row per sched_switch, as perf sched timehist prints it.")
    boolean timehist;

    @Option(names = "--sort", paramLabel = "KEY[,KEY]", defaultValue = "avg,max,switch,runtime",
        description = "Row order, each descending: avg, max, switch, runtime, pid, p99, wakeup-max, preempt-max, timer-max "
            + "(default: ${DEFAULT-VALUE}, perf's).")
    String sort;

    @Option(names = "--perf-version", paramLabel = "upstream|6.1", defaultValue = "6.1",
        description = "Which perf's rules the perf-compatible numbers follow (default ${DEFAULT-VALUE}, the linux-perf of Debian 12 these "
            + "machines run: it ignores sched_waking and reads R+ as sleeping in latency; upstream = the current perf source). "
            + "whylate's own distributions always use sched_waking and count preemption waits.")
    String perfVersion;

    @Option(names = "--top", paramLabel = "N", defaultValue = "5", description = "Wakers and holders kept per task (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--details", paramLabel = "N", defaultValue = "10", description = "Tasks whose wakers and holders the text shows (default ${DEFAULT-VALUE}; JSON has all).")
    int details;

    @Option(names = "--json", description = "Print JSON (keys in docs/JSON.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final PerfDialect dialect;
        try {
            dialect = PerfDialect.parse(perfVersion);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--perf-version: " + e.getMessage());
        }
        final List<String> keys = Arrays.asList(sort.split("[,\\s]+"));
        try {
            Sched.checkSort(keys);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--sort: " + e.getMessage());
        }
        Pattern p = null;
        if (task != null) {
            try {
                p = Pattern.compile(task);
            } catch (PatternSyntaxException e) {
                throw new UsageException("--task: " + e.getDescription() + " in '" + task + "'");
            }
        }
        BitSet cpus = null;
        if (cpu != null) {
            cpus = new BitSet();
            for (final int c : Opts.cpus("--cpu", cpu)) cpus.set(c);
        }
        if (top < -1) throw new UsageException("--top must be -1 (all) or more");
        final boolean perPid = grouping != null && grouping.pid;
        final SchedOptions o = new SchedOptions(dialect, perPid, p, cpus, keys, top, !timehist);
        final Trace t = input.read(err);
        if (cpus != null) Opts.cpusInTrace("--cpu", cpus.stream().toArray(), t);
        if (t.events().types().find("sched_switch") < 0) {
            throw new UsageException("the trace has no sched_switch events (record sched:sched_switch and sched:sched_waking, "
                + "e.g. perf sched record, or trace-cmd's -e sched)");
        }
        if (timehist) {
            final TimeHist th = Sched.timehist(t, o);
            final List<TimeHistRow> rows = th.rows(p);
            if (json) Json.write(SchedJson.timehist(dialect.label(), rows), out);
            else SchedText.timehist(rows, out);
        } else {
            final SchedReport r = Sched.analyze(t, o);
            if (json) Json.write(SchedJson.report(r), out);
            else SchedText.print(r, out, Math.max(0, details));
        }
        out.flush();
        return TraceInput.exitCode(t);
    }
}
