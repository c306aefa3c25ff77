package dev.whylate.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A private tracefs instance ({@code instances/NAME}) and everything done to it, undone by {@link #close()}: tracing
 * off, every filter set cleared, every event enabled disabled, the pipe closed, the instance removed. Close is
 * idempotent and safe to call from a shutdown hook while another thread is still using the session.
 *
 * <p>Minimal by design for {@code whylate watch}; to be unified with {@code dev.whylate.record}'s tracefs handling
 * once that is merged.
 *
 * <pre>{@code
 * try (TracefsSession s = TracefsSession.create(TracefsSession.find(), "whylate-watch-" + pid)) {
 *     s.enable(new TracefsSession.EventRef("syscalls", "sys_enter_write"));
 *     s.tracingOn(true);
 *     FileChannel pipe = s.openPipe();
 *     ...
 * }
 * }</pre>
 */
public final class TracefsSession implements AutoCloseable {
    /** Where tracefs is usually mounted, in the order tried. */
    public static final List<Path> MOUNTS = List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));

    /** An event directory: {@code events/SYSTEM/NAME}. {@code name} null means the whole subsystem. */
    public record EventRef(String system, String name) {
        /** Checks arguments. */
        public EventRef {
            Objects.requireNonNull(system, "system");
        }

        /** The directory under an instance or the tracefs root. */
        public Path dir(final Path root) {
            final Path s = root.resolve("events").resolve(system);
            return name == null ? s : s.resolve(name);
        }

        @Override
        public String toString() {
            return name == null ? system : system + "/" + name;
        }
    }

    private final Path root;
    private final Path dir;
    private final String name;
    private final Set<EventRef> enabled = new LinkedHashSet<>();
    private final Set<EventRef> filtered = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    private FileChannel pipe;
    private boolean closed;

    private TracefsSession(final Path root, final String name) {
        this.root = root;
        this.name = name;
        this.dir = root.resolve("instances").resolve(name);
    }

    /** The mounted tracefs (a directory with {@code instances}), or null. */
    public static Path find() {
        for (final Path p : MOUNTS) if (Files.isDirectory(p.resolve("instances"))) return p;
        return null;
    }

    /**
     * Creates instance {@code name} (it must not exist) under tracefs {@code root}.
     *
     * @throws IOException when it exists or cannot be created (not root, no tracefs)
     */
    public static TracefsSession create(final Path root, final String name) throws IOException {
        Objects.requireNonNull(root, "root");
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) throw new IllegalArgumentException("bad instance name: " + name);
        final TracefsSession s = new TracefsSession(root, name);
        Files.createDirectory(s.dir);
        return s;
    }

    /**
     * Removes instances {@code PREFIX<pid>} left by a process that no longer exists (a run killed with SIGKILL);
     * returns the names removed.
     */
    public static List<String> removeStale(final Path root, final String prefix) {
        final List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("instances"), prefix + "*")) {
            for (final Path p : ds) {
                final String n = p.getFileName().toString();
                final String rest = n.substring(prefix.length());
                if (!rest.matches("\\d{1,10}")) continue;
                if (ProcessHandle.of(Long.parseLong(rest)).isPresent()) continue;
                final TracefsSession s = new TracefsSession(root, n);
                quiet(s.dir.resolve("tracing_on"), "0");
                quiet(s.dir.resolve("events/enable"), "0");
                if (s.rmdir()) out.add(n);
            }
        } catch (IOException e) {
            // no instances directory or not readable: nothing to clean
        }
        return out;
    }

    /** The instance name. */
    public String name() {
        return name;
    }

    /** The instance directory. */
    public Path dir() {
        return dir;
    }

    /** Writes {@code value} to the instance file {@code file} (like {@code echo value > file}). */
    public synchronized void write(final String file, final String value) throws IOException {
        ensureOpen();
        put(dir.resolve(file), value);
    }

    /** Sets instance option {@code options/NAME}; false when this kernel does not have it or refused. */
    public synchronized boolean option(final String option, final boolean on) {
        final Path p = dir.resolve("options").resolve(option);
        if (!Files.exists(p)) return false;
        return quiet(p, on ? "1" : "0");
    }

    /** Whether the instance has option {@code options/NAME}. */
    public boolean hasOption(final String option) {
        return Files.exists(dir.resolve("options").resolve(option));
    }

    /** Enables an event (or a whole subsystem); it is disabled again on {@link #close()}. */
    public synchronized void enable(final EventRef e) throws IOException {
        ensureOpen();
        final Path en = e.dir(dir).resolve("enable");
        if (!Files.exists(en)) throw new NoSuchFileException(en.toString(), null, "no such tracefs event");
        enabled.add(e);
        put(en, "1");
    }

    /**
     * Installs the kernel filter {@code expr} on an event; returns null when the kernel accepted it, else the
     * kernel's reason (the filter is then cleared, so the event is not filtered in the kernel).
     */
    public synchronized String filter(final EventRef e, final String expr) {
        final Path f = e.dir(dir).resolve("filter");
        if (!Files.exists(f)) return "the event has no filter file";
        filtered.add(e);
        try {
            put(f, expr);
            return null;
        } catch (IOException ex) {
            String why = ex.getMessage();
            try {
                final String[] shown = read(f).strip().split("\n");
                if (shown.length > 1) why = shown[shown.length - 1].strip();
            } catch (IOException ignored) {
                // keep the write error
            }
            quiet(f, "0");
            return why;
        }
    }

    /** Turns recording in the instance on or off. */
    public synchronized void tracingOn(final boolean on) throws IOException {
        write("tracing_on", on ? "1" : "0");
    }

    /**
     * Adds threads to the instance's {@code set_event_notrace_pid}: their events are not recorded (our own reads of
     * the pipe would otherwise feed themselves). Always appends: rewriting the list (open with truncation) while
     * recording was seen to drop other tasks' events for a moment on 6.18. False when the kernel has no such file.
     */
    public synchronized boolean notrace(final List<Long> tids) {
        final Path f = dir.resolve("set_event_notrace_pid");
        if (closed || !Files.exists(f) || tids.isEmpty()) return false;
        final StringBuilder b = new StringBuilder();
        for (final Long t : tids) b.append(t).append(' ');
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            final ByteBuffer bb = ByteBuffer.wrap((b.toString().strip() + "\n").getBytes(StandardCharsets.UTF_8));
            while (bb.hasRemaining()) ch.write(bb);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes a line into the instance's buffer ({@code trace_marker}); it shows as a {@code tracing_mark_write} event. */
    public synchronized boolean marker(final String text) {
        if (closed) return false;
        return quiet(dir.resolve("trace_marker"), text);
    }

    /** Opens the instance's {@code trace_pipe} (consuming text reader); closed by {@link #close()} if still open. */
    public synchronized FileChannel openPipe() throws IOException {
        ensureOpen();
        pipe = FileChannel.open(dir.resolve("trace_pipe"), StandardOpenOption.READ);
        return pipe;
    }

    /** Closes the pipe (a reader blocked in it gets an exception); idempotent. */
    public void closePipe() {
        final FileChannel p;
        synchronized (this) {
            p = pipe;
            pipe = null;
        }
        if (p != null) {
            try {
                p.close();
            } catch (IOException ignored) {
                // closing a pipe that failed is fine
            }
        }
    }

    /** What went wrong while restoring (empty when everything was undone). */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Whether the instance directory still exists. */
    public boolean exists() {
        return Files.isDirectory(dir);
    }

    /** Undoes everything and removes the instance. Never throws; see {@link #problems()}. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (!quiet(dir.resolve("tracing_on"), "0")) problems.add("could not turn tracing off in " + dir);
        }
        closePipe();
        synchronized (this) {
            for (final EventRef e : filtered) quiet(e.dir(dir).resolve("filter"), "0");
            for (final EventRef e : enabled) {
                if (!quiet(e.dir(dir).resolve("enable"), "0")) problems.add("could not disable " + e);
            }
            quiet(dir.resolve("events/enable"), "0");
            if (!rmdir()) problems.add("could not remove " + dir + " (remove it with: rmdir " + dir + ")");
        }
    }

    private boolean rmdir() {
        for (int k = 0; k < 20; k++) {
            try {
                Files.deleteIfExists(dir);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return !Files.exists(dir);
                }
            }
        }
        return !Files.exists(dir);
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("tracefs session " + name + " is closed");
    }

    /**
     * Reads a small tracefs control file in one {@code read} call (some, like an event's {@code filter}, answer only
     * the first read); at most 64 KiB.
     */
    public static String read(final Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            final ByteBuffer b = ByteBuffer.allocate(64 << 10);
            final int n = ch.read(b);
            return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8);
        }
    }

    private static void put(final Path p, final String value) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            final ByteBuffer b = ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) ch.write(b);
        }
    }

    private static boolean quiet(final Path p, final String value) {
        try {
            put(p, value);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Finds an event by {@code name}, {@code system:name} or {@code system/name} under tracefs {@code root}; with
     * {@code allowSystem} a bare subsystem name ({@code irq}) is accepted too. Null when there is none.
     */
    public static EventRef findEvent(final Path root, final String spec, final boolean allowSystem) {
        final String s = spec.strip();
        if (s.isEmpty() || !s.matches("[A-Za-z0-9_:/.-]+")) return null;
        final Path events = root.resolve("events");
        final int sep = Math.max(s.indexOf(':'), s.indexOf('/'));
        if (sep >= 0) {
            final String sys = s.substring(0, sep);
            final String n = s.substring(sep + 1);
            if (sys.isEmpty() || n.isEmpty() || n.contains(":") || n.contains("/") || sys.contains(".") || n.contains("..")) return null;
            return Files.isDirectory(events.resolve(sys).resolve(n)) ? new EventRef(sys, n) : null;
        }
        if (s.contains("..")) return null;
        if (allowSystem && Files.isDirectory(events.resolve(s)) && Files.exists(events.resolve(s).resolve("enable"))) return new EventRef(s, null);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(events)) {
            for (final Path sys : ds) {
                if (Files.isDirectory(sys.resolve(s)) && Files.exists(sys.resolve(s).resolve("format"))) {
                    return new EventRef(sys.getFileName().toString(), s);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The event names of a subsystem (its directories with a format file), sorted. */
    public static List<String> eventsOf(final Path root, final String system) {
        final List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("events").resolve(system))) {
            for (final Path p : ds) if (Files.exists(p.resolve("format"))) out.add(p.getFileName().toString());
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }
}
