package dev.whylate.analysis.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** One tiny hand-written trace per scheduling-latency rule (docs/METRICS.md, "sched"). */
class SchedRulesTest {
    private static SchedReport analyze(final String text, final PerfDialect d, final boolean perPid) {
        final Trace t = TinyTraces.parse(text);
        return Sched.analyze(t, new SchedOptions(d, perPid, null, null, PerfLatency.DEFAULT_SORT, -1, true));
    }

    private static TaskSched task(final SchedReport r, final String comm) {
        return r.tasks().stream().filter(x -> x.perf().comm().equals(comm)).findFirst()
            .orElseThrow(() -> new AssertionError("no row for " + comm + " in " + r.tasks()));
    }

    private static boolean hasRow(final SchedReport r, final String comm) {
        return r.tasks().stream().anyMatch(x -> x.perf().comm().equals(comm));
    }

    // A runs on CPU 0 and is preempted (R+) by B at 1.000100; B sleeps at 1.000400 and A runs again.
    private static final String PREEMPTED = """
        A-10    [000] d..2. 1.000000: sched_waking: comm=B pid=20 prio=120 target_cpu=000
        A-10    [000] d..2. 1.000100: sched_switch: prev_comm=A prev_pid=10 prev_prio=120 prev_state=R+ ==> next_comm=B next_pid=20 next_prio=120
        B-20    [000] d..2. 1.000400: sched_switch: prev_comm=B prev_pid=20 prev_prio=120 prev_state=S ==> next_comm=A next_pid=10 next_prio=120
        A-10    [000] d..2. 1.000900: sched_switch: prev_comm=A prev_pid=10 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
        """;

    @Test
    void preemptedTaskWaitsFromItsSwitchOut() {
        final SchedReport r = analyze(PREEMPTED, PerfDialect.UPSTREAM, false);
        final TaskSched a = task(r, "A");
        assertThat(a.waits().preemptWait().count()).isEqualTo(1);
        assertThat(a.waits().preemptWait().maxNs()).isEqualTo(300_000);
        assertThat(a.waits().wakeupDelay().count()).isZero();
        assertThat(a.waits().holders()).extracting(Contributor::name, Contributor::totalNs).containsExactly(org.assertj.core.groups.Tuple.tuple("B[20]", 300_000L));
        // upstream perf: R+ is runnable, so the same 300 us is A's one delay
        assertThat(a.perf().switches()).isEqualTo(1);
        assertThat(a.perf().maxDelayNs()).isEqualTo(300_000);
        assertThat(a.perf().maxDelayStartNs()).isEqualTo(1_000_100_000L);
        // B: woken at 1.000000 (sched_waking), in at 1.000100
        final TaskSched b = task(r, "B");
        assertThat(b.waits().wakeupDelay().maxNs()).isEqualTo(100_000);
        assertThat(b.waits().wakers()).extracting(Contributor::name).containsExactly("task A[10]");
        assertThat(b.perf().maxDelayNs()).isEqualTo(100_000);
        assertThat(r.preemptWait().count()).isEqualTo(1);
        assertThat(r.classes()).extracting(ClassWaits::label).containsExactly("nice 0");
    }

    @Test
    void perf61ReadsRPlusAsSleepingAndIgnoresWaking() {
        final SchedReport r = analyze(PREEMPTED, PerfDialect.PERF_6_1, false);
        // A: switched out R+ -> 'sleeping' for perf 6.1, so its switch-in measures nothing
        assertThat(task(r, "A").perf().switches()).isZero();
        // B: sched_waking is not a latency event for perf 6.1; B is new at its switch-in: one zero delay
        final LatencyRow b = task(r, "B").perf();
        assertThat(b.switches()).isEqualTo(1);
        assertThat(b.maxDelayNs()).isZero();
        // whylate's own numbers do not depend on the perf rules
        assertThat(task(r, "A").waits().preemptWait().maxNs()).isEqualTo(300_000);
    }

