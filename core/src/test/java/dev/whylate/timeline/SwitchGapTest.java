package dev.whylate.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import org.junit.jupiter.api.Test;

/**
 * A sched_switch whose prev is not the task seen switching in (its switch-out was filtered or lost): the
 * slices on either side of the unseen switch must not overlap each other, and the task that appears from
 * nowhere must not get a slice reaching back to the CPU's first event.
 */
class SwitchGapTest {
    @Test
    void unseenSwitchIsCutAtTheFirstEventOfAnotherTask() {
        final Trace t = TinyTraces.parse("""
            A-100   [000] d..2. 1.000000: sched_switch: prev_comm=A prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=hidden next_pid=68 next_prio=110
            B-200   [000] d..2. 1.000500: sched_waking: comm=C pid=300 prio=120 target_cpu=001
            B-200   [000] d..2. 1.000900: sched_switch: prev_comm=B prev_pid=200 prev_prio=120 prev_state=R ==> next_comm=A next_pid=100 next_prio=120
            A-100   [000] d..2. 1.002000: sched_switch: prev_comm=A prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            """);
        final Slices s = Timeline.of(t).slices();
        final int[] cpu0 = s.ofCpu(0);
        for (int k = 1; k < cpu0.length; k++) {
            assertThat(s.start(cpu0[k])).as("slice %d starts after the previous one ends", k).isGreaterThanOrEqualTo(s.end(cpu0[k - 1]));
        }
        final int[] b = s.ofTask(200);
        assertThat(b).hasSize(1);
        // B was running at its first event (1.000500), not since the CPU's first event (1.000000)
        assertThat(s.start(b[0])).isEqualTo(1_000_500_000L);
        assertThat(s.flags(b[0]) & Slices.START_UNKNOWN).isNotZero();
        final int[] hidden = s.ofTask(68);
        assertThat(hidden).hasSize(1);
        assertThat(s.end(hidden[0])).isEqualTo(1_000_500_000L);
        assertThat(s.flags(hidden[0]) & Slices.END_UNKNOWN).isNotZero();
    }

    /**
     * The outgoing task's tlb_flush ("flush on task switch", switch_mm, under its pid 0.4 us after the switch)
     * is not "another task's event": as in examples/basic at 2256.871156, the unseen switch from tokio-rt-worker
     * to device happened after tokio's tick, at device's first event, not at kworker's tlb_flush.
     */
    @Test
    void theOutgoingTasksTlbFlushDoesNotPlaceAnUnseenSwitch() {
        final Trace t = TinyTraces.parse("""
            kworker/u8:2-35 [000] d..2. 1.000000: sched_switch: prev_comm=kworker/u8:2 prev_pid=35 prev_prio=120 prev_state=I ==> next_comm=tokio-rt-worker next_pid=68 next_prio=110
            kworker/u8:2-35 [000] d..2. 1.000001: tlb_flush: pages:0 reason:flush on task switch (0)
            tokio-rt-worker-68 [000] d.h1. 1.000064: local_timer_entry: vector=236
            tokio-rt-worker-68 [000] d.h1. 1.000076: local_timer_exit: vector=236
            device-10111 [000] d..1. 1.000114: hrtimer_start: hrtimer=0xffffc90002cc7e60 function=hrtimer_wakeup expires=1000159000 softexpires=1000109000 mode=REL
            device-10111 [000] d..2. 1.000125: sched_switch: prev_comm=device prev_pid=10111 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            """);
        final Slices s = Timeline.of(t).slices();
        final int[] device = s.ofTask(10111);
        assertThat(device).hasSize(1);
        assertThat(s.start(device[0])).isEqualTo(1_000_114_000L);
        assertThat(s.flags(device[0]) & Slices.START_INFERRED).isNotZero();
        final int[] tokio = s.ofTask(68);
        assertThat(s.end(tokio[0])).isEqualTo(1_000_114_000L);
    }

