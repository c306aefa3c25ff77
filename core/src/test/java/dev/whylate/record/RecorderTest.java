package dev.whylate.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.testing.Needs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real recordings on this machine, read back by trace-cmd and cross-checked event by event against an
 * independent decode of the raw pages in the written file, against the kernel's per-CPU stats, and against
 * /proc/interrupts and /proc/softirqs. Needs root, tracefs and trace-cmd (skips otherwise).
 */
class RecorderTest {
    /** Root, tracefs and trace-cmd (to read the recordings back); skips the test otherwise. */
    static void needsTracefs() {
        Needs.tracefs();
        Needs.tools("trace-cmd");
    }

    static String topLevelEvents() throws Exception {
        return Tracefs.readText(Path.of("/sys/kernel/tracing/set_event"));
    }

    @ParameterizedTest(name = "v{0} {1}")
    @CsvSource({"7,ZSTD", "7,NONE", "6,NONE"})
    void traceCmdReportsExactlyTheEventsWritten(final int version, final String comp, @TempDir final Path dir)
        throws Exception {
        needsTracefs();
        final String topBefore = topLevelEvents();
        final Path dat = dir.resolve("t.dat");
        final Recording r = Recorder.builder().preset("sched").events("irq:*", "workqueue", "ipi")
            .fileVersion(version).compression(DatWriter.Compression.valueOf(comp)).bufferKb(4096).output(dat)
            .run(() -> Workloads.mixed(dir, 500));
        assertTracefsRestored(r, topBefore);
        assertThat(r.stopReason()).isEqualTo(Recording.StopReason.CALLBACK_DONE);
        assertThat(r.fileVersion()).isEqualTo(version);
        final TraceCmd.Report rep = assertSameEvents(r);
        final Path conv = dir.resolve("conv.dat");
        final String[] c = TraceCmd.run(List.of("convert", "--file-version", version == 6 ? "7" : "6", "-i", dat.toString(),
            "-o", conv.toString()));
        assertThat(c[2]).as("trace-cmd convert: " + c[1]).isEqualTo("0");
        assertThat(TraceCmd.report(conv).events()).hasSameSizeAs(rep.events());
    }

    /**
     * Issue 3 point 2: whylate's own trace.dat reader sees exactly what trace-cmd prints, per CPU (ns
     * timestamp, event name, thread), for every file version the recorder writes. Skips until a trace.dat
     * reader is registered in the format package.
     */
    @Test
    void whylateReadsTheEventsTraceCmdReports(@TempDir final Path dir) throws Exception {
        needsTracefs();
        final Recording first = Recorder.builder().preset("sched").events("irq", "workqueue").bufferKb(4096)
            .kallsyms(false).output(dir.resolve("v7z.dat")).run(() -> Workloads.mixed(dir, 300));
        try {
            dev.whylate.format.Traces.read(first.dat().toString());
        } catch (final dev.whylate.io.TraceFormatException e) {
            Assumptions.abort("needs whylate's trace.dat reader (not in this build: " + e.getMessage() + ")");
        }
        final List<Path> files = new ArrayList<>(List.of(first.dat()));
        for (final String[] v : new String[][] {{"7", "none"}, {"6", "none"}}) {
            final Path out = dir.resolve("conv" + v[0] + v[1] + ".dat");
            final String[] r = TraceCmd.run(List.of("convert", "--file-version", v[0], "--compression", v[1],
                "-i", first.dat().toString(), "-o", out.toString()));
            assertThat(r[2]).as(r[1]).isEqualTo("0");
            files.add(out);
        }
        final Recording v6 = Recorder.builder().preset("sched").fileVersion(6).kallsyms(false)
            .output(dir.resolve("v6.dat")).run(() -> Workloads.mixed(dir, 200));
        files.add(v6.dat());
        for (final Path f : files) {
            final TraceCmd.Report rep = TraceCmd.report(f);
            final dev.whylate.model.Trace t = dev.whylate.format.Traces.read(f.toString());
            assertThat(t.truncated()).as(f.toString()).isNull();
            final Map<Integer, List<String>> want = new TreeMap<>();
            for (final TraceCmd.Event e : rep.events()) {
                want.computeIfAbsent(e.cpu(), k -> new ArrayList<>()).add(e.ts() + " " + e.name() + " " + e.pid());
            }
            final Map<Integer, List<String>> got = new TreeMap<>();
            final dev.whylate.model.EventStore es = t.events();
            for (int i = 0; i < es.size(); i++) {
                got.computeIfAbsent(es.cpu(i), k -> new ArrayList<>()).add(es.ts(i) + " " + es.typeName(i) + " " + es.tid(i));
            }
            assertThat(got.keySet()).as(f.toString()).isEqualTo(want.keySet());
            for (final int cpu : want.keySet()) sameSequence(got.get(cpu), want.get(cpu), f.getFileName() + " cpu " + cpu);
        }
    }

