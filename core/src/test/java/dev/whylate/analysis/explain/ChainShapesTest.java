package dev.whylate.analysis.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import dev.whylate.timeline.Timeline;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One hand-written trace per chain shape; asserts the critical path and the blame. */
class ChainShapesTest {
    private static Explanation explain(final String text, final int tid, final long lo, final long hi) {
        final Trace t = TinyTraces.parse(text);
        return new Explainer(Timeline.of(t)).explain(tid, lo, hi, -1);
    }

    private static String kinds(final Explanation e) {
        return e.segments().stream().map(s -> s.kind() + "@" + s.pid()).collect(Collectors.joining(" "));
    }

    private static void assertCovers(final Explanation e) {
        final List<Segment> s = e.segments();
        assertThat(s.get(0).startNs()).isEqualTo(e.startNs());
        assertThat(s.get(s.size() - 1).endNs()).isEqualTo(e.endNs());
        for (int k = 1; k < s.size(); k++) assertThat(s.get(k).startNs()).as("contiguous at %d", k).isEqualTo(s.get(k - 1).endNs());
        final double sum = e.blame().stream().mapToDouble(BlameEntry::share).sum();
        assertThat(sum).isLessThanOrEqualTo(1.0 + 1e-9);
        final long ns = e.blame().stream().mapToLong(BlameEntry::ns).sum();
        assertThat(ns).isEqualTo(e.latencyNs());
    }

    @Test
    void wakeupFromHardirqThenWaitBehindHog() {
        final Explanation e = explain("""
            C-100   [000] ..... 1.000000: sys_enter_write: fd=3 count=7
            C-100   [000] d..2. 1.000010: sched_switch: prev_comm=C prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=hog next_pid=200 next_prio=120
            <idle>-0 [001] d.h1. 1.001000: irq_handler_entry: irq=30 name=xhci_hcd
            <idle>-0 [001] d.h2. 1.001005: sched_waking: comm=C pid=100 prio=120 target_cpu=000
            <idle>-0 [001] d.h1. 1.001010: irq_handler_exit: irq=30 ret=handled
            hog-200 [000] d..2. 1.003000: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=C next_pid=100 next_prio=120
            C-100   [000] ..... 1.003010: sys_exit_read: ret=1
            """, 100, 1_000_000_000L, 1_003_010_000L);
        assertCovers(e);
        assertThat(kinds(e)).isEqualTo("running@100 blocked@-1 hardirq@30 runnable@100 running@100");
        final BlameEntry top = e.blame().get(0);
        assertThat(top.category()).isEqualTo(Category.BLOCKING_THREAD);
        assertThat(top.pid()).isEqualTo(100);
        assertThat(top.ns()).isEqualTo(1_995_000L);
        assertThat(top.blockedBy().get(0).pid()).isEqualTo(200);
        assertThat(top.blockedBy().get(0).comm()).isEqualTo("hog");
        assertThat(e.blame().get(1).category()).isEqualTo(Category.EXTERNAL);
    }

    @Test
    void softirqRaisedInHardirqWakesTask() {
        final Explanation e = explain("""
            T-100   [000] d..2. 2.000000: sched_switch: prev_comm=T prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            <idle>-0 [000] d.h1. 2.000100: irq_handler_entry: irq=40 name=eth0
            <idle>-0 [000] d.h1. 2.000102: softirq_raise: vec=3 [action=NET_RX]
            <idle>-0 [000] d.h1. 2.000105: irq_handler_exit: irq=40 ret=handled
            <idle>-0 [000] ..s1. 2.000300: softirq_entry: vec=3 [action=NET_RX]
            <idle>-0 [000] d.s3. 2.000310: sched_waking: comm=T pid=100 prio=120 target_cpu=000
            <idle>-0 [000] ..s1. 2.000320: softirq_exit: vec=3 [action=NET_RX]
            <idle>-0 [000] d..2. 2.000400: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=T next_pid=100 next_prio=120
            T-100   [000] ..... 2.000410: sys_exit_recvfrom: ret=64
            """, 100, 2_000_000_000L, 2_000_410_000L);
        assertCovers(e);
        assertThat(kinds(e)).isEqualTo("blocked@-1 hardirq@40 softirq-wait@3 softirq@3 runnable@100 running@100");
        // the wait after the wakeup: 10 us of the softirq finishing, then 80 us for the idle CPU
        final Segment run = e.segments().get(4);
        assertThat(run.blockedBy()).extracting(Holder::category).contains(Category.SOFTIRQ_INTERFERENCE, Category.EXIT_FROM_IDLE);
    }

