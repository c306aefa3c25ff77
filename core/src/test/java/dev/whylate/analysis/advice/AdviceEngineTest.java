package dev.whylate.analysis.advice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.analysis.cycles.Cycles;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.filter.EventFilter;
import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import dev.whylate.timeline.Timeline;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The founding case, repeated: advice must name the IRQ, the kworker and the hog, and predict fewer misses. */
class AdviceEngineTest {
    /** One cycle at {@code base} seconds: IRQ 30 on CPU 1 queues flush work; the kworker waits {@code waitUs} behind perf. */
    private static String cycle(final double base, final int waitUs) {
        final String f = """
            R-100   [000] ..... %1$.6f: sys_enter_write: fd=7 count=7
            R-100   [000] d..2. %2$.6f: sched_switch: prev_comm=R prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            perf-300 [001] d.h1. %3$.6f: irq_handler_entry: irq=30 name=xhci_hcd
            perf-300 [001] d.h2. %4$.6f: workqueue_queue_work: work struct=ffff0001 function=flush_to_ldisc workqueue=events req_cpu=8 cpu=1
            perf-300 [001] d.h3. %5$.6f: sched_waking: comm=kworker/1:2 pid=77 prio=120 target_cpu=001
            perf-300 [001] d.h1. %6$.6f: irq_handler_exit: irq=30 ret=handled
            perf-300 [001] d..2. %7$.6f: sched_switch: prev_comm=perf prev_pid=300 prev_prio=120 prev_state=R+ ==> next_comm=kworker/1:2 next_pid=77 next_prio=120
            kworker/1:2-77 [001] ..... %8$.6f: workqueue_execute_start: work struct ffff0001: function flush_to_ldisc
            kworker/1:2-77 [001] d..3. %9$.6f: sched_waking: comm=R pid=100 prio=120 target_cpu=000
            kworker/1:2-77 [001] ..... %10$.6f: workqueue_execute_end: work struct ffff0001: function flush_to_ldisc
            kworker/1:2-77 [001] d..2. %11$.6f: sched_switch: prev_comm=kworker/1:2 prev_pid=77 prev_prio=120 prev_state=I ==> next_comm=perf next_pid=300 next_prio=120
            <idle>-0 [000] d..2. %12$.6f: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=R next_pid=100 next_prio=120
            R-100   [000] ..... %13$.6f: sys_exit_read: ret=1
            """;
        final double w = waitUs / 1e6;
        return String.format(Locale.ROOT, f, base, base + 20e-6, base + 1e-3, base + 1.002e-3, base + 1.003e-3, base + 1.010e-3,
            base + 1.003e-3 + w, base + 1.005e-3 + w, base + 1.013e-3 + w, base + 1.015e-3 + w, base + 1.016e-3 + w,
            base + 1.020e-3 + w, base + 1.030e-3 + w);
    }

    @Test
    void foundingCaseAdviceNamesTheIrqTheKworkerAndTheHog() throws Exception {
        final StringBuilder b = new StringBuilder();
        // four slow cycles (2.7 ms wait: 3.73 ms > 3.5 ms) and two fast ones
        final int[] waits = {2700, 100, 2700, 2700, 50, 2700};
        for (int k = 0; k < waits.length; k++) b.append(cycle(10 + k * 0.01, waits[k]));
        final Trace t = TinyTraces.parse(b.toString());
        final CyclesResult r = Cycles.run(t, Timeline.of(t), new CycleOptions(EventFilter.parse("sys_enter_write: count == 7", t.events().types()),
            EventFilter.parse("sys_exit_read: ret > 0", t.events().types()), 3_500_000, -1, false, CycleOptions.Explain.MISSES, 0));
        assertThat(r.cycles()).isEqualTo(6);
        assertThat(r.misses()).isEqualTo(4);
        assertThat(r.advice()).extracting(Advice::command).anySatisfy(c -> assertThat(c).contains("echo 0 > /proc/irq/30/smp_affinity_list"));
        assertThat(r.advice()).extracting(Advice::command).anySatisfy(c -> assertThat(c).isEqualTo("chrt -f -p 50 77"));
        assertThat(r.advice()).extracting(Advice::command).anySatisfy(c -> assertThat(c).isEqualTo("taskset -acp 0 300"));
        for (final WhatIf w : r.whatIf()) {
            assertThat(w.currentMisses()).isEqualTo(4);
            // each of these removes the kworker's 2.7 ms wait: every miss goes
            if (w.change().contains("pid 77") || w.change().contains("hardirq 30") || w.change().contains("pid 300")) {
                assertThat(w.predictedMisses()).as(w.change()).isZero();
            }
        }
        assertThat(r.advice().get(0).why()).contains("in 4 of 4 explained misses");
    }