    @Test
    void realWorkloadShowsSchedIrqSoftirqAndWorkqueue(@TempDir final Path dir) throws Exception {
        needsTracefs();
        Needs.tools("stress-ng");
        final String topBefore = topLevelEvents();
        final Recording r = Recorder.builder().preset("latency").snapshotProc(true).output(dir.resolve("w.dat"))
            .commandOutput(ProcessBuilder.Redirect.DISCARD)
            .run(List.of("sh", "-c", "stress-ng --cpu 1 --cpu-load 50 --sock 1 --sock-ops 1000 -t 1 -q & "
                + "dd if=/dev/zero of=" + dir.resolve("dd.bin") + " bs=64k count=64 oflag=direct,dsync 2>/dev/null; wait"));
        assertTracefsRestored(r, topBefore);
        assertThat(r.stopReason()).isEqualTo(Recording.StopReason.COMMAND_EXIT);
        assertThat(r.commandExit()).isZero();
        for (final String e : List.of("sched_switch", "sched_waking", "sched_wakeup", "irq_handler_entry",
            "softirq_raise", "softirq_entry", "workqueue_queue_work", "workqueue_execute_start", "local_timer_entry",
            "hrtimer_expire_entry")) {
            assertThat(r.count(e)).as(e).isPositive();
        }
        final TraceCmd.Report rep = assertSameEvents(r);

        // The kernel's own counters bound what the trace can hold: every traced hard IRQ, local timer
        // interrupt and softirq happened between the two /proc snapshots.
        final Map<String, long[]> irqDelta = delta(r.procBefore().interrupts(), r.procAfter().interrupts(), r.cpus().size());
        final Map<String, long[]> softDelta = delta(r.procBefore().softirqs(), r.procAfter().softirqs(), r.cpus().size());
        final Map<String, long[]> traced = new TreeMap<>();
        final Map<String, long[]> tracedSoft = new TreeMap<>();
        final Pattern irq = Pattern.compile("irq=(\\d+)");
        final Pattern vec = Pattern.compile("\\[action=(\\w+)\\]");
        for (final TraceCmd.Event e : rep.events()) {
            if (e.name().equals("irq_handler_entry")) {
                final Matcher m = irq.matcher(e.payload());
                assertThat(m.find()).isTrue();
                traced.computeIfAbsent(m.group(1), k -> new long[r.cpus().size()])[e.cpu()]++;
            } else if (e.name().equals("local_timer_entry")) {
                traced.computeIfAbsent("LOC", k -> new long[r.cpus().size()])[e.cpu()]++;
            } else if (e.name().equals("softirq_entry")) {
                final Matcher m = vec.matcher(e.payload());
                assertThat(m.find()).isTrue();
                tracedSoft.computeIfAbsent(m.group(1), k -> new long[r.cpus().size()])[e.cpu()]++;
            }
        }
        assertThat(traced).isNotEmpty();
        assertThat(tracedSoft).isNotEmpty();
        traced.forEach((k, v) -> {
            assertThat(irqDelta).as("/proc/interrupts has " + k).containsKey(k);
            for (int c = 0; c < v.length; c++) assertThat(v[c]).as("IRQ " + k + " on CPU " + c).isLessThanOrEqualTo(irqDelta.get(k)[c]);
        });
        tracedSoft.forEach((k, v) -> {
            assertThat(softDelta).as("/proc/softirqs has " + k).containsKey(k);
            for (int c = 0; c < v.length; c++) assertThat(v[c]).as("softirq " + k + " on CPU " + c).isLessThanOrEqualTo(softDelta.get(k)[c]);
        });
    }

    /** After-minus-before counts per row key ("36", "LOC", "NET_RX") and CPU. */
    static Map<String, long[]> delta(final String before, final String after, final int cpus) {
        final Map<String, long[]> b = counters(before, cpus);
        final Map<String, long[]> a = counters(after, cpus);
        final Map<String, long[]> d = new HashMap<>();
        a.forEach((k, v) -> {
            final long[] x = new long[cpus];
            final long[] was = b.getOrDefault(k, new long[cpus]);
            for (int c = 0; c < cpus; c++) x[c] = v[c] - was[c];
            d.put(k, x);
        });
        return d;
    }

