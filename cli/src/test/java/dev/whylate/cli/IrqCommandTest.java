package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.report.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code whylate irq}: JSON keys as docs/JSON.md documents them, counts against plain line counts, options. */
class IrqCommandTest {
    private static final Path DEFAULT = Path.of("../testdata/generated/ftrace_6.18_default_head2000.txt");

    @TempDir
    Path tmp;

    private record Run(int rc, String out, String err) {}

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int rc = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    /** Entries per (CPU, key) counted by a regex over the lines: an independent count. */
    private static Map<String, Long> grep(final Path file, final String regex) throws IOException {
        final Pattern line = Pattern.compile("\\[(\\d{3})\\].*?\\s" + regex);
        final Map<String, Long> m = new HashMap<>();
        for (final String l : Files.readAllLines(file)) {
            final Matcher x = line.matcher(l);
            if (x.find()) m.merge(Integer.parseInt(x.group(1)) + "/" + x.group(2), 1L, Long::sum);
        }
        return m;
    }

    @Test
    void jsonCountsMatchLineCounts() throws IOException {
        final Run r = run("irq", DEFAULT.toString(), "--json");
        assertThat(r.rc).as(r.err).isZero();
        final JsonNode root = Json.mapper().readTree(r.out);
        final Map<String, Long> soft = grep(DEFAULT, "softirq_entry: vec=\\d+ \\[action=(\\w+)\\]");
        final Map<String, Long> hard = grep(DEFAULT, "irq_handler_entry: irq=(\\d+) ");
        final Map<String, Long> vec = grep(DEFAULT, "(\\w+)_entry: vector=");
        long softSeen = 0;
        for (final JsonNode c : root.get("cpus")) {
            final int cpu = c.get("cpu").asInt();
            final Iterator<Map.Entry<String, JsonNode>> it = c.get("softirq").properties().iterator();
            while (it.hasNext()) {
                final Map.Entry<String, JsonNode> e = it.next();
                assertThat(e.getValue().get("count").asLong()).as("softirq %s CPU %d", e.getKey(), cpu).isEqualTo(soft.getOrDefault(cpu + "/" + e.getKey(), 0L));
                softSeen += e.getValue().get("count").asLong();
                for (final String k : List.of("totalNs", "raiseToEntryNs", "durationNs", "raisedBy")) assertThat(e.getValue().has(k)).as(k).isTrue();
                for (final String k : List.of("p50", "p99", "max")) assertThat(e.getValue().get("raiseToEntryNs").has(k)).isTrue();
            }
            for (final JsonNode h : c.get("hardirq")) {
                assertThat(h.get("count").asLong()).isEqualTo(hard.getOrDefault(cpu + "/" + h.get("irq").asInt(), 0L));
                assertThat(h.has("totalNs")).isTrue();
            }
            final Iterator<Map.Entry<String, JsonNode>> vs = c.get("vectors").properties().iterator();
            while (vs.hasNext()) {
                final Map.Entry<String, JsonNode> e = vs.next();
                assertThat(e.getValue().get("count").asLong()).as("vector %s CPU %d", e.getKey(), cpu).isEqualTo(vec.getOrDefault(cpu + "/" + e.getKey(), 0L));
            }
            assertThat(c.get("ipi").get("count").asLong()).isEqualTo(vec.getOrDefault(cpu + "/reschedule", 0L)
                + vec.getOrDefault(cpu + "/call_function", 0L) + vec.getOrDefault(cpu + "/call_function_single", 0L));
            assertThat(c.get("tlbShootdowns").has("count")).isTrue();
            assertThat(c.get("tlbShootdowns").get("senders").isArray()).isTrue();
        }
        assertThat(softSeen).isEqualTo(soft.values().stream().mapToLong(Long::longValue).sum()).isPositive();
        assertThat(root.get("workqueue").size()).isPositive();
        for (final JsonNode w : root.get("workqueue")) {
            for (final String k : List.of("function", "workqueue", "count", "queueToStartNs", "durationNs", "workers", "queuedBy")) assertThat(w.has(k)).as(k).isTrue();
        }
        final long queued = grep(DEFAULT, "workqueue_(queue)_work:").values().stream().mapToLong(Long::longValue).sum();
        long q = 0;
        for (final JsonNode w : root.get("workqueue")) q += w.get("queued").asLong();
        assertThat(q).isEqualTo(queued);
        for (final String k : List.of("startNs", "endNs", "ipis", "tlbSource", "tlbStories", "hotSpots", "at", "notes", "tasklets")) assertThat(root.has(k)).as(k).isTrue();
    }

