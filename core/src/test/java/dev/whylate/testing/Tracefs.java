package dev.whylate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private tracefs instance {@code whylate-test-<pid>-<name>} for tests that record real events. Always
 * {@link #close()} it (try-with-resources): that stops tracing, disables the events and removes the instance.
 *
 * <p>{@link #record(Workload)} brackets the recording with /proc/interrupts and /proc/softirqs snapshots:
 * {@code before1}, tracing on, {@code before2}; workload; {@code after1}, tracing off, {@code after2}. A
 * counter's value when tracing started lies between its values in before1 and before2 (they are read
 * before and after the switch), likewise at the end; so the number of traced events of a row lies in
 * [after1 − before2, after2 − before1], and equals the delta exactly when both pairs agree. The start is
 * retried (with the buffer cleared) until before1 and before2 agree, at most 5 times.
 */
public final class Tracefs implements AutoCloseable {
    /** The tracefs mount. */
    public static final Path ROOT = Path.of("/sys/kernel/tracing");

    /** What {@link #record} ran and saw. */
    public record Recording(ProcCounters before1, ProcCounters before2, ProcCounters after1, ProcCounters after2, int startAttempts) {}

    /** The code to trace. */
    public interface Workload {
        /** Runs it. */
        void run() throws Exception;
    }

    private final Path dir;

    private Tracefs(final Path dir) {
        this.dir = dir;
    }

    /** Null when tests can record here, else what is missing. */
    public static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) return "needs root to use tracefs";
        if (!Files.isDirectory(ROOT.resolve("instances"))) {
            try {
                new ProcessBuilder("mount", "-t", "tracefs", "nodev", ROOT.toString()).inheritIO().start().waitFor();
            } catch (IOException | InterruptedException e) {
                return "needs tracefs at " + ROOT + " (mount failed: " + e.getMessage() + ")";
            }
            if (!Files.isDirectory(ROOT.resolve("instances"))) return "needs tracefs mounted at " + ROOT;
        }
        if (!Files.isReadable(Path.of("/proc/interrupts")) || !Files.isReadable(Path.of("/proc/softirqs"))) return "needs /proc/interrupts and /proc/softirqs";
        return null;
    }

    /** Creates the instance with {@code bufferKb} per CPU, tracing off, tgids recorded. */
    public static Tracefs create(final String name, final int bufferKb) throws IOException {
        final Path d = ROOT.resolve("instances").resolve("whylate-test-" + ProcessHandle.current().pid() + "-" + name);
        Files.createDirectory(d);
        final Tracefs t = new Tracefs(d);
        try {
            t.write("tracing_on", "0");
            t.write("buffer_size_kb", Integer.toString(bufferKb));
            if (Files.exists(d.resolve("options/record-tgid"))) t.write("options/record-tgid", "1");
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Enables {@code system/event} or whole {@code system} names; returns those that do not exist here. */
    public List<String> enable(final String... events) throws IOException {
        final List<String> missing = new ArrayList<>();
        for (final String e : events) {
            final Path p = dir.resolve("events").resolve(e).resolve("enable");
            if (Files.exists(p)) write("events/" + e + "/enable", "1");
            else missing.add(e);
        }
        return missing;
    }

    /** Whether {@code system/event} exists on this kernel. */
    public static boolean hasEvent(final String event) {
        return Files.exists(ROOT.resolve("events").resolve(event));
    }

    /** Records {@code w} with the /proc snapshots described in the class comment. */
    public Recording record(final Workload w) throws Exception {
        ProcCounters b1 = null;
        ProcCounters b2 = null;
        int attempt = 0;
        while (attempt < 5) {
            attempt++;
            write("trace", "");
            b1 = ProcCounters.read();
            write("tracing_on", "1");
            b2 = ProcCounters.read();
            if (b1.sameAs(b2)) break;
            if (attempt < 5) write("tracing_on", "0");
        }
        try {
            w.run();
        } finally {
            // keep the snapshots tight around the switch even when the workload failed
        }
        final ProcCounters a1 = ProcCounters.read();
        write("tracing_on", "0");
        final ProcCounters a2 = ProcCounters.read();
        return new Recording(b1, b2, a1, a2, attempt);
    }

    /** Copies the instance's {@code trace} text to {@code out}. */
    public void saveTrace(final Path out) throws IOException {
        Files.copy(dir.resolve("trace"), out);
    }

    /** Events the ring buffer overwrote or dropped, over all CPUs. */
    public long lostEvents() throws IOException {
        long n = 0;
        try (var s = Files.list(dir.resolve("per_cpu"))) {
            for (final Path c : s.toList()) {
                for (final String line : Files.readAllLines(c.resolve("stats"))) {
                    if (line.startsWith("overrun:") || line.startsWith("dropped events:")) n += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        }
        return n;
    }

    private void write(final String file, final String value) throws IOException {
        Files.writeString(dir.resolve(file), value);
    }

    /** Stops tracing, disables every event and removes the instance. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            write("tracing_on", "0");
        } catch (IOException e) {
            first = e;
        }
        try {
            write("events/enable", "0");
        } catch (IOException e) {
            if (first == null) first = e;
        }
        for (int i = 0; i < 50 && Files.exists(dir); i++) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                if (i == 49 && first == null) first = e;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (first != null) throw first;
    }
}
