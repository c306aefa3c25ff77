package dev.whylate.analysis.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.analysis.explain.Explanation;
import dev.whylate.filter.EventFilter;
import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import dev.whylate.timeline.Timeline;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** With --any-thread the end event's thread is the consumer whose chain is explained. */
class CycleConsumerTest {
    private static final String TEXT = """
        S-200   [000] d..2. 4.999000: sched_switch: prev_comm=S prev_pid=200 prev_prio=120 prev_state=S ==> next_comm=hog next_pid=300 next_prio=120
        C-100   [001] ..... 5.000000: sys_enter_sendto: fd=3 len=7
        C-100   [001] ..s1. 5.000020: softirq_entry: vec=3 [action=NET_RX]
        C-100   [001] d.s3. 5.000021: sched_waking: comm=S pid=200 prio=120 target_cpu=000
        C-100   [001] ..s1. 5.000025: softirq_exit: vec=3 [action=NET_RX]
        hog-300 [000] d..2. 5.002000: sched_switch: prev_comm=hog prev_pid=300 prev_prio=120 prev_state=R+ ==> next_comm=S next_pid=200 next_prio=120
        S-200   [000] ..... 5.002010: sys_exit_recvfrom: ret=7
        """;

    @Test
    void theServerThatReceivedIsTheConsumer() throws Exception {
        final Trace t = TinyTraces.parse(TEXT);
        final CyclesResult r = Cycles.run(t, Timeline.of(t), new CycleOptions(EventFilter.parse("sys_enter_sendto: comm == \"C\"", t.events().types()),
            EventFilter.parse("sys_exit_recvfrom: comm == \"S\" && ret > 0", t.events().types()), 1_000_000, -1, true,
            CycleOptions.Explain.MISSES, 0));
        assertThat(r.cycles()).isEqualTo(1);
        final Cycle c = r.items().get(0);
        assertThat(c.tid()).as("the requester").isEqualTo(100);
        final Explanation e = c.explanation();
        assertThat(e.tid()).as("the consumer").isEqualTo(200);
        final String kinds = e.segments().stream().map(s -> s.kind() + "@" + s.pid()).collect(Collectors.joining(" "));
        // before the NET_RX softirq (no raise traced): waiting for the device; then the server's wakeup and wait
        assertThat(kinds).isEqualTo("blocked@-1 softirq@3 runnable@200 running@200");
        assertThat(e.blame().get(0).blockedBy().get(0).pid()).isEqualTo(300);
    }
}
