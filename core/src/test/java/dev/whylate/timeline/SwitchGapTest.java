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
}
