package dev.whylate.analysis.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.filter.EventFilter;
import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import org.junit.jupiter.api.Test;

/** Cycle matching rules: same thread, give-up, restart, any-thread, unfinished, deadline. */
class CyclesMatchingTest {
    private static final String TEXT = """
        R-100 [000] ..... 1.000000: sys_enter_write: count=7
        D-200 [001] ..... 1.000100: sys_exit_read: ret=7
        R-100 [000] ..... 1.001000: sys_exit_read: ret=1
        R-100 [000] ..... 1.010000: sys_enter_write: count=7
        R-100 [000] ..... 1.020000: sys_enter_write: count=7
        R-100 [000] ..... 1.024000: sys_exit_read: ret=1
        S-300 [001] ..... 1.030000: sys_enter_write: count=7
        R-100 [000] ..... 1.031000: sys_exit_read: ret=1
        S-300 [001] ..... 1.032000: sys_exit_read: ret=1
        R-100 [000] ..... 1.040000: sys_enter_write: count=7
        """;

    private static CyclesResult run(final long deadline, final long giveUp, final boolean any) throws Exception {
        final Trace t = TinyTraces.parse(TEXT);
        return Cycles.run(t, null, new CycleOptions(EventFilter.parse("sys_enter_write: count == 7", t.events().types()),
            EventFilter.parse("sys_exit_read: ret > 0", t.events().types()), deadline, giveUp, any, CycleOptions.Explain.NONE, 0));
    }

    @Test
    void sameThreadRestartLosesTheOpenCycle() throws Exception {
        final CyclesResult r = run(3_500_000, -1, false);
        // 1.000 -> 1.001 (1 ms); 1.010 superseded by 1.020 (lost); 1.020 -> 1.024 (4 ms, miss);
        // S 1.030 -> 1.032 (2 ms); 1.040 unfinished
        assertThat(r.cycles()).isEqualTo(4);
        assertThat(r.items()).extracting(Cycle::latencyNs).containsExactly(1_000_000L, 10_000_000L, 4_000_000L, 2_000_000L);
        assertThat(r.items()).extracting(Cycle::lost).containsExactly(false, true, false, false);
        assertThat(r.items()).extracting(Cycle::tid).containsExactly(100, 100, 100, 300);
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.misses()).isEqualTo(2);
        assertThat(r.unfinished()).isEqualTo(1);
        assertThat(r.latency().count()).isEqualTo(3);
        assertThat(r.latency().max()).isEqualTo(4_000_000L);
        assertThat(r.latency().min()).isEqualTo(1_000_000L);
    }

    @Test
    void giveUpLosesSlowCycles() throws Exception {
        final CyclesResult r = run(3_500_000, 3_000_000, false);
        assertThat(r.items()).extracting(Cycle::lost).containsExactly(false, true, true, false);
        // the 1.020 cycle is lost at 1.023 (its end at 1.024 comes too late and closes nothing)
        assertThat(r.items().get(2).endNs()).isEqualTo(1_023_000_000L);
        assertThat(r.lost()).isEqualTo(2);
        assertThat(r.unfinished()).isEqualTo(1);
    }

    @Test
    void anyThreadClosesTheOldestOpenCycle() throws Exception {
        final CyclesResult r = run(-1, -1, true);
        // D's read at 1.0001 closes R's first cycle; then 1.010 is closed by 1.024, 1.020 by S's write... (FIFO)
        assertThat(r.items().get(0).endNs()).isEqualTo(1_000_100_000L);
        assertThat(r.misses()).isZero();
        assertThat(r.deadlineNs()).isEqualTo(-1);
    }

    @Test
    void anyThreadCountsEveryCycleLeftOpen() throws Exception {
        final Trace t = TinyTraces.parse("""
            R-100 [000] ..... 1.000000: sys_enter_write: count=7
            R-100 [000] ..... 1.001000: sys_enter_write: count=7
            R-100 [000] ..... 1.010000: sys_exit_read: ret=0
            """);
        final CyclesResult r = Cycles.run(t, null, new CycleOptions(EventFilter.parse("sys_enter_write: count == 7", t.events().types()),
            EventFilter.parse("sys_exit_read: ret > 0", t.events().types()), -1, -1, true, CycleOptions.Explain.NONE, 0));
        assertThat(r.unfinished()).isEqualTo(2);
        assertThat(r.cycles()).isZero();
    }
}
