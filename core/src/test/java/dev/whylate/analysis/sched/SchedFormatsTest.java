package dev.whylate.analysis.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** whylate sched on every text format in testdata/generated. */
class SchedFormatsTest {
    static final Path GEN = Path.of("..", "testdata", "generated");

    @ParameterizedTest
    @ValueSource(strings = {"ftrace_6.18_default_head2000.txt", "ftrace_6.18_record-tgid_head400.txt", "trace-cmd-3.1.6_report_default.txt",
        "trace-cmd-3.1.6_report_-l.txt", "trace-cmd-3.1.6_report_-R.txt", "trace-cmd-3.1.6_report_--ts-diff.txt",
        "perf-6.1_script_perf-sched-record.txt", "perf-6.1_script_irq_wq_ipi_syscalls_head3000.txt"})
    void oneTimehistRowPerSwitchLine(final String name) throws Exception {
        final Path p = GEN.resolve(name);
        // independent count: the lines that print a sched_switch
        final long lines = Files.readAllLines(p, StandardCharsets.UTF_8).stream().filter(l -> l.contains("sched_switch:")).count();
        final Trace t = Traces.read(p.toString(), new ReadOptions(2));
        assertThat(Sched.timehist(t, SchedOptions.defaults()).size()).isEqualTo(lines);
        final SchedReport r = Sched.analyze(t, SchedOptions.defaults());
        assertThat(r.tasks()).isNotEmpty();
        // every wait whylate measured ended with one of the switch lines
        assertThat(r.wakeupDelay().count() + r.preemptWait().count()).isPositive().isLessThanOrEqualTo(lines);
    }

    @Test
    void sameDataPrintedTwoWaysGivesTheSameTable() throws Exception {
        final Trace l = Traces.read(GEN.resolve("trace-cmd-3.1.6_report_-l.txt").toString(), new ReadOptions(1));
        final Trace raw = Traces.read(GEN.resolve("trace-cmd-3.1.6_report_-R.txt").toString(), new ReadOptions(1));
        final List<LatencyRow> a = Sched.perfLatency(l, PerfDialect.UPSTREAM, true, PerfLatency.DEFAULT_SORT);
        final List<LatencyRow> b = Sched.perfLatency(raw, PerfDialect.UPSTREAM, true, PerfLatency.DEFAULT_SORT);
        assertThat(a).isNotEmpty().isEqualTo(b);
        final SchedReport r = Sched.analyze(l, SchedOptions.defaults());
        assertThat(r.notes()).anyMatch(n -> n.contains("sched_stat_runtime"));
    }
}
