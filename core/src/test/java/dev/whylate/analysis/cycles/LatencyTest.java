package dev.whylate.analysis.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Percentiles come from 0.1 % buckets; printed beside the exact extremes they must stay within them. */
class LatencyTest {
    @Test
    void percentilesNeverReadAboveTheExactMaximumOrBelowTheMinimum() {
        final Histogram h = new Histogram(3);
        final long[] v = {424, 1_500, 16_150_000, 37_480_000};
        for (final long x : v) h.recordValue(x);
        // the bucket of 37.48 ms reads 37.487 ms: above the largest value
        assertThat(h.getValueAtPercentile(99)).isGreaterThan(37_480_000L);
        final Latency l = Latency.of(h, 424, 37_480_000);
        assertThat(l.p99()).isEqualTo(37_480_000L);
        assertThat(l.p999()).isEqualTo(37_480_000L);
        assertThat(l.max()).isEqualTo(37_480_000L);
        assertThat(l.min()).isEqualTo(424L);
        assertThat(l.p50()).isBetween(1_500L, 1_502L);
        assertThat(l.count()).isEqualTo(4);
    }
}
