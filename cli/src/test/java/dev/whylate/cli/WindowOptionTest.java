package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.EventStore;
import dev.whylate.model.Trace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code --since} / {@code --until}: every analysis sees only the events of the window. */
class WindowOptionTest {
    private static final String DAT = Path.of("..", "examples", "pty-deadline", "trace.dat").toString();

    @Test
    void statsCountsTheEventsOfTheWindow() throws Exception {
        final Trace t = Traces.read(DAT, ReadOptions.defaults());
        final EventStore s = t.events();
        final long from = s.ts(0) + 500_000_000L;
        final long to = s.ts(0) + 600_000_000L;
        long expected = 0;
        for (int i = 0; i < s.size(); i++) if (s.ts(i) >= from && s.ts(i) <= to) expected++;
        final SchedCommandTest.Result r = SchedCommandTest.run("stats", DAT, "--since", "+0.5", "--until", "+600ms", "--json");
        assertThat(r.rc()).as(r.err()).isZero();
        final JsonNode j = dev.whylate.report.json.Json.mapper().readTree(r.out());
        assertThat(j.get("events").asLong()).isEqualTo(expected).isPositive().isLessThan(s.size());
        assertThat(j.get("firstNs").asLong()).isGreaterThanOrEqualTo(from);
        assertThat(j.get("lastNs").asLong()).isLessThanOrEqualTo(to);
        // absolute times give the same window
        final String abs = String.format(java.util.Locale.ROOT, "%d.%09d", from / 1_000_000_000L, from % 1_000_000_000L);
        final SchedCommandTest.Result r2 = SchedCommandTest.run("stats", DAT, "--since", abs, "--until", "+600ms", "--json");
        assertThat(dev.whylate.report.json.Json.mapper().readTree(r2.out()).get("events").asLong()).isEqualTo(expected);
    }

    @Test
    void cyclesOfTheWindowAreTheFullTracesCyclesInsideIt() throws Exception {
        final String[] cyc = {"--start", "sys_enter_write: comm == \"requester\" && count == 7", "--end", "sys_exit_read: ret > 0",
            "--deadline", "3.5ms", "--explain", "none", "--json"};
        final JsonNode all = dev.whylate.report.json.Json.mapper().readTree(SchedCommandTest.run(concat(new String[] {"cycles", DAT}, cyc)).out());
        final SchedCommandTest.Result w = SchedCommandTest.run(concat(new String[] {"cycles", DAT, "--since", "+0.3", "--until", "+0.9"}, cyc));
        assertThat(w.rc()).as(w.err()).isZero();
        final JsonNode win = dev.whylate.report.json.Json.mapper().readTree(w.out());
        final long first = Traces.read(DAT, ReadOptions.defaults()).events().ts(0);
        long inside = 0;
        for (final JsonNode c : all.get("items")) {
            if (c.get("startNs").asLong() >= first + 300_000_000L && c.get("endNs").asLong() <= first + 900_000_000L) inside++;
        }
        assertThat(win.get("cycles").asLong()).isEqualTo(inside).isPositive();
    }

    @Test
    void anEmptyOrReversedWindowIsAUsageError() {
        final SchedCommandTest.Result empty = SchedCommandTest.run("stats", DAT, "--since", "+50");
        assertThat(empty.rc()).isEqualTo(2);
        assertThat(empty.err()).contains("no events between --since and --until");
        final SchedCommandTest.Result reversed = SchedCommandTest.run("stats", DAT, "--since", "+0.5", "--until", "+0.2");
        assertThat(reversed.rc()).isEqualTo(2);
        assertThat(reversed.err()).contains("--since is after --until");
    }

    private static String[] concat(final String[] a, final String[] b) {
        final String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
