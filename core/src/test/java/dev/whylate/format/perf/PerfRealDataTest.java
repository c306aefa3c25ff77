package dev.whylate.format.perf;

import static dev.whylate.format.perf.PerfTestSupport.read;
import static dev.whylate.format.perf.PerfTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.perf.PerfTestSupport.Run;
import dev.whylate.model.EventStore;
import dev.whylate.model.Trace;
import dev.whylate.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records sched and irq tracepoints with perf on this machine and reads the same perf.data printed three
 * ways: default, {@code --ns}, and {@code -F comm,pid,tid,cpu,time,event,trace}. All three must give the same
 * events.
 */
class PerfRealDataTest {
    @TempDir
    Path tmp;

    @Test
    void threePrintingsOfOneRecordingAgree() throws Exception {
        Needs.tools("perf");
        final Path data = tmp.resolve("x.data");
        final Run rec = run(List.of("perf", "record", "-q", "-e", "sched:sched_switch,sched:sched_waking,irq:*", "-a",
            "-o", data.toString(), "--", "sh", "-c",
            "dd if=/dev/zero of=/dev/null bs=4k count=30000 2>/dev/null & sleep 0.2; cat /proc/interrupts > /dev/null; sleep 0.3; wait"), null);
        Assumptions.assumeTrue(rec != null && rec.exit() == 0 && Files.exists(data) && Files.size(data) > 0,
            "perf cannot record here (needs root or perf_event_paranoid <= -1 and tracepoints): "
                + (rec == null ? "perf not startable" : "exit " + rec.exit() + ": " + rec.err().strip()));
        final Path def = tmp.resolve("default.txt");
        final Path ns = tmp.resolve("ns.txt");
        final Path fields = tmp.resolve("fields.txt");
        for (final Object[] v : new Object[][] {
            {def, List.of()}, {ns, List.of("--ns")}, {fields, List.of("-F", "comm,pid,tid,cpu,time,event,trace")}}) {
            final List<String> cmd = new ArrayList<>(List.of("perf", "script", "-i", data.toString()));
            @SuppressWarnings("unchecked") final List<String> extra = (List<String>) v[1];
            cmd.addAll(extra);
            final Run r = run(cmd, (Path) v[0]);
            assertThat(r).isNotNull();
            assertThat(r.exit()).as("perf script %s: %s", extra, r.err()).isZero();
        }
        final Trace a = read(new PerfScriptReader(), def, 2);
        final Trace b = read(new PerfScriptReader(), ns, 2);
        final Trace c = read(new PerfScriptReader(), fields, 2);
        for (final Trace t : List.of(a, b, c)) {
            assertThat(t.unparsedCount()).as("%s", t.unparsed()).isZero();
            assertThat(t.truncated()).isNull();
        }
        assertThat(a.events().size()).isGreaterThan(50);
        assertThat(b.events().size()).isEqualTo(a.events().size());
        assertThat(c.events().size()).isEqualTo(a.events().size());
        assertThat(a.meta()).containsEntry("precision", "us");
        assertThat(b.meta()).containsEntry("precision", "ns");
        // same events; --ns timestamps truncated to µs equal the default ones
        assertThat(rows(b, true)).isEqualTo(rows(a, false));
        assertThat(rows(c, false)).isEqualTo(rows(a, false));
        // the ns file really has sub-µs digits
        boolean subMicro = false;
        for (int i = 0; i < b.events().size(); i++) subMicro |= b.events().ts(i) % 1000 != 0;
        assertThat(subMicro).isTrue();
        assertThat(a.events().types().find("sched:sched_switch")).isNotNegative();
        // pid/tid gives tgids; the default print does not
        int withTgid = 0;
        for (final var task : c.tasks().all()) if (task.tgid() >= 0) withTgid++;
        assertThat(withTgid).isEqualTo(c.tasks().size());
        for (final var task : a.tasks().all()) assertThat(task.tgid()).isEqualTo(-1);
    }

    /** Sorted (µs, cpu, tid, type, payload) rows. */
    private static List<String> rows(final Trace t, final boolean truncateToMicros) {
        final EventStore s = t.events();
        final List<String> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            final long ts = truncateToMicros ? s.ts(i) / 1000 * 1000 : s.ts(i);
            out.add(ts + " " + s.cpu(i) + " " + s.tid(i) + " " + s.typeName(i) + " " + s.decoder().text(s, i));
        }
        Collections.sort(out);
        return out;
    }
}
