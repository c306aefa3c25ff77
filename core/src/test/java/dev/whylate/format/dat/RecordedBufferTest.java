package dev.whylate.format.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a real buffer in a private tracefs instance (sched, irq, workqueue, ipi, timer events around a short
 * shell workload), extracts it with {@code trace-cmd extract -B}, and compares whylate's reading of it, and of
 * its v6 conversion, with trace-cmd report event by event and field by field. The instance is always removed.
 */
class RecordedBufferTest {
    private static final Path TRACEFS = Path.of("/sys/kernel/tracing");
    private static final List<String> SYSTEMS = List.of("sched", "irq", "workqueue", "ipi", "timer");

    @TempDir
    Path dir;

    @Test
    void recordedInstanceMatchesTraceCmd() throws Exception {
        Assumptions.assumeTrue(TraceCmd.binary() != null, "needs trace-cmd on PATH");
        Assumptions.assumeTrue(Files.isDirectory(TRACEFS.resolve("instances")) && Files.isWritable(TRACEFS.resolve("instances")),
            "needs root and tracefs mounted at /sys/kernel/tracing");
        final String name = "whylate-test-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        final Path inst = TRACEFS.resolve("instances").resolve(name);
        final Path dat = dir.resolve("x.dat");
        try {
            Files.createDirectory(inst);
            Files.writeString(inst.resolve("tracing_on"), "0");
            Files.writeString(inst.resolve("buffer_size_kb"), "4096");
            for (final String s : SYSTEMS) {
                final Path en = inst.resolve("events").resolve(s).resolve("enable");
                if (Files.exists(en)) Files.writeString(en, "1");
            }
            Files.writeString(inst.resolve("tracing_on"), "1");
            final Process p = new ProcessBuilder("sh", "-c", "for i in 1 2 3 4 5 6 7 8; do ls /proc > /dev/null; cat /proc/interrupts > /dev/null; sleep 0.01; done")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Files.writeString(inst.resolve("tracing_on"), "0");
            assertThat(TraceCmd.status("extract", "-B", name, "-o", dat.toString())).as("trace-cmd extract").isZero();
        } finally {
            cleanup(inst);
        }
        Assumptions.assumeTrue(Files.exists(dat), "trace-cmd extract wrote no file");
        final Trace t = Traces.read(dat.toString(), new ReadOptions(2));
        assertThat(t.events().size()).as("events recorded").isGreaterThan(50);
        assertThat(t.meta().get("buffers")).contains(name);
        DatVsTraceCmdTest.check(dat);
        // the same data as trace.dat v6
        final Path v6 = dir.resolve("x6.dat");
        if (TraceCmd.status("convert", "--file-version", "6", "--compression", "none", "-i", dat.toString(), "-o", v6.toString()) == 0) {
            DatVsTraceCmdTest.check(v6);
        }
    }

    private static void cleanup(final Path inst) throws IOException {
        if (!Files.isDirectory(inst)) return;
        try {
            Files.writeString(inst.resolve("tracing_on"), "0");
            for (final String s : SYSTEMS) {
                final Path en = inst.resolve("events").resolve(s).resolve("enable");
                if (Files.exists(en)) Files.writeString(en, "0");
            }
        } finally {
            // tracefs instance directories are removed with rmdir, their files cannot be deleted one by one
            Files.deleteIfExists(inst);
        }
    }

    static void deleteTree(final Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (final Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