    @Test
    void timehistRowsOfThePreemption() {
        final TimeHist up = Sched.timehist(TinyTraces.parse(PREEMPTED), SchedOptions.defaults());
        assertThat(up.size()).isEqualTo(3);
        // row 1: A out at 1.000100, first switch on the CPU: everything 0
        assertThat(up.row(0).runNs()).isZero();
        // row 2: B out at 1.000400: ran 300 us, its waking at 1.000000 -> in at 1.000100 = 100 us sch delay
        assertThat(up.row(1).tid()).isEqualTo(20);
        assertThat(up.row(1).runNs()).isEqualTo(300_000);
        assertThat(up.row(1).schDelayNs()).isEqualTo(100_000);
        // row 3: A out at 1.000900: ran 500 us after waiting 300 us; upstream counts the preemption as sch delay
        assertThat(up.row(2).waitNs()).isEqualTo(300_000);
        assertThat(up.row(2).waitKind()).isEqualTo(TimeHist.PREEMPT);
        assertThat(up.row(2).schDelayNs()).isEqualTo(300_000);
        assertThat(up.row(2).runNs()).isEqualTo(500_000);
        final TimeHist old = Sched.timehist(TinyTraces.parse(PREEMPTED), SchedOptions.defaults().withDialect(PerfDialect.PERF_6_1));
        assertThat(old.row(2).schDelayNs()).isZero();
        assertThat(old.row(2).waitNs()).isEqualTo(300_000);
    }

    @Test
    void wakeupFromHardirqIsAttributedToTheIrq() {
        final SchedReport r = analyze("""
            T-100   [000] d..2. 2.000000: sched_switch: prev_comm=T prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=hog next_pid=200 next_prio=120
            <idle>-0 [001] d.h1. 2.001000: irq_handler_entry: irq=30 name=xhci_hcd
            <idle>-0 [001] d.h2. 2.001005: sched_waking: comm=T pid=100 prio=120 target_cpu=000
            <idle>-0 [001] d.h2. 2.001006: sched_wakeup: comm=T pid=100 prio=120 target_cpu=000
            <idle>-0 [001] d.h1. 2.001010: irq_handler_exit: irq=30 ret=handled
            hog-200 [000] d..2. 2.003005: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=T next_pid=100 next_prio=120
            """, PerfDialect.UPSTREAM, true);
        final TaskWaits t = task(r, "T").waits();
        assertThat(t.wakeupDelay().count()).isEqualTo(1);
        assertThat(t.wakeupDelay().maxNs()).isEqualTo(2_000_000);
        assertThat(t.wakers()).containsExactly(new Contributor("hardirq 30 xhci_hcd", 1, 2_000_000, 2_000_000));
        assertThat(t.holders()).extracting(Contributor::name).containsExactly("hog[200]");
        assertThat(t.wakingToWakeup().count()).isEqualTo(1);
        assertThat(t.wakingToWakeup().maxNs()).isEqualTo(1_000);
        assertThat(t.wakingWithoutWakeup()).isZero();
        assertThat(r.cpus()).extracting(CpuWaits::cpu).containsExactly(0);
    }

    @Test
    void wakeupInIrqContextWithoutIrqEventsUsesTheFlags() {
        final SchedReport r = analyze("""
            T-100   [000] d..2. 2.000000: sched_switch: prev_comm=T prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            x-300   [001] d.h2. 2.000010: sched_waking: comm=T pid=100 prio=120 target_cpu=000
            y-301   [001] ..s2. 2.000020: sched_waking: comm=U pid=101 prio=120 target_cpu=000
            <idle>-0 [000] d..2. 2.000030: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=T next_pid=100 next_prio=120
            T-100   [000] d..2. 2.000040: sched_switch: prev_comm=T prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=U next_pid=101 next_prio=120
            U-101   [000] d..2. 2.000050: sched_switch: prev_comm=U prev_pid=101 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            """, PerfDialect.UPSTREAM, true);
        assertThat(task(r, "T").waits().wakers()).extracting(Contributor::name).containsExactly("hardirq (untraced)");
        assertThat(task(r, "U").waits().wakers()).extracting(Contributor::name).containsExactly("softirq (untraced)");
    }

