package dev.whylate.format.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.io.Input;
import dev.whylate.model.Ctx;
import dev.whylate.model.EventStore;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.Fields;
import dev.whylate.model.Lost;
import dev.whylate.model.TaskState;
import dev.whylate.model.Trace;
import dev.whylate.testing.Needs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built trace.dat files: big endian, 32-bit kernels, v7 with zstd and zlib, several buffers, and every
 * ring-buffer encoding (type_len 1..28 and 0, time extend, absolute time stamp, discarded events, lost-event
 * pages). Expected values are the ones written; where trace-cmd can read the file, it is compared too.
 */
class SyntheticDatTest {
    @TempDir
    Path dir;

    static final String KALLSYMS = "ffffffff81000000 T _stext\nffffffff81442200 t tick_nohz_handler\n"
        + "ffffffff81442300 T hrtimer_wakeup\nffffffff81500000 T _etext\n";

    /** One expected event. */
    record Ev(long ts, int cpu, int pid, String name) {}

    /** Fills {@code b} with a sample on 2 CPUs and returns the expected events in file order per CPU. */
    static List<Ev> sample(final DatBuilder b) {
        b.formats.add(new String[] {"sched", DatBuilder.SCHED_SWITCH});
        b.formats.add(new String[] {"irq", DatBuilder.SOFTIRQ_ENTRY});
        b.formats.add(new String[] {"timer", DatBuilder.HRTIMER_EXPIRE_ENTRY});
        b.formats.add(new String[] {"whylate", DatBuilder.KINDS});
        b.kallsyms = KALLSYMS;
        b.cmdlines = "100 bash\n200 my worker\n";
        final List<Ev> ev = new ArrayList<>();
        final DatBuilder.Pages c0 = b.cpu("", 0);
        long ts = 1_000_000_000L;
        c0.page(ts, -2);
        c0.event(10, sw(b, 100, "bash", 1, "my worker", 200).b);
        ev.add(new Ev(ts += 10, 0, 100, "sched_switch"));
        c0.event(5, sw(b, 200, "my worker", 256, "bash", 100).b, true);
        ev.add(new Ev(ts += 5, 0, 200, "sched_switch"));
        c0.extend((1L << 28) + 77);
        ts += (1L << 28) + 77;
        c0.event(3, b.rec(12, 12, 223, 0x10, 200).n(8, 1, 4).b);
        ev.add(new Ev(ts += 3, 0, 200, "softirq_entry"));
        c0.discarded(9, 16);
        ts += 9;
        c0.event(1, kinds(b, 200).b);
        ev.add(new Ev(ts += 1, 0, 200, "whylate_kinds"));
        // second page: events were lost before it (7, stored)
        ts = 2_000_000_000L;
        c0.page(ts, 7);
        c0.event(4, b.rec(32, 32, 459, 0x08, 0).n(8, 0xffff888627c1c6f8L, 8).n(16, 1_999_000_000L, 8).n(24, 0xffffffff81442220L, 8).b);
        ev.add(new Ev(ts += 4, 0, 0, "hrtimer_expire_entry"));
        c0.absolute(3_000_000_000L);
        ts = 3_000_000_000L;
        c0.event(2, b.rec(12, 12, 223, 0x10, 0).n(8, 9, 4).b);
        ev.add(new Ev(ts += 2, 0, 0, "softirq_entry"));
        final DatBuilder.Pages c1 = b.cpu("", 1);
        ts = 1_500_000_000L;
        c1.page(ts, -1);
        c1.event(100, sw(b, 0, "swapper/1", 0, "bash", 100).b);
        ev.add(new Ev(ts += 100, 1, 0, "sched_switch"));
        c1.event(0, b.rec(12, 12, 223, 0x10, 100).n(8, 42, 4).b);
        ev.add(new Ev(ts, 1, 100, "softirq_entry"));
        return ev;
    }

    static DatBuilder.Rec sw(final DatBuilder b, final int prev, final String prevComm, final long state, final String nextComm, final int next) {
        return b.rec(64, 64, 372, 0x01, prev).str(8, prevComm).n(24, prev, 4).n(28, 120, 4).n(32, state, 8)
            .str(40, nextComm).n(56, next, 4).n(60, 120, 4);
    }