    @Test
    void workItemQueuedFromIrqWaitsBehindTaskOnThatCpu() {
        // the founding case: IRQ on CPU 1 queues flush work; the kworker waits behind perf on CPU 1
        final Explanation e = explain("""
            R-100   [000] ..... 3.000000: sys_enter_write: fd=7 count=7
            R-100   [000] d..2. 3.000020: sched_switch: prev_comm=R prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            perf-300 [001] d.h1. 3.001000: irq_handler_entry: irq=30 name=xhci_hcd
            perf-300 [001] d.h2. 3.001002: workqueue_queue_work: work struct=ffff0001 function=flush_to_ldisc workqueue=events req_cpu=8 cpu=1
            perf-300 [001] d.h3. 3.001003: sched_waking: comm=kworker/1:2 pid=77 prio=120 target_cpu=001
            perf-300 [001] d.h1. 3.001010: irq_handler_exit: irq=30 ret=handled
            perf-300 [001] d..2. 3.003700: sched_switch: prev_comm=perf prev_pid=300 prev_prio=120 prev_state=R+ ==> next_comm=kworker/1:2 next_pid=77 next_prio=120
            kworker/1:2-77 [001] ..... 3.003702: workqueue_execute_start: work struct ffff0001: function flush_to_ldisc
            kworker/1:2-77 [001] d..3. 3.003710: sched_waking: comm=R pid=100 prio=120 target_cpu=000
            kworker/1:2-77 [001] ..... 3.003712: workqueue_execute_end: work struct ffff0001: function flush_to_ldisc
            <idle>-0 [000] d..2. 3.003720: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=R next_pid=100 next_prio=120
            R-100   [000] ..... 3.003730: sys_exit_read: ret=1
            """, 100, 3_000_000_000L, 3_003_730_000L);
        assertCovers(e);
        assertThat(kinds(e)).isEqualTo("running@100 blocked@-1 hardirq@30 work-wait@77 running@77 work@77 runnable@100 running@100");
        final BlameEntry top = e.blame().get(0);
        assertThat(top.category()).isEqualTo(Category.BLOCKING_THREAD);
        assertThat(top.comm()).isEqualTo("kworker/1:2");
        assertThat(top.cpu()).isEqualTo(1);
        assertThat(top.blockedBy().get(0).comm()).isEqualTo("perf");
        // 2.697 ms of waiting: 7 us of it the rest of the IRQ handler, the rest perf
        assertThat(top.ns()).isEqualTo(2_690_000L);
        assertThat(e.blame()).anySatisfy(b -> {
            assertThat(b.category()).isEqualTo(Category.IRQ_INTERFERENCE);
            assertThat(b.ns()).isEqualTo(7_000L);
        });
    }

