package dev.whylate.cli;

import dev.whylate.analysis.stacks.StackRow;
import dev.whylate.analysis.stacks.Stacks;
import dev.whylate.analysis.stacks.StacksResult;
import dev.whylate.filter.EventFilter;
import dev.whylate.model.Trace;
import dev.whylate.report.json.Json;
import dev.whylate.util.Units;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whylate stacks}: the stacks behind events, most frequent first (who raises, who sends, who flushes). */
@Command(name = "stacks", mixinStandardHelpOptions = true,
    description = {"Aggregates the stacks of events, most frequent first.",
        "Stacks come from perf -g callchains, ftrace stack traces and trace.dat kernel_stack records (record them with",
        "whylate record --stack 'EVENT[: EXPR]', the kernel's stacktrace trigger, or perf record -g).",
        "Example: who schedules the tasklets: --event 'softirq_raise: vec == 6'; who sends the IPIs: --event ipi_send_cpumask."})
public final class StacksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceInput input;

    @Option(names = "--event", paramLabel = "FILTER", description = "Only events matching EVENT[: EXPR] (default: every event with a stack).")
    String event;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Stacks shown (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--folded", description = "Print folded stacks (comm;outermost;...;innermost COUNT) for flame graph tools.")
    boolean folded;

    @Option(names = "--json", description = "Print JSON (keys in docs/JSON.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final Trace t = input.read(spec.commandLine().getErr());
        final EventFilter f = event == null ? null : Opts.filter("--event", event, t);
        final StacksResult r = Stacks.run(t, f, folded ? Integer.MAX_VALUE : Math.max(1, top));
        if (json) {
            Json.write(r, out);
        } else if (folded) {
            for (final StackRow row : r.rows()) {
                final StringBuilder b = new StringBuilder(row.event());
                for (int k = row.frames().size() - 1; k >= 0; k--) b.append(';').append(row.frames().get(k).replace(';', ':'));
                out.println(b.append(' ').append(row.count()));
            }
        } else {
            out.println((event == null ? "events with a stack: " + r.withStack() : "events matching: " + r.matched() + ", with a stack: " + r.withStack())
                + ", distinct stacks: " + r.distinct());
            if (r.withStack() == 0) {
                out.println("no stacks: record them with whylate record --stack 'EVENT[: EXPR]' (the kernel's stacktrace trigger), "
                    + "or perf record -g");
            }
            int k = 1;
            for (final StackRow row : r.rows()) {
                out.println();
                final StringBuilder who = new StringBuilder();
                for (final Map.Entry<String, Long> c : row.comms().entrySet()) {
                    if (who.length() > 0) who.append(", ");
                    who.append(c.getKey()).append(' ').append(c.getValue());
                }
                out.println(k++ + ". " + row.count() + " x " + row.event() + " (" + Units.pct(row.share()) + ")   from " + who);
                for (final String fr : row.frames()) out.println("     " + fr);
            }
        }
        out.flush();
        return TraceInput.exitCode(t);
    }
}
