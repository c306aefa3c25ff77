package dev.whylate.analysis.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.analysis.advice.Advice;
import dev.whylate.analysis.explain.BlameEntry;
import dev.whylate.analysis.explain.Explanation;
import dev.whylate.analysis.explain.Segment;
import dev.whylate.filter.EventFilter;
import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import dev.whylate.record.Recorder;
import dev.whylate.testing.Needs;
import dev.whylate.testing.Programs;
import dev.whylate.timeline.Timeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A blocking consumer on real data: records examples/udp-echo (a client blocking in recvfrom for a loopback UDP
 * echo, the server on the other CPU) under two CPU hogs, and checks the cycles against the program's own clock and
 * the shape of the explanations: the reply arrives through NET_RX, which wakes the client, so the chain follows
 * that wakeup (not polling) and the client gets priority advice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UdpEchoRecordingTest {
    static final long DEADLINE = 150_000;
    static final int CYCLES = 400;

    private Path dir;
    private final List<Long> program = new ArrayList<>();
    private int client;
    private int server;
    private Trace trace;
    private Timeline timeline;
    private CyclesResult result;

    @BeforeAll
    void record() throws Exception {
        Needs.tracefs();
        Needs.tools("gcc", "stress-ng");
        dir = Files.createTempDirectory("whylate-udp-echo");
        final Path bin = Programs.compile("../examples/udp-echo/udp_echo.c", dir, "udp_echo");
        final Process hogs = Programs.hogs(2);
        try {
            Thread.sleep(500);
            Recorder.builder()
                .events("sched:sched_switch", "sched:sched_waking", "sched:sched_wakeup", "sched:sched_wakeup_new",
                    "sched:sched_migrate_task", "irq", "irq_vectors", "timer:hrtimer_start", "timer:hrtimer_expire_entry",
                    "timer:hrtimer_expire_exit")
                .filter("sys_enter_sendto", "len == 7").filter("sys_exit_recvfrom", "ret == 7")
                .bufferKb(30000).output(dir.resolve("trace.dat"))
                .commandOutput(ProcessBuilder.Redirect.to(dir.resolve("program.out").toFile()))
                .run(List.of(bin.toString(), Integer.toString(CYCLES), "2000"));
        } finally {
            Programs.stop(hogs);
        }
        for (final String l : Files.readAllLines(dir.resolve("program.out"), StandardCharsets.UTF_8)) {
            final String[] f = l.split(" ");
            if (f[0].equals("cycle")) program.add(Long.parseLong(f[3]));
            if (f[0].equals("client")) {
                client = Integer.parseInt(f[2]);
                server = Integer.parseInt(f[5]);
            }
        }
        assertThat(client).as("program.out names the client").isPositive();
        trace = Traces.read(dir.resolve("trace.dat").toString(), ReadOptions.defaults());
        timeline = Timeline.of(trace);
        final EventFilter s = EventFilter.parse("sys_enter_sendto: tid == " + client, trace.events().types());
        final EventFilter e = EventFilter.parse("sys_exit_recvfrom: ret > 0", trace.events().types());
        result = Cycles.run(trace, timeline, new CycleOptions(s, e, DEADLINE, -1, false, CycleOptions.Explain.MISSES, 0));
    }

    @AfterAll
    void cleanUp() throws Exception {
        Programs.deleteTree(dir);
        Programs.assertNoInstanceLeft();
    }

    @Test
    void cyclesAndMissesAgreeWithTheProgramsClock() {
        assertThat(program).hasSize(CYCLES);
        assertThat(result.cycles()).isEqualTo(CYCLES);
        assertThat(result.lost()).isZero();
        final long programMisses = program.stream().filter(l -> l > DEADLINE).count();
        // the program's clock brackets the syscalls by a few us: cycles within 20 us of the deadline may differ
        final long near = program.stream().filter(l -> Math.abs(l - DEADLINE) <= 20_000).count();
        assertThat(Math.abs(result.misses() - programMisses)).as("trace %d, program %d, near %d", result.misses(), programMisses, near)
            .isLessThanOrEqualTo(Math.max(2, near));
        int close = 0;
        for (int k = 0; k < CYCLES; k++) if (Math.abs(program.get(k) - result.items().get(k).latencyNs()) <= 20_000) close++;
        assertThat(close).as("cycles within 20 us of the program's clock").isGreaterThanOrEqualTo(CYCLES * 9 / 10);
    }

    @Test
    void missesFollowTheWakeupThroughNetRx() {
        int misses = 0;
        int viaNetRx = 0;
        int neverSlept = 0;
        for (final Cycle c : result.items()) {
            if (!c.miss()) continue;
            misses++;
            final Explanation e = c.explanation();
            assertThat(e).as("miss %d explained", c.index()).isNotNull();
            assertThat(e.tid()).isEqualTo(client);
            // a client that blocked in recvfrom is never taken for polling; one that never slept in the cycle (the
            // echo was there before recvfrom, or it was preempted before calling it) has no wakeup to follow
            if (sleptWithin(client, c.startNs(), c.endNs())) {
                assertThat(e.polling()).as("miss %d: the client blocked in recvfrom, it did not poll: %s", c.index(), e.segments()).isFalse();
            } else {
                neverSlept++;
            }
            assertThat(e.blame().stream().mapToDouble(BlameEntry::share).sum()).isLessThanOrEqualTo(1.0 + 1e-9);
            if (e.segments().stream().anyMatch(UdpEchoRecordingTest::netRx)) viaNetRx++;
        }
        assertThat(misses).as("the hogs made some cycles late, or this test proves little").isPositive();
        assertThat(viaNetRx).as("misses whose chain goes through NET_RX").isGreaterThanOrEqualTo((int) Math.ceil(misses * 0.8));
        // the carrier is reported only when some miss polled, which only a client that never slept can
        if (neverSlept == 0) assertThat(result.carrier()).as("no consumer polled").isNull();
    }

    /** Whether {@code tid} left its CPU to sleep (not preempted) inside {@code [lo, hi]}. */
    private boolean sleptWithin(final int tid, final long lo, final long hi) {
        final dev.whylate.timeline.Slices sl = timeline.slices();
        for (final int s : sl.ofTask(tid)) {
            if (sl.end(s) > lo && sl.end(s) < hi && !dev.whylate.model.TaskState.isRunnable(sl.endState(s))) return true;
        }
        return false;
    }

    private static boolean netRx(final Segment s) {
        return (s.kind().equals("softirq") || s.kind().equals("softirq-wait")) && s.comm().contains("NET_RX");
    }

    @Test
    void priorityAdviceIsGivenForAChainTaskThatWaited() {
        // the client (or the server) waited for its CPU behind the normal-priority hogs: chrt is the advice, not
        // suppressed as it would be for a polling consumer
        assertThat(result.advice()).extracting(Advice::command)
            .anySatisfy(c -> assertThat(c).matches("chrt -f -p 50 (" + client + "|" + server + ")"));
    }
}
