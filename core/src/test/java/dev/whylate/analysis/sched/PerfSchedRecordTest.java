package dev.whylate.analysis.sched;

import static dev.whylate.format.perf.PerfTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.perf.PerfTestSupport.Run;
import dev.whylate.model.Trace;
import dev.whylate.testing.Needs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a mixed workload (stress-ng on one CPU plus a shell loop of {@code sleep 0.001} and {@code dd}) with
 * {@code perf sched record} on this machine, prints it with {@code perf script --ns}, and compares every row
 * of {@code perf sched latency}, {@code perf sched latency -p} and {@code perf sched timehist} of the same
 * perf.data with whylate's numbers from the script text. Task names come from the text, except for tasks
 * that exec'd after their last event there: perf knows those from COMM records, which {@code perf script}
 * prints only with {@code --show-task-events}, so the test takes them from that printing.
 */
class PerfSchedRecordTest {
    @TempDir
    Path tmp;

    private static final String WORKLOAD = "(command -v stress-ng >/dev/null && timeout 4 stress-ng --cpu 1 --timeout 1 --quiet"
        + " || timeout 1 sh -c 'while :; do :; done') & for i in $(seq 40); do sleep 0.001;"
        + " dd if=/dev/zero of=/dev/null bs=4k count=20 2>/dev/null; done; wait";

    /** perf's version as (major, minor), or null. */
    static int[] perfVersion() {
        final Run r = run(List.of("perf", "version"), null);
        if (r == null || r.exit() != 0) return null;
        final Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(r.out());
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
    }

    private String perf(final List<String> args) throws Exception {
        final Path out = Files.createTempFile(tmp, "perf", ".txt");
        final List<String> cmd = new ArrayList<>(List.of("perf"));
        cmd.addAll(args);
        final Run r = run(cmd, out);
        assertThat(r).isNotNull();
        assertThat(r.exit()).as("%s: %s", cmd, r.err()).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void everyRowEqualsPerfOnAFreshRecording() throws Exception {
        Needs.tools("perf");
        final int[] v = perfVersion();
        Assumptions.assumeTrue(v != null, "cannot tell the perf version");
        final Path data = tmp.resolve("sched.data");
        final Run rec = run(List.of("timeout", "30", "perf", "sched", "record", "-o", data.toString(), "--", "sh", "-c", WORKLOAD), null);
        Assumptions.assumeTrue(rec != null && rec.exit() == 0 && Files.exists(data) && Files.size(data) > 0,
            "perf sched record cannot record here (needs root or perf_event_paranoid <= -1 and sched tracepoints): "
                + (rec == null ? "perf not startable" : "exit " + rec.exit() + ": " + rec.err().strip()));
        final Path script = tmp.resolve("script.txt");
        Files.writeString(script, perf(List.of("script", "-i", data.toString(), "--ns")), StandardCharsets.UTF_8);
        final String lat = perf(List.of("sched", "latency", "-i", data.toString()));
        final String latP = perf(List.of("sched", "latency", "-p", "-i", data.toString()));
        final String hist = perf(List.of("sched", "timehist", "-i", data.toString()));
        // perf knows a task's comm from COMM records even when the task exec'd after its last sample (other
        // users' shell scripts do); perf script prints those records only with --show-task-events
        final Map<Integer, String> execs = new HashMap<>();
        final Matcher cm = Pattern.compile("PERF_RECORD_COMM(?: exec)?: (.*):(-?\\d+)/(-?\\d+)").matcher(
            perf(List.of("script", "-i", data.toString(), "--show-task-events", "-F", "tid")));
        while (cm.find()) execs.put(Integer.parseInt(cm.group(3)), cm.group(1));
        final Trace t = PerfCompatTest.read(script);
        assertThat(t.unparsedCount()).as("%s", t.unparsed()).isZero();
        final IntFunction<String> scriptComms = PerfLatency.perfComms(t.tasks());
        final IntFunction<String> comms = tid -> execs.getOrDefault(tid, scriptComms.apply(tid));
        assertThat(t.events().size()).isGreaterThan(500);
        final List<PerfDialect> candidates = v[0] == 6 && v[1] == 1 ? List.of(PerfDialect.PERF_6_1)
            : List.of(PerfDialect.UPSTREAM, PerfDialect.PERF_6_1);
        AssertionError last = null;
        for (final PerfDialect d : candidates) {
            try {
                final SchedScan scan = new SchedScan(t);
                final PerfLatency pl = new PerfLatency(d, scan.has(SchedEvent.WAKING), null);
                scan.run(pl);
                PerfCompatTest.assertLatency(pl.rows(comms, false, PerfLatency.DEFAULT_SORT), lat, false);
                PerfCompatTest.assertLatency(pl.rows(comms, true, PerfLatency.DEFAULT_SORT), latP, false);
                PerfCompatTest.assertTimehist(Sched.timehist(t, SchedOptions.defaults().withDialect(d)), hist, false);
                return;
            } catch (AssertionError e) {
                last = e;
            }
        }
        // keep the evidence for a look: target/perf-sched-record-failure/
        final Path keep = Path.of("target", "perf-sched-record-failure");
        Files.createDirectories(keep);
        Files.copy(script, keep.resolve("script.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(keep.resolve("latency.txt"), lat, StandardCharsets.UTF_8);
        Files.writeString(keep.resolve("latency-p.txt"), latP, StandardCharsets.UTF_8);
        Files.writeString(keep.resolve("timehist.txt"), hist, StandardCharsets.UTF_8);
        throw new AssertionError("perf " + v[0] + "." + v[1] + ": no dialect reproduces it (inputs kept in " + keep.toAbsolutePath() + ")", last);
    }
}
