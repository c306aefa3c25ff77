package dev.whylate.analysis.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import dev.whylate.testing.Needs;
import dev.whylate.testing.TestInstance;
import dev.whylate.timeline.Timeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records {@code cyclictest -t1 -p80 -i1000 -l2000 -h400 -q} next to a CPU hog on the same CPU in a private
 * tracefs instance (sched, timer and irq_vectors events), then compares whylate's timer-wakeup distribution of
 * the measuring thread with cyclictest's own histogram: the same number of cycles, the same quantiles within
 * 3 us + 15 %, and a maximum within 10 % of cyclictest's. (cyclictest stops its clock after the syscall
 * returns, whylate at the switch-in, so whylate reads slightly lower.)
 */
class CyclictestTest {
    private static final int LOOPS = 2000;

    @TempDir
    Path tmp;

    /** cyclictest's histogram: µs bucket → count, plus overflows and the max it reported. */
    record CtHist(TreeMap<Integer, Long> buckets, long overflows, long maxUs, long total) {
        /** The smallest bucket with at least q of the cycles at or below it (overflows count as above 400). */
        int quantileUs(final double q) {
            final long need = (long) Math.ceil(q * total);
            long cum = 0;
            for (final Map.Entry<Integer, Long> e : buckets.entrySet()) {
                cum += e.getValue();
                if (cum >= need) return e.getKey();
            }
            return (int) maxUs;
        }
    }

    static CtHist parse(final String out) {
        final TreeMap<Integer, Long> b = new TreeMap<>();
        long over = 0;
        long max = -1;
        final Pattern row = Pattern.compile("^(\\d{6}) (\\d{6})\\s*$");
        for (final String l : out.split("\n")) {
            final Matcher m = row.matcher(l);
            if (m.matches()) {
                final long c = Long.parseLong(m.group(2));
                if (c > 0) b.merge(Integer.parseInt(m.group(1)), c, Long::sum);
            } else if (l.startsWith("# Max Latencies:")) {
                max = Long.parseLong(l.replaceAll("\\D", ""));
            } else if (l.startsWith("# Histogram Overflows:")) {
                over = Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        long total = over;
        for (final long c : b.values()) total += c;
        return new CtHist(b, over, max, total);
    }

    /**
     * Up to three recordings: a cycle where something ran between cyclictest's switch-in and its clock read (an
     * interrupt on a shared VM) makes cyclictest's max alone exceed whylate's; that must not happen in every
     * recording. Each attempt's figures are printed.
     */
    @Test
    void timerWakeupDistributionMatchesCyclictest() throws Exception {
        AssertionError last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                recordAndCompare(attempt);
                return;
            } catch (AssertionError e) {
                System.out.println("[CyclictestTest] attempt " + attempt + " failed: " + e.getMessage().lines().findFirst().orElse(""));
                last = e;
            }
        }
        throw last;
    }

    private void recordAndCompare(final int attempt) throws Exception {
        Needs.tools("cyclictest", "taskset");
        final int cpu = Runtime.getRuntime().availableProcessors() > 1 ? 1 : 0;
        final Path trace = tmp.resolve("trace" + attempt + ".txt");
        final Path ctOut = tmp.resolve("cyclictest" + attempt + ".out");
        Process hog = null;
        int rc;
        try (TestInstance inst = TestInstance.create("cyclictest", 8192)) {
            for (final String e : inst.enable("sched/sched_switch", "sched/sched_waking", "sched/sched_wakeup", "sched/sched_migrate_task",
                "timer/hrtimer_start", "timer/hrtimer_expire_entry", "timer/hrtimer_expire_exit",
                "irq_vectors/local_timer_entry", "irq_vectors/local_timer_exit", "syscalls/sys_enter_clock_nanosleep",
                "syscalls/sys_exit_clock_nanosleep")) {
                Assumptions.assumeFalse(e.startsWith("sched/sched_switch") || e.startsWith("timer/"), "kernel lacks event " + e);
            }
            hog = new ProcessBuilder("taskset", "-c", Integer.toString(cpu), "sh", "-c", "while :; do :; done").start();
            inst.tracing(true);
            final Process ct = new ProcessBuilder("cyclictest", "-t1", "-p80", "-i1000", "-l" + LOOPS, "-h400", "-q", "-m",
                "-a", Integer.toString(cpu)).redirectErrorStream(true).redirectOutput(ctOut.toFile()).start();
            if (!ct.waitFor(60, TimeUnit.SECONDS)) {
                ct.destroyForcibly();
                throw new AssertionError("cyclictest did not finish in 60 s");
            }
            rc = ct.exitValue();
            inst.tracing(false);
            inst.saveTrace(trace);
        } finally {
            if (hog != null) {
                hog.destroyForcibly();
                hog.waitFor(10, TimeUnit.SECONDS);
            }
        }
        final String out = Files.readString(ctOut, StandardCharsets.UTF_8);
        Assumptions.assumeTrue(rc == 0, "cyclictest failed (exit " + rc + "): " + out.strip());
        final CtHist ctHist = parse(out);
        assertThat(ctHist.total()).as(out).isEqualTo(LOOPS);

        final Trace t = Traces.read(trace.toString(), new ReadOptions(2));
        assertThat(t.unparsedCount()).isZero();
        final Map<Integer, DelayHistogram> byTid = Sched.timerWakeups(t, Timeline.of(t), Pattern.compile("^cyclictest$"));
        // the measuring thread: the cyclictest thread with the most timer wakeups (the main thread sleeps 10 ms)
        final DelayHistogram ours = byTid.values().stream().max((a, b) -> Long.compare(a.count(), b.count())).orElseThrow();
        final List<String> report = new ArrayList<>();
        report.add("cyclictest max " + ctHist.maxUs() + " us, whylate max " + ours.max() / 1000.0 + " us, cycles " + ours.count());
        for (final double q : new double[] {0.5, 0.75, 0.9, 0.99}) {
            report.add("q" + q + ": cyclictest " + ctHist.quantileUs(q) + " us, whylate " + ours.percentile(q * 100) / 1000.0 + " us");
        }
        System.out.println("[CyclictestTest] attempt " + attempt + ": " + String.join("; ", report));
        assertThat(ours.count()).as("%s", report).isBetween((long) (LOOPS * 0.98), (long) LOOPS);
        for (final double q : new double[] {0.5, 0.75, 0.9, 0.99}) {
            final double theirs = ctHist.quantileUs(q) + 0.5;
            final double mine = ours.percentile(q * 100) / 1000.0;
            assertThat(Math.abs(mine - theirs)).as("q%s %s", q, report).isLessThanOrEqualTo(3 + 0.15 * theirs);
        }
        final double ctMax = ctHist.maxUs() + 0.5;
        assertThat(Math.abs(ours.max() / 1000.0 - ctMax)).as("max %s", report).isLessThanOrEqualTo(0.10 * ctMax);
    }
}
