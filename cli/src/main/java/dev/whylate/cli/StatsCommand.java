package dev.whylate.cli;

import dev.whylate.analysis.stats.TraceStats;
import dev.whylate.model.Trace;
import dev.whylate.model.Unparsed;
import dev.whylate.report.json.Json;
import dev.whylate.report.text.Table;
import dev.whylate.util.Units;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whylate stats TRACE [--json]}: what is in a trace. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Format, events per type and CPU, time span, tasks, lost events and unparsed lines.")
public final class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceInput input;

    @Option(names = "--json", description = "Print JSON (keys in docs/JSON.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Trace t = input.read(err);
        final TraceStats s = TraceStats.of(t);
        if (json) {
            Json.write(s, out);
        } else {
            print(s, out);
            // markers that do not say how many events they lost (trace.dat pages flagged without a count)
            final long unknown = t.lost().stream().filter(l -> l.count() < 0).count();
            if (unknown > 0) {
                out.println("note:        " + unknown + " of the " + s.lostMarkers() + " gaps do not say how many events were lost: the kernel"
                    + " lost more than " + s.lost());
            }
        }
        out.flush();
        return TraceInput.exitCode(t);
    }

    static void print(final TraceStats s, final PrintWriter out) {
        out.println("format:      " + s.format());
        out.println("events:      " + s.events());
        out.println("cpus:        " + s.cpus());
        out.println("span:        " + Units.ts(s.firstNs()) + " .. " + Units.ts(s.lastNs()) + "  (" + Units.dur(s.lastNs() - s.firstNs()) + ")");
        out.println("tasks:       " + s.tasks());
        out.println("lost:        " + s.lost() + (s.lostMarkers() > 0 ? " in " + s.lostMarkers() + " gaps" : ""));
        out.println("unparsed:    " + s.unparsed());
        if (s.outOfOrder() > 0) out.println("out of order: " + s.outOfOrder() + " timestamps went backwards within a CPU (sorted)");
        if (s.stacks() > 0) out.println("stacks:      " + s.stacks() + " events carry a stack");
        if (s.truncated() != null) out.println("damaged:     " + s.truncated());
        out.println();
        final Table types = new Table("event", ">count", ">share");
        for (final Map.Entry<String, Long> e : s.byType().entrySet()) {
            types.row(e.getKey(), e.getValue(), Units.pct(s.events() == 0 ? 0 : e.getValue() / (double) s.events()));
        }
        types.print(out);
        out.println();
        final Table cpus = new Table(">cpu", ">events");
        for (final Map.Entry<Integer, Long> e : s.byCpu().entrySet()) cpus.row(e.getKey(), e.getValue());
        cpus.print(out);
        if (!s.unparsedSamples().isEmpty()) {
            out.println();
            out.println("unparsed input (first " + s.unparsedSamples().size() + "):");
            for (final Unparsed u : s.unparsedSamples()) out.println("  line " + u.line() + ": " + u.reason() + ": " + u.text());
        }
    }
}