    @Test
    void wakingWithoutWakeupStillEndsInADelay() {
        final SchedReport r = analyze("""
            T-100   [000] d..2. 3.000000: sched_switch: prev_comm=T prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            w-300   [001] d..2. 3.000010: sched_waking: comm=u pid=400 prio=120 target_cpu=001
            w-300   [001] d..2. 3.000011: sched_wakeup: comm=u pid=400 prio=120 target_cpu=001
            w-300   [001] d..2. 3.000100: sched_waking: comm=T pid=100 prio=120 target_cpu=000
            <idle>-0 [000] d..2. 3.000150: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=T next_pid=100 next_prio=120
            """, PerfDialect.UPSTREAM, false);
        final TaskWaits t = task(r, "T").waits();
        assertThat(t.wakingWithoutWakeup()).isEqualTo(1);
        assertThat(t.wakingToWakeup().count()).isZero();
        assertThat(t.wakeupDelay().maxNs()).isEqualTo(50_000);
        assertThat(t.holders()).extracting(Contributor::name).containsExactly("<idle>");
        assertThat(t.wakers()).extracting(Contributor::name).containsExactly("task w[300]");
        // a trace with no sched_wakeup at all (perf sched record) has no pairs to miss
        final SchedReport onlyWaking = analyze("""
            T-100   [000] d..2. 3.000000: sched_switch: prev_comm=T prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            w-300   [001] d..2. 3.000100: sched_waking: comm=T pid=100 prio=120 target_cpu=000
            <idle>-0 [000] d..2. 3.000150: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=T next_pid=100 next_prio=120
            """, PerfDialect.UPSTREAM, false);
        assertThat(task(onlyWaking, "T").waits().wakingWithoutWakeup()).isZero();
        assertThat(task(onlyWaking, "T").waits().wakeupDelay().maxNs()).isEqualTo(50_000);
    }

    @Test
    void migrationBetweenWakingAndRunningSplitsTheHolders() {
        final SchedReport r = analyze("""
            T-100   [000] d..2. 4.000000: sched_switch: prev_comm=T prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=h0 next_pid=200 next_prio=120
            h1-201  [001] d..2. 4.000001: sched_stat_runtime: comm=h1 pid=201 runtime=1000
            h0-200  [000] d..2. 4.001000: sched_waking: comm=T pid=100 prio=120 target_cpu=000
            h0-200  [000] d..2. 4.001400: sched_migrate_task: comm=T pid=100 prio=120 orig_cpu=0 dest_cpu=1
            h1-201  [001] d..2. 4.002000: sched_switch: prev_comm=h1 prev_pid=201 prev_prio=120 prev_state=R+ ==> next_comm=T next_pid=100 next_prio=120
            """, PerfDialect.UPSTREAM, false);
        final TaskWaits t = task(r, "T").waits();
        assertThat(t.wakeupDelay().maxNs()).isEqualTo(1_000_000);
        // queued on CPU 0 behind h0 for 400 us, then on CPU 1 behind h1 for 600 us
        assertThat(t.holders()).containsExactly(new Contributor("h1[201]", 1, 600_000, 600_000), new Contributor("h0[200]", 1, 400_000, 400_000));
        assertThat(r.cpus()).hasSize(1);
        assertThat(r.cpus().get(0).cpu()).isEqualTo(1);
        assertThat(r.cpus().get(0).wakeupDelay().count()).isEqualTo(1);
    }

