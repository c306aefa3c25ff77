package dev.whylate.cli;

import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.analysis.cycles.Cycles;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.model.Trace;
import dev.whylate.report.html.HtmlReport;
import dev.whylate.report.html.ReportContext;
import dev.whylate.report.html.ReportOptions;
import dev.whylate.timeline.Timeline;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whylate report}: one self-contained HTML file with plots, chains and advice (or a trace overview). */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes a self-contained HTML report (no network needed to view it).",
        "With --start/--end: cycles summary, latency histogram, per-cycle raster of chain events, latency over time,",
        "the chains of the slowest cycles (the misses when --deadline is given), blame and advice.",
        "Without them: a trace overview (per-CPU activity, top tasks, interrupt time)."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceInput input;

    @Mixin
    CycleArgs.Optional cycles;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The HTML file to write.")
    Path output;

    @Option(names = "--max-explained", paramLabel = "N", defaultValue = "50",
        description = "Chains drawn at most, slowest first (default 50; without --deadline the N slowest cycles are explained).")
    int maxExplained;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final boolean withCycles = cycles.given();
        if (maxExplained < 0) throw new UsageException("--max-explained must be 0 or more");
        final Trace t = input.read(err);
        final Timeline tl = Timeline.of(t);
        CyclesResult r = null;
        if (withCycles) {
            final CycleOptions o = cycles.hasDeadline() ? cycles.options(t, CycleOptions.Explain.MISSES, 0)
                : cycles.options(t, maxExplained == 0 ? CycleOptions.Explain.NONE : CycleOptions.Explain.TOP, maxExplained);
            r = Cycles.run(t, tl, o);
        }
        final ReportOptions ro = new ReportOptions(input.path(), cycles.start(), cycles.end(), cycles.anyThread(), maxExplained,
            spec.root().version().length > 0 ? spec.root().version()[0] : "whylate");
        final ReportContext ctx = new ReportContext(t, tl, r, ro);
        final Path parent = output.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            HtmlReport.write(ctx, HtmlReport.defaultSections(), w);
        }
        for (final String p : ctx.problems()) err.println("whylate: warning: report section failed: " + p);
        out.println("wrote " + output + " (" + (Files.size(output) + 1023) / 1024 + " KiB)"
            + (r != null ? ": " + r.cycles() + " cycles, " + r.misses() + " misses" : ""));
        out.flush();
        err.flush();
        return TraceInput.exitCode(t);
    }
}