    @Test
    void pollingConsumerFollowsTheWorkItemThatCompletedLast() {
        final String text = """
            hog-200 [001] ..... 3.999000: sched_stat_runtime: comm=hog pid=200 runtime=1000 [ns]
            R-100   [000] ..... 4.000000: sys_enter_write: fd=3 count=7
            R-100   [000] d..3. 4.000001: workqueue_queue_work: work struct=aa function=flush_to_ldisc workqueue=events_unbound req_cpu=8 cpu=-1
            R-100   [000] d..3. 4.000002: sched_waking: comm=kworker/u4:0 pid=12 prio=120 target_cpu=001
            hog-200 [001] d..2. 4.002000: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=kworker/u4:0 next_pid=12 next_prio=120
            kworker/u4:0-12 [001] ..... 4.002001: workqueue_execute_start: work struct aa: function flush_to_ldisc
            kworker/u4:0-12 [001] ..... 4.002005: workqueue_execute_end: work struct aa: function flush_to_ldisc
            kworker/u4:0-12 [001] d..2. 4.002006: sched_switch: prev_comm=kworker/u4:0 prev_pid=12 prev_prio=120 prev_state=I ==> next_comm=hog next_pid=200 next_prio=120
            R-100   [000] ..... 4.002050: sys_exit_read: ret=1
            """;
        final Trace t = TinyTraces.parse(text);
        final Timeline tl = Timeline.of(t);
        assertThat(tl.works().size()).isEqualTo(1);
        final Explanation e = new Explainer(tl).explain(100, 4_000_000_000L, 4_002_050_000L, 0);
        assertThat(e.polling()).isTrue();
        assertThat(e.carrier()).isEqualTo("work flush_to_ldisc");
        assertCovers(e);
        assertThat(kinds(e)).isEqualTo("running@100 work-wait@12 running@12 work@12 running@100");
        assertThat(e.blame().get(0).category()).isEqualTo(Category.BLOCKING_THREAD);
        assertThat(e.blame().get(0).blockedBy().get(0).pid()).isEqualTo(200);
    }

    @Test
    void preemptedConsumerWaitsForItsCpu() {
        final Explanation e = explain("""
            C-100   [000] ..... 5.000000: sys_enter_write: fd=3 count=7
            C-100   [000] d..2. 5.000100: sched_switch: prev_comm=C prev_pid=100 prev_prio=120 prev_state=R+ ==> next_comm=rt next_pid=400 next_prio=49
            rt-400  [000] d..2. 5.000900: sched_switch: prev_comm=rt prev_pid=400 prev_prio=49 prev_state=S ==> next_comm=C next_pid=100 next_prio=120
            C-100   [000] ..... 5.001000: sys_exit_read: ret=1
            """, 100, 5_000_000_000L, 5_001_000_000L);
        assertCovers(e);
        assertThat(kinds(e)).isEqualTo("running@100 runnable@100 running@100");
        final BlameEntry top = e.blame().get(0);
        assertThat(top.category()).isEqualTo(Category.THREAD_INTERFERENCE);
        assertThat(top.ns()).isEqualTo(800_000L);
        assertThat(top.blockedBy().get(0).prio()).isEqualTo(49);
    }

    @Test
    void wakeupOnIdleCpuIsExitFromIdle() {
        final Explanation e = explain("""
            C-100   [001] d..2. 6.000000: sched_switch: prev_comm=C prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            W-500   [000] d..3. 6.000500: sched_waking: comm=C pid=100 prio=120 target_cpu=001
            <idle>-0 [001] d..2. 6.000560: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=C next_pid=100 next_prio=120
            C-100   [001] ..... 6.000570: sys_exit_futex: ret=0
            """, 100, 6_000_400_000L, 6_000_570_000L);
        assertCovers(e);
        assertThat(kinds(e)).isEqualTo("unknown@500 runnable@100 running@100");
        assertThat(e.blame()).anySatisfy(b -> {
            assertThat(b.category()).isEqualTo(Category.EXIT_FROM_IDLE);
            assertThat(b.ns()).isEqualTo(60_000L);
        });
    }

    @Test
    void wakeupInsideAnIpiFollowsTheSender() {
        // an old-style trace: no sched_waking; sched_wakeup is emitted on the target CPU inside the IPI
        final Explanation e = explain("""
            C-100   [001] d..2. 7.000000: sched_switch: prev_comm=C prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            W-500   [000] ..... 7.000100: sys_enter_futex: uaddr=1
            W-500   [000] d..3. 7.000200: ipi_send_cpu: cpu=1 callsite=ttwu_queue_wakelist callback=generic_smp_call_function_single_interrupt
            <idle>-0 [001] d.h1. 7.000230: call_function_single_entry: vector=251
            <idle>-0 [001] d.h3. 7.000232: sched_wakeup: comm=C pid=100 prio=120 target_cpu=001
            <idle>-0 [001] d.h1. 7.000235: call_function_single_exit: vector=251
            <idle>-0 [001] d..2. 7.000240: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=C next_pid=100 next_prio=120
            C-100   [001] ..... 7.000250: sys_exit_futex: ret=0
            """, 100, 7_000_000_000L, 7_000_250_000L);
        assertCovers(e);
        assertThat(kinds(e)).isEqualTo("unknown@500 running@500 ipi-wait@-1 vector@251 runnable@100 running@100");
        assertThat(e.segments().get(2).detail()).contains("CPU 0");
        assertThat(e.blame()).anySatisfy(b -> {
            assertThat(b.category()).isEqualTo(Category.IRQ_LATENCY);
            assertThat(b.ns()).isEqualTo(30_000L);
        });
    }

