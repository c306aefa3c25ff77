package dev.whylate.analysis.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.filter.EventFilter;
import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.EventStore;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.Fields;
import dev.whylate.model.Trace;
import dev.whylate.record.Recorder;
import dev.whylate.testing.Needs;
import dev.whylate.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Block I/O latency by request ({@code --key sector}), recorded for real: dd writes and reads a file with
 * O_DIRECT in 64 KiB requests while whylate records block_rq_issue/complete. The trace.dat, the tracefs text
 * and {@code trace-cmd report} text of that one buffer must decode every block event to the same fields and
 * give the same issue → complete cycles (the text forms print microseconds). Skipped without root/tracefs,
 * dd or a block device under /tmp.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockKeyRecordingTest {
    private static final int REQUESTS = 120;
    private Path dir;
    private Trace dat;
    private Trace text;

    @BeforeAll
    void record() throws Exception {
        Needs.tracefs();
        Needs.tools("dd");
        dir = Files.createTempDirectory("whylate-block");
        final Path f = dir.resolve("data");
        final String cmd = "dd if=/dev/zero of=" + f + " bs=64k count=" + REQUESTS + " oflag=direct 2>/dev/null && dd if=" + f
            + " of=/dev/null bs=64k iflag=direct 2>/dev/null";
        Recorder.builder().events("block:block_rq_issue", "block:block_rq_complete").bufferKb(4096)
            .output(dir.resolve("trace.dat")).textOutput(dir.resolve("trace.txt")).run(List.of("sh", "-c", cmd));
        dat = Traces.read(dir.resolve("trace.dat").toString(), ReadOptions.defaults());
        text = Traces.read(dir.resolve("trace.txt").toString(), ReadOptions.defaults());
    }

    @AfterAll
    void clean() throws Exception {
        if (dir != null) Programs.deleteTree(dir);
        Programs.assertNoInstanceLeft();
    }

    private static CyclesResult cycles(final Trace t) throws Exception {
        final CycleOptions o = new CycleOptions(EventFilter.parse("block_rq_issue", t.events().types()),
            EventFilter.parse("block_rq_complete", t.events().types()), 1_000_000, -1, false, CycleOptions.Explain.NONE, 0, CycleKey.parse("sector"));
        return Cycles.run(t, null, o);
    }

    @Test
    void everyBlockEventDecodesAlikeInTextAndDat() throws Exception {
        final List<int[]> pairs = samePositions(dat.events(), text.events());
        assertThat(pairs).hasSizeGreaterThanOrEqualTo(2 * REQUESTS);
        final FieldCursor cd = dat.events().cursor();
        final FieldCursor ct = text.events().cursor();
        for (final int[] p : pairs) {
            final Fields fd = cd.load(p[0]);
            final Fields ft = ct.load(p[1]);
            for (final String name : new String[] {"dev", "sector", "nr_sector", "ioprio"}) {
                assertThat(ft.getLong(name, -1)).as(name + " of " + dat.events().typeName(p[0])).isEqualTo(fd.getLong(name, -2));
            }
            assertThat(ft.getString("rwbs")).isEqualTo(fd.getString("rwbs"));
        }
    }

    @Test
    void issueToCompleteBySectorIsTheSameCyclesInEveryForm() throws Exception {
        final CyclesResult d = cycles(dat);
        final CyclesResult t = cycles(text);
        // 2 x REQUESTS requests of 64 KiB, possibly split by the device's limits; other tasks' I/O meanwhile (the
        // journal) may issue a sector again before it completed (a requeue): the older one is then lost, alike
        assertThat(d.cycles()).isGreaterThanOrEqualTo(2 * REQUESTS).isEqualTo(t.cycles());
        assertThat(d.lost()).isEqualTo(t.lost()).isLessThanOrEqualTo(d.cycles() / 20);
        assertThat(d.unfinished()).isLessThanOrEqualTo(1);
        for (int k = 0; k < d.items().size(); k++) {
            // the text's microseconds are the kernel's rounding of the same nanoseconds
            assertThat(Math.abs(d.items().get(k).latencyNs() - t.items().get(k).latencyNs())).isLessThanOrEqualTo(1000);
        }
        Needs.tools("trace-cmd");
        final Path report = dir.resolve("report.txt");
        final Process p = new ProcessBuilder("trace-cmd", "report", dir.resolve("trace.dat").toString()).redirectOutput(report.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        final Trace r = Traces.read(report.toString(), ReadOptions.defaults());
        final CyclesResult rc = cycles(r);
        assertThat(rc.cycles()).isEqualTo(d.cycles());
        assertThat(rc.latency().max()).isBetween(d.latency().max() - 1000, d.latency().max() + 1000);
    }

    /** Block events of two readings of one buffer paired by CPU and order on that CPU (ties may sort differently across CPUs). */
    private static List<int[]> samePositions(final EventStore a, final EventStore b) {
        final Map<Integer, List<Integer>> pa = perCpu(a);
        final Map<Integer, List<Integer>> pb = perCpu(b);
        assertThat(pb.keySet()).isEqualTo(pa.keySet());
        final List<int[]> out = new ArrayList<>();
        for (final Map.Entry<Integer, List<Integer>> e : pa.entrySet()) {
            final List<Integer> x = e.getValue();
            final List<Integer> y = pb.get(e.getKey());
            assertThat(y).hasSameSizeAs(x);
            for (int k = 0; k < x.size(); k++) {
                assertThat(b.typeName(y.get(k))).isEqualTo(a.typeName(x.get(k)));
                out.add(new int[] {x.get(k), y.get(k)});
            }
        }
        return out;
    }

    private static Map<Integer, List<Integer>> perCpu(final EventStore s) {
        final Map<Integer, List<Integer>> m = new HashMap<>();
        for (int i = 0; i < s.size(); i++) if (s.typeName(i).startsWith("block_")) m.computeIfAbsent(s.cpu(i), c -> new ArrayList<>()).add(i);
        return m;
    }
}