    @Test
    void taskThatNeverRunsAgainIsUnfinished() {
        final SchedReport r = analyze("""
            T-100   [000] d..2. 5.000000: sched_switch: prev_comm=T prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=hog next_pid=200 next_prio=120
            hog-200 [000] d..2. 5.000100: sched_waking: comm=T pid=100 prio=120 target_cpu=000
            hog-200 [000] d..2. 5.000900: sched_stat_runtime: comm=hog pid=200 runtime=900000
            """, PerfDialect.UPSTREAM, false);
        final TaskSched t = task(r, "T");
        assertThat(t.waits().unfinished()).isEqualTo(1);
        assertThat(t.waits().unfinishedNs()).isEqualTo(800_000);
        assertThat(t.waits().wakeupDelay().count()).isZero();
        assertThat(t.perf().switches()).isZero();
        assertThat(r.wakeupDelay().count()).isZero();
    }

    @Test
    void traceStartingMidSliceMeasuresNothingBeforeTheFirstSwitch() {
        final SchedReport r = analyze("""
            A-10    [000] d..2. 6.000000: sched_switch: prev_comm=A prev_pid=10 prev_prio=120 prev_state=S ==> next_comm=B next_pid=20 next_prio=120
            B-20    [000] d..2. 6.000050: sched_waking: comm=A pid=10 prio=120 target_cpu=000
            B-20    [000] d..2. 6.000300: sched_switch: prev_comm=B prev_pid=20 prev_prio=120 prev_state=S ==> next_comm=A next_pid=10 next_prio=120
            """, PerfDialect.UPSTREAM, false);
        final TaskSched a = task(r, "A");
        assertThat(a.waits().wakeupDelay().count()).isEqualTo(1);
        assertThat(a.waits().wakeupDelay().maxNs()).isEqualTo(250_000);
        // B was already runnable when the trace began: whylate measures nothing for it, perf counts a 0 delay
        final TaskSched b = task(r, "B");
        assertThat(b.waits().wakeupDelay().count() + b.waits().preemptWait().count()).isZero();
        assertThat(b.perf().switches()).isEqualTo(1);
        assertThat(b.perf().maxDelayNs()).isZero();
    }

    @Test
    void wakeupOfARunningTaskIsIgnored() {
        final SchedReport r = analyze("""
            <idle>-0 [000] d..2. 7.000000: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=T next_pid=100 next_prio=120
            x-300   [001] d..2. 7.000100: sched_waking: comm=T pid=100 prio=120 target_cpu=000
            T-100   [000] d..2. 7.000200: sched_switch: prev_comm=T prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            x-300   [001] d..2. 7.000300: sched_waking: comm=T pid=100 prio=120 target_cpu=000
            x-300   [001] d..2. 7.000350: sched_waking: comm=T pid=100 prio=120 target_cpu=000
            <idle>-0 [000] d..2. 7.000400: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=T next_pid=100 next_prio=120
            """, PerfDialect.UPSTREAM, false);
        final TaskWaits t = task(r, "T").waits();
        assertThat(t.wakeupDelay().count()).isEqualTo(1);
        // the first wakeup after the sleep counts, the second is ignored
        assertThat(t.wakeupDelay().maxNs()).isEqualTo(100_000);
    }

    @Test
    void timerSlackIsThePartOfTheTimersLatenessBeforeItsHardExpiry() {
        // a normal task's 50 us slack: asked for 8.500000, allowed up to 8.500050, fired at 8.500056
        final SchedReport r = analyze("""
            st-60   [001] d..2. 8.000000: hrtimer_start: hrtimer=0xffff2 function=hrtimer_wakeup expires=8500050000 softexpires=8500000000 mode=ABS
            st-60   [001] d..2. 8.000001: sched_switch: prev_comm=st prev_pid=60 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            <idle>-0 [001] d.h1. 8.500056: hrtimer_expire_entry: hrtimer=0xffff2 function=hrtimer_wakeup now=8500056000
            <idle>-0 [001] d.h2. 8.500057: sched_waking: comm=st pid=60 prio=120 target_cpu=001
            <idle>-0 [001] d.h1. 8.500058: hrtimer_expire_exit: hrtimer=0xffff2
            <idle>-0 [001] d..2. 8.500060: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=st next_pid=60 next_prio=120
            """, PerfDialect.UPSTREAM, false);
        final TaskWaits t = task(r, "st").waits();
        assertThat(t.timerIrq().maxNs()).isEqualTo(56_000);
        assertThat(t.timerSlack().maxNs()).isEqualTo(50_000);
        assertThat(t.timerWakeup().maxNs()).isEqualTo(60_000);
    }

