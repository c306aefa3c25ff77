package dev.whylate.cli;

import dev.whylate.io.TraceFormatException;
import dev.whylate.live.ProcCounters;
import dev.whylate.live.RateTable;
import dev.whylate.live.Rates;
import dev.whylate.live.TopOptions;
import dev.whylate.live.TopReport;
import dev.whylate.live.TopView;
import dev.whylate.report.text.Table;
import dev.whylate.util.CpuList;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code whylate top}: per-CPU interrupt and softirq rates from /proc/interrupts and /proc/softirqs, refreshed every
 * interval, with hot-spot hints. On a terminal the screen is redrawn; otherwise one block per interval is printed so
 * the output can be piped or logged.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
    description = {"Live per-CPU interrupt and softirq rates (from /proc/interrupts and /proc/softirqs) with hot-spot hints.",
        "Rates are events per second over each interval. CPUs marked * are isolated (isolcpus, nohz_full or --isolated)."})
public final class TopCommand implements Callable<Integer> {
    private static final int MAX_PROC_BYTES = 16 << 20;
    private static final String CLEAR = "\033[H\033[2J";

    @Spec
    CommandSpec spec;

    @Option(names = "--interval", paramLabel = "DUR", defaultValue = "1s", description = "Time between refreshes (default 1s).")
    String interval;

    @Option(names = "--cpu", paramLabel = "LIST", description = "Only these CPUs, e.g. 2-3,6 (totals are over these).")
    String cpus;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Print N intervals, then exit (default: until Ctrl-C).")
    int count;

    @Option(names = "--once", description = "One interval, then exit (same as --count 1).")
    boolean once;

    @Option(names = "--top", paramLabel = "N", defaultValue = "3", description = "Sources listed per CPU (default 3).")
    int top;

    @Option(names = "--sources", paramLabel = "N", defaultValue = "10", description = "Rows in the interrupt and softirq tables (default 10).")
    int sources;

    @Option(names = "--hot", paramLabel = "RATE", defaultValue = "1000",
        description = "Per-CPU rate (per second) from which a source is a hot spot on a non-isolated CPU (default 1000).")
    double hot;

    @Option(names = "--isolated", paramLabel = "LIST",
        description = "CPUs kept for latency-critical work (default: /sys/devices/system/cpu/isolated and nohz_full).")
    String isolated;

