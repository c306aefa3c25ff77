package dev.whylate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.testing.PromCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exported metrics: valid text format, cumulative buckets, counters and intervals that add up. */
class WatchStatsTest {
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

        final Map<String, Double> m = PromCheck.parse(s.prometheus(Map.of("watch", "pty \"a\"\\b"), 1_700_000_000_123L));
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
