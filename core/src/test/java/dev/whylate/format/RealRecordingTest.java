package dev.whylate.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.whylate.model.EventStore;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.Fields;
import dev.whylate.model.Trace;
import dev.whylate.testing.Needs;
import dev.whylate.testing.TestInstance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records about a second of a CPU + I/O workload in a private tracefs instance, then reads the instance's
 * {@code trace} file (ftrace text) and {@code trace-cmd report -t} of the same buffer ({@code trace-cmd extract
 * -B}): both must give the same events (per-type counts, and the same (µs, CPU, tid, type) tuples) and the
 * count the kernel's own header states. Skipped with a message without root, tracefs or trace-cmd.
 */
class RealRecordingTest {
    private static final List<String> EVENTS = List.of("sched/sched_switch", "sched/sched_wakeup", "sched/sched_waking",
        "sched/sched_wakeup_new", "sched/sched_process_fork", "sched/sched_process_exit", "sched/sched_migrate_task",
        "irq", "workqueue", "ipi", "timer", "irq_vectors/local_timer_entry", "irq_vectors/local_timer_exit",
        "irq_vectors/reschedule_entry", "irq_vectors/reschedule_exit", "irq_vectors/call_function_single_entry",
        "irq_vectors/call_function_single_exit", "tlb/tlb_flush");

    @TempDir
    Path dir;

    @Test
    void tracefsTextAndTraceCmdReportOfTheSameBuffer() throws Exception {
        Needs.tools("trace-cmd");
        final Path text = dir.resolve("trace.txt");
        final Path dat = dir.resolve("x.dat");
        final Path report = dir.resolve("report.txt");
        final String name;
        final Path inst;
        try (TestInstance ti = TestInstance.create("text", 16384)) {
            name = ti.name();
            inst = ti.dir();
            final List<String> missing = ti.enable(EVENTS.toArray(new String[0]));
            assumeTrue(missing.size() < EVENTS.size(), "no sched/irq events in this kernel's tracefs");
            ti.tracing(true);
            workload();
            ti.tracing(false);
            try (InputStream in = Files.newInputStream(inst.resolve("trace"))) {
                Files.copy(in, text, StandardCopyOption.REPLACE_EXISTING);
            }
            run(dir, null, "trace-cmd", "extract", "-B", name, "-o", dat.toString());
            run(dir, report, "trace-cmd", "report", "-t", dat.toString());
        }
        assertThat(Files.exists(inst)).as("instance removed").isFalse();

        final Trace t = Traces.read(text.toString(), new ReadOptions(2));
        final Trace r = Traces.read(report.toString(), new ReadOptions(2));
        assertThat(t.format()).isEqualTo("ftrace-text");
        assertThat(r.format()).isEqualTo("trace-cmd-report");
        assertThat(t.unparsed()).isEmpty();
        assertThat(r.unparsed()).isEmpty();
        assertThat(t.events().size()).isGreaterThan(100);
        // the kernel's header states how many entries the buffer holds
        assertThat(Long.parseLong(t.meta().get("entries-in-buffer"))).isEqualTo(t.events().size());
        assertThat(r.meta()).containsEntry("instances", name);
        assertThat(TextCorpusTestSupport.byType(r.events())).isEqualTo(TextCorpusTestSupport.byType(t.events()));
        assertThat(TextCorpusTestSupport.byType(t.events())).containsKeys("sched_switch", "sched_wakeup");
        sameTuples(tuples(t.events(), false), tuples(r.events(), true));
        for (int i = 0; i < t.events().size(); i++) assertThat(t.events().ts(i) % 1000).isZero();
        // and the same sched_switch fields, whether the kernel or trace-cmd's plugin printed them
        sameTuples(switches(t, false), switches(r, true));
    }

    private static List<String> tuples(final EventStore s, final boolean roundNs) {
        final List<String> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            final long us = roundNs ? (s.ts(i) + 500) / 1000 : s.ts(i) / 1000;
            out.add(us + " " + s.cpu(i) + " " + s.tid(i) + " " + s.typeName(i));
        }
        Collections.sort(out);
        return out;
    }

    /** Equal sorted lists; on failure shows the first differences instead of two huge lists. */
    private static void sameTuples(final List<String> text, final List<String> report) {
        final List<String> onlyText = new ArrayList<>(text);
        for (final String x : report) onlyText.remove(x);
        final List<String> onlyReport = new ArrayList<>(report);
        for (final String x : text) onlyReport.remove(x);
        assertThat(onlyText.subList(0, Math.min(20, onlyText.size()))).as("only in the tracefs text").isEmpty();
        assertThat(onlyReport.subList(0, Math.min(20, onlyReport.size()))).as("only in trace-cmd report").isEmpty();
        assertThat(report).isEqualTo(text);
    }

    private static List<String> switches(final Trace t, final boolean roundNs) {
        final List<String> out = new ArrayList<>();
        final EventStore s = t.events();
        final FieldCursor c = s.cursor();
        for (int i = 0; i < s.size(); i++) {
            if (!s.typeName(i).equals("sched_switch")) continue;
            final Fields f = c.load(i);
            final long us = roundNs ? (s.ts(i) + 500) / 1000 : s.ts(i) / 1000;
            out.add(us + " " + s.cpu(i) + " " + f.getString("prev_comm") + ":" + f.getInt("prev_pid", -1) + " "
                + f.getInt("prev_prio", -1) + " -> " + f.getString("next_comm") + ":" + f.getInt("next_pid", -1) + " "
                + f.getInt("next_prio", -1));
        }
        Collections.sort(out);
        return out;
    }

    private void workload() throws IOException, InterruptedException {
        final List<Process> ps = new ArrayList<>();
        if (Needs.onPath("stress-ng")) {
            ps.add(new ProcessBuilder("stress-ng", "--cpu", "1", "--timeout", "1", "--quiet").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        ps.add(new ProcessBuilder("sh", "-c", "dd if=/dev/zero of=" + dir.resolve("dd.out") + " bs=64k count=200 conv=fsync 2>/dev/null;"
            + " ls -lR /usr/share/doc > /dev/null 2>&1; sleep 0.3").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        for (final Process p : ps) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    private static void run(final Path cwd, final Path out, final String... cmd) throws IOException, InterruptedException {
        final ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (out != null) pb.redirectOutput(out.toFile());
        else pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        final Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    }
}
