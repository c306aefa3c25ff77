package dev.whylate.analysis.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.testing.TinyTraces;
import dev.whylate.timeline.Timeline;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code whylate explain --task T --at TIME}: which switch-in is explained, where its window starts (the timer's
 * expiry, the interrupt's entry, the preemption) and rtla's breakdown of it, on hand-written traces.
 */
class WakeupExplainerTest {
    private static WakeupExplainer.Result explain(final String text, final int tid, final long at) {
        return new WakeupExplainer(Timeline.of(TinyTraces.parse(text))).explainSwitchIn(tid, at);
    }

    private static void sumsToTheWindow(final WakeupExplainer.Result r) {
        long sum = 0;
        for (final long v : r.breakdown().values()) sum += v;
        assertThat(sum).isEqualTo(r.switchInNs() - r.windowStartNs());
    }

    /** cyclictest's shape: an RT thread sleeps on an hrtimer; the tick fires 30 us late, a hog holds the CPU 200 us more. */
    static final String TIMER_BEHIND_HOG = """
        T-100   [000] d..2. 1.000000: hrtimer_start: hrtimer=0xffff000000000010 function=hrtimer_wakeup expires=1001000000 softexpires=1001000000 mode=ABS
        T-100   [000] d..2. 1.000010: sched_switch: prev_comm=T prev_pid=100 prev_prio=19 prev_state=S ==> next_comm=hog next_pid=200 next_prio=120
        hog-200 [000] d.h1. 1.001030: local_timer_entry: vector=236
        hog-200 [000] d.h2. 1.001032: hrtimer_expire_entry: hrtimer=0xffff000000000010 now=1001030000 function=hrtimer_wakeup
        hog-200 [000] d.h3. 1.001034: sched_waking: comm=T pid=100 prio=19 target_cpu=000
        hog-200 [000] d.h2. 1.001036: hrtimer_expire_exit: hrtimer=0xffff000000000010
        hog-200 [000] d.h1. 1.001040: local_timer_exit: vector=236
        hog-200 [000] d..2. 1.001240: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=T next_pid=100 next_prio=19
        T-100   [000] ..... 1.001250: sys_exit_clock_nanosleep: 0x0
        """;

    @Test
    void timerWakeupIsExplainedFromTheTimersExpiry() {
        final WakeupExplainer.Result r = explain(TIMER_BEHIND_HOG, 100, 1_001_100_000L);
        assertThat(r).isNotNull();
        assertThat(r.switchInNs()).isEqualTo(1_001_240_000L);
        // the expiry: the callback's start (1.001032) less its lateness now − softexpires (30 us), which does not
        // depend on the offset between the trace clock and the hrtimer clock
        assertThat(r.windowStartNs()).isEqualTo(1_001_002_000L);
        assertThat(r.cause()).contains("hrtimer_wakeup");
        assertThat(r.switchInInferred()).isFalse();
        final Map<String, Long> b = r.breakdown();
        assertThat(b.get(Category.IRQ_LATENCY)).isEqualTo(30_000L);
        // the callback itself (2 us), then T waits 206 us: the rest of the tick (6 us) and the hog (200 us)
        assertThat(b.get(Category.DEFERRED_WORK)).isEqualTo(2_000L);
        assertThat(b.get(Category.IRQ_INTERFERENCE)).isEqualTo(6_000L);
        assertThat(b.get(Category.BLOCKING_THREAD)).isEqualTo(200_000L);
        sumsToTheWindow(r);
    }

    @Test
    void atInsideARunExplainsTheSwitchInThatBeganIt() {
        final WakeupExplainer.Result r = explain(TIMER_BEHIND_HOG, 100, 1_001_245_000L);
        assertThat(r.switchInNs()).isEqualTo(1_001_240_000L);
    }

    @Test
    void preemptedTaskWaitsFromItsSwitchOut() {
        final WakeupExplainer.Result r = explain("""
            A-100   [000] d..2. 2.000000: sched_switch: prev_comm=A prev_pid=100 prev_prio=120 prev_state=R+ ==> next_comm=B next_pid=200 next_prio=120
            B-200   [000] d..2. 2.000500: sched_switch: prev_comm=B prev_pid=200 prev_prio=120 prev_state=S ==> next_comm=A next_pid=100 next_prio=120
            """, 100, 2_000_100_000L);
        assertThat(r.windowStartNs()).isEqualTo(2_000_000_000L);
        assertThat(r.cause()).startsWith("preempted on CPU 0");
        assertThat(r.breakdown().get(Category.THREAD_INTERFERENCE) + r.breakdown().get(Category.BLOCKING_THREAD)).isEqualTo(500_000L);
        sumsToTheWindow(r);
    }

    @Test
    void aTaskThatNeverRunsAgainHasNothingToExplain() {
        assertThat(explain(TIMER_BEHIND_HOG, 100, 1_002_000_000L)).isNull();
        assertThat(explain(TIMER_BEHIND_HOG, 999, 1_000_000_000L)).isNull();
    }

    /** The development VM's kernel does not trace CPU 1's switches out of idle: the run's start is inferred. */
    @Test
    void aRunWhoseSwitchInWasNotTracedIsExplainedAndSaysSo() {
        final WakeupExplainer.Result r = explain("""
            W-300   [001] d..2. 1.000000: sched_switch: prev_comm=W prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            <idle>-0 [001] d.h3. 1.005002: sched_waking: comm=W pid=300 prio=120 target_cpu=001
            W-300   [001] d..1. 1.005040: sys_exit_clock_nanosleep: 0x0
            W-300   [001] d..2. 1.006000: sched_switch: prev_comm=W prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            """, 300, 1_005_020_000L);
        assertThat(r).as("not skipped as a run of unknown start").isNotNull();
        assertThat(r.switchInInferred()).isTrue();
        assertThat(r.switchInNs()).isEqualTo(1_005_040_000L);
        assertThat(r.windowStartNs()).isEqualTo(1_005_002_000L);
        assertThat(r.cause()).contains("a hardirq on CPU 1").contains("not traced");
        assertThat(r.breakdown().get(Category.EXIT_FROM_IDLE)).isEqualTo(38_000L);
    }

    @Test
    void theCpusFirstSliceIsNotARunToExplain() {
        // T was already running when the trace began: no switch-in, nothing inferred
        final WakeupExplainer.Result r = explain("""
            T-100   [000] ..... 1.000000: sys_enter_write: fd=3 count=7
            T-100   [000] d..2. 1.000500: sched_switch: prev_comm=T prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            """, 100, 1_000_000_000L);
        assertThat(r).isNull();
    }
}
