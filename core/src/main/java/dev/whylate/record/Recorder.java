package dev.whylate.record;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Records kernel events from a private tracefs instance into a trace.dat while a workload runs.
 *
 * <pre>{@code
 * Recording r = Recorder.builder().preset("latency").bufferKb(8192).snapshotProc(true)
 *     .duration(Duration.ofSeconds(5)).run(List.of("stress-ng", "--cpu", "1", "-t", "1"));
 * }</pre>
 *
 * <p>Steps: create instance {@code whylate-<pid>-<n>}, set its buffer size, turn on {@code record-tgid},
 * enable the events, snapshot /proc/interrupts and /proc/softirqs, {@code tracing_on=1}, start one
 * {@link CpuReader} per CPU copying {@code trace_pipe_raw} pages to temporary files next to the output,
 * start the workload, wait for the stop condition (duration, command exit, callback return,
 * {@link #requestStop()}, or a reader failure), {@code tracing_on=0}, snapshot /proc again, save the text
 * form when asked, drain the rest of the buffer, remove the instance, then write the trace.dat with
 * {@link DatWriter}. The instance is removed and its events disabled on every path, also on failure.
 *
 * <p>Text form: reading {@code trace_pipe_raw} consumes events, so the {@code trace} text of the same buffer
 * can only be saved before the raw pages are read. Asking for it ({@link Builder#textOutput}) therefore turns
 * on deferred reading: nothing is read during the recording, the text is saved after {@code tracing_on=0},
 * then the raw pages are drained. The buffer must then hold the whole recording (set {@code bufferKb});
 * events that did not fit show as overrun in both forms alike.
 *
 * <p>A workload command still running when recording stops gets SIGTERM (its descendants first) and, after
 * 2 s, SIGKILL. A callback workload runs on its own thread and is interrupted when recording stops first.
 */
public final class Recorder {
    /** Name and version written into trace.dat VERSION options. */
    public static final String VERSION = "whylate 0.1.0";
    private static final Pattern FORMAT_ID = Pattern.compile("(?m)^ID:\\s*(\\d+)");

    /** A Java workload run while recording. */
    @FunctionalInterface
    public interface Workload {
        /** Does the work; may throw, which fails the recording after the file is written. */
        void run() throws Exception;
    }

    /**
     * Progress while recording, reported about every half second.
     *
     * @param elapsedNanos time since tracing_on=1
     * @param events       events copied so far
     * @param bytes        bytes of pages written so far
     * @param lost         events the kernel reports lost so far
     */
    public record Progress(long elapsedNanos, long events, long bytes, long lost) {
    }

    private final Builder cfg;
    private final Object wake = new Object();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile boolean running;

    private Recorder(final Builder cfg) {
        this.cfg = cfg.copy();
    }

    /** A builder with defaults: v7 zstd, kernel default buffer size, kallsyms, record-tgid, 50 ms pacing. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Asks a running recording to stop as soon as possible; it still drains the buffer, writes the file and
     * restores tracefs. Safe from any thread (e.g. a shutdown hook); no effect after it finished.
     */
    public void requestStop() {
        stopRequested = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Waits until a started recording has finished (file written or failed); true when it has. */
    public boolean awaitFinished(final long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Whether {@link #record} is running now. */
    public boolean running() {
        return running;
    }

    /** Records until the duration elapses or {@link #requestStop()} (no workload). */
    public Recording record() throws RecordException {
        return doRun(null, null);
    }

    /** Records while {@code command} runs (stops when it exits, or at the duration). */
    public Recording record(final List<String> command) throws RecordException {
        if (command == null || command.isEmpty()) return record();
        return doRun(List.copyOf(command), null);
    }

    /** Records while {@code workload} runs on its own thread (stops when it returns, or at the duration). */
    public Recording record(final Workload workload) throws RecordException {
        return doRun(null, Objects.requireNonNull(workload));
    }

    private void signal() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private Recording doRun(final List<String> command, final Workload workload) throws RecordException {
        running = true;
        Path tmp = null;
        try {
            if (command == null && workload == null && cfg.duration == null && !cfg.untilStopped) {
                throw new RecordException(RecordException.Kind.BAD_SETTING,
                    "nothing would end the recording: give a duration, a command or a workload");
            }
            final Tracefs fs = cfg.tracefs != null ? cfg.tracefs : Tracefs.locate();
            final List<String> events = resolveEvents(fs);
            final Path out = output();
            final Path parent = out.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new RecordException(RecordException.Kind.IO, "output directory does not exist: " + parent);
            }
            try {
                tmp = Files.createTempDirectory(parent, ".whylate-rec-");
            } catch (final IOException e) {
                throw failure("creating a temporary directory in " + parent, e);
            }
            return recordInto(fs, events, out, tmp, command, workload);
        } finally {
            if (tmp != null) deleteTree(tmp);
            running = false;
            finished.countDown();
        }
    }

    private Path output() throws RecordException {
        if (cfg.output != null) return cfg.output;
        try {
            return Files.createTempFile("whylate-rec-", ".dat");
        } catch (final IOException e) {
            throw failure("creating a temporary output file", e);
        }
    }

    private List<String> resolveEvents(final Tracefs fs) throws RecordException {
        try {
            final Set<String> all = new LinkedHashSet<>();
            for (final String p : cfg.presets) all.addAll(Presets.expand(p, fs));
            all.addAll(fs.resolve(cfg.events));
            // a filtered event is recorded even when not listed
            all.addAll(fs.resolve(new ArrayList<>(cfg.filters.keySet())));
            all.addAll(fs.resolve(new ArrayList<>(cfg.stacks.keySet())));
            if (all.isEmpty()) {
                throw new RecordException(RecordException.Kind.BAD_SETTING,
                    "no events to record: give events (-e) or a preset (--preset " + String.join("|", Presets.names()) + ")");
            }
            return new ArrayList<>(all);
        } catch (final IOException e) {
            throw failure("reading " + fs.root().resolve("available_events"), e);
        }
    }

    private Recording recordInto(final Tracefs fs, final List<String> events, final Path out, final Path tmp,
                                 final List<String> command, final Workload workload) throws RecordException {
        final ProcTasks tasks = new ProcTasks();
        tasks.scan();
        final TracefsInstance inst = fs.createInstance(cfg.tag);
        final List<CpuReader> readers = new ArrayList<>();
        Process proc = null;
        Thread work = null;
        final Throwable[] workError = new Throwable[1];
        Throwable primary = null;
        final Map<Integer, CpuStats> finalStats = new TreeMap<>();
        Recording.ProcSnapshot before = null;
        Recording.ProcSnapshot after = null;
        String clock = "local";
        String clockFile = "[local]";
        int pageSize = 4096;
        int longSize = 8;
        long tracingNanos = 0;
        Recording.StopReason reason = Recording.StopReason.STOP_REQUESTED;
        Integer exit = null;
        Optional<Path> textOut = Optional.empty();
        byte[] cmdlines = new byte[0];
        String tgids = "";
        try {
            try {
                if (cfg.bufferKb > 0) inst.bufferSizeKb(cfg.bufferKb);
                if (cfg.recordTgid) inst.option("record-tgid", true);
                inst.enableEvents(events);
                for (final Map.Entry<String, String> f : cfg.filters.entrySet()) {
                    inst.filter(fs.resolve(List.of(f.getKey())).get(0), f.getValue());
                }
                for (final Map.Entry<String, String> st : cfg.stacks.entrySet()) {
                    inst.trigger(fs.resolve(List.of(st.getKey())).get(0), "stacktrace" + (st.getValue().isEmpty() ? "" : " if " + st.getValue()));
                }
                final long bufferBytes = inst.bufferSizeKb() * 1024L;
                clock = inst.clock();
                clockFile = inst.clockFile();
                pageSize = inst.pageSize();
                longSize = DatMetadata.longSizeFromHeaderPage(fs.readBytes("events/header_page"));
                for (final int cpu : inst.cpus()) {
                    final CpuReader r = new CpuReader(inst, cpu, tmp.resolve("cpu" + cpu + ".pages"), pageSize, longSize,
                        cfg.paceNanos, bufferBytes, cfg.readerNice);
                    r.open();
                    readers.add(r);
                }
            } catch (final IOException e) {
                throw failure("setting up tracefs instance " + inst.dir(), e);
            }
            final boolean deferred = cfg.textOutput != null || cfg.deferRead;
            if (cfg.snapshotProc) before = snapshot();
            final long t0 = System.nanoTime();
            try {
                inst.tracingOn(true);
            } catch (final IOException e) {
                throw failure("turning tracing on in " + inst.dir(), e);
            }
            if (!deferred) {
                for (final CpuReader r : readers) r.start(false);
            }
            try {
                if (command != null) {
                    final ProcessBuilder pb = new ProcessBuilder(command);
                    if (cfg.commandOutput != null) {
                        pb.redirectErrorStream(true).redirectOutput(cfg.commandOutput);
                    } else {
                        pb.inheritIO();
                    }
                    proc = pb.start();
                    proc.onExit().thenRun(this::signal);
                } else if (workload != null) {
                    work = new Thread(() -> {
                        try {
                            workload.run();
                        } catch (final Throwable t) {
                            workError[0] = t;
                        } finally {
                            signal();
                        }
                    }, "whylate-workload");
                    work.setDaemon(true);
                    work.start();
                }
            } catch (final IOException e) {
                stopTracing(inst);
                throw new RecordException(RecordException.Kind.WORKLOAD,
                    "cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
            }
            reason = waitForStop(t0, proc, work, readers, inst);
            stopTracing(inst);
            tracingNanos = System.nanoTime() - t0;
            if (cfg.snapshotProc) after = snapshot();
            exit = stopWorkload(proc, work);
            if (cfg.textOutput != null) {
                saveText(inst, cfg.textOutput, cfg.zstdLevel);
                textOut = Optional.of(cfg.textOutput);
            }
            if (deferred) {
                for (final CpuReader r : readers) r.start(true);
            }
            drain(readers, inst);
            for (final CpuReader r : readers) {
                try {
                    finalStats.put(r.cpu(), inst.stats(r.cpu()));
                } catch (final IOException e) {
                    finalStats.put(r.cpu(), CpuStats.parse(r.cpu(), ""));
                }
            }
            for (final CpuReader r : readers) {
                if (r.failure() != null) throw failure("writing pages of CPU " + r.cpu() + " to " + r.file(), r.failure());
            }
            tasks.scan();
            try {
                cmdlines = tasks.mergeCmdlines(fs.savedCmdlines());
            } catch (final IOException e) {
                cmdlines = tasks.mergeCmdlines(new byte[0]);
            }
            tgids = tasks.mergeTgids(fs.savedTgids());
        } catch (final RecordException | RuntimeException | Error e) {
            primary = e;
            throw e;
        } finally {
            for (final CpuReader r : readers) r.abort();
            if (proc != null && proc.isAlive()) stopWorkload(proc, null);
            try {
                inst.close();
            } catch (final RecordException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else {
                    throw e;
                }
            }
        }
        final Recording rec = writeDat(fs, events, out, readers, finalStats, clock, clockFile, pageSize, longSize,
            cmdlines, tgids, inst.name(), before, after, tracingNanos, reason, exit, textOut);
        if (workError[0] != null) {
            throw new RecordException(RecordException.Kind.WORKLOAD, "the workload failed: " + workError[0]
                + " (the trace was written to " + out + ")", workError[0]);
        }
        return rec;
    }

    private Recording.StopReason waitForStop(final long t0, final Process proc, final Thread work,
                                             final List<CpuReader> readers, final TracefsInstance inst) {
        final long end = cfg.duration == null ? Long.MAX_VALUE : t0 + cfg.duration.toNanos();
        long nextProgress = t0 + TimeUnit.MILLISECONDS.toNanos(500);
        while (true) {
            if (stopRequested) return Recording.StopReason.STOP_REQUESTED;
            if (proc != null && !proc.isAlive()) return Recording.StopReason.COMMAND_EXIT;
            if (work != null && !work.isAlive()) return Recording.StopReason.CALLBACK_DONE;
            for (final CpuReader r : readers) {
                if (r.failure() != null) return Recording.StopReason.READER_FAILED;
            }
            final long now = System.nanoTime();
            if (now - end >= 0) return Recording.StopReason.DURATION;
            if (cfg.progress != null && now - nextProgress >= 0) {
                cfg.progress.accept(progress(now - t0, readers, inst));
                nextProgress = now + TimeUnit.MILLISECONDS.toNanos(500);
            }
            final long waitNs = Math.min(end - now, Math.min(TimeUnit.MILLISECONDS.toNanos(200),
                cfg.progress != null ? Math.max(1, nextProgress - now) : Long.MAX_VALUE));
            synchronized (wake) {
                if (stopRequested || (proc != null && !proc.isAlive()) || (work != null && !work.isAlive())) continue;
                try {
                    TimeUnit.NANOSECONDS.timedWait(wake, Math.max(1, waitNs));
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Recording.StopReason.STOP_REQUESTED;
                }
            }
        }
    }

    private static Progress progress(final long elapsed, final List<CpuReader> readers, final TracefsInstance inst) {
        long ev = 0;
        long bytes = 0;
        long lost = 0;
        for (final CpuReader r : readers) {
            ev += r.events();
            bytes += r.bytesWritten();
            try {
                lost += inst.stats(r.cpu()).lost();
            } catch (final IOException e) {
                // progress only
            }
        }
        return new Progress(elapsed, ev, bytes, lost);
    }

    private static void stopTracing(final TracefsInstance inst) throws RecordException {
        try {
            inst.tracingOn(false);
        } catch (final IOException e) {
            throw failure("turning tracing off in " + inst.dir(), e);
        }
    }

    private static Integer stopWorkload(final Process proc, final Thread work) {
        if (work != null && work.isAlive()) {
            work.interrupt();
            try {
                work.join(5000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (proc == null) return null;
        if (!proc.isAlive()) return proc.exitValue();
        proc.descendants().forEach(ProcessHandle::destroy);
        proc.destroy();
        try {
            if (!proc.waitFor(2, TimeUnit.SECONDS)) {
                proc.descendants().forEach(ProcessHandle::destroyForcibly);
                proc.destroyForcibly();
                proc.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /**
     * Stops the readers after tracing is off: drain mode first; a reader that sits in a read on an empty
     * buffer (no progress for 100 ms while the CPU's stats say no entries are left) has its channel closed.
     */
    private static void drain(final List<CpuReader> readers, final TracefsInstance inst) {
        for (final CpuReader r : readers) r.drain();
        final int n = readers.size();
        final long[] last = new long[n];
        final int[] stuck = new int[n];
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try {
            while (true) {
                boolean all = true;
                for (final CpuReader r : readers) all &= r.done();
                if (all) break;
                if (System.nanoTime() - deadline > 0) {
                    for (final CpuReader r : readers) r.abort();
                    break;
                }
                Thread.sleep(20);
                for (int i = 0; i < n; i++) {
                    final CpuReader r = readers.get(i);
                    if (r.done()) continue;
                    final long reads = r.reads();
                    if (r.inRead() && reads == last[i]) {
                        long entries;
                        try {
                            entries = inst.stats(r.cpu()).entries();
                        } catch (final IOException e) {
                            entries = 0;
                        }
                        stuck[i] = entries == 0 ? stuck[i] + 1 : 0;
                        if (stuck[i] >= 5) r.abort();
                    } else {
                        stuck[i] = 0;
                    }
                    last[i] = reads;
                }
            }
            for (final CpuReader r : readers) r.join(5000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            for (final CpuReader r : readers) r.abort();
        }
    }

    private static void saveText(final TracefsInstance inst, final Path text, final int level) throws RecordException {
        try (InputStream in = Files.newInputStream(inst.dir().resolve("trace"));
             OutputStream os = text.getFileName().toString().endsWith(".zst")
                 ? new ZstdOutputStream(Files.newOutputStream(text), level) : Files.newOutputStream(text)) {
            dev.whylate.io.Streams.copy(in, os);
        } catch (final IOException e) {
            throw failure("saving the text form to " + text, e);
        }
    }

    private static Recording.ProcSnapshot snapshot() {
        return new Recording.ProcSnapshot(readProc("/proc/interrupts"), readProc("/proc/softirqs"), System.nanoTime());
    }

    private static String readProc(final String p) {
        try {
            return Tracefs.readText(Path.of(p));
        } catch (final IOException e) {
            return "";
        }
    }

    private Recording writeDat(final Tracefs fs, final List<String> events, final Path out,
                               final List<CpuReader> readers, final Map<Integer, CpuStats> stats, final String clock,
                               final String clockFile, final int pageSize, final int longSize, final byte[] cmdlines,
                               final String tgids, final String instance, final Recording.ProcSnapshot before,
                               final Recording.ProcSnapshot after, final long tracingNanos,
                               final Recording.StopReason reason, final Integer exit, final Optional<Path> text)
        throws RecordException {
        final DatMetadata meta;
        final Map<Integer, String> ids = new TreeMap<>();
        try {
            final Map<String, List<byte[]>> systems = new LinkedHashMap<>();
            for (final String e : events) {
                final String sys = e.substring(0, e.indexOf(':'));
                if (systems.containsKey(sys)) continue;
                final Map<String, byte[]> f = fs.systemFormats(sys);
                systems.put(sys, new ArrayList<>(f.values()));
                f.forEach((name, bytes) -> id(bytes).ifPresent(i -> ids.put(i, sys + ":" + name)));
            }
            final Map<String, byte[]> ftrace = fs.systemFormats("ftrace");
            ftrace.forEach((name, bytes) -> id(bytes).ifPresent(i -> ids.put(i, "ftrace:" + name)));
            int maxCpu = -1;
            for (final CpuReader r : readers) maxCpu = Math.max(maxCpu, r.cpu());
            final List<String> cpuStats = new ArrayList<>();
            for (int c = 0; c <= maxCpu; c++) {
                final CpuStats s = stats.get(c);
                cpuStats.add(s == null ? "" : s.text());
            }
            meta = new DatMetadata(ByteOrder.nativeOrder(), longSize, pageSize, fs.readBytes("events/header_page"),
                fs.readBytes("events/header_event"), new ArrayList<>(ftrace.values()), systems,
                cfg.kallsyms ? kallsyms() : new byte[0], fs.printkFormats(), cmdlines, clock, clockFile, uname(),
                VERSION, cpuStats, maxCpu + 1, new SecureRandom().nextLong(), "", tgids.getBytes(StandardCharsets.US_ASCII));
        } catch (final IOException e) {
            throw failure("reading event formats from " + fs.root(), e);
        }
        final List<DatWriter.CpuPages> pages = new ArrayList<>();
        for (final CpuReader r : readers) pages.add(new DatWriter.CpuPages(r.cpu(), r.file()));
        final DatWriter.Compression comp = cfg.fileVersion == 6 ? DatWriter.Compression.NONE : cfg.compression;
        final DatWriter.Result res;
        try {
            res = new DatWriter(cfg.fileVersion, comp).zstdLevel(cfg.zstdLevel).write(out, meta, pages);
        } catch (final IOException e) {
            throw failure("writing " + out, e);
        }
        final List<Recording.CpuResult> cpus = new ArrayList<>();
        for (final CpuReader r : readers) {
            final PageCounter c = r.counter();
            final CpuStats s = stats.getOrDefault(r.cpu(), CpuStats.parse(r.cpu(), ""));
            cpus.add(new Recording.CpuResult(r.cpu(), c.events(), c.pages(), c.dataBytes(), c.pages() * pageSize,
                s.overrun(), s.commitOverrun(), s.dropped(), c.pagesWithLoss(), s.read(), s.entries(), c.firstTs(),
                c.lastTs(), c.byType(), s.text()));
        }
        return new Recording(out, text, cfg.fileVersion, comp.name().toLowerCase(java.util.Locale.ROOT), instance, clock,
            List.copyOf(events), ids, cpus, before, after, tracingNanos, reason, exit, tgids, res.fileBytes(), pageSize,
            res.cpus());
    }

    private static Optional<Integer> id(final byte[] format) {
        final Matcher m = FORMAT_ID.matcher(new String(format, StandardCharsets.US_ASCII));
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** /proc/kallsyms when readable with real addresses (not all zero because of kptr_restrict), else empty. */
    static byte[] kallsyms() {
        try {
            final byte[] b = Tracefs.readFile(Path.of("/proc/kallsyms"));
            for (int i = 0; i < Math.min(b.length, 4096); i++) {
                if (b[i] == ' ') break;
                if (b[i] != '0') return b;
            }
            // first address is zero: check a few more lines before giving up
            final String head = new String(b, 0, Math.min(b.length, 1 << 16), StandardCharsets.US_ASCII);
            for (final String line : head.split("\n")) {
                if (!line.startsWith("0000000000000000") && !line.isEmpty()) return b;
            }
            return new byte[0];
        } catch (final IOException e) {
            return new byte[0];
        }
    }

    /** "sysname nodename release machine" like uname(2). */
    static String uname() {
        final String sys = readTrim("/proc/sys/kernel/ostype", "Linux");
        final String host = readTrim("/proc/sys/kernel/hostname", "localhost");
        final String rel = readTrim("/proc/sys/kernel/osrelease", System.getProperty("os.version"));
        String arch = readTrim("/proc/sys/kernel/arch", "");
        if (arch.isEmpty()) {
            arch = System.getProperty("os.arch");
            if (arch.equals("amd64")) arch = "x86_64";
        }
        return sys + " " + host + " " + rel + " " + arch;
    }

    private static String readTrim(final String p, final String dflt) {
        try {
            return Tracefs.readText(Path.of(p)).trim();
        } catch (final IOException e) {
            return dflt;
        }
    }

    static RecordException failure(final String what, final IOException e) {
        final String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
            : String.valueOf(e.getMessage());
        if (reason.contains("No space left on device") || reason.contains("Disk quota exceeded")) {
            return new RecordException(RecordException.Kind.DISK_FULL, "disk full while " + what + " (" + reason + ")", e);
        }
        return new RecordException(RecordException.Kind.IO, "I/O error while " + what + ": " + reason, e);
    }

    private static void deleteTree(final Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (final IOException e) {
                    // best effort
                }
            });
        } catch (final IOException e) {
            // best effort
        }
    }

    /** Settings of a recording. Not thread safe; {@link #build()} takes a copy. */
    public static final class Builder {
        private Tracefs tracefs;
        private final List<String> events = new ArrayList<>();
        private final Map<String, String> filters = new LinkedHashMap<>();
        /** Event → condition ("" = always) of a stacktrace trigger. */
        private final Map<String, String> stacks = new LinkedHashMap<>();
        private final List<String> presets = new ArrayList<>();
        private int bufferKb;
        private Duration duration;
        private boolean untilStopped;
        private int fileVersion = 7;
        private DatWriter.Compression compression = DatWriter.Compression.ZSTD;
        private boolean compressionSet;
        private int zstdLevel = 3;
        private Path output;
        private Path textOutput;
        private boolean deferRead;
        private boolean snapshotProc;
        private boolean kallsyms = true;
        private boolean recordTgid = true;
        private long paceNanos = TimeUnit.MILLISECONDS.toNanos(50);
        private Consumer<Progress> progress;
        private ProcessBuilder.Redirect commandOutput;
        private String tag;
        private int readerNice = -10;

        private Builder() {
        }

        private Builder copy() {
            final Builder b = new Builder();
            b.tracefs = tracefs;
            b.events.addAll(events);
            b.filters.putAll(filters);
            b.stacks.putAll(stacks);
            b.presets.addAll(presets);
            b.bufferKb = bufferKb;
            b.duration = duration;
            b.untilStopped = untilStopped;
            b.fileVersion = fileVersion;
            b.compression = compression;
            b.compressionSet = compressionSet;
            b.zstdLevel = zstdLevel;
            b.output = output;
            b.textOutput = textOutput;
            b.deferRead = deferRead;
            b.snapshotProc = snapshotProc;
            b.kallsyms = kallsyms;
            b.recordTgid = recordTgid;
            b.paceNanos = paceNanos;
            b.progress = progress;
            b.commandOutput = commandOutput;
            b.tag = tag;
            b.readerNice = readerNice;
            return b;
        }

        /** Use this tracefs instead of locating (and mounting) it. */
        public Builder tracefs(final Tracefs t) {
            tracefs = t;
            return this;
        }

        /** Adds event specifications ({@code sched:sched_switch}, {@code irq:*}, {@code workqueue}, ...). */
        public Builder events(final String... specs) {
            return events(List.of(specs));
        }

        /** Adds event specifications. */
        public Builder events(final List<String> specs) {
            events.addAll(specs);
            return this;
        }

        /**
         * Records the kernel stack with every {@code event} (with {@code condition}, a filter expression, only with the
         * ones that pass it; null or blank for all): the kernel's {@code stacktrace} trigger, whose
         * {@code kernel_stack} records follow the event in the buffer. The event is recorded even when not listed.
         */
        public Builder stack(final String event, final String condition) {
            stacks.put(event, condition == null ? "" : condition.strip());
            return this;
        }

        /**
         * Records only the {@code event}s that pass {@code expr}, a kernel event filter (the ftrace filter
         * syntax, written to the event's {@code filter} file), e.g. {@code filter("sys_exit_read", "ret > 0")}.
         * The event is recorded even if not listed.
         */
        public Builder filter(final String event, final String expr) {
            filters.put(event, expr);
            return this;
        }

        /** Adds a preset's events (see {@link Presets}). */
        public Builder preset(final String name) {
            presets.add(name);
            return this;
        }

        /** Per-CPU buffer size in KiB; 0 keeps the kernel's default for new instances. */
        public Builder bufferKb(final int kb) {
            if (kb < 0) throw new IllegalArgumentException("buffer size must be positive: " + kb);
            bufferKb = kb;
            return this;
        }

        /** Stops after this long (also with a workload, whichever ends first). */
        public Builder duration(final Duration d) {
            if (d != null && (d.isNegative() || d.isZero())) throw new IllegalArgumentException("duration must be positive: " + d);
            duration = d;
            return this;
        }

        /** Allows recording with neither duration nor workload, until {@link Recorder#requestStop()}. */
        public Builder untilStopped(final boolean b) {
            untilStopped = b;
            return this;
        }

        /** trace.dat version, 6 or 7 (default 7). Version 6 is never compressed. */
        public Builder fileVersion(final int v) {
            if (v != 6 && v != 7) throw new IllegalArgumentException("file version must be 6 or 7: " + v);
            fileVersion = v;
            return this;
        }

        /** Compression of a v7 file (default zstd). */
        public Builder compression(final DatWriter.Compression c) {
            compression = Objects.requireNonNull(c);
            compressionSet = true;
            return this;
        }

        /** zstd level for the file (default 3). */
        public Builder zstdLevel(final int level) {
            zstdLevel = level;
            return this;
        }

        /** Output trace.dat path (default: a new temporary file). */
        public Builder output(final Path p) {
            output = p;
            return this;
        }

        /**
         * Also save the tracefs text ({@code trace} file) of the same buffer here ({@code .zst} names are zstd
         * compressed). Implies deferred reading: make the buffer big enough for the whole recording.
         */
        public Builder textOutput(final Path p) {
            textOutput = p;
            return this;
        }

        /** Read the buffer only after tracing stopped (flight-recorder style); the buffer must hold it all. */
        public Builder deferRead(final boolean b) {
            deferRead = b;
            return this;
        }

        /** Snapshot /proc/interrupts and /proc/softirqs right before and after tracing. */
        public Builder snapshotProc(final boolean b) {
            snapshotProc = b;
            return this;
        }

        /** Save /proc/kallsyms (default true; about 1 MB compressed). */
        public Builder kallsyms(final boolean b) {
            kallsyms = b;
            return this;
        }

        /** Turn on the instance's record-tgid option (default true). */
        public Builder recordTgid(final boolean b) {
            recordTgid = b;
            return this;
        }

        /** How long a CPU reader sleeps after a partial page (default 50 ms). */
        public Builder pace(final Duration d) {
            paceNanos = d.toNanos();
            return this;
        }

        /** Called about twice a second on the recording thread while tracing. */
        public Builder progress(final Consumer<Progress> p) {
            progress = p;
            return this;
        }

        /** Where a workload command's stdout and stderr go (default: inherited). */
        public Builder commandOutput(final ProcessBuilder.Redirect r) {
            commandOutput = r;
            return this;
        }

        /**
         * Nice value for the CPU reader threads (default -10; 0 leaves them alone). They use little CPU but
         * must run soon after waking, or a busy machine overflows the buffers.
         */
        public Builder readerNice(final int nice) {
            if (nice < -20 || nice > 19) throw new IllegalArgumentException("nice must be -20..19: " + nice);
            readerNice = nice;
            return this;
        }

        /** A word added to the instance name. */
        public Builder tag(final String t) {
            tag = t;
            return this;
        }

        /**
         * A recorder with these settings.
         *
         * @throws IllegalArgumentException when compression was asked for a version 6 file
         */
        public Recorder build() {
            if (fileVersion == 6 && compressionSet && compression != DatWriter.Compression.NONE) {
                throw new IllegalArgumentException("trace.dat version 6 cannot be compressed; use --file-version 7 or --compression none");
            }
            return new Recorder(this);
        }

        /** Builds and records until the duration (or {@link Recorder#requestStop()} with untilStopped). */
        public Recording run() throws RecordException {
            return build().record();
        }

        /** Builds and records while {@code command} runs. */
        public Recording run(final List<String> command) throws RecordException {
            return build().record(command);
        }

        /** Builds and records while {@code workload} runs. */
        public Recording run(final Workload workload) throws RecordException {
            return build().record(workload);
        }
    }
}
