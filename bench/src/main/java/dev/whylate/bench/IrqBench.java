package dev.whylate.bench;

import dev.whylate.analysis.irq.IrqAnalysis;
import dev.whylate.analysis.irq.IrqOptions;
import dev.whylate.analysis.irq.IrqReport;
import dev.whylate.analysis.stats.TraceStats;
import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import dev.whylate.timeline.Timeline;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            input = generate(megabytes);
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

    static Path generate(final int megabytes) throws IOException {
        final Path src = locate("generated/ftrace_6.18_default_head2000.txt");
        final List<String> header = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        for (final String l : Files.readAllLines(src, StandardCharsets.UTF_8)) (l.startsWith("#") ? header : events).add(l);
        final Pattern ts = Pattern.compile(" (\\d+)\\.(\\d{6}):");
        final Path out = Files.createTempFile("whylate-irqbench-", ".txt");
        final long target = (long) megabytes << 20;
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (final String h : header) w.write(h + "\n");
            for (int rep = 0; written < target; rep++) {
                for (final String l : events) {
                    final Matcher m = ts.matcher(l);
                    final String s = m.find()
                        ? l.substring(0, m.start()) + " " + (Long.parseLong(m.group(1)) + rep) + "." + m.group(2) + ":" + l.substring(m.end())
                        : l;
                    w.write(s);
                    w.write('\n');
                    written += s.length() + 1;
                }
            }
        }
        return out;
    }

    private static Path locate(final String rel) {
        final String prop = System.getProperty("whylate.testdata");
        final List<Path> tries = new ArrayList<>();
        if (prop != null) tries.add(Path.of(prop).resolve(rel));
        tries.add(Path.of("testdata").resolve(rel));
        tries.add(Path.of("../testdata").resolve(rel));
        for (final Path p : tries) if (Files.isRegularFile(p)) return p;
        throw new IllegalStateException("cannot find testdata/" + rel + " (run from the repository root or set -Dwhylate.testdata)");
    }
}
