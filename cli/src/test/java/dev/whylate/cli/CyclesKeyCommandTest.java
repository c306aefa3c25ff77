package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code whylate cycles --key} end to end on the bundled pty-deadline recording. */
class CyclesKeyCommandTest {
    private static final String TRACE = Path.of("..", "examples", "pty-deadline", "trace.txt.zst").toString();

    @Test
    void wakingToSwitchInOfTheRequesterPairsByPid() throws Exception {
        final SchedCommandTest.Result r = SchedCommandTest.run("cycles", TRACE, "--start", "sched_waking: comm == \"requester\"", "--end",
            "sched_switch", "--key", "pid,next_pid", "--deadline", "1ms", "--json");
        assertThat(r.rc()).as(r.err()).isZero();
        final JsonNode j = dev.whylate.report.json.Json.mapper().readTree(r.out());
        assertThat(j.get("cycles").asLong()).isGreaterThan(100);
        assertThat(j.get("misses").asLong()).isGreaterThan(0);
        int explained = 0;
        for (final JsonNode it : j.get("items")) {
            if (it.get("explanation").isNull()) continue;
            explained++;
            // a lost one (woken again before any switch-in: it was woken while still on its CPU) ends wherever the
            // requester was then
            if (it.get("lost").asBoolean()) continue;
            // the wakee is explained (the requester, by the trace's comm), not the task switched out
            final JsonNode segs = it.get("explanation").get("segments");
            assertThat(segs.get(segs.size() - 1).get("comm").asText()).isEqualTo("requester");
        }
        assertThat(explained).isEqualTo(j.get("misses").asInt());
    }

    @Test
    void badKeysAreUsageErrors() {
        final SchedCommandTest.Result malformed = SchedCommandTest.run("cycles", TRACE, "--start", "sched_waking", "--end", "sched_switch",
            "--key", "a,b,c");
        assertThat(malformed.rc()).isEqualTo(2);
        assertThat(malformed.err()).contains("--key").doesNotContain("Exception");
        final SchedCommandTest.Result both = SchedCommandTest.run("cycles", TRACE, "--start", "sched_waking", "--end", "sched_switch",
            "--key", "pid,next_pid", "--any-thread");
        assertThat(both.rc()).isEqualTo(2);
        assertThat(both.err()).contains("exclude each other");
        final SchedCommandTest.Result missing = SchedCommandTest.run("cycles", TRACE, "--start", "sched_waking", "--end", "sched_switch",
            "--key", "nosuch");
        assertThat(missing.rc()).isEqualTo(2);
        assertThat(missing.err()).contains("--key: key field 'nosuch' not found in sched_waking").doesNotContain("internal error");
    }

    /** Lost keyed cycles say why (restarted, no --give-up), and --explain none still lists every miss. */
    @Test
    void lostRowsSayWhyAndUnexplainedMissesAreListed() {
        final SchedCommandTest.Result r = SchedCommandTest.run("cycles", Path.of("..", "examples", "basic", "trace.dat").toString(), "--start",
            "sched_waking", "--end", "sched_switch", "--key", "pid,next_pid", "--deadline", "1ms", "--explain", "none");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).contains("lost: started again before an end").doesNotContain("give-up time")
            .contains("(not explained: --explain misses)").contains("more rows: --json");
    }

    /** Values that would silently give a wrong answer: a deadline without unit (3.5 ns), a misspelt filter field. */
    @Test
    void unitlessDeadlinesAndUnknownFilterFieldsAreUsageErrors() {
        final SchedCommandTest.Result unitless = SchedCommandTest.run("cycles", TRACE, "--start", "sched_waking", "--end", "sched_switch",
            "--key", "pid,next_pid", "--deadline", "3.5");
        assertThat(unitless.rc()).isEqualTo(2);
        assertThat(unitless.err()).contains("--deadline: '3.5' needs a unit");
        assertThat(SchedCommandTest.run("cycles", TRACE, "--start", "sched_waking", "--end", "sched_switch", "--key", "pid,next_pid",
            "--deadline", "0").rc()).isZero();
        final SchedCommandTest.Result typo = SchedCommandTest.run("cycles", TRACE, "--start", "sched_waking: comm == x", "--end",
            "sched_switch: next_pdi > 0");
        assertThat(typo.rc()).isEqualTo(2);
        assertThat(typo.err()).contains("--end: 'next_pdi' is not a field of this event").contains("next_pid");
    }
}
