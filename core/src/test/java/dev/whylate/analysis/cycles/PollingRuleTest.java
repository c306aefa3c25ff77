package dev.whylate.analysis.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.analysis.advice.Advice;
import dev.whylate.filter.EventFilter;
import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import dev.whylate.timeline.Timeline;
import org.junit.jupiter.api.Test;

/**
 * A consumer that blocks (a blocking recvfrom), is woken by NET_RX and then waits for its CPU behind a hog
 * sleeps for only a sliver of each cycle, like a polling one — but it is not polling: its own wakeup leads to
 * the producer, and raising its priority is the advice.
 */
class PollingRuleTest {
    private static String cycle(final int s) {
        final String t = "5.0" + s;
        return """
            C-100   [001] ..... %s0000: sys_enter_sendto: fd=3 len=7
            C-100   [001] d..2. %s0010: sched_switch: prev_comm=C prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=hog next_pid=300 next_prio=120
            S-200   [000] ..s1. %s0020: softirq_entry: vec=3 [action=NET_RX]
            S-200   [000] d.s3. %s0021: sched_waking: comm=C pid=100 prio=120 target_cpu=001
            S-200   [000] ..s1. %s0025: softirq_exit: vec=3 [action=NET_RX]
            hog-300 [001] d..2. %s3000: sched_switch: prev_comm=hog prev_pid=300 prev_prio=120 prev_state=R+ ==> next_comm=C next_pid=100 next_prio=120
            C-100   [001] ..... %s3010: sys_exit_recvfrom: ret=7
            """.formatted(t, t, t, t, t, t, t);
    }

    @Test
    void aBlockingConsumerWokenByTheCarrierIsNotPolling() throws Exception {
        final Trace t = TinyTraces.parse(cycle(0) + cycle(1) + cycle(2));
        final CyclesResult r = Cycles.run(t, Timeline.of(t), new CycleOptions(EventFilter.parse("sys_enter_sendto: comm == \"C\"", t.events().types()),
            EventFilter.parse("sys_exit_recvfrom: ret > 0", t.events().types()), 1_000_000, -1, false, CycleOptions.Explain.MISSES, 0));
        assertThat(r.cycles()).isEqualTo(3);
        assertThat(r.misses()).isEqualTo(3);
        for (final Cycle c : r.items()) {
            assertThat(c.explanation().polling()).as("cycle %d", c.index()).isFalse();
            // the chain goes through the consumer's wakeup from NET_RX on CPU 0
            assertThat(c.explanation().segments()).anySatisfy(s -> assertThat(s.kind()).isEqualTo("softirq"));
            assertThat(c.explanation().blame().get(0).blockedBy().get(0).pid()).isEqualTo(300);
        }
        assertThat(r.carrier()).as("no consumer polled").isNull();
        assertThat(r.advice()).extracting(Advice::command).anySatisfy(cmd -> assertThat(cmd).contains("chrt -f -p 50 100"));
    }
}
