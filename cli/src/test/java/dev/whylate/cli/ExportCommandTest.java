package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.report.perfetto.PerfettoExport;
import dev.whylate.testing.ChromeJsonChecks;
import dev.whylate.testing.CliTraces;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code whylate export --perfetto}: the JSON is parsed back and checked for structure and hand-computed content. */
class ExportCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private List<JsonNode> export(final Path trace, final String... extra) throws Exception {
        final Path json = dir.resolve("out.json");
        final java.util.List<String> args = new java.util.ArrayList<>(List.of("export", trace.toString(), "--perfetto", "-o", json.toString()));
        args.addAll(List.of(extra));
        final int rc = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args.toArray(new String[0]));
        assertThat(rc).as("exit code; stderr %s", err).isZero();
        return ChromeJsonChecks.validate(ChromeJsonChecks.MAPPER.readTree(json.toFile()));
    }

    private static List<JsonNode> of(final List<JsonNode> evs, final String ph, final String cat) {
        return evs.stream().filter(e -> e.get("ph").stringValue().equals(ph) && (cat == null || e.has("cat") && e.get("cat").stringValue().equals(cat)))
            .collect(Collectors.toList());
    }

    private static long ns(final JsonNode e, final String k) {
        return ChromeJsonChecks.ns(e.get(k));
    }

    @Test
    void tinyTraceHasCpuTracksNestedInterruptsWakeupArrowsAndCycles() throws Exception {
        final List<JsonNode> evs = export(CliTraces.write(dir, "t.txt", CliTraces.CYCLES), "--start", CliTraces.START, "--end", CliTraces.END,
            "--deadline", "3ms");
        final int cpu0 = PerfettoExport.cpuTid(0);
        // names
        assertThat(evs.stream().anyMatch(e -> e.get("ph").stringValue().equals("M") && e.get("name").stringValue().equals("thread_name")
            && e.get("tid").asInt() == cpu0 && e.get("args").get("name").stringValue().equals("CPU 0"))).isTrue();
        // the hog's slice: switched in at 10.009900 s, preempted at 10.014530 s; its hostile comm survives JSON escaping
        final JsonNode hog = of(evs, "X", "sched").stream().filter(e -> e.get("args").get("tid").asInt() == 200).findFirst().orElseThrow();
        assertThat(hog.get("name").stringValue()).isEqualTo(CliTraces.HOSTILE_COMM);
        assertThat(hog.get("tid").asInt()).isEqualTo(cpu0);
        assertThat(ns(hog, "ts")).isEqualTo(10_009_900_000L);
        assertThat(ns(hog, "dur")).isEqualTo(4_630_000L);
        assertThat(hog.get("args").get("end_state").stringValue()).isEqualTo("R+");
        // irq 30 interrupted the hog: its slice lies inside the hog's on the same track
        final List<JsonNode> irqs = of(evs, "X", "irq");
        assertThat(irqs).hasSize(3);
        assertThat(irqs.stream().filter(e -> ns(e, "ts") == 10_010_500_000L).findFirst().orElseThrow().get("tid").asInt()).isEqualTo(cpu0);
        // work items inside the kworker's slices: flush_to_ldisc three times (20 µs each) and the hostile one once (3 µs)
        final List<JsonNode> work = of(evs, "X", "workqueue");
        assertThat(work.stream().map(e -> e.get("name").stringValue() + " " + ns(e, "dur")).sorted()).containsExactly(
            "work " + CliTraces.HOSTILE_WORK + " 3000", "work flush_to_ldisc 20000", "work flush_to_ldisc 20000", "work flush_to_ldisc 20000");
        // wakeups: kworker/0:1 woken 3 times, req woken 3 times (each an arrow); queue_work arrows 4
        assertThat(of(evs, "s", "wakeup")).hasSize(6);
        assertThat(of(evs, "s", "workqueue")).hasSize(4);
        // the arrow into req's second switch-in lands on CPU 1, 2 ns after 10.014600 s
        assertThat(of(evs, "f", "wakeup").stream().anyMatch(e -> e.get("tid").asInt() == PerfettoExport.cpuTid(1)
            && ns(e, "ts") == 10_014_600_002L)).isTrue();
        // cycles: three, one of them the 5 ms miss
        final List<JsonNode> begins = of(evs, "b", "whylate");
        assertThat(begins).hasSize(3);
        final JsonNode miss = begins.stream().filter(e -> e.get("name").stringValue().equals("MISS cycle")).findFirst().orElseThrow();
        assertThat(miss.get("args").get("index").asInt()).isEqualTo(1);
        assertThat(miss.get("args").get("latency_ns").asLong()).isEqualTo(5_000_000L);
        assertThat(ns(miss, "ts")).isEqualTo(10_010_000_000L);
        assertThat(miss.get("tid").asInt()).isEqualTo(100);
        assertThat(out.toString()).contains("3 cycles (1 misses)");
    }

    @Test
    void withoutCyclesThereAreNoAsyncSlices() throws Exception {
        final List<JsonNode> evs = export(CliTraces.write(dir, "t.txt", CliTraces.CYCLES));
        assertThat(of(evs, "b", null)).isEmpty();
        assertThat(of(evs, "X", "sched")).isNotEmpty();
    }

    @Test
    void demoRecordingExportIsWellFormed() throws Exception {
        final List<JsonNode> evs = export(Paths.get("../examples/pty-deadline/trace.txt.zst"), "--start", DemoCommand.START, "--end",
            DemoCommand.END, "--deadline", "3.5ms");
        assertThat(of(evs, "b", "whylate")).hasSize(300);
        // the recording has thousands of context switches and wakeups
        assertThat(of(evs, "X", "sched").size()).isGreaterThan(3_000);
        assertThat(of(evs, "s", "wakeup").size()).isGreaterThan(1_000);
    }
}
