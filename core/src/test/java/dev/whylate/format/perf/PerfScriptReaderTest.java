package dev.whylate.format.perf;

import static dev.whylate.format.perf.PerfTestSupport.TESTDATA;
import static dev.whylate.format.perf.PerfTestSupport.awk;
import static dev.whylate.format.perf.PerfTestSupport.read;
import static dev.whylate.format.perf.PerfTestSupport.readText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.io.Input;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import dev.whylate.model.Lost;
import dev.whylate.model.Trace;
import dev.whylate.model.Unparsed;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PerfScriptReaderTest {
    private static final PerfScriptReader R = new PerfScriptReader();

    @TempDir
    Path tmp;

    static Stream<Path> perfScriptFiles() throws IOException {
        try (Stream<Path> s = Files.list(TESTDATA.resolve("generated"))) {
            final List<Path> l = s.filter(p -> p.getFileName().toString().startsWith("perf-") && p.getFileName().toString().contains("_script_"))
                .sorted().toList();
            assertThat(l).as("perf script files in testdata/generated").hasSizeGreaterThanOrEqualTo(3);
            return l.stream();
        }
    }

    /**
     * Every event line, as awk sees it independently: the field that looks like {@code [ddd]} is the CPU, the
     * one before it the thread, the next two the time and the event.
     */
    private static List<String> awkEvents(final Path f) {
        return awk("{ for (i = 2; i <= NF; i++) if ($i ~ /^\\[[0-9]+\\]$/) { t = $(i-1); sub(/.*\\//, \"\", t);"
            + " e = $(i+2); sub(/:$/, \"\", e); tm = $(i+1); sub(/:$/, \"\", tm); print tm, substr($i, 2, length($i) - 2) + 0, t, e; break } }", f);
    }

    private static long ns(final String decimalSeconds) {
        return new BigDecimal(decimalSeconds).movePointRight(9).longValueExact();
    }

    private static String fullName(final EventStore s, final int i) {
        final String sys = s.types().system(s.type(i));
        return sys == null ? s.typeName(i) : sys + ":" + s.typeName(i);
    }

    @ParameterizedTest
    @MethodSource("perfScriptFiles")
    void generatedFileParsesFullyAndMatchesAwk(final Path f) throws Exception {
        final Trace t = read(R, f, 2);
        assertThat(t.format()).isEqualTo("perf-script");
        assertThat(t.unparsedCount()).as("unparsed: %s", t.unparsed()).isZero();
        assertThat(t.truncated()).isNull();
        final EventStore s = t.events();

        final List<String> expected = new ArrayList<>();
        final Map<String, Integer> expectedByType = new TreeMap<>();
        for (final String line : awkEvents(f)) {
            final String[] p = line.split(" ");
            expected.add(ns(p[0]) + " " + p[1] + " " + p[2] + " " + p[3]);
            expectedByType.merge(p[3], 1, Integer::sum);
        }
        final List<String> actual = new ArrayList<>();
        final Map<String, Integer> byType = new TreeMap<>();
        for (int i = 0; i < s.size(); i++) {
            actual.add(s.ts(i) + " " + s.cpu(i) + " " + s.tid(i) + " " + fullName(s, i));
            byType.merge(fullName(s, i), 1, Integer::sum);
            assertThat(s.ctx(i)).isZero();
        }
        assertThat(byType).isEqualTo(expectedByType);
        Collections.sort(expected);
        Collections.sort(actual);
        assertThat(actual).isEqualTo(expected);
        // every line that is not a frame, blank or comment is an event
        long eventLines = 0;
        for (final String l : Files.readAllLines(f)) if (!l.isBlank() && !l.startsWith("\t") && !l.startsWith("#")) eventLines++;
        assertThat((long) s.size()).isEqualTo(eventLines);
    }

    @Test
    void callchainsAreAttachedAsStacks() throws Exception {
        final Path f = TESTDATA.resolve("generated/perf-6.1_script_callchain_head400.txt");
        final Trace t = read(R, f, 1);
        // independent: walk the lines, count headers followed by frames and collect (time, frames) per block
        final List<String> lines = Files.readAllLines(f);
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            final String l = lines.get(i);
            if (l.isBlank() || l.startsWith("\t")) continue;
            int j = i + 1;
            final List<String> frames = new ArrayList<>();
            while (j < lines.size() && lines.get(j).startsWith("\t")) frames.add(lines.get(j++).trim());
            if (frames.isEmpty()) continue;
            final String time = l.replaceAll("^.*\\] +([0-9.]+): .*$", "$1");
            expected.add(ns(time) + " " + frames.size() + " " + frames.get(0).replaceFirst("^[0-9a-f]+ ", ""));
        }
        assertThat(expected).isNotEmpty();
        final EventStore s = t.events();
        assertThat(s.stackCount()).isEqualTo(expected.size());
        final List<String> actual = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            final String[] st = s.stack(i);
            if (st != null) actual.add(s.ts(i) + " " + st.length + " " + st[0]);
        }
        Collections.sort(expected);
        Collections.sort(actual);
        assertThat(actual).isEqualTo(expected);
        final String[] first = s.stack(0);
        assertThat(first[0]).isEqualTo("__schedule+0x618 ([kernel.kallsyms])");
        assertThat(first[1]).isEqualTo("schedule+0x23 ([kernel.kallsyms])");
        boolean sawUnknown = false;
        for (int i = 0; i < s.size(); i++) {
            final String[] st = s.stack(i);
            if (st != null) for (final String fr : st) if (fr.contains("[unknown]")) {
                assertThat(fr).matches("0x[0-9a-f]+ \\[unknown\\] \\(.*\\)");
                sawUnknown = true;
            }
        }
        assertThat(sawUnknown).isTrue();
        // the callchain header's comm is unpadded; the comm of C1 CompilerThre (with a space) survives
        assertThat(t.tasks().comm(8100)).isEqualTo("C1 CompilerThre");
    }

    @Test
    void defaultLinesCommWithSpacesSwapperAndFields() throws Exception {
        final String text = ""
            + " C2 CompilerThre  7549 [001]   249.513405: sched:sched_stat_runtime: comm=C2 CompilerThre pid=7549 runtime=3725157 [ns]\n"
            + "         swapper     0 [000]   249.509473:       sched:sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=java next_pid=7537 next_prio=120\n"
            + "            perf  7906 [001]   260.569521:    irq:irq_handler_entry: irq=36 name=virtio1-req.0\n"
            + " foo [1] bar 12    345 [003]   260.569600:   irq_vectors:local_timer_entry: vector=236\n"
            + "            perf  7906 [001]   260.569700:        irq:irq_handler_exit:\n"
            + " odd 1 [2] name    77 [001]   260.569800:           syscalls:sys_enter_read: fd: 0x00000033, buf: 0x7ffdf3c84420, count: 0x00000fff\n"
            + "            perf  7906 [001]   260.569900:            syscalls:sys_exit_read: 0x582\n";
        final Trace t = readText(R, tmp, "default.txt", text);
        final EventStore s = t.events();
        assertThat(s.size()).isEqualTo(7);
        assertThat(t.unparsedCount()).as("%s", t.unparsed()).isZero();
        // sorted by time: swapper first
        assertThat(s.typeName(0)).isEqualTo("sched_switch");
        assertThat(s.types().system(s.type(0))).isEqualTo("sched");
        assertThat(s.tid(0)).isZero();
        assertThat(s.cpu(0)).isZero();
        assertThat(s.ts(0)).isEqualTo(249_509_473_000L);
        assertThat(s.ts(1)).isEqualTo(249_513_405_000L);
        assertThat(s.tid(1)).isEqualTo(7549);
        assertThat(s.cpu(1)).isEqualTo(1);
        assertThat(t.tasks().comm(7549)).isEqualTo("C2 CompilerThre");
        assertThat(t.tasks().comm(0)).isEqualTo("swapper");
        assertThat(t.tasks().comm(345)).isEqualTo("foo [1] bar 12");
        assertThat(s.types().find("irq:irq_handler_entry")).isEqualTo(s.type(2));
        final Fields f = s.cursor().load(2);
        assertThat(f.getInt("irq", -1)).isEqualTo(36);
        assertThat(f.getString("name")).isEqualTo("virtio1-req.0");
        assertThat(s.decoder().text(s, 2)).isEqualTo("irq=36 name=virtio1-req.0");
        assertThat(s.cursor().load(1).getLong("runtime", -1)).isEqualTo(3725157L);
        assertThat(s.tid(3)).isEqualTo(345);
        assertThat(s.cpu(3)).isEqualTo(3);
        assertThat(s.decoder().text(s, 4)).isEmpty();
        assertThat(s.cursor().load(4).size()).isZero();
        assertThat(t.meta()).containsEntry("precision", "us");
        // per-syscall events: name without subsystem, system kept, payload handed over exactly as printed
        assertThat(s.typeName(5)).isEqualTo("sys_enter_read");
        assertThat(s.types().system(s.type(5))).isEqualTo("syscalls");
        assertThat(s.tid(5)).isEqualTo(77);
        assertThat(t.tasks().comm(77)).isEqualTo("odd 1 [2] name");
        assertThat(s.decoder().text(s, 5)).isEqualTo("fd: 0x00000033, buf: 0x7ffdf3c84420, count: 0x00000fff");
        assertThat(s.typeName(6)).isEqualTo("sys_exit_read");
        assertThat(s.decoder().text(s, 6)).isEqualTo("0x582");
    }

    @Test
    void pidTidGivesTgid() throws Exception {
        final Trace t = readText(R, tmp, "pidtid.txt", ""
            + " C2 CompilerThre  7515/7549  [001]   249.513405: sched:sched_stat_runtime: comm=C2 CompilerThre pid=7549 runtime=3725157 [ns]\n"
            + "     migration/0    18/18    [000]   496.607586:    sched:sched_waking: comm=perf pid=7598 prio=120 target_cpu=000\n");
        final EventStore s = t.events();
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.tid(0)).isEqualTo(7549);
        assertThat(t.tasks().tgid(7549)).isEqualTo(7515);
        assertThat(t.tasks().tgid(18)).isEqualTo(18);
        assertThat(t.tasks().comm(18)).isEqualTo("migration/0");
        assertThat(s.cursor().load(1).getInt("target_cpu", -1)).isZero();
    }

    @Test
    void nanosecondTimestampsAreExact() throws Exception {
        final Trace t = readText(R, tmp, "ns.txt", ""
            + "            perf  7700 [000]   249.507445225:       sched:sched_switch: prev_comm=perf prev_pid=7700\n"
            + "            perf  7700 [000] 4294967295.999999999:       sched:sched_switch: prev_comm=perf prev_pid=7700\n");
        assertThat(t.events().ts(0)).isEqualTo(249_507_445_225L);
        assertThat(t.events().ts(1)).isEqualTo(4_294_967_295_999_999_999L);
        assertThat(t.meta()).containsEntry("precision", "ns");
    }

    @Test
    void periodLatencyFormatAndHeader() throws Exception {
        final Trace t = readText(R, tmp, "variants.txt", ""
            + "# ========\n"
            + "# captured on    : Sun Nov 22 13:14:59 2026\n"
            + "# hostname : vm\n"
            + "# os release : 6.18.44-fc-v769\n"
            + "# perf version : 6.1.192\n"
            + "# nrcpus online : 2\n"
            + "# event : name = sched:sched_switch, , id = { 12, 13 }, type = 2, size = 128\n"
            + "# ========\n"
            + "#\n"
            + "            perf  7598 [000]   496.607576:          1    sched:sched_waking: comm=migration/0 pid=18 prio=0 target_cpu=000\n"
            + "    perf  7598   1   496.607583:    sched:sched_switch: prev_comm=perf prev_pid=7598 prev_prio=120 prev_state=D ==> next_comm=migration/0 next_pid=18 next_prio=0\n"
            + "migratio    18   0   496.607586:    sched:sched_waking: comm=perf pid=7598 prio=120 target_cpu=000\n");
        assertThat(t.unparsedCount()).as("%s", t.unparsed()).isZero();
        final EventStore s = t.events();
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.typeNames()).containsExactly("sched_waking", "sched_switch", "sched_waking");
        assertThat(s.cpu(1)).isEqualTo(1);
        assertThat(s.tid(2)).isEqualTo(18);
        assertThat(s.cursor().load(0).getInt("pid", -1)).isEqualTo(18);
        assertThat(t.tasks().comm(18)).isEqualTo("migratio");
        assertThat(t.cpus()).isEqualTo(2);
        assertThat(t.meta()).containsEntry("hostname", "vm").containsEntry("kernel", "6.18.44-fc-v769")
            .containsEntry("perf-version", "6.1.192").containsEntry("captured-on", "Sun Nov 22 13:14:59 2026");
    }

    @Test
    void lostAndSidebandLines() throws Exception {
        final Trace t = readText(R, tmp, "lost.txt", ""
            + "            perf  8016 [001]   527.915152:  raw_syscalls:sys_exit: NR 1 = 952\n"
            + "              dd  8019 [000]   527.915152: PERF_RECORD_LOST lost 40\n"
            + "              dd  8019 [000]   527.915152: raw_syscalls:sys_enter: NR 0 (0, 55c9ed0a9000, 10, 7f8fb02414f0, 0, 0)\n"
            + "     process_api     0 [000]     0.000000: PERF_RECORD_COMM: process_api:1/1\n");
        assertThat(t.events().size()).isEqualTo(2);
        assertThat(t.lost()).containsExactly(new Lost(527_915_152_000L, 0, 40));
        assertThat(t.lostEvents()).isEqualTo(40);
        assertThat(t.unparsedCount()).isEqualTo(1);
        assertThat(t.unparsed().get(0).line()).isEqualTo(4);
        assertThat(t.unparsed().get(0).reason()).contains("side-band").contains("PERF_RECORD_COMM");
    }

    @Test
    void callchainBlocksAndOrphanFrames() throws Exception {
        final Trace t = readText(R, tmp, "cc.txt", ""
            + "perf  8115 [000]   265.356005: sched:sched_switch: prev_comm=perf prev_pid=8115 prev_prio=120 prev_state=D ==> next_comm=migration/0 next_pid=18 next_prio=0\n"
            + "\tffffffff821facd8 __schedule+0x618 ([kernel.kallsyms])\n"
            + "\t           ee137 sched_setaffinity@@GLIBC_2.3.4+0x7 (/usr/lib/x86_64-linux-gnu/libc.so.6)\n"
            + "\n"
            + "\tffffffff821facd8 __schedule+0x618 ([kernel.kallsyms])\n"
            + "migration/0    18 [000]   265.357628: sched:sched_switch: prev_comm=migration/0 prev_pid=18 prev_prio=0 prev_state=S ==> next_comm=C1 CompilerThre next_pid=8100 next_prio=120\n"
            + "\n");
        final EventStore s = t.events();
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.stack(0)).containsExactly("__schedule+0x618 ([kernel.kallsyms])",
            "sched_setaffinity@@GLIBC_2.3.4+0x7 (/usr/lib/x86_64-linux-gnu/libc.so.6)");
        assertThat(s.stack(1)).isNull();
        assertThat(t.unparsedCount()).isEqualTo(1);
        assertThat(t.unparsed().get(0).line()).isEqualTo(5);
        assertThat(t.unparsed().get(0).reason()).contains("callchain frame without a sample");
    }

    @Test
    void badLinesAreReportedWithLineNumbers() throws Exception {
        final Trace t = readText(R, tmp, "bad.txt", ""
            + "            perf  7700 [000]   249.507445:       sched:sched_switch: prev_comm=perf\n"
            + "            bash-4163    [000] d..1.   162.192846: tlb_flush: pages:-1 reason:local MM shootdown (3)\n"
            + "            perf  99999999999 [000]   249.507446:       sched:sched_switch: x=1\n"
            + "            perf  7700 [70000]   249.507447:       sched:sched_switch: x=1\n"
            + "            perf  7700 [000]   249.507448:       no event name here\n"
            + "              dd  9236   655.035696:    1001001 cpu-clock: \n"
            + "            perf  7700 [000]   249.507449:       sched:sched_switch: prev_comm=perf\n");
        assertThat(t.events().size()).isEqualTo(2);
        assertThat(t.unparsedCount()).isEqualTo(5);
        assertThat(t.unparsed()).extracting(Unparsed::line).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(t.unparsed().get(3).reason()).contains("event name");
        assertThat(t.unparsed().get(4).reason()).contains("without a CPU column");
        assertThat(t.truncated()).isNull();
    }

    @Test
    void truncatedLastLineIsDroppedAndReported() throws Exception {
        final Trace t = readText(R, tmp, "trunc.txt", ""
            + "            perf  7700 [000]   249.507445:       sched:sched_switch: prev_comm=perf prev_pid=7700\n"
            + "            perf  7700 [000]   249.507446:       sched:sched_switch: prev_comm=perf prev_pi");
        assertThat(t.events().size()).isEqualTo(1);
        assertThat(t.truncated()).contains("line 2");
    }

    @Test
    void inputWithoutEventsIsAFormatError() throws Exception {
        final Path p = tmp.resolve("garbage.txt");
        Files.writeString(p, "hello world\nthis is not perf\n");
        assertThatThrownBy(() -> read(R, p, 1)).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("no perf script events").hasMessageContaining("line 1");
        final Path bin = tmp.resolve("garbage.bin");
        final byte[] junk = new byte[4096];
        new java.util.Random(42).nextBytes(junk);
        Files.write(bin, junk);
        assertThatThrownBy(() -> read(R, bin, 2)).isInstanceOf(TraceFormatException.class);
        final Path cut = tmp.resolve("cut.txt");
        Files.writeString(cut, "            perf  7700 [000]   249.50");
        assertThatThrownBy(() -> read(R, cut, 1)).isInstanceOf(TraceFormatException.class).hasMessageContaining("line 1");
    }

    @Test
    void parallelChunksGiveTheSameTraceAsOneThread() throws Exception {
        // several copies of the callchain and the syscall files, with a bad line in the middle
        final StringBuilder b = new StringBuilder();
        final String cc = Files.readString(TESTDATA.resolve("generated/perf-6.1_script_callchain_head400.txt"));
        final String sys = Files.readString(TESTDATA.resolve("generated/perf-6.1_script_irq_wq_ipi_syscalls_head3000.txt"));
        for (int k = 0; k < 3; k++) {
            b.append(cc).append(sys);
            if (k == 1) b.append("this line is not perf\n");
        }
        final Path p = tmp.resolve("big.txt");
        Files.writeString(p, b.toString(), StandardCharsets.UTF_8);
        final Trace one = read(new PerfScriptReader(), p, 1);
        final Trace many;
        try (Input in = Input.open(p.toString())) {
            many = new PerfScriptReader(20_000).read(in, new ReadOptions(4));
        }
        assertThat(PerfScriptReader.bounds(openBytes(p), 30).length).isGreaterThan(10);
        final EventStore a = one.events();
        final EventStore c = many.events();
        assertThat(c.size()).isEqualTo(a.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(c.ts(i)).isEqualTo(a.ts(i));
            assertThat(c.cpu(i)).isEqualTo(a.cpu(i));
            assertThat(c.tid(i)).isEqualTo(a.tid(i));
            assertThat(c.typeName(i)).isEqualTo(a.typeName(i));
            assertThat(c.payload(i)).isEqualTo(a.payload(i));
            assertThat(c.stack(i)).isEqualTo(a.stack(i));
        }
        assertThat(c.stackCount()).isEqualTo(a.stackCount()).isGreaterThan(0);
        assertThat(many.unparsed()).isEqualTo(one.unparsed());
        assertThat(one.unparsedCount()).isEqualTo(1);
        final long badLine = Files.readAllLines(p).indexOf("this line is not perf") + 1;
        assertThat(one.unparsed().get(0).line()).isEqualTo(badLine);
        assertThat(many.tasks().size()).isEqualTo(one.tasks().size());
    }

    private static dev.whylate.io.MappedBytes openBytes(final Path p) throws IOException {
        return dev.whylate.io.MappedBytes.open(p);
    }

    @Test
    void sniffTellsPerfFromOtherTextFormats() throws Exception {
        for (final Path f : perfScriptFiles().toList()) {
            assertThat(R.sniff(head(f))).as(f.toString()).isGreaterThanOrEqualTo(85);
            try (Input in = Input.open(f.toString())) {
                assertThat(Traces.detect(in).name()).isEqualTo("perf-script");
            }
        }
        for (final String other : List.of("generated/ftrace_6.18_default_head2000.txt", "generated/ftrace_6.18_record-tgid_head400.txt",
            "generated/ftrace_6.18_latency-format_head30.txt", "generated/trace-cmd-3.1.6_report_default.txt",
            "generated/trace-cmd-3.1.6_report_-l.txt", "generated/trace-cmd-3.1.6_report_-R.txt",
            "generated/trace-cmd-3.1.6_report_--ts-diff.txt", "generated/sysdig-0.29.3_curl_google.txt",
            "generated/perf-6.1_sched_timehist.txt", "generated/perf-6.1_sched_latency.txt",
            "public/tracecompass-incubator/trace-critical-path", "public/lisa/trace_txt-trace.txt",
            "public/tracecompass-incubator/ftrace_syscalls.txt", "public/trappy/trace.dat")) {
            assertThat(R.sniff(head(TESTDATA.resolve(other)))).as(other).isZero();
        }
    }

    /** perf script -F without the cpu or time field: the error says which column to add. */
    @Test
    void missingCpuOrTimeColumnsAreNamed() throws IOException {
        final StringBuilder noCpu = new StringBuilder();
        final StringBuilder noTime = new StringBuilder();
        for (int k = 0; k < 30; k++) {
            noCpu.append("            perf 17566 22052.4871").append(String.format("%05d", k))
                .append(":                     sched:sched_waking: comm=migration/0 pid=18 prio=0 target_cpu=000\n");
            noTime.append("            perf 17566 [000]                     sched:sched_waking: comm=migration/0 pid=18 prio=0 target_cpu=000\n");
        }
        final Path a = tmp.resolve("nocpu.txt");
        Files.writeString(a, noCpu);
        assertThatThrownBy(() -> Traces.read(a.toString())).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("without the CPU column").hasMessageContaining("-F +cpu");
        final Path b = tmp.resolve("notime.txt");
        Files.writeString(b, noTime);
        assertThatThrownBy(() -> Traces.read(b.toString())).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("without the time column").hasMessageContaining("-F +time");
    }

    /** perf's reports given in place of events: the error says what they are and what to give instead. */
    @Test
    void perfReportsAreNamed() throws IOException {
        for (final String[] c : new String[][] {
            {"perf-6.1_sched_latency.txt", "the table of perf sched latency"},
            {"perf-6.1_sched_timehist.txt", "the table of perf sched timehist"},
            {"perf-6.1_sched_timehist_-w.txt", "the table of perf sched timehist"}}) {
            final Path f = TESTDATA.resolve("generated").resolve(c[0]);
            assertThatThrownBy(() -> Traces.read(f.toString())).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(c[1]).hasMessageContaining("perf script --ns");
        }
        // perf trace, as 6.1 prints it
        final Path t = tmp.resolve("ptrace.txt");
        Files.writeString(t, "         ? (         ): sleep/11936  ... [continued]: execve())  = 0\n"
            + "     0.048 ( 0.014 ms): sleep/11936 brk()                                  = 0x5621beef5000\n"
            + "     0.534 ( 0.020 ms): sleep/11936 mmap(len: 8192, prot: READ|WRITE)      = 0x7fae00187000\n");
        assertThatThrownBy(() -> Traces.read(t.toString())).isInstanceOf(TraceFormatException.class).hasMessageContaining("perf trace output");
    }

    private static byte[] head(final Path f) throws IOException {
        final byte[] all = Files.readAllBytes(f);
        return java.util.Arrays.copyOf(all, Math.min(all.length, 64 * 1024));
    }
}
