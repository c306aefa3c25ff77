package dev.whylate.cli;

import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.analysis.cycles.Cycles;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.model.Trace;
import dev.whylate.report.perfetto.PerfettoExport;
import dev.whylate.timeline.Timeline;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whylate export --perfetto}: Chrome trace-event JSON that ui.perfetto.dev opens. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Exports the trace for a timeline viewer.",
        "--perfetto: Chrome trace-event JSON for ui.perfetto.dev: per-CPU tracks with task slices, work items and",
        "interrupts nested in them, wakeup and queue_work arrows, and with --start/--end the cycles (misses named",
        "'MISS cycle') on the requester's process (the start event's thread). Keys in docs/JSON.md."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceInput input;

    @Mixin
    CycleArgs.Optional cycles;

    @Option(names = "--perfetto", required = true, description = "Write Chrome trace-event JSON for ui.perfetto.dev (the only export format so far).")
    boolean perfetto;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The JSON file to write.")
    Path output;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final boolean withCycles = cycles.given();
        final Trace t = input.read(err);
        final Timeline tl = Timeline.of(t);
        final CyclesResult r = withCycles ? Cycles.run(t, tl, cycles.options(t, CycleOptions.Explain.NONE, 0)) : null;
        final Path parent = output.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        final PerfettoExport.Stats s;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
            s = PerfettoExport.write(t, tl, r, input.path(), os);
        }
        out.println("wrote " + output + " (" + (Files.size(output) + 1023) / 1024 + " KiB): " + s.taskSlices() + " task slices, "
            + s.contextSlices() + " interrupt slices, " + s.workSlices() + " work slices, " + s.wakeupFlows() + " wakeup arrows"
            + (r != null ? ", " + s.cycles() + " cycles (" + r.misses() + " misses)" : "") + "; open it at https://ui.perfetto.dev");
        out.flush();
        return TraceInput.exitCode(t);
    }
}