    @Test
    void switchRightAfterTheGapGetsAnEmptySliceForTheUnseenTask() {
        final Trace t = TinyTraces.parse("""
            A-100   [000] d..2. 1.000000: sched_switch: prev_comm=A prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=hidden next_pid=68 next_prio=110
            B-200   [000] d..2. 1.000900: sched_switch: prev_comm=B prev_pid=200 prev_prio=120 prev_state=R ==> next_comm=A next_pid=100 next_prio=120
            """);
        final Slices s = Timeline.of(t).slices();
        final int[] b = s.ofTask(200);
        assertThat(b).hasSize(1);
        assertThat(s.start(b[0])).isEqualTo(1_000_900_000L);
        assertThat(s.end(b[0])).isEqualTo(1_000_900_000L);
    }

    /**
     * The development VM's 6.18 kernel never traces CPU 1's switches out of idle: a task woken from idle by an
     * interrupt there shows only its own events and its switch-out. It ran when the interrupt returned.
     */
    @Test
    void taskWokenOutOfIdleByAnInterruptRunsFromTheInterruptsEnd() {
        final Trace t = TinyTraces.parse("""
            W-300   [001] d..2. 1.000000: sched_switch: prev_comm=W prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            <idle>-0 [001] d.h1. 1.005000: local_timer_entry: vector=236
            <idle>-0 [001] d.h2. 1.005001: hrtimer_expire_entry: hrtimer=0xffff00000001 now=1005001000 function=hrtimer_wakeup
            <idle>-0 [001] d.h3. 1.005002: sched_waking: comm=W pid=300 prio=120 target_cpu=001
            <idle>-0 [001] d.h2. 1.005003: hrtimer_expire_exit: hrtimer=0xffff00000001
            <idle>-0 [001] d.h1. 1.005010: local_timer_exit: vector=236
            W-300   [001] d..1. 1.005040: sys_exit_clock_nanosleep: 0x0
            W-300   [001] d..2. 1.006000: sched_switch: prev_comm=W prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            """);
        final Slices s = Timeline.of(t).slices();
        final int[] w = s.ofTask(300);
        assertThat(w).hasSize(2);
        assertThat(s.start(w[1])).as("the end of local_timer, not W's first event").isEqualTo(1_005_010_000L);
        assertThat(s.flags(w[1]) & Slices.START_INFERRED).isNotZero();
        assertThat(s.flags(w[1]) & Slices.START_UNKNOWN).isNotZero();
        final int[] idle = s.ofTask(0);
        assertThat(s.end(idle[0])).as("idle ran until then").isEqualTo(1_005_010_000L);
        assertThat(s.flags(w[0]) & Slices.START_INFERRED).as("the CPU's first slice is unknown, not inferred").isZero();
    }

    @Test
    void withoutTheInterruptsEventsTheFirstEventOfTheTaskDatesIt() {
        final Trace t = TinyTraces.parse("""
            W-300   [001] d..2. 1.000000: sched_switch: prev_comm=W prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            <idle>-0 [001] d.h3. 1.005002: sched_waking: comm=W pid=300 prio=120 target_cpu=001
            W-300   [001] d..1. 1.005040: sys_exit_clock_nanosleep: 0x0
            W-300   [001] d..2. 1.006000: sched_switch: prev_comm=W prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            """);
        final Slices s = Timeline.of(t).slices();
        final int[] w = s.ofTask(300);
        assertThat(s.start(w[1])).isEqualTo(1_005_040_000L);
        assertThat(s.flags(w[1]) & Slices.START_INFERRED).isNotZero();
    }

    @Test
    void aWakeupForAnotherCpuDoesNotMoveTheStart() {
        final Trace t = TinyTraces.parse("""
            W-300   [001] d..2. 1.000000: sched_switch: prev_comm=W prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            <idle>-0 [001] d.h1. 1.005000: irq_handler_entry: irq=24 name=eth0
            <idle>-0 [001] d.h2. 1.005002: sched_waking: comm=W pid=300 prio=120 target_cpu=000
            <idle>-0 [001] d.h1. 1.005010: irq_handler_exit: irq=24 ret=handled
            W-300   [001] d..1. 1.005040: sys_exit_clock_nanosleep: 0x0
            W-300   [001] d..2. 1.006000: sched_switch: prev_comm=W prev_pid=300 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
            """);
        final Slices s = Timeline.of(t).slices();
        assertThat(s.start(s.ofTask(300)[1])).isEqualTo(1_005_040_000L);
    }
}
