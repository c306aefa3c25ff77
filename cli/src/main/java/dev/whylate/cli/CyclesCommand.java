package dev.whylate.cli;

import dev.whylate.analysis.advice.Advice;
import dev.whylate.analysis.advice.WhatIf;
import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.analysis.cycles.Cycles;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.analysis.cycles.Latency;
import dev.whylate.filter.EventFilter;
import dev.whylate.filter.FilterException;
import dev.whylate.model.Trace;
import dev.whylate.report.json.Json;
import dev.whylate.report.text.ExplanationText;
import dev.whylate.timeline.Timeline;
import dev.whylate.util.Durations;
import dev.whylate.util.Units;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
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
    @Spec
    CommandSpec spec;

    @Mixin
    TraceInput input;

    @Option(names = "--start", required = true, paramLabel = "FILTER", description = "Event that starts a cycle.")
    String start;

    @Option(names = "--end", required = true, paramLabel = "FILTER", description = "Event that ends it.")
    String end;

    @Option(names = "--deadline", paramLabel = "DUR", description = "A cycle longer than this is a miss (e.g. 3.5ms).")
    String deadline;

    @Option(names = "--give-up", paramLabel = "DUR", description = "A cycle with no end within this is lost (default: never).")
    String giveUp;

    @Option(names = "--any-thread", description = "An end on any thread closes the oldest open cycle.")
    boolean anyThread;

    @Option(names = "--explain", paramLabel = "misses|all|none|N", defaultValue = "misses",
        description = "Which cycles to explain: the misses (default), all, none, or the N slowest.")
    String explain;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "10", description = "Explained cycles printed in text (default 10; JSON has all).")
    int maxRows;

    @Option(names = "--json", description = "Print JSON (keys in docs/JSON.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final long dl = deadline == null ? -1 : duration("--deadline", deadline);
        final long gu = giveUp == null ? -1 : duration("--give-up", giveUp);
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
        final EventFilter sf = filter("--start", start, t);
        final EventFilter ef = filter("--end", end, t);
        // the timeline is built on another thread while the cycles are matched
        final java.util.concurrent.CompletableFuture<Timeline> tl = mode == CycleOptions.Explain.NONE ? null
            : java.util.concurrent.CompletableFuture.supplyAsync(() -> Timeline.of(t), r -> {
                final Thread th = new Thread(r, "whylate-timeline");
                th.setDaemon(true);
                th.start();
            });
        final CyclesResult r = Cycles.run(t, new CycleOptions(sf, ef, dl, gu, anyThread, mode, n), () -> tl == null ? null : join(tl));
        if (json) Json.write(r, out);
        else print(r, t, out);
        out.flush();
        return t.truncated() != null ? Main.BAD_INPUT : Main.OK;
    }

    private static Timeline join(final java.util.concurrent.CompletableFuture<Timeline> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException x) throw x;
            if (e.getCause() instanceof Error x) throw x;
            throw e;
        }
    }

    private static long duration(final String opt, final String v) {
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(opt + ": " + e.getMessage());
        }
    }

    static EventFilter filter(final String opt, final String text, final Trace t) {
        try {
            return EventFilter.parse(text, t.events().types());
        } catch (FilterException e) {
            throw new UsageException(opt + ": " + e.getMessage() + "\n  " + e.pointer().replace("\n", "\n  "));
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
        int shown = 0;
        int explained = 0;
        for (final Cycle c : r.items()) if (c.explanation() != null) explained++;
        for (final Cycle c : r.items()) {
            if (c.explanation() == null && !(c.lost() && c.miss())) continue;
            if (shown++ >= maxRows) break;
            out.println();
            out.println((c.lost() ? "lost" : c.miss() ? "miss" : "cycle") + " #" + c.index() + "  " + Units.ts(c.startNs()) + " -> "
                + Units.ts(c.endNs()) + "  " + Units.dur(c.latencyNs()) + "  " + t.tasks().commAt(c.tid(), c.startNs()) + "[" + c.tid() + "]"
                + (c.lost() ? "  (no end within the give-up time)" : ""));
            if (c.explanation() != null) ExplanationText.print(c.explanation(), out, "  ", 24);
        }
        if (explained > maxRows) out.println("\n(" + (explained - maxRows) + " more explained cycles: --max-rows N or --json)");
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
