package dev.whylate.live;

import dev.whylate.analysis.cycles.CycleKey;
import dev.whylate.filter.EventFilter;
import dev.whylate.filter.FilterException;
import dev.whylate.format.dat.EventFormat;
import dev.whylate.format.dat.FormatField;
import dev.whylate.model.EventTypes;
import dev.whylate.record.RecordException;
import dev.whylate.record.Tracefs;
import dev.whylate.record.TracefsInstance;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The engine of {@code whylate watch}: a private tracefs instance ({@link Tracefs#createInstance}, named
 * {@code whylate-PID-N-watch}) with only the events the filters need, its {@code trace_pipe} read by one thread through
 * {@link TraceLineStream} into a {@link CycleTracker} and {@link WatchStats}. Instances left by killed runs (of watch or
 * record) are removed first ({@link Tracefs#cleanup}).
 *
 * <p>Set-up: the start and end events (and {@link Config#extraEvents()}) are enabled, nothing else; each filter's
 * expression is also installed as the event's kernel filter when the kernel accepts it (events of both filters on one
 * event are OR-ed), so uninteresting events never reach the pipe — matching is still done in full in user space,
 * with whylate's semantics. {@code record-tgid} is set (the {@code pid} pseudo-field); the reader thread (its reads
 * of the pipe would otherwise feed themselves) and the thread that writes the markers are excluded with
 * {@code set_event_notrace_pid}, other threads with {@link #excludeCurrentThread}; the JVM's own helper threads and
 * processes whylate starts are not excluded. The list is only ever appended to (see
 * {@link TracefsInstance#appendNotracePids}).
 *
 * <p>Intervals: {@link #tick} writes a marker into the instance's buffer and waits until the reader has passed it,
 * so everything recorded before the tick has been counted; the marker's timestamp also advances the matcher's time
 * (give-up). {@link #stop} does the same with a final marker, finishes the matcher and removes the instance; it is
 * idempotent and meant to be called from a finally block and a shutdown hook.
 *
 * <pre>{@code
 * WatchStats stats = new WatchStats(dl, LatencyBuckets.of(dl));
 * try (LiveWatch w = LiveWatch.start(Tracefs.locate(), config, stats, System.err::println)) {
 *     while (running) { Thread.sleep(1000); w.tick(1000); print(stats.takeInterval()); }
 * }
 * }</pre>
 */
public final class LiveWatch implements AutoCloseable {
    /** The tag of watch's instances ({@code whylate-PID-N-watch}). */
    public static final String TAG = "watch";

    /**
     * What to watch.
     *
     * @param start filter of the start event ({@code EVENT[: EXPR]})
     * @param end filter of the end event
     * @param deadlineNs deadline, -1 for none
     * @param giveUpNs give-up time, -1 for never
     * @param anyThread an end on any thread closes the oldest open cycle
     * @param extraEvents more events (or subsystems) to enable and count, e.g. {@code irq_handler_entry}, {@code irq}
     * @param bufferKb per-CPU ring buffer size in KiB, 0 for the kernel's default
     * @param kernelFilter install the expressions as kernel filters when accepted
     * @param key pair starts and ends by these fields' values instead of by thread ({@code whylate cycles --key}), or
     *            null; not with {@code anyThread}
     */
    public record Config(String start, String end, long deadlineNs, long giveUpNs, boolean anyThread, List<String> extraEvents, int bufferKb,
                         boolean kernelFilter, CycleKey key) {
        /** Checks arguments. */
        public Config {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            extraEvents = List.copyOf(extraEvents);
            if (bufferKb < 0) throw new IllegalArgumentException("bufferKb < 0");
            if (key != null && anyThread) throw new IllegalArgumentException("a key and anyThread exclude each other");
        }

        /** A configuration that pairs by thread. */
        public Config(final String start, final String end, final long deadlineNs, final long giveUpNs, final boolean anyThread,
                      final List<String> extraEvents, final int bufferKb, final boolean kernelFilter) {
            this(start, end, deadlineNs, giveUpNs, anyThread, extraEvents, bufferKb, kernelFilter, null);
        }
    }

    private final TracefsInstance session;
    private final WatchStats stats;
    private final TraceLineStream stream;
    private final CycleTracker tracker;
    private final String marker;
    private final Object lock = new Object();
    private final List<String> notes = new ArrayList<>();
    private final List<String> enabledNames = new ArrayList<>();
    private Thread reader;
    private volatile long ackedTick;
    private volatile boolean stopSeen;
    private volatile boolean stopping;
    private volatile IOException readError;
    private long tickId;
    private final Set<Long> excluded = new java.util.HashSet<>();
    private boolean stopped;
    private FileChannel pipe;
    private final List<String> problems = new ArrayList<>();

    private LiveWatch(final TracefsInstance session, final WatchStats stats, final TraceLineStream stream, final CycleTracker tracker, final String marker) {
        this.session = session;
        this.stats = stats;
        this.stream = stream;
        this.tracker = tracker;
        this.marker = marker;
    }

    /**
     * Resolves the filters, sets up the instance and starts reading. On any failure the instance is removed before
     * the exception is thrown.
     *
     * @param fs tracefs ({@link Tracefs#locate()})
     * @param c what to watch
     * @param stats where cycles are counted
     * @param note receives one-line notes about the set-up (kernel filters refused, stale instances removed)
     * @throws IllegalArgumentException an event this kernel does not have
     * @throws FilterException a filter that does not parse
     * @throws IOException tracefs refused (not root)
     * @throws RecordException the instance cannot be created
     */
    public static LiveWatch start(final Tracefs fs, final Config c, final WatchStats stats, final Consumer<String> note)
        throws IOException, FilterException, RecordException {
        Objects.requireNonNull(fs, "fs");
        final LiveFilter sf = LiveFilter.resolve(fs, c.start());
        final LiveFilter ef = LiveFilter.resolve(fs, c.end());
        final List<String> extras = new ArrayList<>();
        for (final String x : c.extraEvents()) {
            final List<String> m = x.isBlank() ? List.of() : fs.match(x.strip());
            if (m.isEmpty()) throw new IllegalArgumentException("this kernel has no trace event or subsystem '" + x + "' (see "
                + fs.root().resolve("available_events") + ")");
            extras.addAll(m);
        }
        if (c.key() != null) {
            checkKeyField(fs, sf, c.key().startField(), "start");
            checkKeyField(fs, ef, c.key().endField(), "end");
        }
        final EventTypes types = new EventTypes();
        types.intern(sf.system(), sf.textName());
        types.intern(ef.system(), ef.textName());
        final EventFilter start = EventFilter.parse(sf.parseSpec(), types);
        final EventFilter end = EventFilter.parse(ef.parseSpec(), types);
        // a misspelt field would match nothing, for ever: refuse it as cycles does on a file
        checkFilterFields(fs, sf, start);
        checkFilterFields(fs, ef, end);
        final List<String> failures = new ArrayList<>();
        for (final String gone : fs.cleanup(false, failures)) note.accept("removed instance " + gone + " left by an earlier run");
        for (final String f : failures) note.accept("could not remove an instance left by an earlier run: " + f);
        final TracefsInstance s = fs.createInstance(TAG);
        LiveWatch w = null;
        try {
            final String marker = s.name();
            final WatchStats st = stats;
            final CycleTracker tr = new CycleTracker(c.deadlineNs(), c.giveUpNs(), c.anyThread(), st);
            final LiveWatch[] self = new LiveWatch[1];
            final TraceLineStream stream = new TraceLineStream(types, start, end, c.key(), tr, TaskInfo.proc(), marker, new TraceLineStream.Listener() {
                @Override
                public void marker(final long ts, final String text) {
                    self[0].onMarker(text);
                }
            });
            w = new LiveWatch(s, stats, stream, tr, marker);
            self[0] = w;
            w.setUp(sf, ef, extras, c, note);
            return w;
        } catch (IOException | RuntimeException e) {
            if (w != null) {
                w.stop();
            } else {
                try {
                    s.close();
                } catch (RecordException ce) {
                    e.addSuppressed(ce);
                }
            }
            throw e;
        }
    }

    /** Checks a filter's field names against its event's tracefs format file (when readable). */
    private static void checkFilterFields(final Tracefs fs, final LiveFilter f, final EventFilter filter) throws IOException, FilterException {
        if (f.marker() || !filter.hasExpression()) return;
        final Path fmt = fs.root().resolve("events").resolve(f.system()).resolve(f.event().substring(f.event().indexOf(':') + 1))
            .resolve("format");
        if (!Files.isReadable(fmt)) return;
        final java.util.Set<String> names = new java.util.HashSet<>();
        for (final dev.whylate.format.dat.FormatField x : EventFormat.parse(f.system(), Tracefs.readText(fmt)).fields()) names.add(x.name());
        if (!names.isEmpty()) filter.checkFields(names);
    }

    /**
     * Refuses a key field that the event does not have (its tracefs format lists its fields; tid, pid, common_pid
     * and cpu name the event's thread and CPU), before anything is set up.
     */
    private static void checkKeyField(final Tracefs fs, final LiveFilter f, final String field, final String which) throws IOException {
        switch (field.toLowerCase(java.util.Locale.ROOT)) {
            case "tid": case "pid": case "common_pid": case "cpu": return;
            default: break;
        }
        if (f.marker()) throw new IllegalArgumentException("--key: the " + which + " event " + f.textName() + " has no field '" + field + "'");
        final Path fmt = fs.root().resolve("events").resolve(f.system()).resolve(f.event().substring(f.event().indexOf(':') + 1))
            .resolve("format");
        if (!Files.isReadable(fmt)) return;
        final EventFormat ef = EventFormat.parse(f.system(), Tracefs.readText(fmt));
        if (ef.field(field) == null) {
            final List<String> names = new ArrayList<>();
            for (final FormatField x : ef.common()) names.add(x.name());
            for (final FormatField x : ef.fields()) names.add(x.name());
            throw new IllegalArgumentException("--key: the " + which + " event " + f.textName() + " has no field '" + field + "' (fields: "
                + String.join(", ", names) + "; or tid, cpu)");
        }
    }

    private void setUp(final LiveFilter sf, final LiveFilter ef, final List<String> extras, final Config c,
                       final Consumer<String> note) throws IOException {
        session.tracingOn(false);
        if (c.bufferKb() > 0) session.bufferSizeKb(c.bufferKb());
        option("record-tgid");
        option("irq-info");
        // not event-fork: it would also silence processes this JVM starts (a test's workload)
        if (sf.marker() || ef.marker()) {
            if (!option("copy_trace_marker")) {
                note.accept("this kernel has no options/copy_trace_marker: only markers written to " + session.dir().resolve("trace_marker")
                    + " reach this watch, not those written to the top-level trace_marker");
            }
        }
        final Map<String, List<String>> exprs = new LinkedHashMap<>();
        for (final LiveFilter f : List.of(sf, ef)) {
            if (f.marker()) continue;
            exprs.computeIfAbsent(f.event(), k -> new ArrayList<>()).add(f.expression());
        }
        for (final Map.Entry<String, List<String>> e : exprs.entrySet()) {
            session.enableEvents(List.of(e.getKey()));
            enabledNames.add(e.getKey());
            if (!c.kernelFilter() || e.getValue().contains("")) continue;
            final List<String> ex = e.getValue().stream().distinct().toList();
            final String expr = ex.size() == 1 ? ex.get(0) : "(" + String.join(") || (", ex) + ")";
            final String refused = session.tryFilter(e.getKey(), expr);
            if (refused != null) {
                note.accept("the kernel refused the filter '" + expr + "' on " + e.getKey() + " (" + refused + "); all its events are read and"
                    + " filtered here");
            }
        }
        for (final String r : extras) {
            if (exprs.containsKey(r) || enabledNames.contains(r)) continue;
            session.enableEvents(List.of(r));
            enabledNames.add(r);
        }
        final FileChannel pipe = openPipe();
        final CountDownLatch started = new CountDownLatch(1);
        final long[] readerTid = {-1};
        reader = new Thread(() -> {
            readerTid[0] = currentTid();
            started.countDown();
            readLoop(pipe);
        }, "whylate-watch-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the reader");
        }
        // the reader (its reads would feed themselves) and this thread (it writes the markers); other threads
        // call excludeCurrentThread()
        final List<Long> tids = new ArrayList<>();
        synchronized (excluded) {
            for (final long t : new long[] {readerTid[0], currentTid()}) if (t > 0 && excluded.add(t)) tids.add(t);
        }
        if (!tids.isEmpty() && !session.appendNotracePids(tids)) {
            note.accept("this kernel cannot exclude whylate's own threads from the events (no set_event_notrace_pid)");
        }
        session.tracingOn(true);
    }

    /** Sets instance option {@code name} on; false when this kernel does not have it or refused. */
    private boolean option(final String name) {
        try {
            return session.option(name, true);
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized FileChannel openPipe() throws IOException {
        pipe = FileChannel.open(session.dir().resolve("trace_pipe"), StandardOpenOption.READ);
        return pipe;
    }

    /** Closes the pipe (a reader blocked in it gets an exception); idempotent. */
    private void closePipe() {
        final FileChannel p;
        synchronized (this) {
            p = pipe;
            pipe = null;
        }
        if (p == null) return;
        try {
            p.close();
        } catch (IOException ignored) {
            // closing a pipe that failed is fine
        }
    }

    /** The kernel thread id of the calling thread, or -1 when /proc/thread-self cannot say. */
    static long currentTid() {
        try {
            final String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            return Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Excludes the calling thread from the instance's events (a thread of this process that does syscalls the
     * filters might match, such as the HTTP handler). Cheap after the first call per thread.
     */
    public void excludeCurrentThread() {
        final long t = currentTid();
        if (t <= 0) return;
        synchronized (excluded) {
            if (!excluded.add(t)) return;
        }
        session.appendNotracePids(List.of(t));
    }

    private void readLoop(final FileChannel pipe) {
        final byte[] buf = new byte[1 << 20];
        final ByteBuffer bb = ByteBuffer.wrap(buf);
        try {
            while (!stopSeen) {
                bb.clear();
                final int n = pipe.read(bb);
                if (n < 0) break;
                if (n == 0) continue;
                synchronized (lock) {
                    stream.feed(buf, 0, n);
                    publish();
                }
                // a blocking read returns as soon as anything is there, and at most one page (4 KiB) per call:
                // after a read well under a page the buffer is nearly drained, so wait a little rather than take a
                // wakeup per event; after a fuller one read on at once
                if (n < 1024 && !stopSeen && !stopping) Thread.sleep(20);
            }
        } catch (ClosedChannelException e) {
            // stop() closed the pipe
        } catch (IOException e) {
            readError = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    private void publish() {
        final Map<String, Long> ev = new LinkedHashMap<>();
        final EventTypes types = stream.types();
        for (int t = 0; t < types.size(); t++) {
            final long n = stream.count(t);
            if (n > 0) ev.put(types.name(t), n);
        }
        stats.progress(ev, stream.lostEvents(), stream.unparsed(), tracker.openCycles());
    }

    private void onMarker(final String text) {
        if (!text.startsWith(marker + " ")) return;
        final String rest = text.substring(marker.length() + 1).strip();
        if (rest.equals("stop")) {
            stopSeen = true;
        } else if (rest.startsWith("tick ")) {
            try {
                ackedTick = Math.max(ackedTick, Long.parseLong(rest.substring(5).strip()));
            } catch (NumberFormatException ignored) {
                // not ours
            }
        }
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /**
     * Marks the end of an interval in the trace and waits up to {@code timeoutMs} until the reader has read up to it.
     * Returns whether it did (false: the reader is behind or the kernel refused the marker; the interval then holds
     * what was read so far).
     */
    public boolean tick(final long timeoutMs) throws InterruptedException {
        final long id;
        synchronized (this) {
            if (stopped) return false;
            id = ++tickId;
        }
        excludeCurrentThread();
        if (!session.marker(marker + " tick " + id)) return false;
        final long until = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (lock) {
            while (ackedTick < id && reader.isAlive()) {
                final long left = (until - System.nanoTime()) / 1_000_000L;
                if (left <= 0) return false;
                lock.wait(left);
            }
        }
        return ackedTick >= id;
    }

    /** Whether the reader is still reading (false after {@link #stop} or a read error). */
    public boolean running() {
        return reader != null && reader.isAlive();
    }

    /** The read error that ended the reader, or null. */
    public IOException readError() {
        return readError;
    }

    /** The instance name. */
    public String instance() {
        return session.name();
    }

    /** The events enabled ({@code system:event}). */
    public List<String> enabled() {
        return List.copyOf(enabledNames);
    }

    /** The stream (lines, events, unparsed counts). Read it only after {@link #stop}. */
    public TraceLineStream stream() {
        return stream;
    }

    /**
     * Stops: a final marker, the reader drains up to it (at most 2 s, then the pipe is closed under it), the matcher
     * finishes (open cycles past their give-up time are lost, the rest unfinished), and the instance is removed.
     * Idempotent; returns the problems met while restoring tracefs (empty when all was undone).
     */
    public List<String> stop() {
        synchronized (this) {
            if (stopped) return List.copyOf(problems);
            stopped = true;
        }
        stopping = true;
        if (reader != null && reader.isAlive()) {
            session.marker(marker + " stop");
            join(2000);
            if (reader.isAlive()) {
                closePipe();
                join(2000);
            }
            if (reader.isAlive()) reader.interrupt();
        }
        try {
            session.tracingOn(false);
        } catch (IOException e) {
            // removing the instance below stops it anyway
        }
        closePipe();   // an open pipe keeps the instance busy
        try {
            session.close();
        } catch (RecordException e) {
            synchronized (this) {
                problems.add(e.getMessage());
            }
        }
        if (reader == null || !reader.isAlive()) {
            synchronized (lock) {
                stream.finish();
                publish();
                stats.unfinished(tracker.unfinished());
                if (stream.keyMissing() > 0) {
                    synchronized (this) {
                        problems.add(stream.keyMissing() + " matching events had no value for the key field and were not paired");
                    }
                }
            }
        }
        synchronized (this) {
            return List.copyOf(problems);
        }
    }

    private void join(final long ms) {
        try {
            reader.join(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