    @Test
    void timerWakeupIsMeasuredFromTheTimersExpiry() {
        // the hrtimer clock (now/expires) runs 0.5 s ahead of the trace clock: only differences matter
        final SchedReport r = analyze("""
            ct-50   [001] d..2. 8.000000: hrtimer_start: hrtimer=0xffff1 function=hrtimer_wakeup expires=8500000000 softexpires=8500000000 mode=ABS
            ct-50   [001] d..2. 8.000001: sched_switch: prev_comm=ct prev_pid=50 prev_prio=19 prev_state=S ==> next_comm=hog next_pid=200 next_prio=120
            hog-200 [001] d.h1. 8.000010: irq_vectors:local_timer_entry: vector=236
            hog-200 [001] d.h1. 8.000012: hrtimer_expire_entry: hrtimer=0xffff1 function=hrtimer_wakeup now=8500007000
            hog-200 [001] d.h2. 8.000013: sched_waking: comm=ct pid=50 prio=19 target_cpu=001
            hog-200 [001] d.h1. 8.000014: hrtimer_expire_exit: hrtimer=0xffff1
            hog-200 [001] d.h1. 8.000015: irq_vectors:local_timer_exit: vector=236
            hog-200 [001] d..2. 8.000030: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=ct next_pid=50 next_prio=19
            """, PerfDialect.UPSTREAM, false);
        final TaskWaits t = task(r, "ct").waits();
        // expiry in trace time = 8.000012 - 7 us = 8.000005; switch-in 8.000030 -> 25 us
        assertThat(t.timerWakeup().count()).isEqualTo(1);
        assertThat(t.timerWakeup().maxNs()).isEqualTo(25_000);
        assertThat(t.timerIrq().maxNs()).isEqualTo(7_000);
        assertThat(t.timerSlack().maxNs()).as("an RT task's timer has no slack").isZero();
        assertThat(t.timerExpiryUnknown()).isZero();
        assertThat(t.wakeupDelay().maxNs()).isEqualTo(17_000);
        assertThat(t.wakers()).extracting(Contributor::name).containsExactly("hrtimer hrtimer_wakeup");
        assertThat(r.classes()).extracting(ClassWaits::label).containsExactly("rt 80");
        final DelayHistogram h = Sched.timerWakeups(TinyTraces.parse("""
            ct-50   [001] d..2. 8.000001: sched_switch: prev_comm=ct prev_pid=50 prev_prio=19 prev_state=S ==> next_comm=hog next_pid=200 next_prio=120
            hog-200 [001] d.h1. 8.000012: hrtimer_expire_entry: hrtimer=0xffff1 function=hrtimer_wakeup now=8500007000
            hog-200 [001] d.h2. 8.000013: sched_waking: comm=ct pid=50 prio=19 target_cpu=001
            hog-200 [001] d.h1. 8.000014: hrtimer_expire_exit: hrtimer=0xffff1
            hog-200 [001] d..2. 8.000030: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=ct next_pid=50 next_prio=19
            """), dev.whylate.timeline.Timeline.of(TinyTraces.parse("""
            ct-50   [001] d..2. 8.000001: sched_switch: prev_comm=ct prev_pid=50 prev_prio=19 prev_state=S ==> next_comm=hog next_pid=200 next_prio=120
            hog-200 [001] d.h1. 8.000012: hrtimer_expire_entry: hrtimer=0xffff1 function=hrtimer_wakeup now=8500007000
            hog-200 [001] d.h2. 8.000013: sched_waking: comm=ct pid=50 prio=19 target_cpu=001
            hog-200 [001] d.h1. 8.000014: hrtimer_expire_exit: hrtimer=0xffff1
            hog-200 [001] d..2. 8.000030: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=ct next_pid=50 next_prio=19
            """)), Pattern.compile("^ct$")).get(50);
        // armed before the trace: measured from the callback start, a lower bound
        assertThat(h.count()).isEqualTo(1);
        assertThat(h.max()).isEqualTo(18_000);
    }

