package dev.whylate.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import org.junit.jupiter.api.Test;

/**
 * Exits whose entries were not traced (tracing of the entry event began later, or the buffer overwrote it):
 * each handler began after the last event outside interrupt context and after the previous exit, not at the
 * CPU's first event, so they neither overlap nor swallow the time before them.
 */
class UnpairedExitTest {
    @Test
    void exitsWithoutEntriesDoNotReachBackToTheCpusFirstEvent() {
        final Trace t = TinyTraces.parse("""
            A-100   [000] d..2. 1.000000: sched_waking: comm=B pid=200 prio=120 target_cpu=001
            A-100   [000] d..3. 1.003000: sched_wakeup: comm=B pid=200 prio=120 target_cpu=001
            A-100   [000] d.h.. 1.003500: call_function_single_exit: vector=251
            A-100   [000] d.h.. 1.003520: call_function_single_exit: vector=251
            A-100   [000] d.h.. 1.003530: call_function_single_entry: vector=251
            A-100   [000] d.h.. 1.003540: call_function_single_exit: vector=251
            A-100   [000] d.s.. 1.003600: softirq_exit: vec=1 [action=TIMER]
            """);
        final Timeline tl = Timeline.of(t);
        final Intervals iv = tl.intervals();
        assertThat(iv.size()).isEqualTo(4);
        final int[] v = java.util.Arrays.stream(iv.ofCpu(0)).filter(i -> iv.kind(i) == Intervals.VECTOR).toArray();
        assertThat(v).hasSize(3);
        // by start time: [1.003000, 1.003500) [1.003500, 1.003520) [1.003530, 1.003540)
        assertThat(iv.start(v[0])).isEqualTo(1_003_000_000L);
        assertThat(iv.end(v[0])).isEqualTo(1_003_500_000L);
        assertThat(iv.flags(v[0]) & Intervals.START_UNKNOWN).isNotZero();
        assertThat(iv.start(v[1])).isEqualTo(1_003_500_000L);
        assertThat(iv.end(v[1])).isEqualTo(1_003_520_000L);
        assertThat(iv.start(v[2])).isEqualTo(1_003_530_000L);
        assertThat(iv.flags(v[2]) & Intervals.START_UNKNOWN).isZero();
        // the softirq's exit has only the softirq flag: it began after the last event outside any interrupt
        // context (the sched_wakeup at 1.003000)
        final int soft = java.util.Arrays.stream(iv.ofCpu(0)).filter(i -> iv.kind(i) == Intervals.SOFTIRQ).findFirst().orElseThrow();
        assertThat(iv.kind(soft)).isEqualTo(Intervals.SOFTIRQ);
        assertThat(iv.start(soft)).isEqualTo(1_003_000_000L);
        assertThat(iv.end(soft)).isEqualTo(1_003_600_000L);
    }
}