    private static Map<String, long[]> counters(final String text, final int cpus) {
        final Map<String, long[]> m = new HashMap<>();
        for (final String line : text.split("\n")) {
            final int colon = line.indexOf(':');
            if (colon < 0) continue;
            final String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < cpus) continue;
            final long[] v = new long[cpus];
            try {
                for (int c = 0; c < cpus; c++) v[c] = Long.parseLong(f[c]);
            } catch (final NumberFormatException e) {
                continue;
            }
            m.put(line.substring(0, colon).trim(), v);
        }
        return m;
    }

    static void assertTracefsRestored(final Recording r, final String topBefore) throws Exception {
        assertThat(Path.of("/sys/kernel/tracing/instances", r.instance())).doesNotExist();
        assertThat(topLevelEvents()).isEqualTo(topBefore);
        for (final String name : Tracefs.locate().whylateInstances()) {
            assertThat(name).doesNotStartWith(Tracefs.INSTANCE_PREFIX + ProcessHandle.current().pid() + "-");
        }
    }

    /**
     * Decodes every CPU's pages from the written file independently ({@link RawPages}) and checks that
     * (1) the recorder's counts, (2) the kernel's "read events" and (3) trace-cmd's event list per CPU (ns
     * timestamp, event name, pid) all equal that decode.
     */
    static TraceCmd.Report assertSameEvents(final Recording r) throws Exception {
        final boolean zstd = r.compression().equals("zstd");
        final Map<Integer, RawPages.Cpu> decoded = new TreeMap<>();
        for (final DatWriter.CpuSection s : r.sections()) {
            final byte[] data = RawPages.cpuData(r.dat(), s.offset(), s.storedBytes(), s.rawBytes(), zstd && s.rawBytes() > 0);
            assertThat(data.length).isEqualTo(s.rawBytes());
            decoded.put(s.cpu(), RawPages.decode(s.cpu(), data, r.pageSize()));
        }
        final Set<String> enabled = new java.util.HashSet<>();
        for (final String e : r.events()) enabled.add(e.substring(e.indexOf(':') + 1));
        final TraceCmd.Report rep = TraceCmd.report(r.dat());
        assertThat(rep.exit()).isZero();
        assertThat(rep.stderr()).as("trace-cmd report stderr").isBlank();
        assertThat(rep.cpus()).isEqualTo(r.cpus().size());
        long total = 0;
        int visibleMarks = 0;
        for (final Recording.CpuResult c : r.cpus()) {
            final RawPages.Cpu d = decoded.get(c.cpu());
            final List<RawPages.Ev> evs = d == null ? List.of() : d.events();
            assertThat(c.events()).as("recorder count, cpu " + c.cpu()).isEqualTo(evs.size());
            assertThat(c.kernelRead()).as("kernel 'read events', cpu " + c.cpu()).isEqualTo(evs.size());
            assertThat(c.entriesLeft()).as("unread entries, cpu " + c.cpu()).isZero();
            assertThat(c.lossMarks()).isEqualTo(d == null ? 0 : d.lossMarks());
            final List<String> want = new ArrayList<>();
            for (final RawPages.Ev e : evs) {
                final String name = r.eventIds().get(e.type());
                assertThat(name).as("type id " + e.type()).isNotNull();
                want.add(e.ts() + " " + name.substring(name.indexOf(':') + 1) + " " + e.pid());
            }
            final List<String> got = new ArrayList<>();
            for (final TraceCmd.Event e : rep.events()) {
                if (e.cpu() == c.cpu()) got.add(e.ts() + " " + e.name() + " " + e.pid());
            }
            sameSequence(got, want, "trace-cmd events of cpu " + c.cpu());
            total += evs.size();
            visibleMarks += d == null ? 0 : d.visibleMarks();
        }
        assertThat(rep.events()).hasSize((int) total);
        assertThat(rep.dropped()).hasSize(visibleMarks);
        final Set<String> names = new java.util.TreeSet<>();
        for (final TraceCmd.Event e : rep.events()) names.add(e.name());
        assertThat(enabled).containsAll(names);
        return rep;
    }

    /** Equal lists, failing with the first difference and its neighbourhood (linear, unlike containsExactly). */
    static void sameSequence(final List<String> got, final List<String> want, final String what) {
        final int n = Math.min(got.size(), want.size());
        int i = 0;
        while (i < n && got.get(i).equals(want.get(i))) i++;
        if (i == n && got.size() == want.size()) return;
        final int from = Math.max(0, i - 3);
        throw new AssertionError(what + ": first difference at index " + i + " (sizes " + got.size() + " vs expected "
            + want.size() + ")\n got:      " + got.subList(from, Math.min(got.size(), i + 4))
            + "\n expected: " + want.subList(from, Math.min(want.size(), i + 4)));
    }
}
