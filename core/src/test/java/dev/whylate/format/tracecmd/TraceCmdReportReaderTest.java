package dev.whylate.format.tracecmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.TextCorpusTestSupport;
import dev.whylate.format.Traces;
import dev.whylate.model.Ctx;
import dev.whylate.model.EventStore;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.Fields;
import dev.whylate.model.TaskState;
import dev.whylate.model.Trace;
import dev.whylate.testing.Needs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCmdReportReaderTest {
    static final Path DAT = Path.of("../testdata/generated/trace-cmd-3.1.6_instance_rtrc_v7_zstd.dat");

    @TempDir
    Path dir;

    private Trace read(final String text) throws Exception {
        final Path p = dir.resolve("r.txt");
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        return Traces.read(p.toString(), new ReadOptions(1));
    }

    @Test
    void oldHeadersTabsAndUnsortedLines() throws Exception {
        final Trace t = read("version = 6\nCPU 3 is empty\nCPU 4 is empty\ncpus=6\n"
            + "\t  <idle>-0     [006]  7115.449811: cpu_idle:             state=4294967295 cpu_id=6\n"
            + "\t  <idle>-0     [006]  7115.449809: cpu_idle:             state=1 cpu_id=6\n"
            + "              ls-4734  [002] 106439.675591: sched_switch:          prev_comm=trace-cmd prev_pid=4734 prev_prio=120 prev_state=1024 next_comm=migration/2 next_pid=18 next_prio=0\n");
        assertThat(t.format()).isEqualTo("trace-cmd-report");
        assertThat(t.cpus()).isEqualTo(6);
        assertThat(t.meta()).containsEntry("trace-cmd-file-version", "6").containsEntry("empty-cpus", "3,4");
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.outOfOrder()).isEqualTo(1);
        assertThat(t.events().ts(0)).isEqualTo(7115_449_809_000L);
        assertThat(t.events().cursor().load(0).getLong("state", -1)).isEqualTo(1);
        final Fields sw = t.events().cursor().load(2);
        assertThat(sw.getLong("prev_state", -1)).isEqualTo(TaskState.PREEMPTED);
        assertThat(sw.getString("next_comm")).isEqualTo("migration/2");
        assertThat(t.events().ctx(2)).isZero();
    }

    @Test
    void instancesNanosecondsTsDiffAndLatencyColumns() throws Exception {
        final Trace t = read("cpus=2\n"
            + "          <idle>-0     [001]   211.148800001: sched_waking:         comm=a pid=7 prio=120 target_cpu=001\n"
            + "rtrc:             bash-6604  [000]   211.148846161: (+150)   ipi_send_cpu:         cpu=1 callsite=on_each_cpu_cond_mask+0x20 callback=0x0\n"
            + "other:     bash-6604    0d..2.   211.148995904: sched_switch:         bash:6604 [120] S ==> bash:6607 [120]\n"
            + "rtrc:              seq-6608  [000]   211.149761: (+3)     sched_wakeup:         migration/0:18 [0] CPU:000\n");
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.events().size()).isEqualTo(4);
        assertThat(t.meta()).containsEntry("instances", "rtrc,other");
        assertThat(t.events().ts(0)).isEqualTo(211_148_800_001L);
        assertThat(t.events().ts(1)).isEqualTo(211_148_846_161L);
        assertThat(t.events().ctx(2)).isEqualTo(Ctx.KNOWN | Ctx.IRQS_OFF);
        assertThat(t.events().typeNames()).containsExactly("sched_waking", "ipi_send_cpu", "sched_switch", "sched_wakeup");
        assertThat(t.events().cursor().load(3).getString("comm")).isEqualTo("migration/0");
        assertThat(t.tasks().comm(6607)).isEqualTo("bash");
        assertThat(t.tasks().comm(18)).isEqualTo("migration/0");
    }

    static List<String> tuples(final EventStore s, final boolean roundNs) {
        final List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            final long us = roundNs ? (s.ts(i) + 500) / 1000 : s.ts(i) / 1000;
            out.add(us + " " + s.cpu(i) + " " + s.tid(i) + " " + s.typeName(i));
        }
        java.util.Collections.sort(out);
        return out;
    }

    /** Runs trace-cmd report with {@code opts} on the generated .dat; returns the output file. */
    private Path report(final String name, final String... opts) throws IOException, InterruptedException {
        final Path out = dir.resolve(name);
        final List<String> cmd = new java.util.ArrayList<>(List.of("trace-cmd", "report"));
        cmd.addAll(List.of(opts));
        cmd.add(DAT.toString());
        final Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }

    /**
     * The same trace.dat reported by trace-cmd in six styles gives the same events: per-type counts equal to awk's
     * count of each report, identical (µs) timestamps, CPUs and tids in the same order, ns precision from -t,
     * and the same sched fields whether printed by the plugin, the kernel print fmt (-N) or raw (-R).
     */
    @Test
    void everyReportStyleOfOneDatAgrees() throws Exception {
        assumeTrue(Needs.onPath("trace-cmd"), "needs trace-cmd to report " + DAT);
        final Trace def = Traces.read(report("default.txt").toString(), new ReadOptions(2));
        final Trace ns = Traces.read(report("t.txt", "-t").toString(), new ReadOptions(2));
        final Trace raw = Traces.read(report("R.txt", "-R").toString(), new ReadOptions(2));
        final Trace noPlugin = Traces.read(report("N.txt", "-N").toString(), new ReadOptions(2));
        final Trace lat = Traces.read(report("l.txt", "-l").toString(), new ReadOptions(2));
        final Trace diff = Traces.read(report("diff.txt", "--ts-diff").toString(), new ReadOptions(2));
        final TextCorpusTestSupport.Awk awk = TextCorpusTestSupport.awk(dir.resolve("default.txt"), false);
        for (final Trace t : List.of(def, ns, raw, noPlugin, lat, diff)) {
            assertThat(t.format()).isEqualTo("trace-cmd-report");
            assertThat(t.unparsedCount()).isZero();
            assertThat(t.cpus()).isEqualTo(2);
            assertThat(t.meta()).containsEntry("instances", "rtrc");
            assertThat(TextCorpusTestSupport.byType(t.events())).isEqualTo(awk.counts());
        }
        final EventStore d = def.events();
        for (final Trace t : List.of(raw, noPlugin, lat, diff)) {
            final EventStore s = t.events();
            assertThat(s.size()).isEqualTo(d.size());
            for (int i = 0; i < s.size(); i++) {
                assertThat(s.ts(i)).as("event %d", i).isEqualTo(d.ts(i));
                assertThat(s.cpu(i)).isEqualTo(d.cpu(i));
                assertThat(s.tid(i)).isEqualTo(d.tid(i));
                assertThat(s.typeName(i)).isEqualTo(d.typeName(i));
            }
        }
        // -t: the same events; trace-cmd rounds ns to the nearest µs (as the kernel does), and events that
        // round to the same µs on two CPUs may swap places, so compare as sorted tuples
        assertThat(tuples(ns.events(), true)).isEqualTo(tuples(d, false));
        // -t keeps the nanoseconds the default rounds to µs
        long sub = 0;
        for (int i = 0; i < d.size(); i++) {
            assertThat(d.ts(i) % 1000).isZero();
            if (ns.events().ts(i) % 1000 != 0) sub++;
        }
        assertThat(sub).isGreaterThan(d.size() / 2L);
        // -l prints the flags, the others do not
        assertThat(lat.events().ctx(0) & Ctx.KNOWN).isEqualTo(Ctx.KNOWN);
        assertThat(d.ctx(0)).isZero();
        // same sched fields from plugin, print fmt and raw
        final FieldCursor cd = d.cursor();
        final FieldCursor cr = raw.events().cursor();
        final FieldCursor cn = noPlugin.events().cursor();
        int switches = 0;
        for (int i = 0; i < d.size(); i++) {
            final String type = d.typeName(i);
            final String[] keys;
            if (type.equals("sched_switch")) keys = new String[] {"prev_comm", "prev_pid", "prev_prio", "next_comm", "next_pid", "next_prio"};
            else if (type.equals("sched_wakeup")) keys = new String[] {"comm", "pid", "prio", "target_cpu"};
            else continue;
            final Fields a = cd.load(i);
            final Fields b = cr.load(i);
            final Fields c = cn.load(i);
            for (final String k : keys) {
                assertThat(a.getString(k)).as("%s %s at %d", type, k, i).isNotNull().isEqualTo(b.getString(k)).isEqualTo(c.getString(k));
            }
            if (type.equals("sched_switch")) {
                switches++;
                final long pa = a.getLong("prev_state", -9);
                final long pb = b.getLong("prev_state", -9);
                final long pc = c.getLong("prev_state", -9);
                // the plugin prints R for a preempted task (no '+'); raw and print fmt know it was preempted
                assertThat(pb).isEqualTo(pc);
                if (TaskState.isRunnable((int) pb)) assertThat(TaskState.isRunnable((int) pa)).isTrue();
                else assertThat(pa).isEqualTo(pb);
            }
        }
        assertThat(switches).isGreaterThan(100);
        // the committed head of the default report is the same prefix
        final Trace head = Traces.read("../testdata/generated/trace-cmd-3.1.6_report_default.txt", new ReadOptions(1));
        for (int i = 0; i < head.events().size(); i++) {
            assertThat(head.events().ts(i)).isEqualTo(d.ts(i));
            assertThat(head.events().payload(i)).isEqualTo(d.payload(i));
        }
    }
}
