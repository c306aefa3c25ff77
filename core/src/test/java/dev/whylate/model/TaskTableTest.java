package dev.whylate.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TaskTableTest {
    @Test
    void eventTimeCommsWinOverReadTimeOnes() {
        final TaskTable.Builder b = TaskTable.builder();
        b.observeLate(10, 10, "requester");
        b.observe(10, -1, "pty_deadline", 100);
        b.observe(10, -1, "requester", 200);
        final TaskTable t = b.build();
        assertThat(t.commAt(10, 50)).isEqualTo("pty_deadline");
        assertThat(t.commAt(10, 150)).isEqualTo("pty_deadline");
        assertThat(t.commAt(10, 250)).isEqualTo("requester");
        assertThat(t.comm(10)).isEqualTo("requester");
        assertThat(t.get(10).comms()).containsExactly("pty_deadline", "requester");
    }

    @Test
    void readTimeCommOnlyWhenNoEventTimeOne() {
        final TaskTable.Builder b = TaskTable.builder();
        b.observeLate(7, -1, "kworker/0:1");
        assertThat(b.build().commAt(7, 123)).isEqualTo("kworker/0:1");
        assertThat(b.build().comm(99)).isEqualTo("<99>");
        assertThat(b.build().comm(0)).isEqualTo("<idle>");
    }

    /** Observations arrive in any order from parallel chunk readers; the history must not depend on it. Seed 7. */
    @Test
    void observationOrderDoesNotMatterSeed7() {
        final List<long[]> obs = new ArrayList<>();
        // comm 0 "bash" seen at 100..190, comm 1 "seq" at 200..290 (exec), comm 2 "renamed" at 300..390 (prctl)
        for (int k = 0; k < 30; k++) obs.add(new long[] {k / 10, 100 + (k / 10) * 100 + (k % 10) * 10});
        final String[] names = {"bash", "seq", "renamed"};
        final SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(obs, new java.util.Random(r.nextLong()));
            final TaskTable.Builder b = TaskTable.builder();
            for (final long[] o : obs) b.observe(5, -1, names[(int) o[0]], o[1]);
            final TaskTable t = b.build();
            assertThat(t.commAt(5, 150)).isEqualTo("bash");
            assertThat(t.commAt(5, 250)).isEqualTo("seq");
            assertThat(t.commAt(5, 395)).isEqualTo("renamed");
        }
    }

    @Test
    void aCommThatComesBackIsAChangeInAnyObservationOrder() {
        // a pyenv shim: "python3" (the shim script) -> "bash" -> "python3" (the real interpreter), as the
        // first sightings of three chunks (each chunk reports the pid once), in every arrival order
        final long[][] obs = {{0, 100}, {1, 200}, {0, 300}, {1, 210}, {0, 350}};
        final String[] names = {"python3", "bash"};
        final int[][] orders = {{0, 1, 2, 3, 4}, {2, 0, 1, 4, 3}, {4, 2, 3, 1, 0}, {2, 4, 0, 3, 1}};
        for (final int[] order : orders) {
            final TaskTable.Builder b = TaskTable.builder();
            for (final int k : order) b.observe(9, -1, names[(int) obs[k][0]], obs[k][1]);
            final TaskTable t = b.build();
            assertThat(t.commAt(9, 150)).isEqualTo("python3");
            assertThat(t.commAt(9, 250)).isEqualTo("bash");
            assertThat(t.commAt(9, 320)).as("order %s", java.util.Arrays.toString(order)).isEqualTo("python3");
            assertThat(t.get(9).comms()).containsExactly("python3", "bash");
        }
    }
}
