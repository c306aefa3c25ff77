package dev.whylate.cli;

import dev.whylate.record.DatWriter;
import dev.whylate.record.RecordException;
import dev.whylate.record.Recorder;
import dev.whylate.record.Recording;
import dev.whylate.record.Tracefs;
import dev.whylate.report.text.Table;
import dev.whylate.util.Units;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code whylate record -o FILE [-e EVENT ...] [--preset NAME] [--buffer-kb N] [--duration D]
 * [--file-version 6|7] [--compression zstd|none] [--cleanup] [-- CMD ARGS...]}: records kernel events from a
 * private tracefs instance into a trace.dat that trace-cmd, KernelShark and whylate read.
 */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Records kernel events into a trace.dat that trace-cmd reads (needs root).",
        "From a private tracefs instance, into trace.dat v7 (zstd) by default, while CMD runs, for a duration, or until Ctrl-C.",
        "Presets: sched, irq, workqueue, timer, tlb, latency (= sched+irq+workqueue+timer+tlb), syscalls, raw_syscalls. "
            + "Default: --preset latency."},
    footer = {"", "Examples:",
        "  whylate record -o t.dat --preset latency --duration 5s",
        "  whylate record -o t.dat -e sched:sched_switch -e 'irq:*' -- stress-ng --cpu 2 -t 3",
        "  whylate record --cleanup        (remove instances left by killed runs)"})
