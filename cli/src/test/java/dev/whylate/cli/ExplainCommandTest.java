package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code whylate explain} end to end on the bundled pty-deadline recording (trace.dat): the device process sleeps
 * ~1 ms per request on an hrtimer as a normal task, so its wakeups show timer slack, the IRQ latency after it and
 * what held its CPU; text and JSON agree; bad tasks and times are usage errors.
 */
class ExplainCommandTest {
    static final String DAT = Path.of("..", "examples", "pty-deadline", "trace.dat").toString();

    @Test
    void textAndJsonExplainTheSameSwitchIn() throws Exception {
        final SchedCommandTest.Result t = SchedCommandTest.run("explain", DAT, "--task", "device", "--at", "8636.74");
        assertThat(t.rc()).as(t.err()).isZero();
        assertThat(t.out()).startsWith("device[7885] switched in on CPU 0 at 8636.741033").contains("woken by hrtimer hrtimer_wakeup");
        assertThat(t.out()).contains("timer slack").contains("timer-slack").contains("IRQ latency").contains("total");
        final SchedCommandTest.Result j = SchedCommandTest.run("explain", DAT, "--task", "device", "--at", "8636.74", "--json");
        assertThat(j.rc()).as(j.err()).isZero();
        final JsonNode n = dev.whylate.report.json.Json.mapper().readTree(j.out());
        assertThat(n.get("tid").asInt()).isEqualTo(7885);
        assertThat(n.get("switchInInferred").asBoolean()).isFalse();
        final long window = n.get("switchInNs").asLong() - n.get("windowStartNs").asLong();
        long sum = 0;
        for (final JsonNode v : n.get("breakdown")) sum += v.asLong();
        assertThat(sum).as("the breakdown covers the window exactly").isEqualTo(window);
        // the 1 ms sleep of a normal task: 50 us of slack, by design
        assertThat(n.get("breakdown").get("timer slack").asLong()).isEqualTo(50_000L);
        assertThat(n.get("explanation").get("segments").get(0).get("kind").asText()).isEqualTo("timer-slack");
    }

    /**
     * By comm, the thread must have that comm when it switches in: in examples/basic, thread 10229 was forked by a
     * JVM as "java", then exec'd jspawnhelper and workload.sh; "--task java" once explained workload.sh[10229].
     */
    @Test
    void aCommNamesTheThreadWhileItHasThatComm() {
        final String basic = Path.of("..", "examples", "basic", "trace.dat").toString();
        final SchedCommandTest.Result java = SchedCommandTest.run("explain", basic, "--task", "java", "--at", "2257.0");
        assertThat(java.rc()).as(java.err()).isZero();
        assertThat(java.out()).startsWith("java[");
        final SchedCommandTest.Result shell = SchedCommandTest.run("explain", basic, "--task", "workload.sh", "--at", "2257.0");
        assertThat(shell.out()).startsWith("workload.sh[10229]");
        final SchedCommandTest.Result byTid = SchedCommandTest.run("explain", basic, "--task", "10229", "--at", "2257.0");
        assertThat(byTid.out()).startsWith("workload.sh[10229]");
    }

    /**
     * sched prints where the longest wait began ("max delay start", truncated to the us); explain at that time
     * must explain that wait, not the run that ended a fraction of a microsecond later.
     */
    @Test
    void schedsMaxDelayStartExplainsThatWait() {
        final String basic = Path.of("..", "examples", "basic", "trace.dat").toString();
        final SchedCommandTest.Result sched = SchedCommandTest.run("sched", basic, "--task", "^stress-ng-cpu$", "--pid");
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("stress-ng-cpu:2605 +\\S+ +\\d+ +\\S+ +(\\S+) +(\\S+) +(\\S+)").matcher(sched.out());
        assertThat(m.find()).as(sched.out()).isTrue();
        final SchedCommandTest.Result e = SchedCommandTest.run("explain", basic, "--task", "2605", "--at", m.group(2));
        assertThat(e.rc()).as(e.err()).isZero();
        assertThat(e.out()).startsWith("stress-ng-cpu[2605] switched in on CPU 1 at " + m.group(3) + ", " + m.group(1) + " ms after");
        // a time inside a run still explains the switch-in that began it
        final SchedCommandTest.Result inside = SchedCommandTest.run("explain", basic, "--task", "2605", "--at", "2258.7332");
        assertThat(inside.out()).contains("switched in on CPU 1 at 2258.733105");
    }

    /**
     * examples/basic: bash 10242 is forked onto CPU 0, waits there 151.6 ms, is migrated to CPU 1 and waits 5.2 ms
     * behind other tasks there: the chain splits at the migration (it once blamed CPU 0's tasks for all of it).
     */
    @Test
    void aNewTasksWaitIsSplitAtItsMigration() {
        final String basic = Path.of("..", "examples", "basic", "trace.dat").toString();
        final SchedCommandTest.Result r = SchedCommandTest.run("explain", basic, "--task", "10242", "--at", "2256.743667");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).contains("runnable     bash[10242] cpu0  new task").contains("runnable     bash[10242] cpu1  new task")
            .contains("stress-ng-cpu[10108]");
        // and sched finds it by tid in its merged rows
        final SchedCommandTest.Result s = SchedCommandTest.run("sched", basic, "--task", "10242");
        assertThat(s.out()).contains("bash:(36)").contains("156.796");
    }

    @Test
    void unknownTaskAndTimesAfterTheLastRunAreUsageErrors() {
        final SchedCommandTest.Result none = SchedCommandTest.run("explain", DAT, "--task", "nosuch", "--at", "8636.74");
        assertThat(none.rc()).isEqualTo(2);
        assertThat(none.err()).contains("no task called 'nosuch'");
        final SchedCommandTest.Result late = SchedCommandTest.run("explain", DAT, "--task", "device", "--at", "9999");
        assertThat(late.rc()).isEqualTo(2);
        assertThat(late.err()).doesNotContain("Exception");
    }
}