    @Test
    void consumerThatPollsThenWaitsOnAFlushBarrierFollowsTheFlushedWork() {
        // the pty case: the requester polls, then blocks briefly in flush_work(); the kworker runs the reply's
        // flush_to_ldisc and the barrier (which has no queue event) that wakes it
        final String text = """
            hog-200 [000] ..... 8.999000: sched_stat_runtime: comm=hog pid=200 runtime=1000 [ns]
            R-100   [001] ..... 9.000000: sys_enter_write: count=7
            D-300   [000] d..2. 9.000500: sched_switch: prev_comm=D prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=hog next_pid=200 next_prio=120
            R-100   [001] d..3. 9.000600: sched_waking: comm=D pid=300 prio=120 target_cpu=000
            hog-200 [000] d..2. 9.001010: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=D next_pid=300 next_prio=120
            D-300   [000] d..3. 9.001020: workqueue_queue_work: work struct=aa function=flush_to_ldisc workqueue=events_unbound req_cpu=8 cpu=-1
            D-300   [000] d..3. 9.001021: sched_waking: comm=kworker/u4:0 pid=12 prio=120 target_cpu=001
            R-100   [001] d..2. 9.001500: sched_switch: prev_comm=R prev_pid=100 prev_prio=120 prev_state=D ==> next_comm=kworker/u4:0 next_pid=12 next_prio=120
            kworker/u4:0-12 [001] ..... 9.001501: workqueue_execute_start: work struct aa: function flush_to_ldisc
            kworker/u4:0-12 [001] ..... 9.001502: workqueue_execute_end: work struct aa: function flush_to_ldisc
            kworker/u4:0-12 [001] ..... 9.001503: workqueue_execute_start: work struct bb: function wq_barrier_func
            kworker/u4:0-12 [001] d..3. 9.001504: sched_waking: comm=R pid=100 prio=120 target_cpu=001
            kworker/u4:0-12 [001] ..... 9.001505: workqueue_execute_end: work struct bb: function wq_barrier_func
            kworker/u4:0-12 [001] d..2. 9.001506: sched_switch: prev_comm=kworker/u4:0 prev_pid=12 prev_prio=120 prev_state=I ==> next_comm=R next_pid=100 next_prio=120
            R-100   [001] ..... 9.001510: sys_exit_read: ret=1
            """;
        final Trace t = TinyTraces.parse(text);
        final Timeline tl = Timeline.of(t);
        // the carrier is the flush_to_ldisc item (index 0), found by the cycles analysis in real use
        final Explanation e = new Explainer(tl).explain(100, 9_000_000_000L, 9_001_510_000L, 0);
        assertThat(e.polling()).isTrue();
        assertCovers(e);
        // the kworker waited behind the polling requester itself: that is the chain's blocking thread. D's wakeup
        // came from R's request: R's path back to the start, not what D did before it slept
        assertThat(kinds(e)).isEqualTo("running@100 runnable@300 running@300 work-wait@12 running@12 work@12 running@12 work@12 runnable@100 running@100");
        assertThat(e.blame()).anySatisfy(b -> {
            assertThat(b.comm()).isEqualTo("kworker/u4:0");
            assertThat(b.category()).isEqualTo(Category.BLOCKING_THREAD);
            assertThat(b.blockedBy().get(0).pid()).isEqualTo(100);
            assertThat(b.ns()).isEqualTo(479_000L);
        });
    }

