package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code whylate sched} end to end on the perf 6.1 recording in testdata/generated. */
class SchedCommandTest {
    static final Path GEN = Path.of("..", "testdata", "generated");
    static final String SCRIPT = GEN.resolve("perf-6.1_script_perf-sched-record.txt").toString();

    @TempDir
    Path tmp;

    record Result(int rc, String out, String err) {}

    static Result run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int rc = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Result(rc, out.toString(), err.toString());
    }

    /** --cpu filters whylate's own counts too: the missing switch-ins of the waits that ended on those CPUs. */
    @Test
    void cpuSelectionFiltersMissingSwitchIns() {
        final String basic = java.nio.file.Path.of("..", "examples", "basic", "trace.dat").toString();
        final java.util.regex.Pattern note = java.util.regex.Pattern.compile("note: (\\d+) waits have no traced switch-in");
        final java.util.regex.Matcher all = note.matcher(run("sched", basic).out());
        final java.util.regex.Matcher cpu0 = note.matcher(run("sched", basic, "--cpu", "0").out());
        final java.util.regex.Matcher cpu1 = note.matcher(run("sched", basic, "--cpu", "1").out());
        assertThat(all.find() && cpu0.find() && cpu1.find()).isTrue();
        assertThat(Integer.parseInt(cpu0.group(1)) + Integer.parseInt(cpu1.group(1))).isEqualTo(Integer.parseInt(all.group(1)));
    }

    @Test
    void textTableHasPerfsRows() throws Exception {
        final Result r = run("sched", SCRIPT, "--perf-version", "6.1", "--threads", "1");
        assertThat(r.rc()).as(r.err()).isZero();
        // the rows perf 6.1 printed for this perf.data (label, runtime, switches), in perf's order
        final List<String> perf = Files.readAllLines(GEN.resolve("perf-6.1_sched_latency.txt"), StandardCharsets.UTF_8).stream()
            .filter(l -> l.contains("| avg:")).toList();
        int at = 0;
        for (final String p : perf) {
            final String[] c = p.split("\\|");
            final String label = c[0].strip();
            final String runtime = c[1].replace("ms", "").strip();
            final String switches = c[2].strip();
            final int k = r.out().indexOf("  " + label + " ", at);
            assertThat(k).as("row %s after position %d", label, at).isGreaterThan(at);
            final String line = r.out().substring(k, r.out().indexOf('\n', k));
            assertThat(line.split("\\s{2,}")).as(line).contains(runtime, switches);
            at = k;
        }
        assertThat(r.out()).contains("INFO: 670.000% context switch bugs (67 out of 10)");
        assertThat(r.out()).contains("wait distributions").contains("per CPU").contains("per scheduling class");
    }

    @Test
    void jsonKeys() throws Exception {
        final Result merged = run("sched", SCRIPT, "--json", "--perf-version", "6.1");
        assertThat(merged.rc()).as(merged.err()).isZero();
        final JsonNode m = dev.whylate.report.json.Json.mapper().readTree(merged.out());
        final JsonNode first = m.get("tasks").get(0);
        for (final String k : List.of("comm", "switches", "runtimeNs", "avgDelayNs", "maxDelayNs", "maxDelayStartNs", "maxDelayEndNs",
            "wakeupDelay", "preemptWait", "wakingToWakeup", "timerWakeup", "wakers", "holders")) {
            assertThat(first.has(k)).as(k).isTrue();
        }
        assertThat(first.has("pid")).isFalse();
        assertThat(first.get("comm").asString()).isEqualTo("C2 CompilerThre");
        assertThat(first.get("maxDelayNs").asLong()).isBetween(3_996_000L, 3_998_000L);
        assertThat(first.get("preemptWait").get("count").asLong()).isPositive();
        final Result per = run("sched", SCRIPT, "--json", "--pid", "--sort", "max");
        final JsonNode p = dev.whylate.report.json.Json.mapper().readTree(per.out());
        assertThat(p.get("tasks").get(0).has("pid")).isTrue();
        long prev = Long.MAX_VALUE;
        for (final JsonNode t : p.get("tasks")) {
            assertThat(t.get("maxDelayNs").asLong()).isLessThanOrEqualTo(prev);
            prev = t.get("maxDelayNs").asLong();
        }
    }

    @Test
    void timehistLooksLikePerfs() throws Exception {
        final Result r = run("sched", SCRIPT, "--timehist", "--perf-version", "6.1");
        assertThat(r.rc()).as(r.err()).isZero();
        final List<String> ours = r.out().lines().toList();
        final List<String> perf = Files.readAllLines(GEN.resolve("perf-6.1_sched_timehist.txt"), StandardCharsets.UTF_8);
        assertThat(ours).hasSize(perf.size());
        assertThat(ours.subList(0, 3)).isEqualTo(perf.subList(0, 3));
        for (int i = 3; i < perf.size(); i++) {
            // same columns, time, CPU and task; the script text has no tgid ([tid/pid] prints as [tid]) and µs
            // timestamps (values can differ by 1 us: compared in PerfCompatTest)
            assertThat(ours.get(i).length()).as("line %d", i).isEqualTo(perf.get(i).length());
            final String p = perf.get(i).replaceAll("\\[(-?\\d+)/-?\\d+\\]", "[$1]");
            assertThat(ours.get(i).substring(0, 50).strip()).as("line %d", i).isEqualTo(p.substring(0, 50).strip());
        }
        final Result j = run("sched", SCRIPT, "--timehist", "--json", "--task", "^dd$");
        final JsonNode rows = dev.whylate.report.json.Json.mapper().readTree(j.out()).get("rows");
        assertThat(rows.size()).isPositive();
        for (final JsonNode x : rows) assertThat(x.get("comm").asString()).isEqualTo("dd");
    }

    @Test
    void badUsageIsExitTwo() throws Exception {
        assertThat(run("sched", SCRIPT, "--sort", "bogus").rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(run("sched", SCRIPT, "--cpu", "x").rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(run("sched", SCRIPT, "--task", "(").rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(run("sched", SCRIPT, "--pid", "--comm").rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(run("sched", SCRIPT, "--perf-version", "5.4").rc()).isEqualTo(Main.BAD_INPUT);
        final Path noSwitch = tmp.resolve("irq.txt");
        Files.writeString(noSwitch, "# tracer: nop\n          <idle>-0     [000] d.h1.   100.000100: irq_handler_entry: irq=30 name=eth0\n");
        final Result r = run("sched", noSwitch.toString());
        assertThat(r.rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("no sched_switch");
    }

    @Test
    void cpuFilterKeepsOnlyThatCpu() throws Exception {
        final Result r = run("sched", SCRIPT, "--timehist", "--cpu", "1");
        assertThat(r.rc()).isZero();
        assertThat(r.out().lines().skip(3)).allMatch(l -> l.contains("[0001]"));
    }
}