    @Test
    void timerThatFiresWhileItsTaskStillRunsCountsToTheWakeup() {
        // ct armed its timer for 9.000100 (hrtimer clock 9.5001) only at 9.000300: it fires at once, ct never sleeps
        final SchedReport r = analyze("""
            <idle>-0 [001] d..2. 9.000000: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=ct next_pid=50 next_prio=19
            ct-50   [001] d..2. 9.000300: hrtimer_start: hrtimer=0xffff2 function=hrtimer_wakeup expires=9500100000 softexpires=9500100000 mode=ABS
            ct-50   [001] d.h1. 9.000302: hrtimer_expire_entry: hrtimer=0xffff2 function=hrtimer_wakeup now=9500302000
            ct-50   [001] d.h2. 9.000303: sched_waking: comm=ct pid=50 prio=19 target_cpu=001
            ct-50   [001] d.h1. 9.000304: hrtimer_expire_exit: hrtimer=0xffff2
            """, PerfDialect.UPSTREAM, false);
        final TaskWaits t = task(r, "ct").waits();
        assertThat(t.wakeupDelay().count()).isZero();
        assertThat(t.timerWakeup().count()).isEqualTo(1);
        // expiry in trace time = 9.000302 - 202 us = 9.000100; the wakeup at 9.000303
        assertThat(t.timerWakeup().maxNs()).isEqualTo(203_000);
        assertThat(t.timerIrq().maxNs()).isEqualTo(202_000);
    }

    @Test
    void missingSwitchInEndsAtTheTasksOwnEvent() {
        // the switch from tokio to ct is not in the trace; ct's own syscall exit proves it ran by 10.000300
        final SchedReport r = analyze("""
            ct-50   [001] d..2. 10.000000: sched_switch: prev_comm=ct prev_pid=50 prev_prio=19 prev_state=S ==> next_comm=tokio next_pid=75 next_prio=110
            tokio-75 [001] d.h2. 10.000100: sched_waking: comm=ct pid=50 prio=19 target_cpu=001
            ct-50   [001] ..... 10.000300: sys_exit_clock_nanosleep: ret=0
            ct-50   [001] d..2. 10.000400: sched_switch: prev_comm=ct prev_pid=50 prev_prio=19 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            x-9     [000] d..2. 10.000500: sched_waking: comm=run pid=60 prio=120 target_cpu=000
            run-60  [000] ..... 10.000600: sys_exit_read: ret=1
            """, PerfDialect.UPSTREAM, false);
        final TaskWaits t = task(r, "ct").waits();
        assertThat(t.wakeupDelay().count()).isEqualTo(1);
        assertThat(t.wakeupDelay().maxNs()).isEqualTo(200_000);
        assertThat(t.switchInMissing()).isEqualTo(1);
        assertThat(t.unfinished()).isZero();
        assertThat(r.classes()).extracting(ClassWaits::label).containsExactly("rt 80");
        // "run" was never seen switched out: running since before the trace, its wakeup opened no wait (no
        // delay, not unfinished), so it has no row at all
        assertThat(hasRow(r, "run")).isFalse();
    }

