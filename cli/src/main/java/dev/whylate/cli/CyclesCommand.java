package dev.whylate.cli;

import dev.whylate.analysis.advice.Advice;
import dev.whylate.analysis.advice.WhatIf;
import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.analysis.cycles.Cycles;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.analysis.cycles.Latency;
import dev.whylate.model.Trace;
import dev.whylate.report.json.Json;
import dev.whylate.report.text.ExplanationText;
import dev.whylate.timeline.Timeline;
import dev.whylate.util.Units;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whylate cycles}: request/response cycles against a deadline, with explanations, advice and what-if. */
@Command(name = "cycles", mixinStandardHelpOptions = true,
    description = {"Measures request/response cycles and explains the late ones.",
        "A cycle opens at an event matching --start and closes at the first event matching --end on the same thread.",
        "FILTER is EVENT[: EXPR] in ftrace filter syntax over the event's fields plus comm, pid, tid, cpu,",
        "e.g. --start 'sys_enter_write: comm == \"frobnicator\" && count == 7' --end 'sys_exit_read: ret > 0'"})
public final class CyclesCommand implements Callable<Integer> {
    /** Rows of the per-miss table printed in text (JSON has them all). */
    static final int MAX_TABLE_ROWS = 50;

    @Spec
    CommandSpec spec;

    @Mixin
    TraceInput input;

    @Mixin
    CycleArgs.Required cycles;

