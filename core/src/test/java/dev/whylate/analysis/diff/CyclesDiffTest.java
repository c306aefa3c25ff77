package dev.whylate.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.analysis.cycles.Cycles;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.analysis.explain.Category;
import dev.whylate.filter.EventFilter;
import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import dev.whylate.timeline.Timeline;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Two runs of one request/response: the second one's kworker waits behind a hog. */
class CyclesDiffTest {
    /** One cycle at {@code base} s: R wakes kworker 77 on CPU 1 (held by {@code hog}) for {@code waitUs}, which wakes R. */
    private static String cycle(final double base, final int waitUs, final String hog, final int hogPid) {
        final double w = waitUs / 1e6;
        return String.format(Locale.ROOT, """
            %5$s-%6$d [001] ..... %1$.6f: sched_stat_runtime: comm=%5$s pid=%6$d runtime=1000 [ns]
            R-100   [000] ..... %2$.6f: sys_enter_write: fd=7 count=7
            R-100   [000] d..3. %3$.6f: sched_waking: comm=kworker/1:2 pid=77 prio=120 target_cpu=001
            R-100   [000] d..2. %4$.6f: sched_switch: prev_comm=R prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            %5$s-%6$d [001] d..2. %7$.6f: sched_switch: prev_comm=%5$s prev_pid=%6$d prev_prio=120 prev_state=R+ ==> next_comm=kworker/1:2 next_pid=77 next_prio=120
            kworker/1:2-77 [001] d..3. %8$.6f: sched_waking: comm=R pid=100 prio=120 target_cpu=000
            kworker/1:2-77 [001] d..2. %9$.6f: sched_switch: prev_comm=kworker/1:2 prev_pid=77 prev_prio=120 prev_state=I ==> next_comm=%5$s next_pid=%6$d next_prio=120
            <idle>-0 [000] d..2. %10$.6f: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=R next_pid=100 next_prio=120
            R-100   [000] ..... %11$.6f: sys_exit_read: ret=1
            """, base - 1e-4, base, base + 1e-6, base + 2e-6, hog, hogPid, base + 1e-6 + w, base + 5e-6 + w, base + 6e-6 + w,
            base + 8e-6 + w, base + 10e-6 + w);
    }

    private static CyclesResult run(final String text) throws Exception {
        final Trace t = TinyTraces.parse(text);
        return Cycles.run(t, Timeline.of(t), new CycleOptions(EventFilter.parse("sys_enter_write: count == 7", t.events().types()),
            EventFilter.parse("sys_exit_read: ret > 0", t.events().types()), 1_000_000, -1, false, CycleOptions.Explain.MISSES, 0));
    }

    @Test
    void theGrowingWaitBehindTheHogComesFirst() throws Exception {
        final StringBuilder a = new StringBuilder();
        final StringBuilder b = new StringBuilder();
        // before: 4 cycles, one miss of 1.2 ms behind "backup"; after: 4 cycles, three misses of 3 ms behind "perf"
        for (int k = 0; k < 4; k++) {
            a.append(cycle(10 + k * 0.01, k == 0 ? 1200 : 100, "backup", 400));
            b.append(cycle(20 + k * 0.01, k == 3 ? 100 : 3000, "perf", 300));
        }
        final CyclesDiff d = CyclesDiff.of(run(a.toString()), run(b.toString()));
        assertThat(d.before().misses()).isEqualTo(1);
        assertThat(d.after().misses()).isEqualTo(3);
        assertThat(d.before().explained()).isEqualTo(1);
        final CyclesDiff.Row cat = d.categories().get(0);
        assertThat(cat.key()).isEqualTo(Category.BLOCKING_THREAD);
        // per cycle: before 1.2 ms / 4 cycles, after 3 x 3 ms / 4 cycles (the kworker's waits behind the hogs, from
        // its waking: R woke it 1 us before R itself went to sleep)
        assertThat(cat.beforeNsPerCycle()).isEqualTo(Math.round(1_200_000 / 4.0));
        assertThat(cat.afterNsPerCycle()).isEqualTo(Math.round(3 * 3_000_000 / 4.0));
        assertThat(d.waits().get(0).key()).isEqualTo(Category.BLOCKING_THREAD + ": kworker/1:2");
        assertThat(d.holders().get(0).key()).isEqualTo("perf");
        assertThat(d.holders().get(0).beforeNsPerCycle()).isZero();
        assertThat(d.holders()).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo("backup");
            assertThat(r.afterNsPerCycle()).isZero();
            assertThat(r.deltaNsPerCycle()).isNegative();
        });
    }

    @Test
    void aRunComparedWithItselfChangesNothing() throws Exception {
        final StringBuilder a = new StringBuilder();
        for (int k = 0; k < 3; k++) a.append(cycle(10 + k * 0.01, 2000, "perf", 300));
        final CyclesResult r = run(a.toString());
        final CyclesDiff d = CyclesDiff.of(r, r);
        assertThat(d.categories()).isNotEmpty().allSatisfy(row -> assertThat(row.deltaNsPerCycle()).isZero());
        assertThat(d.holders()).isNotEmpty().allSatisfy(row -> assertThat(row.deltaNsPerCycle()).isZero());
    }
}
