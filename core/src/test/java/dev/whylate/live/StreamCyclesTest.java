package dev.whylate.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CycleKey;
import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.analysis.cycles.Cycles;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.filter.EventFilter;
import dev.whylate.format.Traces;
import dev.whylate.model.EventTypes;
import dev.whylate.model.Trace;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming matcher of {@code whylate watch} (lines in arbitrary chunks → {@link TraceLineStream} →
 * {@link CycleTracker}) must find the same cycles as the batch analysis {@link Cycles} on the same recorded file:
 * same start and end times, thread, miss and lost flags, and the same number unfinished.
 */
class StreamCyclesTest {
    private static final String PTY_START = "sys_enter_write: comm == \"requester\" && count == 7";
    private static final String PTY_END = "sys_exit_read: ret > 0";

    @TempDir
    static Path dir;
    static Path pty;
    static Path generic;

    @BeforeAll
    static void files() throws Exception {
        pty = dir.resolve("pty.txt");
        try (InputStream in = new ZstdInputStream(Files.newInputStream(Path.of("../examples/pty-deadline/trace.txt.zst")))) {
            Files.copy(in, pty);
        }
        generic = Path.of("../testdata/generated/ftrace_6.18_default_head2000.txt");
    }

    record C(long start, long end, int tid, boolean miss, boolean lost) {}

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("pty deadline 3.5ms", "pty", PTY_START, PTY_END, 3_500_000L, -1L, false, 1L),
            Arguments.of("pty give-up 2ms", "pty", PTY_START, PTY_END, 3_500_000L, 2_000_000L, false, 2L),
            Arguments.of("pty give-up 5ms any-thread", "pty", PTY_START, PTY_END, 3_500_000L, 5_000_000L, true, 3L),
            Arguments.of("pty no filter expressions", "pty", "sys_enter_write", "sys_exit_read", -1L, -1L, false, 4L),
            Arguments.of("irq handler durations", "generic", "irq_handler_entry", "irq_handler_exit", 20_000L, -1L, false, 5L),
            Arguments.of("softirq BLOCK", "generic", "softirq_entry: vec == \"BLOCK\"", "softirq_exit: vec == \"BLOCK\"", 10_000L, 50_000L,
                false, 6L),
            Arguments.of("waking to switch any-thread", "generic", "sched_waking", "sched_switch: prev_state == 0", 100_000L, 1_000_000L, true, 7L),
            Arguments.of("same event starts and ends", "generic", "sched_switch: next_pid != 0", "sched_switch: prev_pid != 0", 1_000_000L, -1L,
                false, 8L));
    }

    /** Cases paired by a key (whylate cycles/watch --key): name, file, start, end, key, deadline, give-up, chunk seed. */
    static Stream<Arguments> keyed() {
        return Stream.of(
            Arguments.of("waking to switch-in by pid,next_pid", "generic", "sched_waking", "sched_switch", "pid,next_pid", 50_000L, 2_000_000L, 11L),
            Arguments.of("waking to switch-in, no give-up", "generic", "sched_waking", "sched_switch", "pid,next_pid", 50_000L, -1L, 12L),
            Arguments.of("hardirq by irq number", "generic", "irq_handler_entry", "irq_handler_exit", "irq", 5_000L, -1L, 13L),
            Arguments.of("softirq raise to exit by vec", "generic", "softirq_raise", "softirq_exit", "vec", 20_000L, 1_000_000L, 14L),
            Arguments.of("pty write to read by cpu", "pty", PTY_START, PTY_END, "cpu", 3_500_000L, 10_000_000L, 15L));
    }

    @ParameterizedTest(name = "{0} (chunk seed {7})")
    @MethodSource("keyed")
    void keyedCyclesAreTheBatchAnalysisOnes(final String name, final String file, final String start, final String end, final String key,
                                            final long deadline, final long giveUp, final long seed) throws Exception {
        final Path p = file.equals("pty") ? pty : generic;
        final Trace t = Traces.read(p.toString());
        final CycleKey k = CycleKey.parse(key);
        final CyclesResult batch = Cycles.run(t, null, new CycleOptions(EventFilter.parse(start, t.events().types()),
            EventFilter.parse(end, t.events().types()), deadline, giveUp, false, CycleOptions.Explain.NONE, 0, k));
        final List<C> expected = new ArrayList<>();
        for (final Cycle c : batch.items()) expected.add(new C(c.startNs(), c.endNs(), c.tid(), c.miss(), c.lost()));

        final EventTypes types = new EventTypes();
        intern(types, start);
        intern(types, end);
        final List<C> got = new ArrayList<>();
        final CycleTracker tr = new CycleTracker(deadline, giveUp, false, (s, e, tid, miss, lost) -> got.add(new C(s, e, tid, miss, lost)));
        final TraceLineStream st = new TraceLineStream(types, EventFilter.parse(start, types), EventFilter.parse(end, types), k, tr,
            TaskInfo.NONE, null, null);
        final byte[] all = Files.readAllBytes(p);
        final SplittableRandom rnd = new SplittableRandom(seed);
        for (int off = 0; off < all.length; ) {
            final int n = Math.min(all.length - off, rnd.nextInt(1, 20_000));
            st.feed(java.util.Arrays.copyOfRange(all, off, off + n), 0, n);
            off += n;
        }
        st.finish();
        got.sort(Comparator.comparingLong(C::start).thenComparingLong(C::end).thenComparingInt(C::tid));
        expected.sort(Comparator.comparingLong(C::start).thenComparingLong(C::end).thenComparingInt(C::tid));
        assertThat(expected).as("the batch analysis finds cycles here").hasSizeGreaterThan(3);
        assertThat(got).containsExactlyElementsOf(expected);
        assertThat(tr.unfinished()).isEqualTo(batch.unfinished());
        assertThat(st.keyMissing()).isZero();
    }

    @ParameterizedTest(name = "{0} (chunk seed {7})")
    @MethodSource("cases")
    void sameCyclesAsTheBatchAnalysis(final String name, final String file, final String start, final String end, final long deadline,
                                      final long giveUp, final boolean anyThread, final long seed) throws Exception {
        final Path p = file.equals("pty") ? pty : generic;
        final Trace t = Traces.read(p.toString());
        final CyclesResult batch = Cycles.run(t, null, new CycleOptions(EventFilter.parse(start, t.events().types()),
            EventFilter.parse(end, t.events().types()), deadline, giveUp, anyThread, CycleOptions.Explain.NONE, 0));
        final List<C> expected = new ArrayList<>();
        for (final Cycle c : batch.items()) expected.add(new C(c.startNs(), c.endNs(), c.tid(), c.miss(), c.lost()));

        final EventTypes types = new EventTypes();
        intern(types, start);
        intern(types, end);
        final List<C> got = new ArrayList<>();
        final CycleTracker tr = new CycleTracker(deadline, giveUp, anyThread, (s, e, tid, miss, lost) -> got.add(new C(s, e, tid, miss, lost)));
        final TraceLineStream st = new TraceLineStream(types, EventFilter.parse(start, types), EventFilter.parse(end, types), tr, TaskInfo.NONE,
            null, null);
        final byte[] all = Files.readAllBytes(p);
        final SplittableRandom rnd = new SplittableRandom(seed);
        for (int off = 0; off < all.length; ) {
            final int n = Math.min(all.length - off, rnd.nextInt(1, 20_000));
            final byte[] chunk = java.util.Arrays.copyOfRange(all, off, off + n);
            st.feed(chunk, 0, n);
            off += n;
        }
        st.finish();
        got.sort(Comparator.comparingLong(C::start).thenComparingLong(C::end));
        expected.sort(Comparator.comparingLong(C::start).thenComparingLong(C::end));
        assertThat(expected).as("the batch analysis finds cycles here").isNotEmpty();
        if (name.equals("pty give-up 2ms")) assertThat(batch.lost()).as("this case exercises lost cycles").isPositive();
        if (deadline > 0 && file.equals("pty")) assertThat(batch.misses()).as("and misses").isPositive();
        assertThat(got).containsExactlyElementsOf(expected);
        assertThat(tr.unfinished()).isEqualTo(batch.unfinished());
        assertThat(st.unparsed()).isZero();
    }

    @Test
    void ptyCyclesMatchTheProgramsOwnCount() throws Exception {
        // the program printed one line per cycle; the recording covers all of them
        final long own = Files.readAllLines(Path.of("../examples/pty-deadline/program.out")).stream().filter(l -> l.startsWith("cycle ")).count();
        final EventTypes types = new EventTypes();
        intern(types, PTY_START);
        intern(types, PTY_END);
        final long[] n = new long[2];
        final CycleTracker tr = new CycleTracker(3_500_000, -1, false, (s, e, tid, miss, lost) -> {
            n[0]++;
            if (lost) n[1]++;
        });
        final TraceLineStream st = new TraceLineStream(types, EventFilter.parse(PTY_START, types), EventFilter.parse(PTY_END, types), tr,
            TaskInfo.NONE, null, null);
        final byte[] all = Files.readAllBytes(pty);
        st.feed(all, 0, all.length);
        st.finish();
        assertThat(n[0]).isEqualTo(own);
        assertThat(n[1]).isZero();
    }

    static void intern(final EventTypes types, final String spec) {
        final String ev = spec.split(":")[0].strip();
        types.intern(ev);
    }
}