    /** The same case with a per-CPU interrupt (arm's architected timer) in the USB IRQ's place: its affinity cannot be changed. */
    @Test
    void perCpuInterruptsGetNoAffinityAdvice() throws Exception {
        final StringBuilder b = new StringBuilder();
        for (int k = 0; k < 4; k++) b.append(cycle(10 + k * 0.01, 2700).replace("irq=30 name=xhci_hcd", "irq=11 name=arch_timer").replace("irq=30 ret", "irq=11 ret"));
        final Trace t = TinyTraces.parse(b.toString());
        final CyclesResult r = Cycles.run(t, Timeline.of(t), new CycleOptions(EventFilter.parse("sys_enter_write: count == 7", t.events().types()),
            EventFilter.parse("sys_exit_read: ret > 0", t.events().types()), 3_500_000, -1, false, CycleOptions.Explain.MISSES, 0));
        assertThat(r.misses()).isEqualTo(4);
        assertThat(r.advice()).extracting(Advice::command).noneSatisfy(c -> assertThat(c).contains("/proc/irq/"));
        assertThat(r.advice()).extracting(Advice::command).anySatisfy(c -> assertThat(c).isEqualTo("chrt -f -p 50 77"));
        assertThat(dev.whylate.util.IrqAffinity.fixed("hardirq 11 arch_timer")).isTrue();
        assertThat(dev.whylate.util.IrqAffinity.fixed("IPI")).isTrue();
        assertThat(dev.whylate.util.IrqAffinity.fixed("kvm guest vtimer")).isTrue();
        assertThat(dev.whylate.util.IrqAffinity.fixed("hardirq 30 xhci_hcd")).isFalse();
        assertThat(dev.whylate.util.IrqAffinity.fixed("ipi_handler_of_some_nic")).isFalse();
    }

    @Test
    void noDeadlineNoAdvice() throws Exception {
        final Trace t = TinyTraces.parse(cycle(10, 2700));
        final CyclesResult r = Cycles.run(t, Timeline.of(t), new CycleOptions(EventFilter.parse("sys_enter_write", t.events().types()),
            EventFilter.parse("sys_exit_read: ret > 0", t.events().types()), -1, -1, false, CycleOptions.Explain.MISSES, 0));
        assertThat(r.advice()).isEmpty();
        assertThat(r.whatIf()).isEmpty();
    }

    @Test
    void cpuListSkipsOneCpu() {
        assertThat(AdviceEngine.cpuList(4, 1)).isEqualTo("0,2-3");
        assertThat(AdviceEngine.cpuList(2, 0)).isEqualTo("1");
        assertThat(AdviceEngine.cpuList(8, 7)).isEqualTo("0-6");
        assertThat(AdviceEngine.movable("kworker/1:2")).isFalse();
        assertThat(AdviceEngine.movable("perf")).isTrue();
    }

