package dev.whylate.bench;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.dat.DatReader;
import dev.whylate.io.Input;
import dev.whylate.model.EventStore;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.Trace;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading a trace.dat with {@link DatReader}: the whole read (structure, decompression, page decoding, merge),
 * and decoding every event's fields afterwards. Run from the repository root, e.g.
 * {@code java -jar bench/target/benchmarks.jar DatReadBench -p file=/tmp/big.dat}; the default file is the
 * generated v7/zstd sample in testdata.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DatReadBench {
    /** The trace.dat to read. */
    @Param("testdata/generated/trace-cmd-3.1.6_instance_rtrc_v7_zstd.dat")
    public String file;

    /** Parser threads. */
    @Param({"1", "2"})
    public int threads;

    private Trace trace;

    @Setup(Level.Trial)
    public void load() throws Exception {
        trace = read();
    }

    @TearDown(Level.Trial)
    public void drop() {
        trace = null;
    }

    private Trace read() throws Exception {
        try (Input in = Input.ofFile(Path.of(file))) {
            return new DatReader().read(in, new ReadOptions(threads));
        }
    }

    /** The whole read; returns the event count. */
    @Benchmark
    public int read(final Blackhole bh) throws Exception {
        final Trace t = read();
        bh.consume(t);
        return t.events().size();
    }

    /** Decoding every event's fields of the trace read at setup. */
    @Benchmark
    public long decodeAllFields() {
        final EventStore s = trace.events();
        final FieldCursor c = s.cursor();
        long n = 0;
        for (int i = 0; i < s.size(); i++) n += c.load(i).size();
        return n;
    }
}
