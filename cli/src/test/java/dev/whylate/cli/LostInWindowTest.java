package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.util.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A miss whose interval overlaps a lost-events gap says so: the bundled pty-deadline text with one
 * {@code CPU:0 [LOST 123 EVENTS]} line put before CPU 0's first event inside the slowest miss. That miss's
 * explanation reports 123 dropped events (JSON {@code lostEvents}, a warning in the text); misses that end
 * before the gap begins report none.
 */
class LostInWindowTest {
    static final Path TEXT = ManyCpusTest.TEXT;
    static final Pattern TS = Pattern.compile("\\[(\\d{3})\\] \\S+\\s+(\\d+\\.\\d+):");

    @TempDir
    Path dir;

    private static String[] cycles(final String file, final String... more) {
        final List<String> a = new ArrayList<>(List.of("cycles", file, "--start", "sys_enter_write: comm == \"requester\" && count == 7", "--end",
            "sys_exit_read: ret > 0", "--deadline", "3.5ms", "--explain", "misses"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void theMissThatOverlapsTheGapWarnsAndTheOthersDoNot() throws Exception {
        final String text = ManyCpusTest.ptyText();
        final SchedCommandTest.Result before = SchedCommandTest.run(cycles(TEXT.toString(), "--json"));
        assertThat(before.rc()).as(before.err()).isZero();
        final JsonNode b = dev.whylate.report.json.Json.mapper().readTree(before.out());
        JsonNode slowest = null;
        for (final JsonNode it : b.get("items")) {
            assertThat(it.get("explanation").isNull() || it.get("explanation").get("lostEvents").asLong() == 0).isTrue();
            if (it.get("miss").asBoolean() && (slowest == null || it.get("latencyNs").asLong() > slowest.get("latencyNs").asLong())) slowest = it;
        }
        assertThat(slowest).isNotNull();
        final long lo = slowest.get("startNs").asLong();
        final long hi = slowest.get("endNs").asLong();
        // CPU 0's first event inside the miss, and CPU 0's last event before it (where the gap begins)
        final String[] lines = text.split("\n");
        int at = -1;
        long gapFrom = Long.MIN_VALUE;
        for (int k = 0; k < lines.length && at < 0; k++) {
            final Matcher m = TS.matcher(lines[k]);
            if (!m.find() || !m.group(1).equals("000")) continue;
            final long ts = Durations.parseTimestamp(m.group(2));
            if (ts > lo && ts < hi) at = k;
            else if (ts <= lo) gapFrom = ts;
        }
        assertThat(at).as("CPU 0 has an event inside the miss").isPositive();
        final List<String> out = new ArrayList<>(List.of(lines));
        out.add(at, "CPU:0 [LOST 123 EVENTS]");
        final Path damaged = dir.resolve("lost.txt");
        Files.writeString(damaged, String.join("\n", out) + "\n");

        final SchedCommandTest.Result after = SchedCommandTest.run(cycles(damaged.toString(), "--json"));
        assertThat(after.rc()).as(after.err()).isIn(0, 1);
        assertThat(after.err()).contains("123 lost events");
        final JsonNode a = dev.whylate.report.json.Json.mapper().readTree(after.out());
        int warned = 0;
        for (final JsonNode it : a.get("items")) {
            if (it.get("explanation").isNull()) continue;
            final long lost = it.get("explanation").get("lostEvents").asLong();
            if (it.get("startNs").asLong() == lo) assertThat(lost).isEqualTo(123);
            if (it.get("endNs").asLong() <= gapFrom) assertThat(lost).as("miss at %d ends before the gap", it.get("startNs").asLong()).isZero();
            if (lost != 0) warned++;
        }
        assertThat(warned).isPositive();
        final SchedCommandTest.Result t = SchedCommandTest.run(cycles(damaged.toString(), "--max-rows", "1"));
        assertThat(t.out()).contains("warning: the kernel dropped 123 events (ring buffer full) in this interval").contains("(events dropped) ");
    }
}