    static DatBuilder.Rec kinds(final DatBuilder b, final int pid) {
        return b.rec(96, 72, 900, 0, pid).n(8, -5, 1).n(9, 250, 1).n(10, -300, 2).n(12, 65000, 2).n(16, -70000, 4)
            .n(20, 4_000_000_000L, 4).n(24, -5_000_000_000L, 8).n(32, -1L, 8).str(40, "eight!")
            .loc(48, "hello\0".getBytes(StandardCharsets.UTF_8), false)
            .loc(52, "world\0".getBytes(StandardCharsets.UTF_8), true)
            .n(56, 1, 4).n(60, 2, 4).n(64, 3, 4)
            .loc(68, mask(b, 0x0b), false);
    }

    /** A one-long cpumask in the file's byte order (the kernel stores cpumasks as arrays of longs). */
    static byte[] mask(final DatBuilder b, final long bits) {
        final byte[] m = new byte[8];
        b.put(m, 0, bits, 8);
        return m;
    }

    Trace read(final byte[] file, final String name) throws Exception {
        final Path p = dir.resolve(name);
        Files.write(p, file);
        try (Input in = Input.ofFile(p)) {
            return new DatReader().read(in, new ReadOptions(2));
        }
    }

    /** Checks the decoded trace against what {@link #sample} wrote. */
    static void checkSample(final Trace t, final List<Ev> expected) {
        assertThat(t.truncated()).isNull();
        final EventStore s = t.events();
        final List<Ev> sorted = new ArrayList<>(expected);
        sorted.sort((x, y) -> x.ts() != y.ts() ? Long.compare(x.ts(), y.ts()) : Integer.compare(x.cpu(), y.cpu()));
        assertThat(s.size()).isEqualTo(sorted.size());
        for (int i = 0; i < s.size(); i++) {
            assertThat(new Ev(s.ts(i), s.cpu(i), s.tid(i), s.typeName(i))).as("event " + i).isEqualTo(sorted.get(i));
        }
        final FieldCursor c = s.cursor();
        // sched_switch in time order: S, then R+ (256), then R (cpu 1, later)
        final List<Fields> sw = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (!s.typeName(i).equals("sched_switch")) continue;
            final Fields f = c.load(i);
            sw.add(copy(f));
        }
        assertThat(sw.get(0).getString("prev_state")).isEqualTo("S");
        assertThat(sw.get(0).getLong("prev_state", -1)).isEqualTo(TaskState.SLEEPING);
        assertThat(sw.get(0).getString("next_comm")).isEqualTo("my worker");
        assertThat(sw.get(1).getString("prev_state")).isEqualTo("R+");
        assertThat(sw.get(1).getLong("prev_state", -1)).isEqualTo(TaskState.PREEMPTED);
        assertThat(sw.get(2).getString("prev_state")).isEqualTo("R");
        assertThat(sw.get(2).getLong("prev_state", -1)).isEqualTo(TaskState.RUNNING);
        for (int i = 0; i < s.size(); i++) {
            final Fields f = c.load(i);
            switch (s.typeName(i)) {
                case "softirq_entry":
                    assertThat((s.ctx(i) & Ctx.SOFTIRQ)).isNotZero();
                    if (f.getLong("vec", -1) == 1) assertThat(f.getString("vec")).isEqualTo("TIMER");
                    if (f.getLong("vec", -1) == 9) assertThat(f.getString("vec")).isEqualTo("RCU");
                    if (f.getLong("vec", -1) == 42) assertThat(f.getString("vec")).isEqualTo("0x2a");
                    break;
                case "hrtimer_expire_entry":
                    assertThat(f.getString("function")).isEqualTo("tick_nohz_handler");
                    assertThat(f.getLong("function", 0)).isEqualTo(0xffffffff81442220L);
                    assertThat(f.getLong("now", 0)).isEqualTo(1_999_000_000L);
                    assertThat(s.decoder().text(s, i)).isEqualTo("hrtimer=0xffff888627c1c6f8 function=tick_nohz_handler now=1999000000");
                    assertThat((s.ctx(i) & Ctx.HARDIRQ)).isNotZero();
                    break;
                case "whylate_kinds":
                    assertThat(f.getLong("a", 0)).isEqualTo(-5);
                    assertThat(f.getLong("b", 0)).isEqualTo(250);
                    assertThat(f.getLong("c", 0)).isEqualTo(-300);
                    assertThat(f.getLong("d", 0)).isEqualTo(65000);
                    assertThat(f.getLong("e", 0)).isEqualTo(-70000);
                    assertThat(f.getLong("f", 0)).isEqualTo(4_000_000_000L);
                    assertThat(f.getLong("g", 0)).isEqualTo(-5_000_000_000L);
                    assertThat(f.getLong("h", 0)).isEqualTo(-1L);
                    assertThat(f.getString("name")).isEqualTo("eight!");
                    assertThat(f.getString("str")).isEqualTo("hello");
                    assertThat(f.getString("rel")).isEqualTo("world");
                    assertThat(f.getString("arr")).isEqualTo("{0x1,0x2,0x3}");
                    assertThat(f.getLong("mask", 0)).isEqualTo(0x0b);
                    assertThat(f.getString("mask")).isEqualTo("0-1,3");
                    assertThat(s.decoder().text(s, i)).isEqualTo(
                        "a=-5 b=250 c=-300 d=65000 e=-70000 f=4000000000 g=-5000000000 h=18446744073709551615 name=eight! str=hello rel=world mask=0-1,3");
                    break;
                default:
                    break;
            }
        }
        // lost: 7 before cpu 0's second page, an unknown count before cpu 1's page
        assertThat(t.lost()).containsExactlyInAnyOrder(new Lost(2_000_000_004L, 0, 7), new Lost(1_500_000_100L, 1, -1));
        assertThat(t.tasks().comm(200)).isEqualTo("my worker");
        assertThat(t.meta()).containsEntry("clock", "local");
    }

    private static Fields copy(final Fields f) {
        final Fields o = new Fields();
        for (int k = 0; k < f.size(); k++) {
            if (f.isNumber(k)) o.add(f.name(k), f.number(k), f.text(k));
            else o.add(f.name(k), f.text(k));
        }
        return o;
    }

    @Test
    void littleAndBigEndianV6And32BitKernels() throws Exception {
        for (final boolean big : new boolean[] {false, true}) {
            for (final int kl : new int[] {8, 4}) {
                final DatBuilder b = new DatBuilder();
                b.big = big;
                b.kernelLong = kl;
                b.longSize = kl;
                final List<Ev> ev = sample(b);
                final byte[] file = b.build();
                final Trace t = read(file, "v6-" + big + kl + ".dat");
                checkSample(t, ev);
                assertThat(t.meta()).containsEntry("endianness", big ? "big" : "little").containsEntry("kernel-long-size", Integer.toString(kl));
                if (Needs.onPath("trace-cmd")) DatVsTraceCmdTest.check(dir.resolve("v6-" + big + kl + ".dat"));
            }
        }
    }

    @Test
    void v7UncompressedZstdAndZlibReadTheSame() throws Exception {
        for (final boolean big : new boolean[] {false, true}) {
            for (final String z : new String[] {"none", "zstd", "zlib"}) {
                final DatBuilder b = new DatBuilder();
                b.big = big;
                b.version = 7;
                b.compression = z;
                final List<Ev> ev = sample(b);
                final String name = "v7-" + big + "-" + z + ".dat";
                final Trace t = read(b.build(), name);
                checkSample(t, ev);
                assertThat(t.format()).isEqualTo("trace.dat v7");
                assertThat(t.meta().get("compression")).startsWith(z);
                // trace-cmd 3.1.6 here reads zstd and uncompressed v7, not zlib
                if (Needs.onPath("trace-cmd") && !z.equals("zlib")) DatVsTraceCmdTest.check(dir.resolve(name));
            }
        }
    }

    @Test
    void severalBuffersAreAllKept() throws Exception {
        for (final int version : new int[] {6, 7}) {
            final DatBuilder b = new DatBuilder();
            b.version = version;
            final List<Ev> ev = sample(b);
            final DatBuilder.Pages inst = b.cpu("inst", 0);
            inst.page(1_000_000_000L, -2);
            inst.event(12, sw(b, 100, "bash", 1, "my worker", 200).b);
            ev.add(new Ev(1_000_000_012L, 0, 100, "sched_switch"));
            final String name = "multi-v" + version + ".dat";
            final Trace t = read(b.build(), name);
            assertThat(t.events().size()).isEqualTo(ev.size());
            final DatPayloads d = (DatPayloads) t.events().decoder();
            assertThat(d.bufferNames()).containsExactly("", "inst");
            int inInst = 0;
            for (int i = 0; i < t.events().size(); i++) if (d.buffer(t.events(), i).equals("inst")) inInst++;
            assertThat(inInst).isEqualTo(1);
            assertThat(t.meta()).containsKey("buffers.note").containsEntry("buffers", "(top),inst");
            if (Needs.onPath("trace-cmd")) DatVsTraceCmdTest.check(dir.resolve(name));
            try (Input in = Input.ofFile(dir.resolve(name))) {
                final Trace only = new DatReader().read(in, new ReadOptions(1), "inst"::equals);
                assertThat(only.events().size()).isEqualTo(1);
            }
        }
    }

    @Test
    void tsc2nsecAndOffsetOptionsConvertTimestamps() throws Exception {
        for (final int version : new int[] {6, 7}) {
            final DatBuilder b = new DatBuilder();
            b.version = version;
            b.clock = "x86-tsc";
            final List<Ev> ev = sample(b);
            // ns = (cycles * 3) >> 1, then + 1000 (OFFSET)
            final byte[] tsc = new byte[16];
            b.put(tsc, 0, 3, 4);
            b.put(tsc, 4, 1, 4);
            b.put(tsc, 8, 0, 8);
            b.option(DatParser.OPT_TSC2NSEC, tsc);
            b.option(DatParser.OPT_OFFSET, "1000");
            b.option(DatParser.OPT_UNAME, "Linux test 6.18.0 x86_64");
            b.option(DatParser.OPT_VERSION, "whylate-test");
            b.option(4242, "an option nobody knows");
            final String name = "tsc-v" + version + ".dat";
            final Trace t = read(b.build(), name);
            assertThat(t.events().size()).isEqualTo(ev.size());
            final List<Long> want = new ArrayList<>();
            for (final Ev e : ev) want.add(CpuDecoder.mulShr(e.ts(), 3, 1) + 1000);
            want.sort(null);
            final List<Long> got = new ArrayList<>();
            for (int i = 0; i < t.events().size(); i++) got.add(t.events().ts(i));
            assertThat(got).isEqualTo(want);
            assertThat(t.meta()).containsEntry("clock", "x86-tsc").containsEntry("uname", "Linux test 6.18.0 x86_64")
                .containsEntry("trace-cmd-version", "whylate-test").containsEntry("unknown-options", "1").containsKey("tsc2nsec");
            if (Needs.onPath("trace-cmd")) DatVsTraceCmdTest.check(dir.resolve(name));
        }
    }

    @Test
    void savedTgidsSectionFillsTheTaskTable() throws Exception {
        final DatBuilder b = new DatBuilder();
        b.version = 7;
        b.compression = "zstd";
        sample(b);
        b.tgids = "100 100\n200 100\n";
        final Trace t = read(b.build(), "tgids.dat");
        assertThat(t.tasks().tgid(200)).isEqualTo(100);
        assertThat(t.tasks().tgid(100)).isEqualTo(100);
        assertThat(t.tasks().comm(100)).isEqualTo("bash");
        // trace-cmd skips the section it does not know and still reads the file
        if (Needs.onPath("trace-cmd")) DatVsTraceCmdTest.check(dir.resolve("tgids.dat"));
    }

    @Test
    void latencyTextIsAClearError() throws Exception {
        final DatBuilder b = new DatBuilder();
        sample(b);
        b.latency = "# tracer: irqsoff\n";
        final byte[] file = b.build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read(file, "lat.dat"))
            .isInstanceOf(dev.whylate.io.TraceFormatException.class).hasMessageContaining("latency-format text");
    }

    @Test
    void v6ClockAfterTheFlyrecordTable() throws Exception {
        // trappy's file has an empty TRACECLOCK option and the clock after the table, as trace-cmd writes it
        try (Input in = Input.ofFile(DatVsTraceCmdTest.TESTDATA.resolve("public/trappy/trace.dat"))) {
            assertThat(new DatReader().read(in, new ReadOptions(1)).meta()).containsEntry("clock", "local");
        }
        final DatBuilder b = new DatBuilder();
        b.clock = "mono";
        sample(b);
        assertThat(read(b.build(), "clock6.dat").meta()).containsEntry("clock", "mono");
    }

    @Test
    void metadataOfARealV7File() throws Exception {
        try (Input in = Input.ofFile(HostileDatTest.REAL_V7)) {
            final Trace t = new DatReader().read(in, new ReadOptions(1));
            assertThat(t.meta()).containsEntry("trace.dat-version", "7").containsEntry("compression", "zstd 1.5.4")
                .containsEntry("clock", "local").containsEntry("endianness", "little").containsEntry("long-size", "8")
                .containsEntry("buffers", "(top),rtrc").containsEntry("uname", "Linux vm 6.18.44-fc-v669 x86_64")
                .containsEntry("trace-cmd-version", "3.1.6 not-a-git-repo").containsKey("cpustat");
            assertThat(t.cpus()).isEqualTo(2);
            // cmdlines at the start of time; payload names where the task was seen
            assertThat(t.tasks().comm(6604)).isEqualTo("bash");
        }
    }
}
