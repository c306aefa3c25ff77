package dev.whylate.testing;

import dev.whylate.record.RecordException;
import dev.whylate.record.Tracefs;
import dev.whylate.record.TracefsInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private tracefs instance for tests that record real events, made and removed by whylate's own
 * {@link Tracefs#createInstance} / {@link TracefsInstance#close} (named {@code whylate-PID-N-test-TAG}, so a run that
 * is killed leaves nothing {@code whylate record --cleanup} does not remove). Always {@link #close()} it
 * (try-with-resources): that stops tracing, disables the events and removes the instance. Skips the test (see
 * {@link Needs#tracefs}) without root or tracefs.
 *
 * <p>{@link #record(Workload)} brackets the recording with /proc/interrupts and /proc/softirqs snapshots:
 * {@code before1}, tracing on, {@code before2}; workload; {@code after1}, tracing off, {@code after2}. A
 * counter's value when tracing started lies between its values in before1 and before2 (they are read
 * before and after the switch), likewise at the end; so the number of traced events of a row lies in
 * [after1 − before2, after2 − before1], and equals the delta exactly when both pairs agree. The start is
 * retried (with the buffer cleared) until before1 and before2 agree, at most 5 times.
 */
public final class TestInstance implements AutoCloseable {
    /** What {@link #record} ran and saw. */
    public record Recording(ProcCounters before1, ProcCounters before2, ProcCounters after1, ProcCounters after2, int startAttempts) {}

    /** The code to trace. */
    public interface Workload {
        /** Runs it. */
        void run() throws Exception;
    }

    private final TracefsInstance inst;

    private TestInstance(final TracefsInstance inst) {
        this.inst = inst;
    }

    /** Creates the instance with {@code bufferKb} per CPU (0: the kernel's default), tracing off. */
    public static TestInstance create(final String tag, final int bufferKb) throws Exception {
        final TracefsInstance inst = Needs.tracefs().createInstance("test-" + tag);
        try {
            if (bufferKb > 0) inst.bufferSizeKb(bufferKb);
        } catch (IOException | RuntimeException e) {
            inst.close();
            throw e;
        }
        return new TestInstance(inst);
    }

    /** The instance name (for {@code trace-cmd extract -B}). */
    public String name() {
        return inst.name();
    }

    /** The instance directory. */
    public Path dir() {
        return inst.dir();
    }

    /** Sets option {@code options/NAME} on when this kernel has it (e.g. {@code record-tgid}). */
    public void option(final String name) throws IOException {
        inst.option(name, true);
    }

    /** Enables {@code system/event} or whole {@code system} names; returns those that do not exist here. */
    public List<String> enable(final String... events) throws IOException {
        final List<String> missing = new ArrayList<>();
        for (final String e : events) {
            if (Files.exists(inst.dir().resolve("events").resolve(e).resolve("enable"))) inst.write("events/" + e + "/enable", "1");
            else missing.add(e);
        }
        return missing;
    }

    /** Whether {@code system/event} (or a whole {@code system}) exists on this kernel. */
    public static boolean hasEvent(final String event) {
        return Files.exists(Needs.tracefs().root().resolve("events").resolve(event));
    }

    /** Starts or stops writing into the instance's buffer. */
    public void tracing(final boolean on) throws IOException {
        inst.tracingOn(on);
    }

    /** Records {@code w} with the /proc snapshots described in the class comment. */
    public Recording record(final Workload w) throws Exception {
        ProcCounters b1 = null;
        ProcCounters b2 = null;
        int attempt = 0;
        while (attempt < 5) {
            attempt++;
            inst.write("trace", "");
            b1 = ProcCounters.read();
            inst.tracingOn(true);
            b2 = ProcCounters.read();
            if (b1.sameAs(b2)) break;
            if (attempt < 5) inst.tracingOn(false);
        }
        w.run();
        final ProcCounters a1 = ProcCounters.read();
        inst.tracingOn(false);
        final ProcCounters a2 = ProcCounters.read();
        return new Recording(b1, b2, a1, a2, attempt);
    }

    /** Copies the instance's {@code trace} text to {@code out}. */
    public void saveTrace(final Path out) throws IOException {
        Files.copy(inst.dir().resolve("trace"), out);
    }

    /** Events the ring buffer overwrote or dropped, over all CPUs. */
    public long lostEvents() throws IOException {
        long n = 0;
        for (final int cpu : inst.cpus()) {
            for (final String line : inst.statsText(cpu).split("\n")) {
                if (line.startsWith("overrun:") || line.startsWith("dropped events:")) n += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return n;
    }

    /** Stops tracing, disables every event and removes the instance. */
    @Override
    public void close() throws RecordException {
        inst.close();
    }
}
