package dev.whylate.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.whylate.record.Tracefs;
import dev.whylate.testing.PromCheck;
import dev.whylate.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the running kernel (skipped with a message without root and tracefs): a live watch counts exactly the cycles
 * of a known workload — N runs of a copy of {@code sleep} under a unique name, each one clock_nanosleep enter → exit on
 * its own thread — and removes its instance; bad filters fail before an instance exists. (The instance handling itself
 * is tested with {@code dev.whylate.record.TracefsTest}.)
 */
class LiveWatchRealTest {
    @TempDir
    Path dir;
    Tracefs fs;

    @BeforeEach
    void needsTracefs() {
        fs = Needs.tracefs();
    }

    @Test
    void countsEveryCycleOfAKnownWorkloadAndRemovesTheInstance() throws Exception {
        final Path sleep = Path.of("/bin/sleep");
        assumeTrue(Files.isExecutable(sleep), "needs /bin/sleep");
        final String comm = "wlz" + (ProcessHandle.current().pid() % 100_000);
        final Path exe = dir.resolve(comm);
        Files.copy(sleep, exe, StandardCopyOption.COPY_ATTRIBUTES);
        final long gu = 5_000_000_000L;
        final WatchStats stats = new WatchStats(5_000_000, LatencyBuckets.of(5_000_000));
        final List<String> notes = new ArrayList<>();
        final int n = 12;
        final LiveWatch w = LiveWatch.start(fs, new LiveWatch.Config("sys_enter_clock_nanosleep: comm == \"" + comm + "\"",
            "syscalls:sys_exit_clock_nanosleep: comm == \"" + comm + "\"", 5_000_000, gu, false, List.of(), 0, true), stats, notes::add);
        final Path inst = fs.root().resolve("instances").resolve(w.instance());
        try {
            assertThat(w.instance()).startsWith(Tracefs.INSTANCE_PREFIX + ProcessHandle.current().pid() + "-").endsWith("-" + LiveWatch.TAG);
            assertThat(Files.isDirectory(inst)).isTrue();
            assertThat(w.enabled()).containsExactly("syscalls:sys_enter_clock_nanosleep", "syscalls:sys_exit_clock_nanosleep");
            assertThat(Tracefs.readText(inst.resolve("events/syscalls/sys_enter_clock_nanosleep/filter")).strip())
                .isEqualTo("comm == \"" + comm + "\"");
            assertThat(notes).noneMatch(x -> x.contains("refused"));
            for (int k = 0; k < n; k++) {
                final Process p = new ProcessBuilder(exe.toString(), "0.01").start();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            // every tick is a marker the reader acknowledges once it has read everything before it
            for (int k = 0; k < 20 && stats.totals().cycles() < n; k++) w.tick(1000);
            assertThat(w.tick(5000)).as("the reader passes a tick marker").isTrue();
        } finally {
            assertThat(w.stop()).isEmpty();
        }
        assertThat(Files.exists(inst)).as("instance removed").isFalse();
        final WatchStats.Interval t = stats.totals();
        assertThat(t.cycles()).isEqualTo(n);
        assertThat(t.lost()).isZero();
        assertThat(stats.unfinishedCycles()).isZero();
        assertThat(w.stream().unparsed()).isZero();
        final Map<String, Double> m = PromCheck.parse(stats.prometheus(Map.of(), System.currentTimeMillis()));
        assertThat(m).containsEntry("whylate_watch_cycles_total", (double) n)
            .containsEntry("whylate_watch_events_total{event=\"sys_enter_clock_nanosleep\"}", (double) n)
            .containsEntry("whylate_watch_events_total{event=\"sys_exit_clock_nanosleep\"}", (double) n);
    }

    @Test
    void keyedCyclesPairAForkWithTheChildsExec() throws Exception {
        final Path sleep = Path.of("/bin/sleep");
        assumeTrue(Files.isExecutable(sleep), "needs /bin/sleep");
        final String comm = "wlk" + (ProcessHandle.current().pid() % 100_000);
        final Path exe = dir.resolve(comm);
        Files.copy(sleep, exe, StandardCopyOption.COPY_ATTRIBUTES);
        final WatchStats stats = new WatchStats(-1, LatencyBuckets.defaults());
        final int n = 10;
        // the fork is emitted by the parent, the exec by the child: only the key (child_pid = pid) pairs them
        final LiveWatch w = LiveWatch.start(fs, new LiveWatch.Config("sched_process_fork", "sched_process_exec: filename ~ \"*/" + comm + "\"",
            -1, -1, false, List.of(), 0, true, dev.whylate.analysis.cycles.CycleKey.parse("child_pid,pid")), stats, x -> {});
        try {
            // forked from another thread: the thread that started the watch is excluded from its events
            final int[] done = {0};
            final Thread spawner = new Thread(() -> {
                try {
                    for (int k = 0; k < n; k++) {
                        final Process p = new ProcessBuilder(exe.toString(), "0.001").start();
                        if (p.waitFor(30, TimeUnit.SECONDS)) done[0]++;
                    }
                } catch (java.io.IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            spawner.start();
            spawner.join(60_000);
            assertThat(done[0]).isEqualTo(n);
            for (int k = 0; k < 20 && stats.totals().cycles() < n; k++) w.tick(1000);
        } finally {
            assertThat(w.stop()).isEmpty();
        }
        final WatchStats.Interval t = stats.totals();
        assertThat(t.cycles()).as("one fork -> exec per run").isEqualTo(n);
        assertThat(t.lost()).isZero();
        assertThat(w.stream().keyMissing()).isZero();
    }

    @Test
    void aKeyFieldTheEventLacksFailsBeforeAnythingIsCreated() throws Exception {
        final List<String> before = mine();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LiveWatch.start(fs, new LiveWatch.Config("sched_waking", "sched_switch", -1, -1,
            false, List.of(), 0, true, dev.whylate.analysis.cycles.CycleKey.parse("pid,no_such_field")), new WatchStats(-1,
            LatencyBuckets.defaults()), x -> {})).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("sched_switch has no field 'no_such_field'").hasMessageContaining("next_pid");
        assertThat(mine()).isEqualTo(before);
    }

    @Test
    void unknownEventsAndBadFiltersFailBeforeAnythingIsCreated() throws Exception {
        final WatchStats stats = new WatchStats(-1, LatencyBuckets.defaults());
        final List<String> before = mine();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LiveWatch.start(fs, new LiveWatch.Config("no_such_event_x: a == 1", "sys_exit_read",
            -1, -1, false, List.of(), 0, true), stats, x -> {})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_such_event_x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LiveWatch.start(fs, new LiveWatch.Config("sys_enter_write: count ==", "sys_exit_read",
            -1, -1, false, List.of(), 0, true), stats, x -> {})).isInstanceOf(dev.whylate.filter.FilterException.class);
        assertThat(mine()).isEqualTo(before);
    }

    /** This JVM's instances. */
    private List<String> mine() throws Exception {
        final String p = Tracefs.INSTANCE_PREFIX + ProcessHandle.current().pid() + "-";
        return fs.whylateInstances().stream().filter(n -> n.startsWith(p)).toList();
    }
}
