package dev.whylate.format.sysdig;

import static dev.whylate.format.perf.PerfTestSupport.TESTDATA;
import static dev.whylate.format.perf.PerfTestSupport.awk;
import static dev.whylate.format.perf.PerfTestSupport.read;
import static dev.whylate.format.perf.PerfTestSupport.readText;
import static dev.whylate.format.perf.PerfTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.format.Traces;
import dev.whylate.format.perf.PerfScriptReader;
import dev.whylate.format.perf.PerfTestSupport.Run;
import dev.whylate.io.Input;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import dev.whylate.model.Trace;
import dev.whylate.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysdigTextReaderTest {
    private static final SysdigTextReader R = new SysdigTextReader();
    private static final Path CURL = TESTDATA.resolve("generated/sysdig-0.29.3_curl_google.txt");
    private static final Path SCAP = TESTDATA.resolve("public/falcosecurity-libs/curl_google.scap");
    private static Trace curl;

    @TempDir
    Path tmp;

    @BeforeAll
    static void readCurl() throws Exception {
        curl = read(R, CURL, 1);
    }

    /** The name the reader must give to sysdig's (direction, type), per the documented mapping. */
    private static String canonical(final String dir, final String type) {
        if (type.equals("switch")) return "sched_switch";
        if (type.equals("procexit")) return "procexit";
        return (dir.equals(">") ? "sys_enter_" : "sys_exit_") + type;
    }

    /** awk's view of each line: time, cpu, tid, dir, type (the "(tid)" followed by > or < anchors it). */
    private static List<String[]> awkEvents(final Path f) {
        final List<String[]> out = new ArrayList<>();
        for (final String l : awk("{ for (i = 4; i < NF; i++) if ($i ~ /^\\([0-9]+\\)$/ && ($(i+1) == \">\" || $(i+1) == \"<\")) {"
            + " print $2, $3, substr($i, 2, length($i) - 2), $(i+1), $(i+2); break } }", f)) {
            out.add(l.split(" "));
        }
        return out;
    }

    @Test
    void curlCaptureParsesFullyAndMatchesIndependentCounts() throws Exception {
        final EventStore s = curl.events();
        final long lines = Files.readAllLines(CURL).size();
        assertThat(lines).isEqualTo(1221);
        assertThat(s.size()).isEqualTo(1221);
        assertThat(curl.unparsedCount()).isZero();
        assertThat(curl.truncated()).isNull();
        assertThat(curl.format()).isEqualTo("sysdig-text");
        assertThat(curl.meta()).containsEntry("clock", "wall-clock-of-day");

        final List<String[]> ev = awkEvents(CURL);
        assertThat(ev).hasSize(1221);
        final Map<String, Integer> expected = new TreeMap<>();
        final List<String> expectedRows = new ArrayList<>();
        for (final String[] e : ev) {
            final String name = canonical(e[3], e[4]);
            expected.merge(name, 1, Integer::sum);
            expectedRows.add(LocalTime.parse(e[0]).toNanoOfDay() + " " + e[1] + " " + e[2] + " " + name);
        }
        final Map<String, Integer> byType = new TreeMap<>();
        final List<String> rows = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            byType.merge(s.typeName(i), 1, Integer::sum);
            rows.add(s.ts(i) + " " + s.cpu(i) + " " + s.tid(i) + " " + s.typeName(i));
            assertThat(s.ctx(i)).isZero();
        }
        assertThat(byType).isEqualTo(expected);
        assertThat(byType.get("sched_switch")).isEqualTo(25);
        final long grepSwitch = Files.readAllLines(CURL).stream().filter(l -> l.contains(") > switch ")).count();
        assertThat(grepSwitch).isEqualTo(25);
        Collections.sort(expectedRows);
        Collections.sort(rows);
        assertThat(rows).isEqualTo(expectedRows);
        assertThat(s.types().system(s.types().find("sys_enter_read"))).isEqualTo("syscalls");
        assertThat(s.types().system(s.types().find("sched_switch"))).isEqualTo("sched");
    }

    private static int at(final String wallClock) {
        final EventStore s = curl.events();
        final int i = s.lowerBound(LocalTime.parse(wallClock).toNanoOfDay());
        assertThat(i).isLessThan(s.size());
        assertThat(s.ts(i)).isEqualTo(LocalTime.parse(wallClock).toNanoOfDay());
        return i;
    }

    @Test
    void argumentsBecomeCanonicalFields() {
        final EventStore s = curl.events();
        // 230 > read fd=3(<f>/usr/lib/x86_64-linux-gnu/libcurl-gnutls.so.4) size=832
        int i = at("17:35:48.514699305");
        assertThat(s.typeName(i)).isEqualTo("sys_enter_read");
        Fields f = s.cursor().load(i);
        assertThat(f.getInt("fd", -1)).isEqualTo(3);
        assertThat(f.getString("fd")).isEqualTo("<f>/usr/lib/x86_64-linux-gnu/libcurl-gnutls.so.4");
        assertThat(f.getLong("size", -1)).isEqualTo(832);
        assertThat(f.getLong("count", -1)).isEqualTo(832);
        // 231 < read res=832 data=.ELF...
        i = at("17:35:48.514700898");
        f = s.cursor().load(i);
        assertThat(s.typeName(i)).isEqualTo("sys_exit_read");
        assertThat(f.getLong("ret", -1)).isEqualTo(832);
        assertThat(f.getLong("res", -1)).isEqualTo(832);
        assertThat(f.getString("data")).startsWith(".ELF");
        // 213 < brk res=55DB0DE73000 (hex without 0x)
        f = s.cursor().load(at("17:35:48.514649386"));
        assertThat(f.getLong("ret", -1)).isEqualTo(0x55DB0DE73000L);
        assertThat(f.getString("res")).isEqualTo("55DB0DE73000");
        // 219 < open fd=3(<f>/etc/ld.so.cache) name=/etc/ld.so.cache flags=4097(O_RDONLY|O_CLOEXEC) mode=0
        f = s.cursor().load(at("17:35:48.514682170"));
        assertThat(f.getLong("ret", -1)).isEqualTo(3);
        assertThat(f.getString("name")).isEqualTo("/etc/ld.so.cache");
        assertThat(f.getLong("flags", -1)).isEqualTo(4097);
        assertThat(f.getString("flags")).isEqualTo("O_RDONLY|O_CLOEXEC");
        assertThat(f.getLong("mode", -1)).isZero();
        // 1057 < connect res=-2(ENOENT) tuple=0->ffff88003c420800 /var/run/nscd/socket
        f = s.cursor().load(at("17:35:48.518937838"));
        assertThat(f.getLong("ret", 0)).isEqualTo(-2);
        assertThat(f.getString("res")).isEqualTo("ENOENT");
        assertThat(f.getString("tuple")).isEqualTo("0->ffff88003c420800 /var/run/nscd/socket");
        // 1240 < recvfrom res=60 data=... . tuple=2001:...
        f = s.cursor().load(at("17:35:48.531188756"));
        assertThat(f.getString("data")).endsWith("......... .");
        assertThat(f.getString("tuple")).isEqualTo("2001:4860:4860::8888:53->2600:1f18:262c:6542:9aa6:df7a:9a47:d29e:40251");
        // 1353 < write res=5120 data=<!doctype html><html itemscope="" itemtype=... (spaces and '=' inside data)
        f = s.cursor().load(at("17:35:48.586587072"));
        assertThat(f.getString("data")).startsWith("<!doctype html><html itemscope=\"\" itemtype=");
        assertThat(f.has("itemscope")).isFalse();
        assertThat(f.getLong("ret", -1)).isEqualTo(5120);
    }

    @Test
    void switchesBecomeSchedSwitchWithoutPrevState() {
        final EventStore s = curl.events();
        // 954 > switch next=7 pgft_maj=0 ...
        int i = at("17:35:48.518509730");
        assertThat(s.typeName(i)).isEqualTo("sched_switch");
        Fields f = s.cursor().load(i);
        assertThat(f.getInt("prev_pid", -1)).isEqualTo(17497);
        assertThat(f.getString("prev_comm")).isEqualTo("curl");
        assertThat(f.getInt("next_pid", -1)).isEqualTo(7);
        assertThat(f.has("next_comm")).isFalse();
        assertThat(f.has("prev_state")).isFalse();
        assertThat(f.getLong("pgft_min", -1)).isEqualTo(334);
        // 1050 > switch next=17498(curl)
        i = at("17:35:48.518906071");
        f = s.cursor().load(i);
        assertThat(f.getInt("next_pid", -1)).isEqualTo(17498);
        assertThat(f.getString("next_comm")).isEqualTo("curl");
        assertThat(f.has("prev_state")).isFalse();
    }

    @Test
    void tasksGetCommsAndTgids() {
        assertThat(curl.tasks().comm(17497)).isEqualTo("curl");
        assertThat(curl.tasks().comm(17498)).isEqualTo("curl");
        assertThat(curl.tasks().tgid(17497)).isEqualTo(17497);
        assertThat(curl.tasks().tgid(17498)).isEqualTo(17497);
    }

    @Test
    void tinyInputsCommWithSpacesEpochAndMidnight() throws Exception {
        final Trace t = readText(R, tmp, "tiny.txt", ""
            + "1 23:59:59.999999000 1 Web Content (2711) > read fd=7(<f>/dev/ttyUSB2) size=64 \n"
            + "2 00:00:00.000001000 1 Web Content (2711) < read res=5 data=hello \n"
            + "3 00:00:00.000002000 0 my (odd) comm (12) > switch next=0 \n");
        final EventStore s = t.events();
        assertThat(t.unparsedCount()).isZero();
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.ts(0)).isEqualTo(86_399_999_999_000L);
        assertThat(s.ts(1)).isEqualTo(86_400_000_001_000L);
        assertThat(s.ts(2)).isEqualTo(86_400_000_002_000L);
        assertThat(t.meta()).containsEntry("clock", "wall-clock-of-day").containsEntry("midnight-crossings", "1");
        assertThat(t.tasks().comm(2711)).isEqualTo("Web Content");
        assertThat(s.cursor().load(0).getString("fd")).isEqualTo("<f>/dev/ttyUSB2");
        assertThat(s.cursor().load(1).getLong("ret", -1)).isEqualTo(5);
        assertThat(s.cursor().load(2).getString("prev_comm")).isEqualTo("my (odd) comm");
        assertThat(s.cursor().load(2).getInt("next_pid", -1)).isZero();
        assertThat(s.decoder().text(s, 1)).isEqualTo("res=5 data=hello");

        final Trace e = readText(R, tmp, "epoch.txt", ""
            + "211 1534527348.514632619 0 curl (17497) < execve res=0 exe=curl \n"
            + "212 1534527348.514648551 0 curl (17497) > procexit status=0 \n");
        assertThat(e.events().ts(0)).isEqualTo(1_534_527_348_514_632_619L);
        assertThat(e.events().typeName(1)).isEqualTo("procexit");
        assertThat(e.meta()).containsEntry("clock", "wall-clock-epoch");
    }

    @Test
    void badInput() throws Exception {
        final Trace t = readText(R, tmp, "bad.txt", ""
            + "1 10:00:00.000000001 0 curl (5) > read fd=1 size=2 \n"
            + "this is not sysdig\n"
            + "3 25:00:00.000000001 0 curl (5) > read fd=1 size=2 \n"
            + "4 10:00:00.000000004 0 curl 5 > read fd=1 size=2 \n"
            + "5 10:00:00.000000005 0 curl (5) > read fd=1 si");
        assertThat(t.events().size()).isEqualTo(1);
        assertThat(t.unparsedCount()).isEqualTo(3);
        assertThat(t.unparsed()).extracting(u -> u.line()).containsExactly(2L, 3L, 4L);
        assertThat(t.truncated()).contains("line 5");
        final Path p = tmp.resolve("garbage.txt");
        Files.writeString(p, "hello\nworld\n");
        assertThatThrownBy(() -> read(R, p, 1)).isInstanceOf(TraceFormatException.class).hasMessageContaining("no sysdig events");
    }

    @Test
    void sniffTellsSysdigFromOtherFormats() throws Exception {
        assertThat(R.sniff(Files.readAllBytes(CURL))).isEqualTo(85);
        try (Input in = Input.open(CURL.toString())) {
            assertThat(Traces.detect(in).name()).isEqualTo("sysdig-text");
        }
        assertThat(new PerfScriptReader().sniff(Files.readAllBytes(CURL))).isZero();
        for (final String other : List.of("generated/perf-6.1_script_perf-sched-record.txt", "generated/perf-6.1_script_callchain_head400.txt",
            "generated/ftrace_6.18_default_head2000.txt", "generated/trace-cmd-3.1.6_report_default.txt",
            "public/tracecompass-incubator/trace-critical-path", "public/trappy/trace.dat")) {
            final byte[] all = Files.readAllBytes(TESTDATA.resolve(other));
            assertThat(R.sniff(java.util.Arrays.copyOf(all, Math.min(all.length, 65536)))).as(other).isZero();
        }
    }

    @Test
    void sysdigItselfAgreesInBothTimeFormats() throws Exception {
        Assumptions.assumeTrue(Needs.onPath("sysdig"), "needs sysdig on the PATH to re-read testdata/public/falcosecurity-libs/curl_google.scap");
        final Path h = tmp.resolve("h.txt");
        final Path a = tmp.resolve("a.txt");
        final Run rh = run(List.of("env", "TZ=UTC", "sysdig", "-r", SCAP.toString()), h);
        final Run ra = run(List.of("env", "TZ=UTC", "sysdig", "-t", "a", "-r", SCAP.toString()), a);
        Assumptions.assumeTrue(rh != null && rh.exit() == 0 && ra != null && ra.exit() == 0,
            "sysdig could not read the capture: " + (rh == null ? "" : rh.err()));
        final long wc = Files.readAllLines(h).size();
        final Trace th = read(R, h, 1);
        final Trace ta = read(R, a, 1);
        assertThat(th.events().size()).isEqualTo(wc).isEqualTo(1221);
        assertThat(ta.events().size()).isEqualTo(wc);
        assertThat(th.unparsedCount()).isZero();
        assertThat(ta.unparsedCount()).isZero();
        final long day = 86_400_000_000_000L;
        for (int i = 0; i < th.events().size(); i++) {
            assertThat(ta.events().ts(i) % day).isEqualTo(th.events().ts(i));
            assertThat(ta.events().typeName(i)).isEqualTo(th.events().typeName(i));
            assertThat(ta.events().tid(i)).isEqualTo(th.events().tid(i));
        }
        assertThat(ta.meta()).containsEntry("clock", "wall-clock-epoch");
        // the checked-in text is what sysdig prints (in UTC)
        assertThat(Files.readString(h)).isEqualTo(Files.readString(CURL));
    }
}
