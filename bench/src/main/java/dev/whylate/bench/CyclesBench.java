package dev.whylate.bench;

import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.analysis.cycles.Cycles;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.analysis.stats.TraceStats;
import dev.whylate.filter.EventFilter;
import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import dev.whylate.timeline.Timeline;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code whylate cycles --explain misses} costs over {@code whylate stats} on the same file (issue 6: at most
 * 1.5×): {@link #stats} = read + {@link TraceStats}; {@link #cycles} = read + {@link Timeline} + matching +
 * explaining every miss + advice; {@link #explainOnly} = the cycles step alone on a trace and timeline built once.
 *
 * <p>The default input is the bundled pty-deadline recording (examples/pty-deadline/trace.dat, ~100 k events);
 * the budget is stated for ≥ 1 M events: pass {@code -p file=/tmp/bench/lat.dat} (made by
 * bench/scripts/make-corpus.sh). The filters default to the pty-deadline ones.
 *
 * <pre>
 * mvn -B -o -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar CyclesBench -p file=/tmp/bench/lat.dat
 * </pre>
 * Run from the repository root for the default file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class CyclesBench {
    /** The trace to measure. */
    @Param("examples/pty-deadline/trace.dat")
    public String file;

    /** Start filter. */
    @Param("sys_enter_write: comm == \"requester\" && count == 7")
    public String start;

    /** End filter. */
    @Param("sys_exit_read: ret > 0")
    public String end;

    /** Deadline, ns. */
    @Param("3500000")
    public long deadlineNs;

    private Trace once;
    private Timeline onceTimeline;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        once = Traces.read(file, ReadOptions.defaults());
        onceTimeline = Timeline.of(once);
    }

    private CycleOptions options(final Trace t) throws dev.whylate.filter.FilterException {
        return new CycleOptions(EventFilter.parse(start, t.events().types()), EventFilter.parse(end, t.events().types()), deadlineNs, -1,
            false, CycleOptions.Explain.MISSES, 0);
    }

    /** {@code whylate stats}: read and count. */
    @Benchmark
    public TraceStats stats() throws Exception {
        return TraceStats.of(Traces.read(file, ReadOptions.defaults()));
    }

    /** {@code whylate cycles --explain misses}: read, timeline (built while the cycles are matched), explain, advise. */
    @Benchmark
    public CyclesResult cycles() throws Exception {
        final Trace t = Traces.read(file, ReadOptions.defaults());
        final java.util.concurrent.CompletableFuture<Timeline> tl = java.util.concurrent.CompletableFuture.supplyAsync(() -> Timeline.of(t));
        return Cycles.run(t, options(t), tl::join);
    }

    /** Matching, explaining and advice alone, on a trace and timeline built once. */
    @Benchmark
    public CyclesResult explainOnly() throws Exception {
        return Cycles.run(once, onceTimeline, options(once));
    }
}
