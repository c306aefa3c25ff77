package dev.whylate.cli;

import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.analysis.cycles.Cycles;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.analysis.cycles.Latency;
import dev.whylate.analysis.diff.CyclesDiff;
import dev.whylate.model.Trace;
import dev.whylate.report.json.Json;
import dev.whylate.report.text.Table;
import dev.whylate.timeline.Timeline;
import dev.whylate.util.Units;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code whylate diff}: the cycles of two recordings of one workload, and what their misses spent time on. */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Compares the cycles of two recordings of one workload, and where their misses' time went.",
        "For a good and a bad run, before and after a kernel upgrade or a tuning change: counts, latency, and the misses'",
        "time per blame category, per waiting task and per CPU holder, in time per cycle so runs of different lengths",
        "compare; tasks are matched by comm. Same cycle options as 'whylate cycles'; --deadline is required."})
public final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BEFORE", description = "The first trace (any format 'whylate cycles' reads).")
    String before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "The second trace.")
    String after;

    @Option(names = "--threads", paramLabel = "N", description = "Parser threads (default: all CPUs).")
    Integer threads;

    @Option(names = "--since", paramLabel = "TIME", description = "In both traces, only events at or after TIME: +OFFSET from each "
        + "trace's first event (e.g. +2.5, +300ms); absolute seconds apply to both as given.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "In both traces, only events at or before TIME (same forms).")
    String until;

    @Mixin
    CycleArgs.Required cycles;

    @Option(names = "--top", paramLabel = "N", defaultValue = "8", description = "Rows per table (default 8; JSON has all).")
    int top;

    @Option(names = "--json", description = "Print JSON (keys in docs/JSON.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!cycles.hasDeadline()) throw new UsageException("diff needs --deadline: it compares what the misses spent time on");
        cycles.giveUpNs();
        cycles.key();
        if (top < 1) throw new UsageException("--top must be at least 1");
        TraceInput.checkWindow(since, until);
        final Trace a = TraceInput.window(TraceInput.read(before, threads, err), since, until, before + ": ");
        final CyclesResult ra = run(a, before);
        final Trace b = TraceInput.window(TraceInput.read(after, threads, err), since, until, after + ": ");
        final CyclesResult rb = run(b, after);
        final CyclesDiff d = CyclesDiff.of(ra, rb);
        if (json) Json.write(d, out);
        else print(d, out);
        out.flush();
        return TraceInput.exitCode(a) != Main.OK ? TraceInput.exitCode(a) : TraceInput.exitCode(b);
    }

    private CyclesResult run(final Trace t, final String path) {
        final CycleOptions o;
        try {
            o = cycles.options(t, CycleOptions.Explain.MISSES, 0);
        } catch (UsageException e) {
            throw new UsageException(path + ": " + e.getMessage());
        }
        return Cycles.run(t, Timeline.of(t), o);
    }

    private void print(final CyclesDiff d, final PrintWriter out) {
        final CyclesDiff.Side a = d.before();
        final CyclesDiff.Side b = d.after();
        final Table t = new Table("", "before", "after");
        t.row("trace", before, after);
        t.row("cycles", a.cycles(), b.cycles());
        t.row("misses", misses(a), misses(b));
        t.row("lost", a.lost(), b.lost());
        final Latency la = a.latency();
        final Latency lb = b.latency();
        t.row("latency p50", Units.dur(la.p50()), Units.dur(lb.p50()));
        t.row("latency p90", Units.dur(la.p90()), Units.dur(lb.p90()));
        t.row("latency p99", Units.dur(la.p99()), Units.dur(lb.p99()));
        t.row("latency max", Units.dur(la.max()), Units.dur(lb.max()));
        t.print(out);
        if (a.explained() + b.explained() == 0) {
            out.println();
            out.println("no misses in either run: nothing to compare beyond the counts");
            return;
        }
        out.println();
        out.println("where the misses' time went, per cycle of each run (blame of its explained misses / its cycles), biggest change first:");
        table("category", d.categories(), out);
        out.println();
        table("category: task that waited or ran", d.waits(), out);
        out.println();
        table("held the CPU while chain tasks waited", d.holders(), out);
    }

    private static String misses(final CyclesDiff.Side s) {
        return s.misses() + (s.cycles() > 0 ? " (" + Units.pct(s.misses() / (double) s.cycles()) + ")" : "");
    }

    private void table(final String what, final List<CyclesDiff.Row> rows, final PrintWriter out) {
        final Table t = new Table(what, ">before", ">after", ">change");
        for (int k = 0; k < Math.min(top, rows.size()); k++) {
            final CyclesDiff.Row r = rows.get(k);
            final long dlt = r.deltaNsPerCycle();
            t.row(r.key(), Units.dur(r.beforeNsPerCycle()), Units.dur(r.afterNsPerCycle()), (dlt > 0 ? "+" : dlt < 0 ? "-" : "") + Units.dur(Math.abs(dlt)));
        }
        t.print(out);
        if (rows.size() > top) out.println("  (" + (rows.size() - top) + " more rows: --top N or --json)");
    }
}