    /**
     * The request is processed while its sender still runs: R wakes D at 5 us, runs on until 200 us and only
     * then sleeps; D reads the request, arms a 1 ms timer and sleeps on it; the timer wakes D, D wakes R. The
     * critical path is R's request, D's wait and run, D's timer from its arming, D's reply: not R's own running
     * after it woke D (it ran beside the path), and not a timer wait reaching back to R's sleep.
     */
    @Test
    void theWakersPathGoesBackBeforeTheConsumerSleptAndTimersStartAtTheirArming() {
        final Explanation e = explain("""
            R-100   [000] ..... 10.000000: sys_enter_write: fd=3 count=7
            R-100   [000] d..3. 10.000005: sched_waking: comm=D pid=300 prio=120 target_cpu=001
            <idle>-0 [001] d..2. 10.000010: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=D next_pid=300 next_prio=120
            D-300   [001] d..1. 10.000015: hrtimer_start: hrtimer=0xffff1 function=hrtimer_wakeup expires=10001015000 softexpires=10001015000 mode=REL
            D-300   [001] d..2. 10.000020: sched_switch: prev_comm=D prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            R-100   [000] d..2. 10.000200: sched_switch: prev_comm=R prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            <idle>-0 [001] d.h1. 10.001015: hrtimer_expire_entry: hrtimer=0xffff1 now=10001015000 function=hrtimer_wakeup
            <idle>-0 [001] d.h2. 10.001016: sched_waking: comm=D pid=300 prio=120 target_cpu=001
            <idle>-0 [001] d.h1. 10.001017: hrtimer_expire_exit: hrtimer=0xffff1
            <idle>-0 [001] d..2. 10.001020: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=D next_pid=300 next_prio=120
            D-300   [001] d..3. 10.001030: sched_waking: comm=R pid=100 prio=120 target_cpu=000
            <idle>-0 [000] d..2. 10.001040: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=R next_pid=100 next_prio=120
            R-100   [000] ..... 10.001045: sys_exit_read: ret=1
            """, 100, 10_000_000_000L, 10_001_045_000L);
        assertCovers(e);
        assertThat(kinds(e)).isEqualTo("running@100 runnable@300 running@300 blocked@-1 hrtimer@-1 runnable@300 running@300 runnable@100 running@100");
        final Segment timer = e.segments().stream().filter(x -> x.kind().equals("blocked")).findFirst().orElseThrow();
        assertThat(timer.startNs()).isEqualTo(10_000_015_000L);
        assertThat(timer.endNs()).isEqualTo(10_001_015_000L);
        // R ran 5 us on the path (until it woke D), not its 200 us
        assertThat(e.segments().get(0).endNs()).isEqualTo(10_000_005_000L);
    }

    /**
     * A polling consumer preempted before its data arrived: its wait after the carrier's completion is behind the
     * task that preempted it, which interferes (rtla: the blocking thread is the one on the CPU when a wakeup
     * came; a preempted task had no wakeup).
     */
    @Test
    void aPreemptedPollersPreemptorInterferesAlsoAfterTheCarrier() {
        final String text = """
            R-100   [001] ..... 9.000000: sys_enter_write: count=7
            R-100   [001] d..3. 9.000010: workqueue_queue_work: work struct=aa function=flush_to_ldisc workqueue=events_unbound req_cpu=8 cpu=-1
            R-100   [001] d..3. 9.000011: sched_waking: comm=kworker/u4:0 pid=12 prio=120 target_cpu=000
            <idle>-0 [000] d..2. 9.000020: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=kworker/u4:0 next_pid=12 next_prio=120
            R-100   [001] d..2. 9.000100: sched_switch: prev_comm=R prev_pid=100 prev_prio=120 prev_state=R+ ==> next_comm=hog next_pid=200 next_prio=120
            kworker/u4:0-12 [000] ..... 9.000200: workqueue_execute_start: work struct aa: function flush_to_ldisc
            kworker/u4:0-12 [000] ..... 9.000210: workqueue_execute_end: work struct aa: function flush_to_ldisc
            kworker/u4:0-12 [000] d..2. 9.000220: sched_switch: prev_comm=kworker/u4:0 prev_pid=12 prev_prio=120 prev_state=I ==> next_comm=swapper/0 next_pid=0 next_prio=120
            hog-200 [001] d..2. 9.003000: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=R next_pid=100 next_prio=120
            R-100   [001] ..... 9.003010: sys_exit_read: ret=1
            """;
        final Trace t = TinyTraces.parse(text);
        final Explanation e = new Explainer(Timeline.of(t)).explain(100, 9_000_000_000L, 9_003_010_000L, 0);
        assertThat(e.polling()).isTrue();
        assertCovers(e);
        final BlameEntry top = e.blame().get(0);
        assertThat(top.pid()).isEqualTo(100);
        assertThat(top.ns()).isEqualTo(2_790_000L);
        assertThat(top.category()).isEqualTo(Category.THREAD_INTERFERENCE);
        assertThat(top.blockedBy().get(0).pid()).isEqualTo(200);
    }

