package dev.whylate.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
 * Against the running kernel (skipped with a message without root and tracefs): the tracefs session restores
 * everything, stale instances are removed, and a live watch counts exactly the cycles of a known workload — N runs of
 * a copy of {@code sleep} under a unique name, each one clock_nanosleep enter → exit on its own thread.
 */
class LiveWatchRealTest {
    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void needsTracefs() {
        root = TracefsSession.find();
        assumeTrue(root != null, "needs tracefs mounted at /sys/kernel/tracing");
        try {
            TracefsSession.create(root, "whylate-probe-" + ProcessHandle.current().pid()).close();
        } catch (IOException e) {
            assumeTrue(false, "needs root to create tracefs instances: " + e);
        }
    }

    @Test
    void sessionRestoresEverythingAndReportsRefusedFilters() throws Exception {
        final Path top = root.resolve("events/syscalls/sys_enter_write/enable");
        final String topBefore = TracefsSession.read(top);
        final TracefsSession s = TracefsSession.create(root, "whylate-test-sess-" + ProcessHandle.current().pid());
        try {
            final TracefsSession.EventRef ev = TracefsSession.findEvent(root, "sys_enter_write", false);
            assertThat(ev).isEqualTo(new TracefsSession.EventRef("syscalls", "sys_enter_write"));
            assertThat(TracefsSession.findEvent(root, "syscalls/sys_enter_write", false)).isEqualTo(ev);
            assertThat(TracefsSession.findEvent(root, "no_such_event_x", false)).isNull();
            assertThat(TracefsSession.findEvent(root, "../../etc", true)).isNull();
            assertThat(TracefsSession.findEvent(root, "irq", true)).isEqualTo(new TracefsSession.EventRef("irq", null));
            s.enable(ev);
            assertThat(TracefsSession.read(ev.dir(s.dir()).resolve("enable")).strip()).isEqualTo("1");
            assertThat(s.filter(ev, "count == 7")).isNull();
            assertThat(TracefsSession.read(ev.dir(s.dir()).resolve("filter")).strip()).isEqualTo("count == 7");
            final String refused = s.filter(ev, "no_such_field == 3");
            assertThat(refused).isNotBlank();
            assertThat(TracefsSession.read(ev.dir(s.dir()).resolve("filter")).strip()).isEqualTo("none");
            s.tracingOn(true);
        } finally {
            s.close();
        }
        s.close();
        assertThat(s.problems()).isEmpty();
        assertThat(s.exists()).isFalse();
        assertThat(TracefsSession.read(top)).as("the top-level buffer's event state is not touched").isEqualTo(topBefore);
    }

    @Test
    void staleInstancesOfDeadProcessesAreRemovedOnly() throws Exception {
        final Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        final long dead = p.pid();
        assumeTrue(ProcessHandle.of(dead).isEmpty(), "pid " + dead + " was reused");
        final String prefix = "whylate-test-stale-";
        Files.createDirectory(root.resolve("instances").resolve(prefix + dead));
        final Path alive = root.resolve("instances").resolve(prefix + ProcessHandle.current().pid());
        Files.createDirectory(alive);
        try {
            assertThat(TracefsSession.removeStale(root, prefix)).containsExactly(prefix + dead);
            assertThat(Files.exists(alive)).isTrue();
        } finally {
            Files.deleteIfExists(alive);
            Files.deleteIfExists(root.resolve("instances").resolve(prefix + dead));
        }
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
        final LiveWatch w = LiveWatch.start(root, new LiveWatch.Config("sys_enter_clock_nanosleep: comm == \"" + comm + "\"",
            "syscalls:sys_exit_clock_nanosleep: comm == \"" + comm + "\"", 5_000_000, gu, false, List.of(), 0, true), stats, notes::add);
        final Path inst = root.resolve("instances").resolve(w.instance());
        try {
            assertThat(w.instance()).isEqualTo(LiveWatch.PREFIX + ProcessHandle.current().pid());
            assertThat(Files.isDirectory(inst)).isTrue();
            assertThat(w.enabled()).containsExactly("syscalls/sys_enter_clock_nanosleep", "syscalls/sys_exit_clock_nanosleep");
            assertThat(TracefsSession.read(inst.resolve("events/syscalls/sys_enter_clock_nanosleep/filter")).strip())
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
        final Map<String, Double> m = WatchStatsTest.parse(stats.prometheus(Map.of(), System.currentTimeMillis()));
        assertThat(m).containsEntry("whylate_watch_cycles_total", (double) n)
            .containsEntry("whylate_watch_events_total{event=\"sys_enter_clock_nanosleep\"}", (double) n)
            .containsEntry("whylate_watch_events_total{event=\"sys_exit_clock_nanosleep\"}", (double) n);
    }

    @Test
    void unknownEventsAndBadFiltersFailBeforeAnythingIsCreated() {
        final WatchStats stats = new WatchStats(-1, LatencyBuckets.defaults());
        final Path inst = root.resolve("instances").resolve(LiveWatch.PREFIX + ProcessHandle.current().pid());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LiveWatch.start(root, new LiveWatch.Config("no_such_event_x: a == 1", "sys_exit_read",
            -1, -1, false, List.of(), 0, true), stats, x -> {})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_such_event_x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LiveWatch.start(root, new LiveWatch.Config("sys_enter_write: count ==", "sys_exit_read",
            -1, -1, false, List.of(), 0, true), stats, x -> {})).isInstanceOf(dev.whylate.filter.FilterException.class);
        assertThat(Files.exists(inst)).isFalse();
    }
}
