package dev.whylate.analysis.cycles;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The other chain shape of the founding case, recorded: examples/pty-deadline with {@code block}, so the requester
 * sleeps in read() and the kworker that runs the tty's flush_to_ldisc work item wakes it (no polling, no carrier).
 * Under two CPU hogs; the deadline is the reply delay plus 150 us, so that the timer slack, the wakeups and the
 * hogs make misses. Checked against the program's own clock per cycle, and each miss's chain must end with the
 * requester woken by a kworker that ran flush_to_ldisc (or, when the reply came before the requester got to block,
 * follow that work item as for a polling consumer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockingPtyRecordingTest {
    static final String START = "sys_enter_write: comm == \"requester\" && count == 7";
    static final String END = "sys_exit_read: ret > 0";
    static final int CYCLES = 150;
    static final long DEADLINE = 1_150_000;

    private Path dir;
    private final List<long[]> program = new ArrayList<>();
    private int requester;
    private CyclesResult result;

    @BeforeAll
    void record() throws Exception {
        Needs.tracefs();
        Needs.tools("gcc", "stress-ng");
        dir = Files.createTempDirectory("whylate-pty-block");
        final Path bin = Programs.compile("../examples/pty-deadline/pty_deadline.c", dir, "pty_deadline");
        final Process hogs = Programs.hogs(2);
        try {
            Thread.sleep(500);
            Recorder.builder()
                .events("sched:sched_switch", "sched:sched_waking", "sched:sched_wakeup", "sched:sched_wakeup_new",
                    "sched:sched_migrate_task", "irq", "irq_vectors", "ipi", "workqueue", "timer:hrtimer_start",
                    "timer:hrtimer_expire_entry", "timer:hrtimer_expire_exit")
                .filter("sys_enter_write", "count == 7").filter("sys_exit_read", "ret > 0")
                .bufferKb(20000).output(dir.resolve("trace.dat"))
                .commandOutput(ProcessBuilder.Redirect.to(dir.resolve("program.out").toFile()))
                .run(List.of(bin.toString(), Integer.toString(CYCLES), Long.toString(DEADLINE / 1000), "1000", "2000", "block"));
        } finally {
            Programs.stop(hogs);
        }
        final PtyDeadlineRecordingTest.ProgramOut out = PtyDeadlineRecordingTest.ProgramOut.read(dir.resolve("program.out"));
        program.addAll(out.cycles());
        requester = out.requester();
        assertThat(requester).as("program.out names the requester").isPositive();
        final Trace t = Traces.read(dir.resolve("trace.dat").toString(), ReadOptions.defaults());
        final EventFilter s = EventFilter.parse(START + " && tid == " + requester, t.events().types());
        final EventFilter e = EventFilter.parse(END, t.events().types());
        result = Cycles.run(t, Timeline.of(t), new CycleOptions(s, e, DEADLINE, -1, false, CycleOptions.Explain.MISSES, 0));
    }

    @AfterAll
    void noInstanceLeft() throws Exception {
        Programs.deleteTree(dir);
        Programs.assertNoInstanceLeft();
    }

    /**
     * Latency within 20 us of the program's clock (it reads its clock just outside the two syscalls) for at least
     * 95 % of the cycles: the requester can be preempted between its clock read and the syscall, and then the two
     * measure different intervals. Among the cycles that agree, one whose program latency is more than 20 us from
     * the deadline is a miss in both or in neither.
     */
    @Test
    void cyclesAndMissesAgreeWithTheProgramsClock() {
        assertThat(program).hasSize(CYCLES);
        assertThat(result.cycles()).isEqualTo(CYCLES);
        assertThat(result.lost()).isZero();
        int clear = 0;
        int disagree = 0;
        for (int k = 0; k < CYCLES; k++) {
            final Cycle c = result.items().get(k);
            final long mine = program.get(k)[0];
            final long d = mine - c.latencyNs();
            assertThat(d).as("cycle %d: the trace's interval lies inside the program's", k).isGreaterThan(-2_000L);
            if (d > 20_000) {
                disagree++;
                continue;
            }
            if (Math.abs(mine - DEADLINE) > 20_000) {
                clear++;
                assertThat(c.miss()).as("cycle %d: program %d ns", k, mine).isEqualTo(mine > DEADLINE);
            }
        }
        assertThat(disagree).as("cycles more than 20 us longer by the program's clock").isLessThanOrEqualTo(CYCLES / 20);
        assertThat(clear).isPositive();
        assertThat(result.misses()).as("the load made misses, or the rest proves little").isPositive();
    }

    @Test
    void everyMissEndsWithTheRequesterWokenByTheKworkerThatRanTheWork() {
        int blocked = 0;
        for (final Cycle c : result.items()) {
            if (!c.miss()) continue;
            final Explanation e = c.explanation();
            assertThat(e).as("miss %d explained", c.index()).isNotNull();
            // the reply can come before the requester gets to block (it waited for a CPU after its write): then it
            // never slept, and the chain follows the work item as for a polling consumer
            if (e.polling()) assertThat(e.carrier()).isEqualTo("work flush_to_ldisc");
            else assertThat(e.carrier()).isNull();
            if (!e.polling()) blocked++;
            assertThat(e.tid()).isEqualTo(requester);
            final List<Segment> segs = e.segments();
            int work = -1;
            for (int k = 0; k < segs.size(); k++) {
                if (segs.get(k).kind().equals("work") && segs.get(k).detail().contains("flush_to_ldisc") && segs.get(k).comm().startsWith("kworker/")) work = k;
            }
            assertThat(work).as("miss %d: a kworker ran flush_to_ldisc in %s", c.index(), segs).isNotNegative();
            // after the last work item only the requester's own wait and run remain
            for (int k = work + 1; k < segs.size(); k++) {
                final Segment s = segs.get(k);
                assertThat(s.pid() == requester || !s.kind().equals("running") && !s.kind().equals("runnable"))
                    .as("miss %d: after the work, %s", c.index(), s).isTrue();
            }
            assertThat(segs.get(segs.size() - 1).endNs()).isEqualTo(c.endNs());
            assertThat(segs.get(0).startNs()).isEqualTo(c.startNs());
            final double sum = e.blame().stream().mapToDouble(BlameEntry::share).sum();
            assertThat(sum).isLessThanOrEqualTo(1.0 + 1e-9);
        }
        assertThat(blocked).as("misses whose requester blocked in read()").isPositive();
    }
}