    /**
     * A wait that begins inside a timer interrupt after its nested hrtimer callback returned: the callback takes
     * nothing from the wait (its negative overlap once added 6 us to the interrupt's share, beyond the wait).
     */
    @Test
    void holdersOfAWaitStartingAfterANestedHandlerSumToTheWait() {
        final Explanation e = explain("""
            R-100   [000] d..2. 3.000000: sched_switch: prev_comm=R prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=hog next_pid=200 next_prio=120
            hog-200 [000] d.h1. 3.000100: local_timer_entry: vector=236
            hog-200 [000] d.h1. 3.000103: hrtimer_expire_entry: hrtimer=0xffff2 now=3000103000 function=tick_nohz_handler
            hog-200 [000] d.h1. 3.000105: hrtimer_expire_exit: hrtimer=0xffff2
            <idle>-0 [001] d.h2. 3.000111: sched_waking: comm=R pid=100 prio=120 target_cpu=000
            hog-200 [000] d.h1. 3.000113: local_timer_exit: vector=236
            hog-200 [000] d..2. 3.000200: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=R next_pid=100 next_prio=120
            R-100   [000] ..... 3.000210: sys_exit_read: ret=1
            """, 100, 3_000_111_000L, 3_000_210_000L);
        assertCovers(e);
        assertThat(e.segments()).anyMatch(x -> x.kind().equals("runnable"));
        for (final Segment x : e.segments()) {
            if (!x.kind().equals("runnable")) continue;
            assertThat(x.blockedBy().stream().mapToLong(Holder::ns).sum()).as("holders of %s", x).isEqualTo(x.ns());
            // the interrupt's own time inside the wait: 3.000111 -> 3.000113
            assertThat(x.blockedBy()).anySatisfy(h -> {
                assertThat(h.comm()).isEqualTo("vector local_timer");
                assertThat(h.ns()).isEqualTo(2_000L);
            });
        }
    }

    @Test
    void wakingReportsThePreviousCpuTheWaitIsOnTheChosenOne() {
        // sched_waking says target_cpu=000 (the task's last CPU); the wakeup moved it to CPU 1, where hog runs
        final Explanation e = explain("""
            C-100   [000] d..2. 11.000000: sched_switch: prev_comm=C prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            hog-200 [001] ..... 11.000010: sched_stat_runtime: comm=hog pid=200 runtime=1 [ns]
            W-500   [000] d..3. 11.000100: sched_waking: comm=C pid=100 prio=120 target_cpu=000
            W-500   [000] d..3. 11.000100: sched_migrate_task: comm=C pid=100 prio=120 orig_cpu=0 dest_cpu=1
            W-500   [000] d..4. 11.000101: sched_wakeup: comm=C pid=100 prio=120 target_cpu=001
            hog-200 [001] d..2. 11.002000: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=C next_pid=100 next_prio=120
            C-100   [001] ..... 11.002010: sys_exit_futex: ret=0
            """, 100, 11_000_100_000L, 11_002_010_000L);
        assertCovers(e);
        assertThat(kinds(e)).isEqualTo("runnable@100 running@100");
        assertThat(e.segments().get(0).cpu()).isEqualTo(1);
        assertThat(e.blame().get(0).category()).isEqualTo(Category.BLOCKING_THREAD);
        assertThat(e.blame().get(0).blockedBy().get(0).pid()).isEqualTo(200);
    }