    @Test
    void tlbStoryFromFtraceText() throws IOException {
        final Path f = tmp.resolve("munmap.txt");
        Files.writeString(f, """
            # tracer: nop
            #
            #           TASK-PID       TGID    CPU#  |||||  TIMESTAMP  FUNCTION
            #              | |           |       |   |||||     |         |
                    unmapper-500     (    500) [000] .....   100.000000: sys_munmap(addr: 0x7f9fed9ed000, len: 0x4000)
                    unmapper-500     (    500) [000] ...1.   100.000001: tlb_flush: pages:4 reason:remote IPI send (4)
                    unmapper-500     (    500) [000] ...2.   100.000001: csd_queue_cpu: cpu=1 callsite=on_each_cpu_cond_mask+0x20/0x60 func=flush_tlb_func csd=000000007fc6fd27
                    unmapper-500     (    500) [000] ...2.   100.000002: ipi_send_cpu: cpu=1 callsite=on_each_cpu_cond_mask+0x20/0x60 callback=generic_smp_call_function_single_interrupt+0x0/0x10
                    unmapper-500     (    500) [000] d..2.   100.000010: csd_function_entry: func=flush_tlb_func, csd=0000000000000000
                    unmapper-500     (    500) [000] d..2.   100.000011: csd_function_exit: func=flush_tlb_func, csd=0000000000000000
                      poller-501     (    500) [001] d.h..   100.000015: call_function_single_entry: vector=251
                      poller-501     (    500) [001] d.h..   100.000015: csd_function_entry: func=flush_tlb_func, csd=000000007fc6fd27
                      poller-501     (    500) [001] d.h..   100.000016: tlb_flush: pages:4 reason:remote shootdown (1)
                      poller-501     (    500) [001] d.h..   100.000016: csd_function_exit: func=flush_tlb_func, csd=000000007fc6fd27
                      poller-501     (    500) [001] d.h..   100.000017: call_function_single_exit: vector=251
                    unmapper-500     (    500) [000] .....   100.000018: sys_munmap -> 0x0
            """);
        final Run r = run("irq", f.toString());
        assertThat(r.rc).as(r.err).isZero();
        assertThat(r.out).contains("thread unmapper[500] of process unmapper[500] caused 1 TLB shootdown on CPU 1 in munmap while thread poller[501] of the same process was running there");
        assertThat(r.out).contains("flush_tlb_func");
        final Run j = run("irq", f.toString(), "--json");
        final JsonNode sender = Json.mapper().readTree(j.out).get("cpus").get(1).get("tlbShootdowns").get("senders").get(0);
        assertThat(sender.get("comm").asString()).isEqualTo("unmapper");
        assertThat(sender.get("pid").asInt()).isEqualTo(500);
        assertThat(sender.get("tgid").asInt()).isEqualTo(500);
        assertThat(sender.get("syscall").asString()).isEqualTo("munmap");
        assertThat(sender.get("count").asLong()).isEqualTo(1);
        // what every CPU was doing when the shootdown ran
        final Run at = run("irq", f.toString(), "--at", "100.0000155");
        assertThat(at.out).contains("CPU 1  poller[501]").contains("> vector 251 call_function_single").contains("cross-CPU call flush_tlb_func");
        assertThat(at.out).contains("CPU 0  unmapper[500]").contains("in munmap");
    }

    @Test
    void cpuFilterAndBadOptions() throws IOException {
        final Run r = run("irq", DEFAULT.toString(), "--json", "--cpu", "1");
        assertThat(r.rc).isZero();
        final JsonNode cpus = Json.mapper().readTree(r.out).get("cpus");
        assertThat(cpus.size()).isEqualTo(1);
        assertThat(cpus.get(0).get("cpu").asInt()).isEqualTo(1);
        final Run text = run("irq", DEFAULT.toString(), "--cpu", "0");
        assertThat(text.out).contains("CPU 0").doesNotContain("CPU 1   hardirq");
        assertThat(run("irq", DEFAULT.toString(), "--cpu", "x").rc).isEqualTo(Main.BAD_INPUT);
        assertThat(run("irq", DEFAULT.toString(), "--cpu", "3-1").rc).isEqualTo(Main.BAD_INPUT);
        assertThat(run("irq", DEFAULT.toString(), "--at", "soon").rc).isEqualTo(Main.BAD_INPUT);
        // CPUs the trace has no events on would print an empty report as if they had been quiet
        final Run absent = run("irq", DEFAULT.toString(), "--cpu", "5-7");
        assertThat(absent.rc).isEqualTo(Main.BAD_INPUT);
        assertThat(absent.err).contains("the trace has no events on CPUs 5-7 (it has events on CPUs 0-1)");
        assertThat(run("sched", DEFAULT.toString(), "--cpu", "9").rc).isEqualTo(Main.BAD_INPUT);
        assertThat(run("irq", DEFAULT.toString(), "--cpu", "1-7").rc).isZero();
        final Run missing = run("irq", tmp.resolve("nope.txt").toString());
        assertThat(missing.rc).isEqualTo(Main.BAD_INPUT);
        assertThat(missing.err).startsWith("whylate: ").doesNotContain("Exception");
    }

    @Test
    void atTakesAnOffsetFromTheFirstEvent() throws IOException {
        final Run stats = run("stats", DEFAULT.toString(), "--json");
        assertThat(stats.rc).as(stats.err).isZero();
        final long first = Json.mapper().readTree(stats.out).get("firstNs").asLong();
        final long at = first + 1_500_000L;
        final String abs = String.format(java.util.Locale.ROOT, "%d.%09d", at / 1_000_000_000L, at % 1_000_000_000L);
        final Run byOffset = run("irq", DEFAULT.toString(), "--at", "+1.5ms");
        final Run byTime = run("irq", DEFAULT.toString(), "--at", abs);
        assertThat(byOffset.rc).as(byOffset.err).isZero();
        assertThat(byOffset.out).isEqualTo(byTime.out).contains("CPU 0");
        assertThat(run("irq", DEFAULT.toString(), "--at", "+0.0015").out).isEqualTo(byTime.out);
        final Run bad = run("irq", DEFAULT.toString(), "--at", "+soon");
        assertThat(bad.rc).isEqualTo(2);
        assertThat(bad.err).contains("--at");
    }
}
