package dev.whylate.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One private tracefs instance ({@code instances/whylate-...}): its own ring buffer, events, options and
 * {@code tracing_on}. {@link #close()} turns tracing and every event off and removes the instance; it is
 * safe to call more than once.
 */
public final class TracefsInstance implements AutoCloseable {
    private final Tracefs tracefs;
    private final String name;
    private final Path dir;
    private boolean closed;

    TracefsInstance(final Tracefs tracefs, final String name, final Path dir) {
        this.tracefs = tracefs;
        this.name = name;
        this.dir = dir;
    }

    /** The instance name, e.g. {@code whylate-1234-1}. */
    public String name() {
        return name;
    }

    /** The instance directory. */
    public Path dir() {
        return dir;
    }

    /** The tracefs this instance lives in. */
    public Tracefs tracefs() {
        return tracefs;
    }

    /** Writes {@code value} to a control file of the instance (e.g. {@code "buffer_size_kb"}). */
    public void write(final String rel, final String value) throws IOException {
        Files.write(dir.resolve(rel), value.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads a control file of the instance as text. */
    public String read(final String rel) throws IOException {
        return Tracefs.readText(dir.resolve(rel));
    }

    /** Starts or stops writing into this instance's ring buffer. */
    public void tracingOn(final boolean on) throws IOException {
        write("tracing_on", on ? "1" : "0");
    }

    /** Sets the per-CPU ring buffer size in KiB (the kernel rounds to whole pages). */
    public void bufferSizeKb(final int kb) throws IOException {
        write("buffer_size_kb", Integer.toString(kb));
    }

    /** The per-CPU ring buffer size in KiB as the kernel reports it. */
    public int bufferSizeKb() throws IOException {
        final String s = read("buffer_size_kb").trim();
        final int sp = s.indexOf(' ');
        return Integer.parseInt(sp < 0 ? s : s.substring(0, sp));
    }

    /** Sets a trace option such as {@code record-tgid}; returns false when the kernel has no such option. */
    public boolean option(final String option, final boolean on) throws IOException {
        final Path p = dir.resolve("options").resolve(option);
        if (!Files.exists(p)) return false;
        Files.write(p, (on ? "1" : "0").getBytes(StandardCharsets.US_ASCII));
        return true;
    }

    /** Enables each {@code system:event} (already validated by {@link Tracefs#resolve}). */
    public void enableEvents(final Collection<String> events) throws IOException {
        for (final String e : events) {
            final Path p = eventFile(e, "enable");
            try {
                Files.write(p, "1".getBytes(StandardCharsets.US_ASCII));
            } catch (final IOException ex) {
                throw new IOException("cannot enable event " + e + " (" + p + "): " + reason(ex), ex);
            }
        }
    }

    /** The file {@code events/SYSTEM/EVENT/<file>} of {@code system:event}. */
    private Path eventFile(final String event, final String file) {
        final int c = event.indexOf(':');
        return dir.resolve("events").resolve(event.substring(0, c)).resolve(event.substring(c + 1)).resolve(file);
    }

    /**
     * Sets the kernel filter of {@code system:event} (ftrace filter syntax). A filter the kernel rejects is an
     * IOException quoting the kernel's reason (see {@link #tryFilter}).
     */
    public void filter(final String event, final String expr) throws IOException {
        final String why = tryFilter(event, expr);
        if (why != null) throw new IOException("the kernel rejected the filter '" + expr + "' for " + event + ": " + why);
    }

    /**
     * Adds a trigger to {@code system:event} (e.g. {@code stacktrace if prev_pid == 7}); a trigger the kernel rejects
     * is an IOException quoting its reason. Triggers go with the instance when it is removed.
     */
    public void trigger(final String event, final String trigger) throws IOException {
        final Path p = eventFile(event, "trigger");
        try {
            Files.write(p, trigger.getBytes(StandardCharsets.UTF_8));
        } catch (final IOException ex) {
            throw new IOException("the kernel rejected the trigger '" + trigger + "' for " + event + ": " + reason(ex), ex);
        }
    }

    /**
     * Sets the kernel filter of {@code system:event}; returns null when the kernel accepted it, else the kernel's
     * reason (the last line its {@code filter} file shows after the refusal, or the write error), and the filter is
     * cleared again so that the event is not filtered in the kernel.
     */
    public String tryFilter(final String event, final String expr) {
        final Path p = eventFile(event, "filter");
        try {
            Files.write(p, expr.getBytes(StandardCharsets.UTF_8));
            return null;
        } catch (final IOException ex) {
            String why = reason(ex);
            try {
                final String[] shown = Tracefs.readText(p).strip().split("\n");
                if (shown.length > 1) why = shown[shown.length - 1].strip();
            } catch (final IOException e) {
                // keep the write error
            }
            try {
                Files.write(p, "0".getBytes(StandardCharsets.US_ASCII));
            } catch (final IOException e) {
                // the instance is removed on close anyway
            }
            return why;
        }
    }

    /**
     * Adds threads to {@code set_event_notrace_pid}: their events are not recorded (a reader of this instance's
     * pipe would otherwise feed itself). Always appends: rewriting the list (open with truncation) while recording
     * was seen to drop other tasks' events for a moment on 6.18. False when the kernel has no such file or refused.
     */
    public boolean appendNotracePids(final Collection<Long> tids) {
        final Path f = dir.resolve("set_event_notrace_pid");
        if (tids.isEmpty() || !Files.exists(f)) return false;
        final StringBuilder b = new StringBuilder();
        for (final Long t : tids) b.append(b.length() == 0 ? "" : " ").append(t);
        try {
            Files.write(f, (b + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /**
     * Writes a line into this instance's buffer through its {@code trace_marker} (it shows as a
     * {@code tracing_mark_write} event); false when the kernel refused (or the instance is gone).
     */
    public boolean marker(final String text) {
        try {
            Files.write(dir.resolve("trace_marker"), (text + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /** The event names enabled in this instance now ({@code system:event}, from set_event). */
    public List<String> enabledEvents() throws IOException {
        final List<String> out = new ArrayList<>();
        for (final String l : Tracefs.readText(dir.resolve("set_event")).split("\n")) {
            if (!l.isBlank()) out.add(l.trim());
        }
        return out;
    }

    /** The current trace clock name (the bracketed entry of {@code trace_clock}), e.g. "local". */
    public String clock() throws IOException {
        final String s = read("trace_clock");
        final int a = s.indexOf('[');
        final int b = s.indexOf(']', a + 1);
        return a >= 0 && b > a ? s.substring(a + 1, b) : "local";
    }

    /** The whole {@code trace_clock} file, e.g. "[local] global counter ...". */
    public String clockFile() throws IOException {
        return read("trace_clock").trim();
    }

    /** Ring-buffer sub-buffer (page) size in bytes: {@code buffer_subbuf_size_kb} × 1024, or 4096 on old kernels. */
    public int pageSize() throws IOException {
        final Path p = dir.resolve("buffer_subbuf_size_kb");
        if (!Files.exists(p)) return 4096;
        return Integer.parseInt(read("buffer_subbuf_size_kb").trim()) * 1024;
    }

    /** The CPUs this instance has buffers for (per_cpu/cpuN), ascending. */
    public List<Integer> cpus() throws IOException {
        final List<Integer> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve("per_cpu"), "cpu*")) {
            for (final Path p : ds) {
                try {
                    out.add(Integer.parseInt(p.getFileName().toString().substring(3)));
                } catch (final NumberFormatException e) {
                    // not a cpu directory
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** The path of {@code per_cpu/cpuN/<file>}. */
    public Path perCpu(final int cpu, final String file) {
        return dir.resolve("per_cpu").resolve("cpu" + cpu).resolve(file);
    }

    /** The raw text of {@code per_cpu/cpuN/stats}. */
    public String statsText(final int cpu) throws IOException {
        return Tracefs.readText(perCpu(cpu, "stats"));
    }

    /** Parsed {@code per_cpu/cpuN/stats}. */
    public CpuStats stats(final int cpu) throws IOException {
        return CpuStats.parse(cpu, statsText(cpu));
    }

    /** Whether the instance directory still exists. */
    public boolean exists() {
        return Files.isDirectory(dir);
    }

    /**
     * Turns tracing and all events off and removes the instance (retrying for up to a second while the
     * kernel still reports it busy).
     */
    @Override
    public void close() throws RecordException {
        if (closed) return;
        try {
            disableAndRemove(dir);
            closed = true;
        } catch (final IOException e) {
            throw new RecordException(RecordException.Kind.IO, "could not remove tracefs instance " + dir + ": "
                + e.getMessage() + "; remove it with 'whylate record --cleanup' or 'rmdir " + dir + "'", e);
        }
    }

    static void disableAndRemove(final Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try {
            Files.write(dir.resolve("tracing_on"), "0".getBytes(StandardCharsets.US_ASCII));
        } catch (final IOException e) {
            // keep going: removing the instance stops it anyway
        }
        try {
            Files.write(dir.resolve("events").resolve("enable"), "0".getBytes(StandardCharsets.US_ASCII));
        } catch (final IOException e) {
            // keep going
        }
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                Files.delete(dir);
                return;
            } catch (final NoSuchFileException e) {
                return;
            } catch (final IOException e) {
                last = e;
                try {
                    Thread.sleep(20);
                } catch (final InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IOException(reason(last), last);
    }

    static String reason(final IOException e) {
        if (e == null) return "unknown error";
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        return e.getMessage();
    }

    @Override
    public String toString() {
        return name;
    }
}
