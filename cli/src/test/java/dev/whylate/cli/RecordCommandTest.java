package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.record.Tracefs;
import dev.whylate.testing.Needs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code whylate record} end to end through the command line. */
class RecordCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int rc = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void durationsParse() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DurationConverter.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThatThrownBy(() -> DurationConverter.parse("3")).isInstanceOf(CommandLine.TypeConversionException.class)
            .hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> DurationConverter.parse("2x")).isInstanceOf(CommandLine.TypeConversionException.class)
            .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationConverter.parse("0s")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void badUsageExitsTwo() {
        final Run noOut = run("record", "--duration", "1s");
        assertThat(noOut.exit()).isEqualTo(2);
        assertThat(noOut.err()).contains("-o FILE");
        final Run v6zstd = run("record", "-o", "/tmp/never.dat", "--file-version", "6", "--compression", "zstd", "--duration", "1s");
        assertThat(v6zstd.exit()).isEqualTo(2);
        assertThat(v6zstd.err()).contains("cannot be compressed");
        final Run badDur = run("record", "-o", "/tmp/never.dat", "--duration", "soon");
        assertThat(badDur.exit()).isEqualTo(2);
        assertThat(badDur.err()).contains("not a duration");
        assertThat(Path.of("/tmp/never.dat")).doesNotExist();
    }

    @Test
    void unknownEventIsAClearError(@TempDir final Path dir) {
        Needs.tracefs();
        final Run r = run("record", "-o", dir.resolve("x.dat").toString(), "-e", "sched:sched_switch,nope_event_xyz", "--", "true");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("whylate: unknown event 'nope_event_xyz'");
        assertThat(r.err()).doesNotContain("Exception");
        assertThat(dir.resolve("x.dat")).doesNotExist();
    }

    @Test
    void recordsACommandAndSummarizesPerCpu(@TempDir final Path dir) throws Exception {
        Needs.tracefs();
        final Path dat = dir.resolve("c.dat");
        final Run r = run("record", "-o", dat.toString(), "-e", "sched:sched_switch", "-e", "sched:sched_process_exec",
            "--compression", "none", "--no-kallsyms", "--", "sh", "-c", "for i in 1 2 3; do /bin/true; done");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("wrote " + dat).contains("command exited with code 0").contains("cpu").contains("all");
        final Matcher m = Pattern.compile("(?m)^\\s+all\\s+(\\d+)\\s").matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        final long all = Long.parseLong(m.group(1));
        assertThat(all).isPositive();
        // trace-cmd agrees with the summary
        Needs.tools("trace-cmd");
        final Process p = new ProcessBuilder("trace-cmd", "report", dat.toString()).redirectErrorStream(false).start();
        final List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        final long execs = lines.stream().filter(l -> l.contains("sched_process_exec:")).count();
        final long events = lines.stream().filter(l -> l.matches(".*\\[\\d{3}\\]\\s+\\d+\\.\\d+: .*")).count();
        assertThat(events).isEqualTo(all);
        assertThat(execs).isGreaterThanOrEqualTo(3);   // the three /bin/true (plus sh itself)
    }

    /** SIGTERM and SIGINT stop the recording; the file is still written and tracefs restored. */
    @Test
    void signalsStopAndStillWriteTheFile(@TempDir final Path dir) throws Exception {
        Needs.tracefs();
        for (final String sig : List.of("TERM", "INT")) {
            final Path dat = dir.resolve("sig" + sig + ".dat");
            final Path outFile = dir.resolve("out" + sig + ".txt");
            final Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "record", "-o", dat.toString(), "--preset", "sched", "--no-kallsyms")
                .redirectErrorStream(true).redirectOutput(outFile.toFile()).start();
            final String prefix = Tracefs.INSTANCE_PREFIX + p.pid() + "-";
            final Path instances = Path.of("/sys/kernel/tracing/instances");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!instanceExists(instances, prefix)) {      // wait until it is recording
                assertThat(p.isAlive()).as(Files.readString(outFile)).isTrue();
                assertThat(System.nanoTime() < deadline).as("instance appeared").isTrue();
                Thread.sleep(20);
            }
            Thread.sleep(300);
            new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            final String out = Files.readString(outFile);
            assertThat(out).contains("wrote " + dat).contains("stopped: interrupted");
            assertThat(dat).exists();
            assertThat(instanceExists(instances, prefix)).as("instance removed after SIG" + sig).isFalse();
            if (Needs.onPath("trace-cmd")) {
                final Process tc = new ProcessBuilder("trace-cmd", "report", dat.toString()).redirectErrorStream(true).start();
                final String text = new String(tc.getInputStream().readAllBytes());
                assertThat(tc.waitFor()).as(text.lines().limit(3).toList().toString()).isZero();
                assertThat(text).contains("sched_switch");
            }
        }
    }

    private static boolean instanceExists(final Path instances, final String prefix) throws Exception {
        try (var s = Files.list(instances)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
        }
    }

    @Test
    void cleanupRunsAndReports() {
        Needs.tracefs();
        final Run r = run("record", "--cleanup");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsAnyOf("removed tracefs instance", "no leftover whylate tracefs instances");
    }

    @Test
    void stacksAreRecordedWithTheStacktraceTriggerAndReadByStacksAndTraceCmd(@TempDir final Path dir) throws Exception {
        Needs.tracefs();
        final Path dat = dir.resolve("s.dat");
        final Run r = run("record", "-o", dat.toString(), "-e", "sched:sched_switch", "--stack", "sched_switch", "--",
            "sh", "-c", "for i in 1 2 3; do sleep 0.01; done");
        assertThat(r.exit()).as(r.err()).isZero();
        final Run st = run("stacks", dat.toString(), "--event", "sched_switch", "--json");
        assertThat(st.exit()).as(st.err()).isZero();
        final tools.jackson.databind.JsonNode j = dev.whylate.report.json.Json.mapper().readTree(st.out());
        assertThat(j.get("withStack").asLong()).as(st.out()).isPositive();
        // every switch is recorded from inside the scheduler (symbols from the kallsyms the file carries)
        assertThat(j.get("rows").get(0).get("frames").toString()).contains("schedule");
        // no empty slots of the fixed-size kernel_stack record
        assertThat(j.get("rows").get(0).get("frames").toString()).doesNotContain("\"0x0\"");
        final String bad = run("record", "-o", dir.resolve("b.dat").toString(), "-e", "sched:sched_switch", "--stack", "sched_switch: nosuchfield == 1",
            "--", "true").err();
        assertThat(bad).contains("trigger").doesNotContain("Exception");
        Needs.tools("trace-cmd");
        final Process p = new ProcessBuilder("trace-cmd", "report", dat.toString()).redirectErrorStream(true).start();
        final String report = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(report).contains("kernel_stack").contains("=> __schedule");
    }
}
