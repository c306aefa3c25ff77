package dev.whylate.bench;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.ftrace.FtraceTextReader;
import dev.whylate.io.Input;
import dev.whylate.model.EventStore;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ftrace text parsing throughput on one thread: a file of {@link #megabytes} MB made by repeating the event
 * lines of testdata/generated/ftrace_6.18_default_head2000.txt (a real 6.18 recording: sched, irq, softirq,
 * workqueue, ipi, tlb, timer events) with timestamps shifted one second per repetition, read whole into a
 * {@link Trace} (columns, task table, sorting check). The {@code bytes} counter is the input rate in bytes/s.
 *
 * <pre>
 * mvn -B -o -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar FtraceTextParseBench
 * </pre>
 * Run from the repository root (or pass {@code -Dwhylate.testdata=DIR} through {@code -jvmArgs}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseParallelGC"})
public class FtraceTextParseBench {
    /** Size of the generated input. */
    @Param("128")
    public int megabytes;

    private Path file;
    private long size;
    private final FtraceTextReader reader = new FtraceTextReader();

    /** Bytes parsed, reported as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rate {
        /** Input bytes parsed. */
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        file = BenchData.repeatedFtrace(megabytes, "whylate-bench-");
        size = Files.size(file);
    }

    @TearDown(Level.Trial)
    public void teardown() throws IOException {
        if (parsedInput != null) parsedInput.close();
        Files.deleteIfExists(file);
    }

    private Input parsedInput;
    private Trace parsed;

    /** The trace whose fields {@link #decodeAllFields} decodes (parsed once). */
    private Trace parsed() throws Exception {
        if (parsed == null) {
            parsedInput = Input.open(file.toString());
            parsed = reader.read(parsedInput, new ReadOptions(1));
        }
        return parsed;
    }

    /** Decodes the fields of every event once (what an analysis pays for lazily), one thread. */
    @Benchmark
    public long decodeAllFields(final Rate rate) throws Exception {
        final Trace t = parsed();
        final EventStore s = t.events();
        final FieldCursor c = s.cursor();
        long sum = 0;
        for (int i = 0; i < s.size(); i++) sum += c.load(i).size();
        rate.bytes += size;
        return sum;
    }

    /** Parses the whole file on one thread. */
    @Benchmark
    public int parseOneThread(final Rate rate) throws Exception {
        try (Input in = Input.open(file.toString())) {
            final Trace t = reader.read(in, new ReadOptions(1));
            rate.bytes += size;
            return t.events().size();
        }
    }
}
