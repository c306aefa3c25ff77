package dev.whylate.analysis.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.analysis.explain.BlameEntry;
import dev.whylate.analysis.explain.Category;
import dev.whylate.analysis.explain.Explanation;
import dev.whylate.analysis.explain.Segment;
import dev.whylate.filter.EventFilter;
import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import dev.whylate.timeline.Timeline;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Lost cycles (no end before the give-up time) are explained up to the give-up time: where the response was. */
class LostCyclesTest {
    /** A polling requester whose reply travels through flush_to_ldisc; the third reply waits behind a hog. */
    private static final String POLLING = """
        hog-200 [001] ..... 3.999000: sched_stat_runtime: comm=hog pid=200 runtime=1000 [ns]
        R-100   [000] ..... 4.000000: sys_enter_write: fd=3 count=7
        R-100   [000] d..3. 4.000001: workqueue_queue_work: work struct=aa function=flush_to_ldisc workqueue=events_unbound req_cpu=8 cpu=-1
        R-100   [000] d..3. 4.000002: sched_waking: comm=kworker/u4:0 pid=12 prio=120 target_cpu=001
        hog-200 [001] d..2. 4.000500: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=kworker/u4:0 next_pid=12 next_prio=120
        kworker/u4:0-12 [001] ..... 4.000501: workqueue_execute_start: work struct aa: function flush_to_ldisc
        kworker/u4:0-12 [001] ..... 4.000505: workqueue_execute_end: work struct aa: function flush_to_ldisc
        kworker/u4:0-12 [001] d..2. 4.000506: sched_switch: prev_comm=kworker/u4:0 prev_pid=12 prev_prio=120 prev_state=I ==> next_comm=hog next_pid=200 next_prio=120
        R-100   [000] ..... 4.000550: sys_exit_read: ret=1
        R-100   [000] ..... 4.010000: sys_enter_write: fd=3 count=7
        R-100   [000] d..3. 4.010001: workqueue_queue_work: work struct=ab function=flush_to_ldisc workqueue=events_unbound req_cpu=8 cpu=-1
        R-100   [000] d..3. 4.010002: sched_waking: comm=kworker/u4:0 pid=12 prio=120 target_cpu=001
        hog-200 [001] d..2. 4.010500: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=kworker/u4:0 next_pid=12 next_prio=120
        kworker/u4:0-12 [001] ..... 4.010501: workqueue_execute_start: work struct ab: function flush_to_ldisc
        kworker/u4:0-12 [001] ..... 4.010505: workqueue_execute_end: work struct ab: function flush_to_ldisc
        kworker/u4:0-12 [001] d..2. 4.010506: sched_switch: prev_comm=kworker/u4:0 prev_pid=12 prev_prio=120 prev_state=I ==> next_comm=hog next_pid=200 next_prio=120
        R-100   [000] ..... 4.010550: sys_exit_read: ret=1
        R-100   [000] ..... 4.020000: sys_enter_write: fd=3 count=7
        R-100   [000] d..3. 4.020001: workqueue_queue_work: work struct=ac function=flush_to_ldisc workqueue=events_unbound req_cpu=8 cpu=-1
        R-100   [000] d..3. 4.020002: sched_waking: comm=kworker/u4:0 pid=12 prio=120 target_cpu=001
        hog-200 [001] d..2. 4.030000: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=kworker/u4:0 next_pid=12 next_prio=120
        kworker/u4:0-12 [001] ..... 4.030001: workqueue_execute_start: work struct ac: function flush_to_ldisc
        kworker/u4:0-12 [001] ..... 4.030005: workqueue_execute_end: work struct ac: function flush_to_ldisc
        kworker/u4:0-12 [001] d..2. 4.030006: sched_switch: prev_comm=kworker/u4:0 prev_pid=12 prev_prio=120 prev_state=I ==> next_comm=hog next_pid=200 next_prio=120
        R-100   [000] ..... 4.030100: sys_exit_read: ret=1
        """;

