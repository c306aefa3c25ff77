package dev.whylate.cli;

import dev.whylate.analysis.cycles.Latency;
import dev.whylate.filter.FilterException;
import dev.whylate.live.LatencyBuckets;
import dev.whylate.live.LiveWatch;
import dev.whylate.live.PromText;
import dev.whylate.live.WatchStats;
import dev.whylate.record.RecordException;
import dev.whylate.record.Tracefs;
import dev.whylate.util.Units;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code whylate watch}: cycles measured live from a private tracefs instance, one line per interval, Prometheus
 * metrics over HTTP and/or a node_exporter textfile. Ctrl-C, SIGTERM or the end of {@code --duration} stop it; the
 * instance is removed in every case.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {"Measures request/response cycles live (same rules as 'whylate cycles') and exports Prometheus metrics.",
        "Only the --start and --end events (and --events) are enabled, in a private tracefs instance whylate-PID-N-watch;",
        "their filter expressions are also installed as kernel filters when the kernel accepts them. Needs root.",
        "Prints one line per interval: cycles, misses and latency percentiles of the cycles that ended in it.",
        "Metric names: docs/METRICS.md, section watch."})
public final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CycleArgs.Required cycles;

    @Option(names = "--events", paramLabel = "EVENT", split = ",",
        description = "More events or subsystems to enable and count (e.g. irq_handler_entry,irq).")
    List<String> events = new ArrayList<>();

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve Prometheus metrics at http://ADDRESS:PORT/metrics (0: any free port).")
    Integer port;

    @Option(names = "--metrics-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = "Address the metrics endpoint listens on (default 127.0.0.1; 0.0.0.0 for all).")
    String address;

    @Option(names = "--metrics-file", paramLabel = "PATH",
        description = "Write the metrics to PATH every interval (atomic rename; for node_exporter's textfile collector use a .prom name).")
    Path metricsFile;

    @Option(names = "--name", paramLabel = "NAME", description = "Adds the label watch=\"NAME\" to every metric.")
    String name;

    @Option(names = "--duration", paramLabel = "DUR", description = "Stop after this long (default: until Ctrl-C or SIGTERM).")
    String duration;

    @Option(names = "--interval", paramLabel = "DUR", defaultValue = "1s", description = "Time between lines and metric-file updates (default 1s).")
    String interval;

    @Option(names = "--buffer-kb", paramLabel = "KB", defaultValue = "0", description = "Per-CPU ring buffer size of the instance (default: the kernel's).")
    int bufferKb;

    @Option(names = "--no-kernel-filter", description = "Do not install the filter expressions in the kernel (read every start/end event).")
    boolean noKernelFilter;

    @Option(names = "--tracefs", paramLabel = "DIR", hidden = true, description = "tracefs mount point (default: found).")
    Path tracefs;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final long dl = cycles.deadlineNs();
        final long gu = cycles.giveUpNs();
        final long iv = Opts.duration("--interval", interval);
        final long dur = duration == null ? -1 : Opts.duration("--duration", duration);
        if (iv < 10_000_000L) throw new UsageException("--interval must be at least 10ms");
        if (port != null && (port < 0 || port > 65535)) throw new UsageException("--metrics-port must be 0..65535");
        if (bufferKb < 0) throw new UsageException("--buffer-kb must be >= 0");
        if (name != null && name.isEmpty()) throw new UsageException("--name must not be empty");
        final Tracefs fs = tracefs(tracefs);
        final WatchStats stats = new WatchStats(dl, LatencyBuckets.of(dl));
        final Map<String, String> labels = name == null ? Map.of() : Map.of("watch", name);
        final long startedMs = System.currentTimeMillis();
        MetricsServer server = null;
        LiveWatch w = null;
        final java.util.concurrent.atomic.AtomicReference<LiveWatch> watch = new java.util.concurrent.atomic.AtomicReference<>();
        final Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "whylate-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (port != null) {
                try {
                    server = MetricsServer.start(address, port, () -> {
                        final LiveWatch lw = watch.get();
                        if (lw != null) lw.excludeCurrentThread();
                        return stats.prometheus(labels, startedMs);
                    });
                } catch (IOException e) {
                    throw new UsageException("cannot serve metrics on " + address + ":" + port + ": " + e.getMessage());
                }
            }
            try {
                w = LiveWatch.start(fs, new LiveWatch.Config(cycles.start(), cycles.end(), dl, gu, cycles.anyThread(), events, bufferKb, !noKernelFilter,
                    cycles.key()), stats,
                    n -> err.println("whylate: " + n));
                watch.set(w);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            } catch (FilterException e) {
                throw new UsageException("filter: " + e.getMessage() + "\n  " + e.pointer().replace("\n", "\n  "));
            } catch (AccessDeniedException e) {
                throw new UsageException("watch needs root: cannot write " + e.getFile());
            } catch (RecordException e) {
                throw new UsageException(e.getMessage());
            }
            err.println("whylate watch: " + cycles.start() + "  ->  " + cycles.end() + (dl >= 0 ? "  deadline " + Units.dur(dl) : "")
                + (gu >= 0 ? "  give-up " + Units.dur(gu) : ""));
            err.println("  instance " + w.instance() + ", events " + String.join(" ", w.enabled())
                + (server != null ? ", metrics http://" + server.host() + ":" + server.port() + "/metrics" : "")
                + (metricsFile != null ? ", metrics file " + metricsFile : "") + "; stop with Ctrl-C");
            err.flush();
            final long t0 = System.nanoTime();
            long next = t0 + iv;
            final long endAt = dur >= 0 ? t0 + dur : Long.MAX_VALUE;
            while (true) {
                final long wake = Math.min(next, endAt);
                final long waitNs = wake - System.nanoTime();
                if (waitNs > 0 && stop.await(waitNs, TimeUnit.NANOSECONDS)) break;
                if (!w.running()) {
                    err.println("whylate: the trace pipe stopped" + (w.readError() != null ? ": " + w.readError().getMessage() : ""));
                    break;
                }
                w.tick(Math.min(2000, Math.max(200, iv / 1_000_000L)));
                line(out, stats.takeInterval(), dl);
                writeFile(stats, labels, startedMs, err);
                if (System.nanoTime() >= endAt) break;
                next += iv;
                if (next < System.nanoTime()) next = System.nanoTime() + iv;
            }
        } finally {
            if (w != null) {
                for (final String p : w.stop()) err.println("whylate: " + p);
                final WatchStats.Interval last = stats.takeInterval();
                if (last.cycles() + last.lost() > 0) line(out, last, dl);
                summary(out, stats, dl);
                writeFile(stats, labels, startedMs, err);
            }
            if (server != null) server.close();
            out.flush();
            err.flush();
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running
            }
        }
        return Main.OK;
    }

    private void writeFile(final WatchStats stats, final Map<String, String> labels, final long startedMs, final PrintWriter err) {
        if (metricsFile == null) return;
        try {
            PromText.writeAtomic(metricsFile, stats.prometheus(labels, startedMs));
        } catch (IOException e) {
            err.println("whylate: cannot write " + metricsFile + ": " + e.getMessage());
        }
    }

    private static void line(final PrintWriter out, final WatchStats.Interval i, final long dl) {
        final StringBuilder b = new StringBuilder();
        b.append(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))).append("  cycles ").append(i.cycles());
        if (dl >= 0 || i.misses() > 0) b.append("  misses ").append(i.misses());
        b.append("  lost ").append(i.lost());
        b.append(percentiles(i.latency()));
        if (i.lostEvents() > 0) b.append("  LOST EVENTS ").append(i.lostEvents());
        out.println(b);
        out.flush();
    }

    private static String percentiles(final Latency l) {
        if (l.count() == 0) return "  p50 -  p99 -  max -";
        return "  p50 " + Units.dur(l.p50()) + "  p99 " + Units.dur(l.p99()) + "  max " + Units.dur(l.max());
    }

    private static void summary(final PrintWriter out, final WatchStats stats, final long dl) {
        final WatchStats.Interval t = stats.totals();
        out.println("total: cycles " + t.cycles() + (dl >= 0 ? "  misses " + t.misses() + " (deadline " + Units.dur(dl) + ")" : "")
            + "  lost " + t.lost() + "  unfinished " + stats.unfinishedCycles() + percentiles(t.latency()) + "  events " + t.events()
            + "  lost events " + t.lostEvents());
        out.flush();
    }

    /** The tracefs at {@code dir} (the hidden --tracefs), else the one {@link Tracefs#locate} finds or mounts. */
    private static Tracefs tracefs(final Path dir) {
        if (dir != null) {
            if (!Files.isDirectory(dir.resolve("instances"))) throw new UsageException("--tracefs: " + dir + " is not a tracefs mount");
            return Tracefs.at(dir);
        }
        try {
            return Tracefs.locate();
        } catch (RecordException e) {
            throw new UsageException(e.kind() == RecordException.Kind.NOT_ROOT
                ? "watch needs root (tracefs instances and events can only be changed by root); run with sudo" : e.getMessage());
        }
    }}
