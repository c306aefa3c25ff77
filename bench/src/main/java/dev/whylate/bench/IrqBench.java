package dev.whylate.bench;

import dev.whylate.analysis.irq.IrqAnalysis;
import dev.whylate.analysis.irq.IrqOptions;
import dev.whylate.analysis.irq.IrqReport;
import dev.whylate.analysis.stats.TraceStats;
import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import dev.whylate.timeline.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * What {@code whylate irq} costs over {@code whylate stats} on the same file (issue 5: at most 30 %):
 * {@link #stats} = read + {@link TraceStats}; {@link #irq} = read + {@link Timeline} + {@link IrqAnalysis};
 * {@link #timeline} and {@link #analysis} time the two extra steps alone on a trace read once.
 *
 * <p>The input is {@link #file} when given, else a file of {@link #megabytes} MB made by repeating the event
 * lines of testdata/generated/ftrace_6.18_default_head2000.txt (a real 6.18 recording: sched, irq, softirq,
 * workqueue, ipi, tlb, timer events), timestamps shifted one second per repetition.
 *
 * <pre>
 * mvn -B -o -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar IrqBench                      # generated input
 * java -jar bench/target/benchmarks.jar IrqBench -p file=/tmp/big.txt # a recording of your own
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class IrqBench {
    /** A trace file to use instead of the generated one ("" = generate). */
    @Param("")
    public String file;

    /** Size of the generated input. */
    @Param("128")
    public int megabytes;

    private Path input;
    private boolean generated;
    private Trace once;
    private Timeline onceTimeline;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        if (file != null && !file.isEmpty()) {
            input = Path.of(file);
        } else {
            input = BenchData.repeatedFtrace(megabytes, "whylate-irqbench-");
            generated = true;
        }
        once = Traces.read(input.toString(), ReadOptions.defaults());
        onceTimeline = Timeline.of(once);
    }

    @TearDown(Level.Trial)
    public void teardown() throws IOException {
        if (generated) Files.deleteIfExists(input);
    }

    /** {@code whylate stats}: read and count. */
    @Benchmark
    public TraceStats stats() throws Exception {
        return TraceStats.of(Traces.read(input.toString(), ReadOptions.defaults()));
    }

    /** {@code whylate irq}: read, build the timeline, analyse. */
    @Benchmark
    public IrqReport irq() throws Exception {
        return IrqAnalysis.run(Timeline.of(Traces.read(input.toString(), ReadOptions.defaults())), IrqOptions.defaults());
    }

    /** The timeline alone, on a trace read once. */
    @Benchmark
    public Timeline timeline() {
        return Timeline.of(once);
    }

    /** The irq analysis alone, on a timeline built once. */
    @Benchmark
    public IrqReport analysis() {
        return IrqAnalysis.run(onceTimeline, IrqOptions.defaults());
    }
}