    /** A blocking requester: its second request is never answered before the give-up time. */
    private static final String BLOCKED = """
        R-100   [000] ..... 5.000000: sys_enter_write: fd=3 count=7
        R-100   [000] d..2. 5.000010: sched_switch: prev_comm=R prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
        D-300   [001] d..3. 5.000500: sched_waking: comm=R pid=100 prio=120 target_cpu=000
        <idle>-0 [000] d..2. 5.000510: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=R next_pid=100 next_prio=120
        R-100   [000] ..... 5.000520: sys_exit_read: ret=1
        R-100   [000] ..... 5.010000: sys_enter_write: fd=3 count=7
        R-100   [000] d..2. 5.010010: sched_switch: prev_comm=R prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
        D-300   [001] ..... 5.030000: sched_stat_runtime: comm=D pid=300 runtime=1000 [ns]
        """;

    private static CyclesResult run(final String text, final long giveUp) throws Exception {
        final Trace t = TinyTraces.parse(text);
        return Cycles.run(t, Timeline.of(t), new CycleOptions(EventFilter.parse("sys_enter_write: count == 7", t.events().types()),
            EventFilter.parse("sys_exit_read: ret > 0", t.events().types()), 3_500_000, giveUp, false, CycleOptions.Explain.MISSES, 0));
    }

    private static String kinds(final Explanation e) {
        return e.segments().stream().map(s -> s.kind() + "@" + s.pid()).collect(Collectors.joining(" "));
    }

    @Test
    void aLostPollingCycleShowsItsReplyStillQueuedBehindTheHog() throws Exception {
        final CyclesResult r = run(POLLING, 5_000_000);
        assertThat(r.carrier()).isEqualTo("work flush_to_ldisc");
        assertThat(r.items()).extracting(Cycle::lost).containsExactly(false, false, true);
        final Cycle lost = r.items().get(2);
        assertThat(lost.endNs()).isEqualTo(4_025_000_000L);
        final Explanation e = lost.explanation();
        assertThat(e).as("a lost cycle is explained").isNotNull();
        assertThat(e.polling()).isTrue();
        assertThat(e.startNs()).isEqualTo(4_020_000_000L);
        assertThat(e.endNs()).isEqualTo(4_025_000_000L);
        assertThat(kinds(e)).isEqualTo("running@100 work-wait@12");
        final Segment wait = e.segments().get(1);
        assertThat(wait.cpu()).isEqualTo(1);
        assertThat(wait.startNs()).isEqualTo(4_020_002_000L);
        final BlameEntry top = e.blame().get(0);
        assertThat(top.category()).isEqualTo(Category.BLOCKING_THREAD);
        assertThat(top.comm()).isEqualTo("kworker/u4:0");
        assertThat(top.blockedBy().get(0).pid()).isEqualTo(200);
        assertThat(top.ns()).isEqualTo(4_998_000L);
        assertThat(e.blame().stream().mapToLong(BlameEntry::ns).sum()).isEqualTo(e.latencyNs());
        // the completed cycles are fast and not explained (no miss)
        assertThat(r.items().get(0).explanation()).isNull();
        // a lost cycle stays a miss in every what-if (its real latency is unknown)
        assertThat(r.whatIf()).allSatisfy(w -> assertThat(w.predictedMisses()).isGreaterThanOrEqualTo(1));
    }

    /** The give-up time is inclusive like the deadline: the first reply came 550 us after its request. */
    @Test
    void anEndAtExactlyTheGiveUpTimeIsInTime() throws Exception {
        assertThat(run(POLLING, 550_000).items().get(0).lost()).isFalse();
        final CyclesResult r = run(POLLING, 549_999);
        assertThat(r.items().get(0).lost()).isTrue();
        assertThat(r.items().get(0).restarted()).isFalse();
    }

    @Test
    void aLostBlockingCycleShowsTheRequesterStillAsleep() throws Exception {
        final CyclesResult r = run(BLOCKED, 5_000_000);
        assertThat(r.items()).extracting(Cycle::lost).containsExactly(false, true);
        final Explanation e = r.items().get(1).explanation();
        assertThat(e).isNotNull();
        assertThat(e.polling()).isFalse();
        assertThat(kinds(e)).isEqualTo("running@100 blocked@100");
        assertThat(e.segments().get(1).startNs()).isEqualTo(5_010_010_000L);
        assertThat(e.segments().get(1).endNs()).isEqualTo(5_015_000_000L);
    }
}
