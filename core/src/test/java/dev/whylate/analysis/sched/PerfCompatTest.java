package dev.whylate.analysis.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * whylate's perf-compatible numbers against what perf 6.1 printed for the same perf.data
 * (testdata/generated: perf script text with µs timestamps, perf sched latency / timehist output).
 */
class PerfCompatTest {
    static final Path GEN = Path.of("..", "testdata", "generated");

    static Trace read(final Path p) throws Exception {
        return Traces.read(p.toString(), new ReadOptions(2));
    }

    /**
     * Compares every printed row. {@code usInput}: the script text had µs timestamps, so a delay computed from
     * them may differ from perf's ns-based one by up to 1 µs in the last printed digit.
     */
    static void assertLatency(final List<LatencyRow> ours, final String perfText, final boolean usInput) {
        final List<PerfSchedOutput.Lat> perf = PerfSchedOutput.latency(perfText);
        assertThat(perf).as("perf rows parsed").isNotEmpty();
        assertThat(ours).as("row count").hasSize(perf.size());
        final double tol = usInput ? 0.0011 : 0.0000001;
        for (int i = 0; i < perf.size(); i++) {
            final PerfSchedOutput.Lat p = perf.get(i);
            final LatencyRow o = ours.get(i);
            final String what = "row " + i + " " + p;
            assertThat(o.label()).as(what).isEqualTo(p.label());
            assertThat(o.switches()).as(what).isEqualTo(p.switches());
            assertThat(fmt(o.runtimeNs())).as(what).isEqualTo(String.format(Locale.ROOT, "%.3f", p.runtimeMs()));
            if (usInput) {
                assertThat(o.avgDelayNs() / 1e6).as(what).isCloseTo(p.avgMs(), org.assertj.core.data.Offset.offset(tol));
                assertThat(o.maxDelayNs() / 1e6).as(what).isCloseTo(p.maxMs(), org.assertj.core.data.Offset.offset(tol));
            } else {
                assertThat(fmt(o.avgDelayNs())).as(what).isEqualTo(String.format(Locale.ROOT, "%.3f", p.avgMs()));
                assertThat(fmt(o.maxDelayNs())).as(what).isEqualTo(String.format(Locale.ROOT, "%.3f", p.maxMs()));
            }
            assertThat(usTs(o.maxDelayStartNs())).as(what).isEqualTo(p.maxStart());
            assertThat(usTs(o.maxDelayEndNs())).as(what).isEqualTo(p.maxEnd());
        }
    }

    static void assertTimehist(final TimeHist th, final String perfText, final boolean usInput) {
        final List<PerfSchedOutput.Hist> perf = PerfSchedOutput.timehist(perfText);
        assertThat(perf).as("perf rows parsed").isNotEmpty();
        assertThat(th.size()).as("row count").isEqualTo(perf.size());
        for (int i = 0; i < perf.size(); i++) {
            final PerfSchedOutput.Hist p = perf.get(i);
            final TimeHistRow o = th.row(i);
            final String what = "row " + i + " " + p;
            assertThat(usTs(o.tsNs())).as(what).isEqualTo(p.time());
            assertThat(o.cpu()).as(what).isEqualTo(p.cpu());
            // perf prints comm[tid/pid]; the perf script text only says the tid unless recorded with -F pid
            assertThat(p.task().replaceAll("\\[(-?\\d+)/-?\\d+\\]$", "[$1]")).as(what).isEqualTo(o.label().replaceAll("\\[(-?\\d+)/-?\\d+\\]$", "[$1]"));
            final long tol = usInput ? 1 : 0;
            assertThat(o.waitNs() / 1000).as(what + " wait").isBetween(p.waitUs() - tol, p.waitUs() + tol);
            assertThat(o.schDelayNs() / 1000).as(what + " delay").isBetween(p.delayUs() - tol, p.delayUs() + tol);
            assertThat(o.runNs() / 1000).as(what + " run").isBetween(p.runUs() - tol, p.runUs() + tol);
        }
    }