    @Option(names = "--explain", paramLabel = "misses|all|none|N", defaultValue = "misses",
        description = "Which cycles to explain: the misses (default), all, none, or the N slowest.")
    String explain;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "10", description = "Explanations printed in text, slowest first (default 10; JSON has all).")
    int maxRows;

    @Option(names = "--json", description = "Print JSON (keys in docs/JSON.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        cycles.deadlineNs();   // bad durations fail before the trace is read
        cycles.giveUpNs();
        CycleOptions.Explain mode;
        int n = 0;
        switch (explain) {
            case "misses": mode = CycleOptions.Explain.MISSES; break;
            case "all": mode = CycleOptions.Explain.ALL; break;
            case "none": mode = CycleOptions.Explain.NONE; break;
            default:
                try {
                    n = Integer.parseInt(explain);
                    mode = CycleOptions.Explain.TOP;
                } catch (NumberFormatException e) {
                    throw new UsageException("--explain takes misses, all, none or a number, not '" + explain + "'");
                }
        }
        final Trace t = input.read(err);
        final CycleOptions o = cycles.options(t, mode, n);
        // the timeline is built on another thread while the cycles are matched
        final CompletableFuture<Timeline> tl = mode == CycleOptions.Explain.NONE ? null
            : CompletableFuture.supplyAsync(() -> Timeline.of(t), task -> {
                final Thread th = new Thread(task, "whylate-timeline");
                th.setDaemon(true);
                th.start();
            });
        final CyclesResult r = Cycles.run(t, o, () -> tl == null ? null : join(tl));
        if (json) Json.write(r, out);
        else print(r, t, out);
        out.flush();
        return TraceInput.exitCode(t);
    }

    private static Timeline join(final CompletableFuture<Timeline> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException x) throw x;
            if (e.getCause() instanceof Error x) throw x;
            throw e;
        }
    }

    private void print(final CyclesResult r, final Trace t, final PrintWriter out) {
        out.println("cycles:   " + r.cycles() + (r.deadlineNs() >= 0 ? "   misses: " + r.misses() + " (deadline " + Units.dur(r.deadlineNs()) + ")" : "")
            + "   lost: " + r.lost() + (r.unfinished() > 0 ? "   unfinished at trace end: " + r.unfinished() : ""));
        final Latency l = r.latency();
        if (l.count() > 0) {
            out.println("latency:  min " + Units.dur(l.min()) + "   p50 " + Units.dur(l.p50()) + "   p90 " + Units.dur(l.p90()) + "   p99 "
                + Units.dur(l.p99()) + "   max " + Units.dur(l.max()) + "   mean " + Units.dur(l.mean()));
        }
        if (r.carrier() != null) out.println("carrier:  " + r.carrier() + " (the consumer polls; its data arrives through this deferred work)");
        final java.util.List<Cycle> rows = new java.util.ArrayList<>();
        // every miss (explained or not: --explain none or N lists them too), and the explained cycles
        for (final Cycle c : r.items()) if (c.explanation() != null || c.miss()) rows.add(c);
        rows.sort(java.util.Comparator.comparingLong(Cycle::latencyNs).reversed());
        if (!rows.isEmpty()) {
            out.println();
            out.println((r.deadlineNs() >= 0 ? "misses" : "explained cycles") + ", slowest first (one row each; the biggest blame of each):");
            final dev.whylate.report.text.Table tab = new dev.whylate.report.text.Table(">#", "start", ">latency", ">share", "biggest blame");
            for (int k = 0; k < Math.min(rows.size(), MAX_TABLE_ROWS); k++) {
                final Cycle c = rows.get(k);
                if (c.explanation() == null) {
                    tab.row(c.index(), Units.ts(c.startNs()), (c.lost() ? ">" : "") + Units.dur(c.latencyNs()), "", !c.lost() ? "(not explained: --explain misses)"
                        : c.restarted() ? "lost: started again before an end" : "lost: no end within the give-up time");
                    continue;
                }
                final dev.whylate.analysis.explain.BlameEntry b = c.explanation().blame().isEmpty() ? null : c.explanation().blame().get(0);
                tab.row(c.index(), Units.ts(c.startNs()), (c.lost() ? ">" : "") + Units.dur(c.latencyNs()), b == null ? "" : Units.pct(b.share()),
                    (c.lost() ? "lost; " : "") + (c.explanation().lostEvents() != 0 ? "(events dropped) " : "") + (b == null ? "" : b.category() + ": " + b.comm() + (b.pid() > 0 ? "[" + b.pid() + "]" : "") + (b.cpu() >= 0 ? " cpu" + b.cpu() : "")
                        + (b.blockedBy().isEmpty() ? "" : " behind " + b.blockedBy().get(0).comm()
                        + (b.blockedBy().get(0).kind().equals("task") ? "[" + b.blockedBy().get(0).pid() + "]" : ""))));
            }
            tab.print(out);
            if (rows.size() > MAX_TABLE_ROWS) out.println("  (" + (rows.size() - MAX_TABLE_ROWS) + " more rows: --json)");
        }
        int shown = 0;
        for (final Cycle c : rows) {
            if (c.explanation() == null) continue;
            if (shown++ >= maxRows) break;
            out.println();
            // the task explained: the consumer (the end event's thread, or the task a pid key names)
            final int who = c.explanation().tid();
            if (c.lost()) {
                out.println("lost #" + c.index() + "  " + Units.ts(c.startNs()) + " -> (none; " + (c.restarted() ? "started again at " : "gave up at ")
                    + Units.ts(c.endNs()) + ")  > "
                    + Units.dur(c.latencyNs()) + "  " + t.tasks().commAt(who, c.startNs()) + "[" + who + "]"
                    + "  (the chain up to the give-up time: where the response was then)");
            } else {
                out.println((c.miss() ? "miss" : "cycle") + " #" + c.index() + "  " + Units.ts(c.startNs()) + " -> "
                    + Units.ts(c.endNs()) + "  " + Units.dur(c.latencyNs()) + "  " + t.tasks().commAt(who, c.endNs()) + "[" + who + "]");
            }
            ExplanationText.print(c.explanation(), out, "  ", 24);
        }
        final long explained = rows.stream().filter(c -> c.explanation() != null).count();
        if (explained > maxRows) out.println("\n(" + (explained - maxRows) + " more explanations: --max-rows N or --json)");
        if (!r.advice().isEmpty()) {
            out.println();
            out.println("advice (each from evidence in this trace; what-if numbers are estimates):");
            int k = 1;
            for (final Advice a : r.advice()) {
                final WhatIf w = r.whatIf().stream().filter(x -> x.change().equals(a.change())).findFirst().orElse(null);
                out.println("  " + k++ + ". " + a.change() + (w != null ? "   -> misses " + w.currentMisses() + " -> " + w.predictedMisses() + " (estimate)" : ""));
                for (final String line : a.command().split("\n")) out.println("       $ " + line);
                out.println("       why: " + a.why());
            }
            for (final WhatIf w : r.whatIf()) {
                if (w.change().equals("all of the above")) out.println("  all of the above -> misses " + w.currentMisses() + " -> " + w.predictedMisses() + " (estimate)");
            }
        }
    }
}
