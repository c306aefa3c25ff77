package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code whylate top} as a command: block output, exit codes, bad input. */
class TopCommandTest {
    static final Path PROC = Path.of("../testdata/generated/proc");

    @TempDir
    Path dir;

    record Run(int rc, String out, String err) {}

    static Run run(final String... args) {
        final StringWriter o = new StringWriter();
        final StringWriter e = new StringWriter();
        final int rc = Main.commandLine(new PrintWriter(o), new PrintWriter(e)).execute(args);
        return new Run(rc, o.toString(), e.toString());
    }

    Path procDir(final String interrupts, final String softirqs) throws Exception {
        Files.writeString(dir.resolve("interrupts"), interrupts);
        if (softirqs != null) Files.writeString(dir.resolve("softirqs"), softirqs);
        return dir;
    }

    @Test
    void unchangedCountersGiveZeroRatesOneBlockPerInterval() throws Exception {
        final Path d = procDir(Files.readString(PROC.resolve("interrupts_6.18_x86_2cpu_a.txt")),
            Files.readString(PROC.resolve("softirqs_6.18_x86_2cpu_a.txt")));
        final Run r = run("top", "--proc", d.toString(), "--count", "2", "--interval", "10ms");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().split("\n")).filteredOn(l -> l.startsWith("whylate top")).hasSize(2);
        assertThat(r.out()).doesNotContain("\033[");
        final List<String> rows = Arrays.stream(r.out().split("\n")).map(String::strip).filter(l -> l.matches("(\\d+|ALL)\\s.*")).toList();
        assertThat(rows).hasSize(6);
        for (final String row : rows) assertThat(row.split("\\s+")).as(row).startsWith(row.split("\\s+")[0], "0", "0");
        assertThat(r.out()).doesNotContain("INTERRUPT ").doesNotContain("hot spots");
    }

    @Test
    void realProcShowsEveryOnlineCpu() throws Exception {
        final Run r = run("top", "--once", "--interval", "100ms");
        assertThat(r.rc()).as(r.err()).isZero();
        final String[] head = Files.readAllLines(Path.of("/proc/interrupts")).get(0).strip().split("\\s+");
        final List<String> cpus = cpuRows(r.out()).stream().filter(c -> !c.equals("ALL")).map(c -> c.replace("*", "")).toList();
        assertThat(cpus).containsExactlyElementsOf(Arrays.stream(head).map(h -> h.substring(3)).sorted((a, b) -> Integer.compare(
            Integer.parseInt(a), Integer.parseInt(b))).toList());
    }

    /** First column of the rows of the first per-CPU table (between its header and the ALL row). */
    static List<String> cpuRows(final String out) {
        final List<String> rows = new java.util.ArrayList<>();
        boolean in = false;
        for (final String l : out.split("\n")) {
            final String t = l.strip();
            if (t.startsWith("CPU ") && t.contains("IRQ/s")) {
                in = true;
                continue;
            }
            if (!in || t.startsWith("---")) continue;
            final String first = t.split("\\s+")[0];
            rows.add(first);
            if (first.equals("ALL")) break;
        }
        return rows;
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        final Run garbage = run("top", "--proc", procDir("hello world\n1 2 3\n", null).toString(), "--once", "--interval", "10ms");
        assertThat(garbage.rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(garbage.err()).startsWith("whylate: ").contains("CPU columns").hasLineCount(1);

        final Run missing = run("top", "--proc", dir.resolve("nowhere").toString(), "--once");
        assertThat(missing.rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(missing.err()).startsWith("whylate: ").hasLineCount(1);

        final Path d = procDir("CPU0 CPU1\nLOC: 1 2 Local timer interrupts\n", "CPU0 CPU1\nTIMER: 1 2\n");
        final Run offline = run("top", "--proc", d.toString(), "--cpu", "5", "--once");
        assertThat(offline.rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(offline.err()).contains("none of these CPUs is online (online: 0-1)");
        final Run isolatedOffline = run("top", "--proc", d.toString(), "--isolated", "7", "--once");
        assertThat(isolatedOffline.rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(isolatedOffline.err()).contains("--isolated 7: none of these CPUs is online");

        assertThat(run("top", "--cpu", "x-y", "--once").err()).contains("--cpu").contains("bad CPU list");
        assertThat(run("top", "--interval", "1ms").rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(run("top", "--interval", "soon").rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(run("top", "--hot", "0", "--once").rc()).isEqualTo(Main.BAD_INPUT);
    }

    @Test
    void cpuFilterAndIsolatedMarks() throws Exception {
        final Path d = procDir("CPU0 CPU1 CPU2\nLOC: 1 2 3 Local timer interrupts\n", "CPU0 CPU1 CPU2\nTIMER: 1 2 3\n");
        final Run r = run("top", "--proc", d.toString(), "--cpu", "1-2", "--isolated", "2", "--once", "--interval", "10ms");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(cpuRows(r.out())).containsExactly("1", "2*", "ALL");
        assertThat(r.out()).contains("isolated (*) 2");
    }
}
