package dev.whylate.analysis.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.filter.EventFilter;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StacksTest {
    @TempDir
    Path dir;

    @Test
    void ftraceStackTracesGroupedAndTracingFramesDropped() throws Exception {
        final String raise = "  ksoftirqd/1-22    [001] d.h2.   100.%06d: softirq_raise: vec=6 [action=TASKLET]\n";
        final StringBuilder b = new StringBuilder("# tracer: nop\n#\n");
        for (int k = 0; k < 5; k++) {
            b.append(String.format(raise, k * 10));
            b.append(String.format("  ksoftirqd/1-22    [001] d.h2.   100.%06d: <stack trace>\n", k * 10 + 1));
            b.append(" => trace_event_raw_event_softirq\n => __raise_softirq_irqoff\n");
            b.append(k < 3 ? " => tcp_tasklet_schedule\n => tcp_wfree\n" : " => mlx5e_napi_poll\n");
        }
        b.append("  ksoftirqd/1-22    [001] d.h2.   100.000100: softirq_raise: vec=3 [action=NET_RX]\n");
        final Path p = dir.resolve("t.txt");
        Files.writeString(p, b.toString());
        final Trace t = Traces.read(p.toString());
        final StacksResult r = Stacks.run(t, EventFilter.parse("softirq_raise: vec == 6", t.events().types()), 10);
        assertThat(r.matched()).isEqualTo(5);
        assertThat(r.withStack()).isEqualTo(5);
        assertThat(r.distinct()).isEqualTo(2);
        assertThat(r.rows().get(0).count()).isEqualTo(3);
        assertThat(r.rows().get(0).frames()).containsExactly("__raise_softirq_irqoff", "tcp_tasklet_schedule", "tcp_wfree");
        assertThat(r.rows().get(0).comms()).containsEntry("ksoftirqd/1[22]", 3L);
        assertThat(r.rows().get(1).frames()).containsExactly("__raise_softirq_irqoff", "mlx5e_napi_poll");
        // without a filter: the events that carry a stack
        assertThat(Stacks.run(t, null, 10).withStack()).isEqualTo(5);
    }

    @Test
    void perfCallchainsCountedPerDistinctStack() throws Exception {
        final Trace t = Traces.read("../testdata/generated/perf-6.1_script_callchain_head400.txt");
        final StacksResult r = Stacks.run(t, null, 1000);
        assertThat(r.withStack()).isEqualTo(t.events().stackCount());
        assertThat(r.rows().stream().mapToLong(StackRow::count).sum()).isEqualTo(r.withStack());
        // an independent count: the sample headers in the file followed by a frame line
        final List<String> lines = Files.readAllLines(Path.of("../testdata/generated/perf-6.1_script_callchain_head400.txt"));
        long headers = 0;
        for (int k = 0; k + 1 < lines.size(); k++) if (!lines.get(k).startsWith("\t") && !lines.get(k).isBlank() && lines.get(k + 1).startsWith("\t")) headers++;
        assertThat(r.withStack()).isEqualTo(headers);
    }

    @Test
    void trimKeepsRealFrames() {
        assertThat(Stacks.trim(new String[] {"trace_event_raw_event_x", "perf_trace_y", "a", "trace_b"})).containsExactly("a", "trace_b");
    }
}
