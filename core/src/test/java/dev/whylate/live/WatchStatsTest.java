package dev.whylate.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The exported metrics: valid text format, cumulative buckets, counters and intervals that add up. */
class WatchStatsTest {
    /** One sample line of the text format: name, optional labels, a float value. */
    static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? "
        + "([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))");

    /**
     * Checks the Prometheus text format line by line and returns the samples as "name{labels}" → value. Every family
     * has HELP and TYPE before its samples; histogram buckets are cumulative and end with +Inf = _count.
     */
    static Map<String, Double> parse(final String text) {
        final Map<String, Double> out = new LinkedHashMap<>();
        final Map<String, String> types = new LinkedHashMap<>();
        for (final String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) continue;
            if (line.startsWith("# TYPE ")) {
                final String[] t = line.split(" ");
                assertThat(t).hasSize(4);
                assertThat(t[3]).isIn("counter", "gauge", "histogram");
                assertThat(types.put(t[2], t[3])).as("family declared once: " + t[2]).isNull();
                continue;
            }
            final Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("sample line: " + line).isTrue();
            final String name = m.group(1);
            final String family = name.replaceAll("_(bucket|sum|count)$", "");
            assertThat(types).as("TYPE before " + name).containsKey(types.containsKey(name) ? name : family);
            out.put(name + (m.group(3) == null ? "" : "{" + m.group(3) + "}"), Double.parseDouble(m.group(4).replace("Inf", "Infinity")));
        }
        for (final Map.Entry<String, String> e : types.entrySet()) {
            if (!e.getValue().equals("histogram")) continue;
            double prev = -1;
            double inf = -1;
            for (final Map.Entry<String, Double> s : out.entrySet()) {
                if (!s.getKey().startsWith(e.getKey() + "_bucket")) continue;
                assertThat(s.getValue()).as("cumulative buckets").isGreaterThanOrEqualTo(prev);
                prev = s.getValue();
                if (s.getKey().contains("le=\"+Inf\"")) inf = s.getValue();
            }
            final String labels = out.keySet().stream().filter(k -> k.startsWith(e.getKey() + "_count")).findFirst().orElseThrow();
            assertThat(inf).isEqualTo(out.get(labels));
        }
        return out;
    }

    @Test
    void countersBucketsAndIntervals() {
        final long dl = 1_000_000;
        final WatchStats s = new WatchStats(dl, LatencyBuckets.of(dl));
        s.cycle(0, 500_000, 1, false, false);
        s.cycle(0, 1_000_000, 1, false, false);   // exactly the deadline: not a miss, in the le=deadline bucket
        s.cycle(0, 2_500_000, 1, true, false);
        s.cycle(0, 99_000_000_000L, 1, true, false);
        s.cycle(0, 5_000_000, 2, true, true);
        s.progress(Map.of("sys_enter_write", 10L), 3, 1, 2);
        final WatchStats.Interval i = s.takeInterval();
        assertThat(i.cycles()).isEqualTo(4);
        assertThat(i.misses()).isEqualTo(3);
        assertThat(i.lost()).isEqualTo(1);
        assertThat(i.latency().max()).isEqualTo(99_000_000_000L);
        assertThat(i.lostEvents()).isEqualTo(3);
        assertThat(i.events()).isEqualTo(10);
        s.cycle(0, 100, 1, false, false);
        s.progress(Map.of("sys_enter_write", 15L), 3, 1, 0);
        final WatchStats.Interval j = s.takeInterval();
        assertThat(j.cycles()).isEqualTo(1);
        assertThat(j.events()).isEqualTo(5);
        assertThat(j.lostEvents()).isZero();

        final Map<String, Double> m = parse(s.prometheus(Map.of("watch", "pty \"a\"\\b"), 1_700_000_000_123L));
        final String w = "watch=\"pty \\\"a\\\"\\\\b\"";
        assertThat(m).containsEntry("whylate_watch_cycles_total{" + w + "}", 5.0)
            .containsEntry("whylate_watch_misses_total{" + w + "}", 3.0)
            .containsEntry("whylate_watch_lost_cycles_total{" + w + "}", 1.0)
            .containsEntry("whylate_watch_lost_events_total{" + w + "}", 3.0)
            .containsEntry("whylate_watch_cycle_latency_seconds_bucket{" + w + ",le=\"0.001\"}", 3.0)
            .containsEntry("whylate_watch_cycle_latency_seconds_bucket{" + w + ",le=\"0.01\"}", 4.0)
            .containsEntry("whylate_watch_cycle_latency_seconds_bucket{" + w + ",le=\"+Inf\"}", 5.0)
            .containsEntry("whylate_watch_events_total{" + w + ",event=\"sys_enter_write\"}", 15.0)
            .containsEntry("whylate_watch_deadline_seconds{" + w + "}", 0.001)
            .containsEntry("whylate_watch_start_time_seconds{" + w + "}", 1_700_000_000.123);
        assertThat(m.get("whylate_watch_cycle_latency_seconds_sum{" + w + "}")).isEqualTo(99.0040001);
    }

    @Test
    void bucketsClusterAroundTheDeadline() {
        assertThat(LatencyBuckets.of(3_500_000)).contains(3_500_000L, 350_000L, 35_000_000L).isSorted().doesNotHaveDuplicates();
        assertThat(LatencyBuckets.defaults()).startsWith(10_000L, 25_000L, 50_000L, 100_000L).endsWith(10_000_000_000L).hasSize(19);
        assertThat(LatencyBuckets.of(-1)).isEqualTo(LatencyBuckets.defaults());
        assertThat(List.of(PromText.seconds(3_500_000), PromText.seconds(0), PromText.seconds(10_000_000_000L), PromText.seconds(1)))
            .containsExactly("0.0035", "0", "10", "0.000000001");
    }
}
