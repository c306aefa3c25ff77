package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.whylate.timeline.CpuMask;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A trace of a big machine recorded on two of its CPUs: the bundled pty-deadline tracefs text with CPU 0 renamed
 * 70 and CPU 1 renamed 133 (in the CPU column and in the cpu fields of the payloads) and {@code #P:134}. Cycles
 * and their explanations must be the same as on the original but for the CPU numbers; the advice's masks must be
 * in the kernel's cpumask format (32-bit groups: the kernel refuses a group of more than 8 hex digits, and a
 * 64-bit shift wraps above CPU 63); irq's text and the HTML report skip the 132 CPUs without events.
 */
class ManyCpusTest {
    static final Path TEXT = Path.of("..", "examples", "pty-deadline", "trace.txt.zst");
    static final int[] TO = {70, 133};
    static final Pattern CPU_COL = Pattern.compile("\\[(\\d{3})\\]");
    static final Pattern CPU_FIELD = Pattern.compile("((?:^|[ ,(])(?:cpu|dest_cpu|orig_cpu|target_cpu|req_cpu)=)(\\d+)");

    @TempDir
    Path dir;

    static String remapLine(final String line) {
        if (line.startsWith("#")) return line.replace("#P:2", "#P:134");
        final Matcher c = CPU_COL.matcher(line);
        String s = c.find() ? line.substring(0, c.start()) + String.format("[%03d]", TO[Integer.parseInt(c.group(1))]) + line.substring(c.end()) : line;
        final Matcher f = CPU_FIELD.matcher(s);
        final StringBuilder b = new StringBuilder();
        while (f.find()) {
            final int v = Integer.parseInt(f.group(2));
            f.appendReplacement(b, Matcher.quoteReplacement(f.group(1) + (v < 2 ? TO[v] : v)));
        }
        f.appendTail(b);
        return b.toString();
    }

    /** The bundled pty-deadline tracefs text, decompressed. */
    static String ptyText() throws java.io.IOException {
        try (InputStream in = new ZstdInputStream(Files.newInputStream(TEXT))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path remapped() throws Exception {
        final Path out = dir.resolve("big.txt");
        final List<String> lines = new ArrayList<>();
        for (final String l : ptyText().split("\n")) lines.add(remapLine(l));
        Files.writeString(out, String.join("\n", lines) + "\n");
        return out;
    }

    private static String[] cycles(final String file) {
        return new String[] {"cycles", file, "--start", "sys_enter_write: comm == \"requester\" && count == 7", "--end", "sys_exit_read: ret > 0",
            "--deadline", "3.5ms", "--explain", "misses", "--json"};
    }

    @Test
    void explanationsAreTheSameButForTheCpuNumbersAndMasksAreKernelCpumasks() throws Exception {
        final String big = remapped().toString();
        final SchedCommandTest.Result a = SchedCommandTest.run(cycles(TEXT.toString()));
        final SchedCommandTest.Result b = SchedCommandTest.run(cycles(big));
        assertThat(a.rc()).as(a.err()).isZero();
        assertThat(b.rc()).as(b.err()).isZero();
        final JsonNode ja = dev.whylate.report.json.Json.mapper().readTree(a.out());
        final JsonNode jb = dev.whylate.report.json.Json.mapper().readTree(b.out());
        assertThat(jb.get("misses").asLong()).isEqualTo(ja.get("misses").asLong()).isPositive();
        // every segment and blame entry: same but for the CPU
        final List<String> sa = new ArrayList<>();
        final List<String> sb = new ArrayList<>();
        for (final JsonNode it : ja.get("items")) collect(it, sa, true);
        for (final JsonNode it : jb.get("items")) collect(it, sb, false);
        assertThat(sb).isEqualTo(sa).isNotEmpty();
        // the isolation advice keeps unbound kworkers off the consumer's CPU with a mask the kernel takes
        boolean isolation = false;
        for (final JsonNode adv : jb.get("advice")) {
            final Matcher m = Pattern.compile("echo (\\S+) > /sys/devices/virtual/workqueue/cpumask").matcher(adv.get("command").asText());
            if (!m.find()) continue;
            isolation = true;
            final String mask = m.group(1);
            for (final String group : mask.split(",")) assertThat(group.length()).as(mask).isLessThanOrEqualTo(8);
            final Matcher cpu = Pattern.compile("taskset -acp (\\d+) ").matcher(adv.get("command").asText());
            assertThat(cpu.find()).isTrue();
            final int isolated = Integer.parseInt(cpu.group(1));
            assertThat(isolated).isIn(70, 133);
            assertThat(CpuMask.parse(mask)).containsExactly(IntStream.range(0, 134).filter(c -> c != isolated).toArray());
        }
        assertThat(isolation).as("isolation advice in " + jb.get("advice")).isTrue();
    }

    private static void collect(final JsonNode item, final List<String> out, final boolean remap) {
        final JsonNode e = item.get("explanation");
        if (e == null || e.isNull()) return;
        for (final JsonNode s : e.get("segments")) {
            out.add("segment " + s.get("kind").asText() + " " + s.get("pid").asInt() + " " + cpu(s, remap) + " " + s.get("startNs").asLong()
                + " " + s.get("endNs").asLong());
        }
        for (final JsonNode s : e.get("blame")) {
            out.add("blame " + s.get("category").asText() + " " + s.get("pid").asInt() + " " + cpu(s, remap) + " " + s.get("ns").asLong());
        }
    }

    private static int cpu(final JsonNode n, final boolean remap) {
        final int cpu = n.get("cpu").asInt();
        return remap && cpu >= 0 && cpu < 2 ? TO[cpu] : cpu;
    }

    @Test
    void irqTextAndHtmlReportSkipCpusWithoutEvents() throws Exception {
        final String big = remapped().toString();
        final SchedCommandTest.Result irq = SchedCommandTest.run("irq", big);
        assertThat(irq.rc()).as(irq.err()).isZero();
        assertThat(irq.out()).contains("\nCPU 70 ").contains("\nCPU 133 ").doesNotContain("\nCPU 0 ").doesNotContain("\nCPU 132 ")
            .contains("CPUs 0-69,71-132: no events in the trace");
        final Path html = dir.resolve("r.html");
        final SchedCommandTest.Result r = SchedCommandTest.run("report", big, "-o", html.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        final String h = Files.readString(html);
        assertThat(h).contains(">CPU 70<").contains(">CPU 133<").doesNotContain(">CPU 69<").contains("CPUs 0-69,71-132.");
    }
}
