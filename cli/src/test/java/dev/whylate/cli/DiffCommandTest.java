package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code whylate diff} end to end on the bundled recording, as tracefs text and as trace.dat: the same run, so every
 * row must agree up to the text's µs rounding.
 */
class DiffCommandTest {
    private static final String TXT = Path.of("..", "examples", "pty-deadline", "trace.txt.zst").toString();
    private static final String DAT = Path.of("..", "examples", "pty-deadline", "trace.dat").toString();
    private static final String[] CYCLES = {"--start", "sys_enter_write: comm == \"requester\" && count == 7", "--end", "sys_exit_read: ret > 0",
        "--deadline", "3.5ms"};

    private static SchedCommandTest.Result diff(final String a, final String b, final String... more) {
        final String[] args = new String[3 + CYCLES.length + more.length];
        args[0] = "diff";
        args[1] = a;
        args[2] = b;
        System.arraycopy(CYCLES, 0, args, 3, CYCLES.length);
        System.arraycopy(more, 0, args, 3 + CYCLES.length, more.length);
        return SchedCommandTest.run(args);
    }

    @Test
    void theSameRunInTwoFormatsDiffersOnlyByRounding() throws Exception {
        final SchedCommandTest.Result r = diff(TXT, DAT, "--json");
        assertThat(r.rc()).as(r.err()).isZero();
        final JsonNode j = dev.whylate.report.json.Json.mapper().readTree(r.out());
        assertThat(j.get("before").get("misses").asLong()).isEqualTo(j.get("after").get("misses").asLong()).isGreaterThan(0);
        assertThat(j.get("before").get("explained").asLong()).isEqualTo(j.get("before").get("misses").asLong());
        for (final String table : new String[] {"categories", "waits", "holders"}) {
            assertThat(j.get(table).size()).as(table).isGreaterThan(0);
            for (final JsonNode row : j.get(table)) {
                final long txt = row.get("beforeNsPerCycle").asLong();
                final long dat = row.get("afterNsPerCycle").asLong();
                // text timestamps are rounded to the µs: a few µs per miss, spread over the cycles
                assertThat(Math.abs(txt - dat)).as("%s %s: %d vs %d", table, row.get("key"), txt, dat).isLessThanOrEqualTo(Math.max(1_000, dat / 50));
            }
        }
        final SchedCommandTest.Result text = diff(TXT, DAT);
        assertThat(text.out()).contains("where the misses' time went").contains("stress-ng-cpu");
    }

    @Test
    void aWindowAppliesToBothTraces() throws Exception {
        final JsonNode full = dev.whylate.report.json.Json.mapper().readTree(diff(TXT, DAT, "--json").out());
        final SchedCommandTest.Result r = diff(TXT, DAT, "--since", "+0.3", "--until", "+0.9", "--json");
        assertThat(r.rc()).as(r.err()).isZero();
        final JsonNode j = dev.whylate.report.json.Json.mapper().readTree(r.out());
        assertThat(j.get("before").get("cycles").asLong()).isEqualTo(j.get("after").get("cycles").asLong())
            .isPositive().isLessThan(full.get("before").get("cycles").asLong());
    }

    @Test
    void needsADeadline() {
        final SchedCommandTest.Result r = SchedCommandTest.run("diff", TXT, DAT, "--start", "sys_enter_write", "--end", "sys_exit_read");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--deadline");
    }
}