public final class RecordCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "The trace.dat to write.")
    Path output;

    @Option(names = {"-e", "--event"}, paramLabel = "EVENT", split = ",",
        description = "Event to record: system:event, system:*, system, or a unique event name. Repeatable.")
    List<String> events = new ArrayList<>();

    @Option(names = {"-f", "--filter"}, paramLabel = "'EVENT: EXPR'",
        description = "Kernel filter for one event, ftrace syntax, e.g. -f 'sys_exit_read: ret > 0'. The event is recorded even if not in -e. Repeatable.")
    List<String> filters = new ArrayList<>();

    @Option(names = "--stack", paramLabel = "'EVENT[: EXPR]'",
        description = "Also record the kernel stack of EVENT (of those passing EXPR), with the kernel's stacktrace trigger; "
            + "read them with 'whylate stacks'. The event is recorded even if not in -e. Repeatable.")
    List<String> stacks = new ArrayList<>();

    @Option(names = {"-p", "--preset"}, paramLabel = "NAME", split = ",", description = "Event preset. Repeatable.")
    List<String> presets = new ArrayList<>();

    @Option(names = "--buffer-kb", paramLabel = "N", description = "Ring buffer per CPU in KiB (default: the kernel's, 1410 here).")
    Integer bufferKb;

    @Option(names = {"-d", "--duration"}, paramLabel = "D", converter = DurationConverter.class,
        description = "Stop after D (500ms, 2s, 1m). With CMD: whichever ends first (CMD then gets SIGTERM).")
    Duration duration;

    @Option(names = "--file-version", paramLabel = "6|7", description = "trace.dat version (default 7).")
    int fileVersion = 7;

    @Option(names = "--compression", paramLabel = "zstd|none", description = "v7 compression (default zstd; v6 is never compressed).")
    String compression;

    @Option(names = "--zstd-level", paramLabel = "N", description = "zstd level 1..22 for the file and --text (default 3).")
    Integer zstdLevel;

    @Option(names = "--text", paramLabel = "FILE",
        description = "Also save the tracefs text of the same buffer (.zst is compressed). Reads the buffer only at the end: "
            + "make --buffer-kb hold the whole recording.")
    Path text;

    @Option(names = "--no-kallsyms", description = "Do not save /proc/kallsyms (saves ~1 MB; addresses then print as numbers).")
    boolean noKallsyms;

    @Option(names = "--cleanup", description = "Remove tracefs instances left behind by killed whylate runs, then exit.")
    boolean cleanup;

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "Command to run while recording (put it after --).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try {
            if (cleanup) return cleanup(out, err);
            if (output == null) throw new UsageException("record needs -o FILE (or --cleanup)");
            return record(out, err);
        } catch (final RecordException e) {
            err.println("whylate: " + e.getMessage());
            if ("1".equals(System.getenv("WHYLATE_DEBUG"))) e.printStackTrace(err);
            err.flush();
            return Main.BAD_INPUT;
        }
    }

    private int cleanup(final PrintWriter out, final PrintWriter err) throws RecordException {
        final Tracefs fs = Tracefs.locate();
        final List<String> failures = new ArrayList<>();
        final List<String> removed;
        try {
            removed = fs.cleanup(false, failures);
        } catch (final IOException e) {
            throw new RecordException(RecordException.Kind.IO, "cannot list " + fs.root().resolve("instances") + ": " + e.getMessage(), e);
        }
        for (final String r : removed) out.println("removed tracefs instance " + r);
        if (removed.isEmpty() && failures.isEmpty()) out.println("no leftover whylate tracefs instances");
        out.flush();
        for (final String f : failures) err.println("whylate: could not remove " + f);
        err.flush();
        return failures.isEmpty() ? Main.OK : Main.BAD_INPUT;
    }

    private int record(final PrintWriter out, final PrintWriter err) throws RecordException {
        final Recorder.Builder b = Recorder.builder().output(output).events(events).fileVersion(fileVersionChecked())
            .kallsyms(!noKallsyms).untilStopped(true);
        for (final String f : filters) {
            final int sep = f.indexOf(": ");
            if (sep <= 0 || f.substring(sep + 2).isBlank()) throw new UsageException("--filter wants 'EVENT: EXPR', e.g. 'sys_exit_read: ret > 0', not '" + f + "'");
            b.filter(f.substring(0, sep).trim(), f.substring(sep + 2).trim());
        }
        for (final String st : stacks) {
            final int sep = st.indexOf(": ");
            if (sep == 0 || st.isBlank()) throw new UsageException("--stack wants 'EVENT' or 'EVENT: EXPR', not '" + st + "'");
            if (sep < 0) b.stack(st.trim(), null);
            else b.stack(st.substring(0, sep).trim(), st.substring(sep + 2).trim());
        }
        if (presets.isEmpty() && events.isEmpty()) b.preset("latency");
        for (final String p : presets) b.preset(p);
        if (bufferKb != null) {
            if (bufferKb <= 0) throw new UsageException("--buffer-kb must be positive: " + bufferKb);
            b.bufferKb(bufferKb);
        }
        if (duration != null) b.duration(duration);
        if (zstdLevel != null) {
            if (zstdLevel < 1 || zstdLevel > 22) throw new UsageException("--zstd-level must be 1..22: " + zstdLevel);
            b.zstdLevel(zstdLevel);
        }
        if (text != null) b.textOutput(text);
        if (compression != null) {
            try {
                b.compression(DatWriter.Compression.parse(compression));
            } catch (final IllegalArgumentException e) {
                throw new UsageException("--compression must be zstd or none, not '" + compression + "'");
            }
        }
        final boolean tty = System.console() != null;
        final long[] progressShown = {0};
        if (tty) {
            b.progress(p -> {
                err.print(String.format(Locale.ROOT, "\rrecording %s  %,d events  %s  lost %,d   ",
                    Units.dur(p.elapsedNanos()), p.events(), bytes(p.bytes()), p.lost()));
                err.flush();
                progressShown[0]++;
            });
        }
        final Recorder recorder;
        try {
            recorder = b.build();
        } catch (final IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        final CountDownLatch reported = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            recorder.requestStop();
            try {
                // let the recording finish: drain, write the file, restore tracefs, print the summary
                reported.await(120, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "whylate-record-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            final Recording r = recorder.record(command);
            if (progressShown[0] > 0) {
                err.print("\r" + " ".repeat(79) + "\r");
                err.flush();
            }
            // the summary goes to stderr: stdout belongs to the recorded command
            summary(r, err);
            if (r.totalLost() > 0) {
                err.println("whylate: warning: the kernel lost " + r.totalLost() + " events (buffer overflow): "
                    + "use a bigger --buffer-kb or fewer events");
            }
            return Main.OK;
        } finally {
            out.flush();
            err.flush();
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException e) {
                // shutting down already (signal): the hook is running and now returns
            }
        }
    }

    private int fileVersionChecked() {
        if (fileVersion != 6 && fileVersion != 7) throw new UsageException("--file-version must be 6 or 7, not " + fileVersion);
        return fileVersion;
    }

    static void summary(final Recording r, final PrintWriter out) {
        out.println("wrote " + r.dat() + " (trace.dat v" + r.fileVersion() + ", " + r.compression() + ", "
            + bytes(r.fileBytes()) + "): " + String.format(Locale.ROOT, "%,d", r.totalEvents()) + " events of "
            + r.events().size() + " enabled event types in " + Units.dur(r.tracingNanos()) + ", stopped: " + reason(r));
        r.text().ifPresent(t -> out.println("wrote " + t + " (tracefs text of the same buffer)"));
        final Table t = new Table(">cpu", ">events", ">pages", ">bytes", ">overrun", ">dropped", ">lost marks");
        long ev = 0;
        long pages = 0;
        long data = 0;
        long over = 0;
        long drop = 0;
        long marks = 0;
        for (final Recording.CpuResult c : r.cpus()) {
            t.row(c.cpu(), c.events(), c.pages(), bytes(c.dataBytes()), c.overrun() + c.commitOverrun(), c.dropped(), c.lossMarks());
            ev += c.events();
            pages += c.pages();
            data += c.dataBytes();
            over += c.overrun() + c.commitOverrun();
            drop += c.dropped();
            marks += c.lossMarks();
        }
        t.row("all", ev, pages, bytes(data), over, drop, marks);
        t.print(out);
    }

    private static String reason(final Recording r) {
        return switch (r.stopReason()) {
            case DURATION -> "duration reached";
            case COMMAND_EXIT -> "command exited" + (r.commandExit() == null ? "" : " with code " + r.commandExit());
            case CALLBACK_DONE -> "workload done";
            case STOP_REQUESTED -> "interrupted";
            case READER_FAILED -> "a CPU reader failed";
        };
    }

    static String bytes(final long b) {
        if (b < 1000) return b + " B";
        if (b < 1_000_000) return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
        if (b < 1_000_000_000) return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
        return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
    }
}
