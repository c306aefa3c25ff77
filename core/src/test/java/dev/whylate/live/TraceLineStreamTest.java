package dev.whylate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.filter.EventFilter;
import dev.whylate.model.EventTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Line handling of the stream: splits, lost markers, watch markers, comm and pid pseudo-fields, bad lines. */
class TraceLineStreamTest {
    record C(long start, long end, int tid, boolean miss, boolean lost) {}

    static final String TEXT = String.join("\n",
        "# tracer: nop",
        "#",
        "       requester-100     (    99) [000] .....  10.000100: sys_write(fd: 3, buf: 7ffd, count: 7)",
        "          device-101     (    99) [001] .....  10.000200: sys_read -> 0x7",
        "CPU:1 [LOST 42 EVENTS]",
        "           <...>-200     (   199) [001] .....  10.000300: sys_write(fd: 3, buf: 7ffd, count: 7)",
        "       requester-100     (    99) [000] .....  10.001100: sys_read -> 0x1",
        "           <...>-102     (    99) [001] .....  10.001500: tracing_mark_write: whylate-watch-1 tick 1",
        "           <...>-200     (   199) [001] .....  10.002300: sys_read -> 0x1",
        "this is not a trace line",
        "       requester-100     (    99) [000] .....  10.003000: sys_write(fd: 3, buf: 7ffd, count: 8)",
        "       requester-100     (    99) [000] .....  10.004000: sys_read -> 0x1",
        "");

    final List<C> out = new ArrayList<>();
    final List<String> marks = new ArrayList<>();

    TraceLineStream stream(final String start, final String end, final TaskInfo info) throws Exception {
        final EventTypes types = new EventTypes();
        types.intern("syscalls", "sys_enter_write");
        types.intern("syscalls", "sys_exit_read");
        final CycleTracker t = new CycleTracker(1_500_000, -1, false, (s, e, tid, miss, lost) -> out.add(new C(s, e, tid, miss, lost)));
        return new TraceLineStream(types, EventFilter.parse(start, types), EventFilter.parse(end, types), t, info, "whylate-watch-1",
            new TraceLineStream.Listener() {
                @Override
                public void marker(final long ts, final String text) {
                    marks.add(ts + " " + text);
                }
            });
    }

    @ParameterizedTest(name = "chunks of at most {0} bytes")
    @ValueSource(ints = {1, 2, 7, 64, 100_000})
    void anySplitGivesTheSameResult(final int max) throws Exception {
        final TraceLineStream s = stream("sys_enter_write: count == 7", "sys_exit_read: ret > 0", TaskInfo.NONE);
        final byte[] b = TEXT.getBytes(StandardCharsets.UTF_8);
        final SplittableRandom r = new SplittableRandom(max);
        for (int off = 0; off < b.length; ) {
            final int n = Math.min(b.length - off, 1 + r.nextInt(max));
            s.feed(b, off, n);
            off += n;
        }
        s.finish();
        assertThat(out).containsExactly(new C(10_000_100_000L, 10_001_100_000L, 100, false, false),
            new C(10_000_300_000L, 10_002_300_000L, 200, true, false));
        assertThat(s.lostEvents()).isEqualTo(42);
        assertThat(s.unparsed()).isEqualTo(1);
        assertThat(marks).containsExactly("10001500000 whylate-watch-1 tick 1");
        assertThat(s.count(s.types().find("tracing_mark_write"))).as("the watch's own markers are not counted").isZero();
        assertThat(s.count(s.types().find("sys_enter_write"))).isEqualTo(3);
        assertThat(s.matched()).as("2 writes of 7 bytes, 4 reads with data").isEqualTo(6);
    }

    @Test
    void commFilterUsesTheColumnAndForPlaceholdersTheTaskInfo() throws Exception {
        final TaskInfo info = new TaskInfo() {
            @Override
            public String comm(final int tid) {
                return tid == 200 ? "requester" : null;
            }

            @Override
            public int tgid(final int tid) {
                return -1;
            }
        };
        final TraceLineStream s = stream("sys_enter_write: comm == \"requester\"", "sys_exit_read", info);
        final byte[] b = TEXT.getBytes(StandardCharsets.UTF_8);
        s.feed(b, 0, b.length);
        s.finish();
        assertThat(out).extracting(C::tid).containsExactly(100, 200, 100);
    }

    @Test
    void pidPseudoFieldIsTheTgidColumn() throws Exception {
        final TraceLineStream s = stream("sys_enter_write: pid == 199", "sys_exit_read", TaskInfo.NONE);
        final byte[] b = TEXT.getBytes(StandardCharsets.UTF_8);
        s.feed(b, 0, b.length);
        s.finish();
        assertThat(out).extracting(C::tid).containsExactly(200);
    }

    @Test
    void overLongLinesAreSkippedAsUnparsed() throws Exception {
        final TraceLineStream s = stream("sys_enter_write", "sys_exit_read", TaskInfo.NONE);
        final byte[] big = ("x".repeat(TraceLineStream.MAX_LINE + 10) + "\n").getBytes(StandardCharsets.UTF_8);
        s.feed(big, 0, 1000);
        s.feed(big, 1000, big.length - 1000);
        s.feed(big, 0, big.length);
        final byte[] b = TEXT.getBytes(StandardCharsets.UTF_8);
        s.feed(b, 0, b.length);
        s.finish();
        assertThat(s.unparsed()).isEqualTo(3);
        assertThat(out).hasSize(3);
    }

    @Test
    void tiesAcrossCpusAreOrderedByCpuLikeTheFileReaders() throws Exception {
        // the end on CPU 0 is printed after the start on CPU 1 at the same µs: sorted, the end comes first
        final String t = String.join("\n",
            "       a-1     (     1) [000] .....  1.000000: sys_write(fd: 3, buf: 1, count: 7)",
            "       a-1     (     1) [001] .....  1.000005: sys_write(fd: 3, buf: 1, count: 7)",
            "       a-1     (     1) [000] .....  1.000005: sys_read -> 0x1",
            "       a-1     (     1) [000] .....  1.000009: sys_read -> 0x1",
            "");
        final TraceLineStream s = stream("sys_enter_write", "sys_exit_read", TaskInfo.NONE);
        final byte[] b = t.getBytes(StandardCharsets.UTF_8);
        s.feed(b, 0, b.length);
        s.finish();
        assertThat(out).containsExactly(new C(1_000_000_000L, 1_000_005_000L, 1, false, false), new C(1_000_005_000L, 1_000_009_000L, 1, false, false));
    }
}
