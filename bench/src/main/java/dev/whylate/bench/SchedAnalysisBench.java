package dev.whylate.bench;

import com.github.luben.zstd.ZstdInputStream;
import dev.whylate.analysis.sched.PerfDialect;
import dev.whylate.analysis.sched.PerfLatency;
import dev.whylate.analysis.sched.Sched;
import dev.whylate.analysis.sched.SchedOptions;
import dev.whylate.analysis.sched.SchedReport;
import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import dev.whylate.timeline.Timeline;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * {@code whylate sched} analysis throughput on a large perf-script trace: the events of
 * testdata/generated/sched/perf-6.1_sched-record_mixed_script--ns.txt.zst (a real {@code perf sched record} of
 * stress-ng plus a sleep/dd loop, 14k events) repeated {@link #copies} times with timestamps shifted, read once;
 * each benchmark runs one analysis over the whole trace on one thread. The {@code events} counter is the rate
 * in trace events per second (all events, not only scheduler ones).
 *
 * <pre>
 * mvn -B -o -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar SchedAnalysisBench
 * </pre>
 * Run from the repository root (or pass {@code -Dwhylate.testdata=DIR} through {@code -jvmArgs}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseParallelGC"})
public class SchedAnalysisBench {
    /** How many copies of the recording the trace holds. */
    @Param("64")
    public int copies;

    private Path file;
    private Trace trace;
    private Timeline timeline;

    /** Events analysed, reported as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rate {
        /** Trace events analysed. */
        public long events;
    }

    @Setup(Level.Trial)
    public void setup() throws Exception {
        final Path src = BenchData.locate("generated/sched/perf-6.1_sched-record_mixed_script--ns.txt.zst");
        final List<String> lines;
        try (InputStream in = new ZstdInputStream(Files.newInputStream(src))) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        final Pattern ts = Pattern.compile(" (\\d+)\\.(\\d{9}):");
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (final String l : lines) {
            final Matcher m = ts.matcher(l);
            if (!m.find()) continue;
            final long t = Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2));
            first = Math.min(first, t);
            last = Math.max(last, t);
        }
        final long span = last - first + 1_000_000_000L;
        file = Files.createTempFile("whylate-bench-", ".txt");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int rep = 0; rep < copies; rep++) {
                for (final String l : lines) {
                    final Matcher m = ts.matcher(l);
                    if (!m.find()) continue;
                    final long t = Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2)) + rep * span;
                    w.write(l, 0, m.start());
                    w.write(String.format(" %d.%09d:", t / 1_000_000_000L, t % 1_000_000_000L));
                    w.write(l, m.end(), l.length() - m.end());
                    w.write('\n');
                }
            }
        }
        trace = Traces.read(file.toString(), new ReadOptions(Runtime.getRuntime().availableProcessors()));
        timeline = Timeline.of(trace);
    }

    @TearDown(Level.Trial)
    public void teardown() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The perf-compatible latency table alone (one scan, no timeline). */
    @Benchmark
    public int perfLatency(final Rate rate) {
        rate.events += trace.events().size();
        return Sched.perfLatency(trace, PerfDialect.UPSTREAM, false, PerfLatency.DEFAULT_SORT).size();
    }

    /** perf sched timehist rows. */
    @Benchmark
    public int timehist(final Rate rate) {
        rate.events += trace.events().size();
        return Sched.timehist(trace, SchedOptions.defaults()).size();
    }

    /** The full report (perf table + distributions, wakers, holders) with the timeline already built. */
    @Benchmark
    public int analyzeWithTimeline(final Rate rate) {
        rate.events += trace.events().size();
        final SchedReport r = Sched.analyze(trace, timeline, SchedOptions.defaults());
        return r.tasks().size();
    }

    /** The full report including building the timeline (what {@code whylate sched} does after reading). */
    @Benchmark
    public int analyzeAll(final Rate rate) {
        rate.events += trace.events().size();
        return Sched.analyze(trace, SchedOptions.defaults()).tasks().size();
    }
}