    /**
     * switch_mm's tlb_flush ("flush on task switch") comes 0.3-1 us after a sched_switch under the pid of the
     * task switched out (the kernel is still switching away from it): it does not end that task's wait.
     */
    @Test
    void theSwitchedOutTasksTlbFlushDoesNotEndItsWait() {
        final SchedReport r = analyze("""
            A-10    [000] d..2. 5.000000: sched_switch: prev_comm=A prev_pid=10 prev_prio=120 prev_state=R ==> next_comm=B next_pid=20 next_prio=120
            A-10    [000] d..2. 5.000001: tlb_flush: pages:-1 reason:flush on task switch (0)
            B-20    [000] ..... 5.000050: sys_exit_read: ret=1
            B-20    [000] d..2. 5.000342: sched_switch: prev_comm=B prev_pid=20 prev_prio=120 prev_state=R ==> next_comm=A next_pid=10 next_prio=120
            """, PerfDialect.UPSTREAM, false);
        final TaskWaits a = task(r, "A").waits();
        assertThat(a.preemptWait().count()).isEqualTo(1);
        assertThat(a.preemptWait().maxNs()).isEqualTo(342_000);
        assertThat(a.switchInMissing()).isZero();
    }

    @Test
    void missingSwitchInOutOfIdleEndsWhereTheWakingInterruptReturned() {
        // this VM's kernel does not trace CPU 1's switches out of idle: st was woken by the tick on idle CPU 1 and
        // ran when the tick returned (10.000110), not only at its own first event (10.000300)
        final SchedReport r = analyze("""
            st-50   [001] d..2. 10.000000: sched_switch: prev_comm=st prev_pid=50 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            <idle>-0 [001] d.h1. 10.000095: local_timer_entry: vector=236
            <idle>-0 [001] d.h2. 10.000100: sched_waking: comm=st pid=50 prio=120 target_cpu=001
            <idle>-0 [001] d.h1. 10.000110: local_timer_exit: vector=236
            st-50   [001] ..... 10.000300: sys_exit_clock_nanosleep: ret=0
            st-50   [001] d..2. 10.000400: sched_switch: prev_comm=st prev_pid=50 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            """, PerfDialect.UPSTREAM, false);
        final TaskWaits t = task(r, "st").waits();
        assertThat(t.wakeupDelay().count()).isEqualTo(1);
        assertThat(t.wakeupDelay().maxNs()).isEqualTo(10_000);
        assertThat(t.switchInMissing()).isEqualTo(1);
    }

    @Test
    void mergedByCommUnlessPerPid() {
        final String text = """
            a-1     [000] d..2. 9.000000: sched_waking: comm=w pid=11 prio=120 target_cpu=000
            a-1     [000] d..2. 9.000000: sched_waking: comm=w pid=12 prio=120 target_cpu=001
            a-1     [000] d..2. 9.000010: sched_switch: prev_comm=a prev_pid=1 prev_prio=120 prev_state=S ==> next_comm=w next_pid=11 next_prio=120
            b-2     [001] d..2. 9.000030: sched_switch: prev_comm=b prev_pid=2 prev_prio=120 prev_state=S ==> next_comm=w next_pid=12 next_prio=120
            w-11    [000] d..2. 9.000040: sched_switch: prev_comm=w prev_pid=11 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            w-12    [001] d..2. 9.000050: sched_switch: prev_comm=w prev_pid=12 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            """;
        final SchedReport merged = analyze(text, PerfDialect.UPSTREAM, false);
        final TaskSched w = task(merged, "w");
        assertThat(w.perf().label()).isEqualTo("w:(2)");
        assertThat(w.perf().pids()).containsExactly(11, 12);
        assertThat(w.perf().switches()).isEqualTo(2);
        assertThat(w.perf().avgDelayNs()).isEqualTo(20_000);
        assertThat(w.perf().maxDelayNs()).isEqualTo(30_000);
        assertThat(w.waits().wakeupDelay().count()).isEqualTo(2);
        final SchedReport per = analyze(text, PerfDialect.UPSTREAM, true);
        assertThat(per.tasks()).extracting(x -> x.perf().label()).containsExactly("w:12", "w:11");
        assertThat(hasRow(per, "a")).isFalse();
        final SchedReport only = Sched.analyze(TinyTraces.parse(text), new SchedOptions(PerfDialect.UPSTREAM, true, Pattern.compile("^12$"),
            null, List.of("max"), 5, true));
        assertThat(only.tasks()).extracting(x -> x.perf().pid()).containsExactly(12);
    }
}