    @Test
    void aSwitchInTheKernelDidNotTraceIsWalkedThrough() {
        // C's switch-in on CPU 1 is missing: its slice starts at its first event there, and its wait before it
        // (after the wakeup) is still explained
        final Explanation e = explain("""
            X-300   [001] d..2. 12.000000: sched_switch: prev_comm=X prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=hog next_pid=200 next_prio=120
            C-100   [000] d..2. 12.000010: sched_switch: prev_comm=C prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            W-500   [000] d..3. 12.000100: sched_waking: comm=C pid=100 prio=120 target_cpu=001
            hog-200 [001] ..... 12.001000: sched_stat_runtime: comm=hog pid=200 runtime=1 [ns]
            C-100   [001] ..... 12.001500: sys_exit_futex: ret=0
            C-100   [001] d..2. 12.001600: sched_switch: prev_comm=C prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=hog next_pid=200 next_prio=120
            """, 100, 12_000_100_000L, 12_001_500_000L);
        assertCovers(e);
        // the end event is C's first event on CPU 1: all of the interval was the wait
        assertThat(kinds(e)).isEqualTo("runnable@100");
        assertThat(e.segments().get(0).cpu()).isEqualTo(1);
        assertThat(e.blame().get(0).blockedBy().get(0).comm()).isEqualTo("hog");
    }

    @Test
    void aNewTaskThatHasNotRunYetWaitsForItsFirstCpu() {
        // forked before the window; its first switch-in comes 2.5 ms later, behind the hog on the CPU it was put on
        final Explanation e = explain("""
            P-100   [000] ..... 1.000000: sched_process_fork: comm=P pid=100 child_comm=P child_pid=101
            P-100   [000] d..3. 1.000001: sched_wakeup_new: comm=P pid=101 prio=120 target_cpu=001
            hog-200 [001] ..... 1.000500: sched_stat_runtime: comm=hog pid=200 runtime=1000 [ns]
            hog-200 [001] d..2. 1.003000: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=P next_pid=101 next_prio=120
            P-101   [001] ..... 1.003010: sys_exit_read: ret=1
            """, 101, 1_000_500_000L, 1_003_010_000L);
        assertCovers(e);
        assertThat(kinds(e)).isEqualTo("runnable@101 running@101");
        final Segment wait = e.segments().get(0);
        assertThat(wait.cpu()).isEqualTo(1);
        assertThat(wait.detail()).contains("new task");
        assertThat(wait.blockedBy()).isNotEmpty();
        assertThat(wait.blockedBy().get(0).pid()).isEqualTo(200);
    }

    @Test
    void aTaskWokenInTheMicrosecondItSleptWaitsBehindTheBlockingThread() {
        // tracefs text rounds to the µs: C sleeps and is woken in the same µs; the hog switched in by C's sleep was
        // on the CPU when the wakeup came (blocking thread), as the ns of a trace.dat would show
        final Explanation e = explain("""
            C-100   [000] ..... 5.000000: sys_enter_write: fd=3 count=7
            C-100   [000] d..2. 5.000100: sched_switch: prev_comm=C prev_pid=100 prev_prio=120 prev_state=D ==> next_comm=hog next_pid=300 next_prio=120
            K-77    [001] d..3. 5.000100: sched_waking: comm=C pid=100 prio=120 target_cpu=000
            hog-300 [000] d..2. 5.002100: sched_switch: prev_comm=hog prev_pid=300 prev_prio=120 prev_state=R+ ==> next_comm=C next_pid=100 next_prio=120
            C-100   [000] ..... 5.002110: sys_exit_read: ret=1
            """, 100, 5_000_000_000L, 5_002_110_000L);
        assertCovers(e);
        final BlameEntry top = e.blame().get(0);
        assertThat(top.category()).isEqualTo(Category.BLOCKING_THREAD);
        assertThat(top.blockedBy().get(0).pid()).isEqualTo(300);
        assertThat(top.ns()).isEqualTo(2_000_000L);
    }
}