    @Test
    void identicalHogsMoveTogether() throws Exception {
        // the kworker waits behind perf 300 in some misses and behind another perf (301) in others: moving only
        // one would let the other take CPU 1, so the advice moves both
        final StringBuilder b = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            final String c = cycle(10 + k * 0.01, 2700);
            b.append(k % 2 == 0 ? c : c.replace("perf-300", "perf-301").replace("pid=300", "pid=301"));
        }
        final Trace t = TinyTraces.parse(b.toString());
        final CyclesResult r = Cycles.run(t, Timeline.of(t), new CycleOptions(EventFilter.parse("sys_enter_write: count == 7", t.events().types()),
            EventFilter.parse("sys_exit_read: ret > 0", t.events().types()), 3_500_000, -1, false, CycleOptions.Explain.MISSES, 0));
        assertThat(r.misses()).isEqualTo(4);
        assertThat(r.advice()).extracting(Advice::command).contains("taskset -acp 0 300\ntaskset -acp 0 301");
        assertThat(r.advice()).extracting(Advice::command).noneSatisfy(c -> assertThat(c).isEqualTo("taskset -acp 0 300"));
        assertThat(r.whatIf()).anySatisfy(w -> {
            assertThat(w.change()).isEqualTo("perf (pids 300, 301) off CPU 1");
            assertThat(w.predictedMisses()).isZero();
        });
    }

    /** A normal task sleeping 1 ms per cycle: its timer fires at the end of its 50 us slack, plus some IRQ latency. */
    private static String sleepCycle(final double t0, final int slackUs, final int lateUs) {
        final long start = Math.round(t0 * 1e6);
        final long soft = (start + 10 + 1000) * 1000L;
        final long hard = soft + slackUs * 1000L;
        final long now = hard + lateUs * 1000L;
        final double fire = now / 1e9;
        return String.format(java.util.Locale.ROOT, """
            S-500   [000] ..... %.6f: sys_enter_clock_nanosleep: which_clock=1 flags=1
            S-500   [000] d..2. %.6f: hrtimer_start: hrtimer=0xffff000000000500 function=hrtimer_wakeup expires=%d softexpires=%d mode=ABS
            S-500   [000] d..2. %.6f: sched_switch: prev_comm=S prev_pid=500 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            <idle>-0 [000] d.h1. %.6f: local_timer_entry: vector=236
            <idle>-0 [000] d.h2. %.6f: hrtimer_expire_entry: hrtimer=0xffff000000000500 now=%d function=hrtimer_wakeup
            <idle>-0 [000] d.h3. %.6f: sched_waking: comm=S pid=500 prio=120 target_cpu=000
            <idle>-0 [000] d.h2. %.6f: hrtimer_expire_exit: hrtimer=0xffff000000000500
            <idle>-0 [000] d.h1. %.6f: local_timer_exit: vector=236
            <idle>-0 [000] d..2. %.6f: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=S next_pid=500 next_prio=120
            S-500   [000] ..... %.6f: sys_exit_clock_nanosleep: 0x0
            """, start / 1e6, (start + 2) / 1e6, hard, soft, (start + 5) / 1e6, fire, fire + 1e-6, now, fire + 2e-6, fire + 3e-6, fire + 4e-6,
            fire + 5e-6, fire + 6e-6);
    }

    @Test
    void timerSlackIsItsOwnBlameWithItsOwnAdvice() throws Exception {
        final StringBuilder b = new StringBuilder();
        // 1 ms sleeps, deadline 1.040 ms: slack 50 us makes each miss; 2 us of real lateness does not
        for (int k = 0; k < 5; k++) b.append(sleepCycle(20 + k * 0.01, 50, 2));
        final Trace t = TinyTraces.parse(b.toString());
        final CyclesResult r = Cycles.run(t, Timeline.of(t), new CycleOptions(EventFilter.parse("sys_enter_clock_nanosleep", t.events().types()),
            EventFilter.parse("sys_exit_clock_nanosleep", t.events().types()), 1_040_000, -1, false, CycleOptions.Explain.MISSES, 0));
        assertThat(r.misses()).isEqualTo(5);
        final dev.whylate.analysis.explain.Explanation e = r.items().get(0).explanation();
        assertThat(e.segments()).extracting(dev.whylate.analysis.explain.Segment::kind).containsSubsequence("blocked", "timer-slack", "irq-latency", "hrtimer");
        assertThat(e.blame()).anySatisfy(x -> {
            assertThat(x.category()).isEqualTo(dev.whylate.analysis.explain.Category.TIMER_SLACK);
            assertThat(x.ns()).isEqualTo(50_000L);
        });
        assertThat(e.blame()).anySatisfy(x -> {
            assertThat(x.category()).isEqualTo(dev.whylate.analysis.explain.Category.IRQ_LATENCY);
            assertThat(x.ns()).as("only the time past the hard expiry").isEqualTo(2_000L);
        });
        assertThat(r.advice()).extracting(Advice::command).anySatisfy(c -> assertThat(c).startsWith("echo 1 > /proc/500/timerslack_ns"));
        assertThat(r.whatIf()).anySatisfy(w -> {
            assertThat(w.change()).contains("timer slack");
            assertThat(w.predictedMisses()).isZero();
        });
    }

    @Test
    void aTimerWithoutSlackHasNone() throws Exception {
        final Trace t = TinyTraces.parse(sleepCycle(20, 0, 60));
        final CyclesResult r = Cycles.run(t, Timeline.of(t), new CycleOptions(EventFilter.parse("sys_enter_clock_nanosleep", t.events().types()),
            EventFilter.parse("sys_exit_clock_nanosleep", t.events().types()), 1_040_000, -1, false, CycleOptions.Explain.MISSES, 0));
        assertThat(r.misses()).isEqualTo(1);
        assertThat(r.items().get(0).explanation().segments()).extracting(dev.whylate.analysis.explain.Segment::kind).doesNotContain("timer-slack");
        assertThat(r.advice()).extracting(Advice::command).noneMatch(c -> c.contains("timerslack_ns"));
    }
}