    @Option(names = "--proc", paramLabel = "DIR", hidden = true, description = "Read DIR/interrupts and DIR/softirqs instead of /proc.")
    Path proc = Path.of("/proc");

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final long iv = Opts.duration("--interval", interval);
        if (iv < 10_000_000L) throw new UsageException("--interval must be at least 10ms");
        if (count < 0) throw new UsageException("--count must be >= 0");
        if (top < 0 || sources < 0) throw new UsageException("--top and --sources must be >= 0");
        if (!(hot > 0)) throw new UsageException("--hot must be > 0");
        final int[] only = cpus == null ? null : Opts.cpus("--cpu", cpus);
        final int[] iso;
        final int[] nohz = CpuList.read(Path.of("/sys/devices/system/cpu/nohz_full"));
        if (isolated != null) {
            iso = Opts.cpus("--isolated", isolated);
        } else {
            final int[] a = CpuList.read(Path.of("/sys/devices/system/cpu/isolated"));
            iso = IntStream.concat(IntStream.of(a), IntStream.of(nohz)).distinct().sorted().toArray();
        }
        final TopOptions opts = new TopOptions(only, top, sources, hot, iso, nohz);
        final int blocks = once ? 1 : count;
        final boolean terminal = System.console() != null && blocks != 1;
        ProcCounters irqA = read("interrupts", ProcCounters.Source.INTERRUPTS);
        ProcCounters softA = readSoft();
        long tA = System.nanoTime();
        if (only != null) {
            final ProcCounters first = irqA;
            final List<Integer> missing = IntStream.of(only).filter(c -> first.column(c) < 0).boxed().toList();
            if (missing.size() == only.length) throw new UsageException("--cpu " + cpus + ": none of these CPUs is online (online: "
                + CpuList.format(IntStream.of(irqA.cpus()).sorted().toArray()) + ")");
        }
        if (isolated != null) {
            // a list naming no online CPU would silently mark nothing isolated
            final ProcCounters first = irqA;
            if (IntStream.of(iso).allMatch(c -> first.column(c) < 0)) {
                throw new UsageException("--isolated " + isolated + ": none of these CPUs is online (online: "
                    + CpuList.format(IntStream.of(irqA.cpus()).sorted().toArray()) + ")");
            }
        }
        if (irqA.skipped() > 0) spec.commandLine().getErr().println("whylate: " + proc.resolve("interrupts") + ": skipped " + irqA.skipped()
            + " unreadable row(s); first: " + irqA.firstSkip());
        for (int n = 0; blocks == 0 || n < blocks; n++) {
            final long next = tA + iv;
            long now;
            while ((now = System.nanoTime()) < next) Thread.sleep(Math.max(1, (next - now) / 1_000_000L));
            final ProcCounters irqB = read("interrupts", ProcCounters.Source.INTERRUPTS);
            final ProcCounters softB = readSoft();
            final long tB = System.nanoTime();
            final RateTable ri = Rates.between(irqA, irqB, tB - tA);
            final RateTable rs = softA != null && softB != null ? Rates.between(softA, softB, tB - tA) : null;
            final TopReport r = TopView.build(ri, rs, opts);
            if (terminal) out.print(CLEAR);
            else if (n > 0) out.println();
            print(r, out);
            out.flush();
            irqA = irqB;
            softA = softB;
            tA = tB;
        }
        return Main.OK;
    }

    private ProcCounters read(final String file, final ProcCounters.Source src) throws IOException, TraceFormatException {
        final Path p = proc.resolve(file);
        final byte[] b;
        try (InputStream in = Files.newInputStream(p)) {
            b = in.readNBytes(MAX_PROC_BYTES + 1);
        }
        if (b.length > MAX_PROC_BYTES) throw new TraceFormatException(p + " is larger than " + (MAX_PROC_BYTES >> 20) + " MiB", MAX_PROC_BYTES);
        try {
            return ProcCounters.parse(b, b.length, src);
        } catch (TraceFormatException e) {
            throw new TraceFormatException(p + ": " + e.getMessage(), e.offset());
        }
    }

    private ProcCounters readSoft() {
        try {
            return read("softirqs", ProcCounters.Source.SOFTIRQS);
        } catch (IOException | TraceFormatException e) {
            return null;
        }
    }

    static void print(final TopReport r, final PrintWriter out) {
        final String cpus = CpuList.format(r.cpus().stream().mapToInt(TopReport.CpuLine::cpu).toArray());
        final String iso = CpuList.format(r.cpus().stream().filter(TopReport.CpuLine::isolated).mapToInt(TopReport.CpuLine::cpu).toArray());
        out.println("whylate top  " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  interval "
            + String.format(Locale.ROOT, "%.2f s", r.dtNs() / 1e9) + "  CPUs " + cpus + (iso.isEmpty() ? "" : "  isolated (*) " + iso)
            + "  rates per second");
        final Table t = new Table("CPU", ">IRQ/s", ">SOFTIRQ/s", "TOP INTERRUPTS", "TOP SOFTIRQS");
        for (final TopReport.CpuLine c : r.cpus()) {
            t.row(c.cpu() + (c.isolated() ? "*" : ""), TopView.rate(c.irqRate()), TopView.rate(c.softirqRate()), entries(c.topIrqs()),
                entries(c.topSoftirqs()));
        }
        t.row("ALL", TopView.rate(r.irqTotal()), TopView.rate(r.softirqTotal()), "", "");
        t.print(out);
        if (!r.irqSources().isEmpty()) {
            out.println();
            final Table s = new Table("INTERRUPT", ">/s", "BUSIEST CPU", "DESCRIPTION");
            for (final TopReport.SourceLine l : r.irqSources()) s.row(l.name(), TopView.rate(l.total()), busiest(l), describe(l));
            s.print(out);
        }
        if (!r.softirqSources().isEmpty()) {
            out.println();
            final Table s = new Table("SOFTIRQ", ">/s", "BUSIEST CPU");
            for (final TopReport.SourceLine l : r.softirqSources()) s.row(l.name(), TopView.rate(l.total()), busiest(l));
            s.print(out);
        }
        if (!r.hints().isEmpty()) {
            out.println();
            out.println("hot spots:");
            for (final TopReport.Hint h : r.hints()) {
                out.println("  CPU " + h.cpu() + ": " + h.source() + " " + TopView.rate(h.rate()) + "/s  " + h.what());
                out.println("      -> " + h.advice());
            }
        }
        for (final String n : r.notes()) out.println("note: " + n);
    }

    private static String describe(final TopReport.SourceLine l) {
        final String d = l.label();
        return d.length() <= 60 ? d : d.substring(0, 59) + "~";
    }

    private static String busiest(final TopReport.SourceLine l) {
        if (l.busiestCpu() < 0) return "(global)";
        return l.busiestCpu() + " (" + TopView.rate(l.busiestRate()) + ")";
    }

    private static String entries(final List<TopReport.Entry> es) {
        return es.stream().map(e -> e.name() + " " + TopView.rate(e.rate())).collect(Collectors.joining(", "));
    }
}