    /** C's {@code %.3f} of ns / 1e6 (rounds the double's exact binary value, ties to even), as perf prints. */
    static String fmt(final long ns) {
        return new java.math.BigDecimal(ns / 1e6).setScale(3, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    @Test
    void formatRoundsLikeC() {
        // 1.0345 is 1.03449999999999997513... as a double: C prints 1.034, Java's %.3f 1.035
        assertThat(fmt(1_034_500)).isEqualTo("1.034");
        assertThat(fmt(2_066_000)).isEqualTo("2.066");
        assertThat(fmt(0)).isEqualTo("0.000");
        assertThat(fmt(255_244_499)).isEqualTo("255.244");
    }

    static String usTs(final long ns) {
        return String.format(Locale.ROOT, "%d.%06d", ns / 1_000_000_000L, (ns % 1_000_000_000L) / 1000);
    }

    @Test
    void generatedLatencyEqualsPerf61() throws Exception {
        final Trace t = read(GEN.resolve("perf-6.1_script_perf-sched-record.txt"));
        final String perf = Files.readString(GEN.resolve("perf-6.1_sched_latency.txt"), StandardCharsets.UTF_8);
        final SchedScan scan = new SchedScan(t);
        final PerfLatency lat = new PerfLatency(PerfDialect.PERF_6_1, scan.has(SchedEvent.WAKING), null);
        scan.run(lat);
        assertLatency(lat.rows(PerfLatency.perfComms(t.tasks()), false, PerfLatency.DEFAULT_SORT), perf, true);
        // "INFO: 670.000% context switch bugs (67 out of 10)"
        assertThat(perf).contains("(" + lat.contextSwitchBugs() + " out of " + lat.timestamps() + ")");
        final double[] total = PerfSchedOutput.total(perf);
        final SchedReport r = Sched.analyze(t, SchedOptions.defaults().withDialect(PerfDialect.PERF_6_1));
        assertThat(fmt(r.totalRuntimeNs())).isEqualTo(String.format(Locale.ROOT, "%.3f", total[0]));
        assertThat(r.totalSwitches()).isEqualTo((long) total[1]);
    }

    @Test
    void generatedTimehistEqualsPerf61() throws Exception {
        final Trace t = read(GEN.resolve("perf-6.1_script_perf-sched-record.txt"));
        final TimeHist th = Sched.timehist(t, SchedOptions.defaults().withDialect(PerfDialect.PERF_6_1));
        assertTimehist(th, Files.readString(GEN.resolve("perf-6.1_sched_timehist.txt"), StandardCharsets.UTF_8), true);
        assertTimehist(th, Files.readString(GEN.resolve("perf-6.1_sched_timehist_-w.txt"), StandardCharsets.UTF_8), true);
    }

    static String zst(final Path p) throws Exception {
        try (var in = new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The committed fixture: perf sched record of stress-ng plus a sleep/dd shell loop, printed with --ns. */
    @Test
    void mixedFixtureEqualsPerf61Exactly() throws Exception {
        final Path dir = GEN.resolve("sched");
        final Trace t = read(dir.resolve("perf-6.1_sched-record_mixed_script--ns.txt.zst"));
        assertThat(t.unparsedCount()).isZero();
        final List<LatencyRow> merged = Sched.perfLatency(t, PerfDialect.PERF_6_1, false, PerfLatency.DEFAULT_SORT);
        final String lat = Files.readString(dir.resolve("perf-6.1_sched-record_mixed_latency.txt"), StandardCharsets.UTF_8);
        assertLatency(merged, lat, false);
        final List<LatencyRow> perPid = Sched.perfLatency(t, PerfDialect.PERF_6_1, true, PerfLatency.DEFAULT_SORT);
        assertLatency(perPid, Files.readString(dir.resolve("perf-6.1_sched-record_mixed_latency-p.txt"), StandardCharsets.UTF_8), false);
        final TimeHist th = Sched.timehist(t, SchedOptions.defaults().withDialect(PerfDialect.PERF_6_1));
        assertTimehist(th, zst(dir.resolve("perf-6.1_sched-record_mixed_timehist.txt.zst")), false);
    }
}
