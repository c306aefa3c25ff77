package dev.whylate.format.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import dev.whylate.testing.Needs;
import dev.whylate.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a real buffer in a private tracefs instance (sched, irq, workqueue, ipi, timer events around a short
 * shell workload), extracts it with {@code trace-cmd extract -B}, and compares whylate's reading of it, and of
 * its v6 conversion, with trace-cmd report event by event and field by field. The instance is always removed.
 */
class RecordedBufferTest {
    private static final List<String> SYSTEMS = List.of("sched", "irq", "workqueue", "ipi", "timer");

    @TempDir
    Path dir;

    @Test
    void recordedInstanceMatchesTraceCmd() throws Exception {
        Needs.tools("trace-cmd");
        final Path dat = dir.resolve("x.dat");
        final String name;
        try (TestInstance inst = TestInstance.create("buffer", 4096)) {
            name = inst.name();
            inst.enable(SYSTEMS.toArray(new String[0]));
            inst.tracing(true);
            final Process p = new ProcessBuilder("sh", "-c", "for i in 1 2 3 4 5 6 7 8; do ls /proc > /dev/null; cat /proc/interrupts > /dev/null; sleep 0.01; done")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            inst.tracing(false);
            assertThat(TraceCmd.status("extract", "-B", name, "-o", dat.toString())).as("trace-cmd extract").isZero();
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
}
