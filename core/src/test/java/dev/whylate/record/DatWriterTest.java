package dev.whylate.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.testing.Needs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The writer alone, without tracefs: hand-built ring-buffer pages (small and large events, time extends,
 * absolute timestamps, discarded events, lost-event marks) in trace.dat v6, v7 and v7+zstd, read back by the
 * installed trace-cmd and by {@link PageCounter}; every event must come back with its CPU, ns timestamp,
 * pid, comm and sequence number.
 */
class DatWriterTest {
    static final String HEADER_PAGE = """
        \tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;
        \tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;
        \tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;
        \tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;
        """;
    static final String HEADER_EVENT = """
        # compressed entry header
        \ttype_len    :    5 bits
        \ttime_delta  :   27 bits
        \tarray       :   32 bits

        \tpadding     : type == 29
        \ttime_extend : type == 30
        \ttime_stamp : type == 31
        \tdata max type_len  == 28
        """;
    static final String COMMON = """
        \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
        \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
        \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
        \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

        """;
    static final int SMALL = 901;
    static final int BIG = 902;
    static final String SMALL_FORMAT = "name: wl_seq\nID: " + SMALL + "\nformat:\n" + COMMON
        + "\tfield:unsigned long long seq;\toffset:8;\tsize:8;\tsigned:0;\n\nprint fmt: \"seq=%llu\", REC->seq\n";
    static final String BIG_FORMAT = "name: wl_big\nID: " + BIG + "\nformat:\n" + COMMON
        + "\tfield:unsigned long long seq;\toffset:8;\tsize:8;\tsigned:0;\n"
        + "\tfield:char msg[192];\toffset:16;\tsize:192;\tsigned:0;\n\nprint fmt: \"seq=%llu msg=%s\", REC->seq, REC->msg\n";

    /** An event the test put into a page. */
    record Put(int cpu, long ts, int type, long seq, int pid) {
    }

    /** Builds pages the way the kernel lays them out. */
    static final class PageBuilder {
        final int pageSize = 4096;
        final List<byte[]> pages = new ArrayList<>();
        final List<Put> expected = new ArrayList<>();
        final Map<Integer, Long> droppedCounts = new TreeMap<>();
        int marks;
        final int cpu;
        final Random rnd;
        ByteBuffer page;
        long last;          // running timestamp of the page being written
        long seq;

        PageBuilder(final int cpu, final Random rnd, final long seqStart) {
            this.cpu = cpu;
            this.rnd = rnd;
            this.seq = seqStart;
        }

        private void newPage(final long ts) {
            finish();
            page = ByteBuffer.allocate(pageSize).order(ByteOrder.LITTLE_ENDIAN);
            page.putLong(0, ts);
            page.position(16);
            last = ts;
            if (!pages.isEmpty() && rnd.nextInt(6) == 0) {    // events lost before this page
                marks++;
                page.putLong(8, 1L << 31);
                if (rnd.nextBoolean()) droppedCounts.put(pages.size(), 1L + rnd.nextInt(5000));
            }
        }

        private void finish() {
            if (page == null) return;
            final int commit = page.position() - 16;
            long word = page.getLong(8) | commit;
            final Long lost = droppedCounts.get(pages.size());
            if (lost != null && page.remaining() >= 8) {
                word |= 1L << 30;
                page.putLong(page.position(), lost);
            } else if (lost != null) {
                droppedCounts.remove(pages.size());
            }
            page.putLong(8, word);
            pages.add(page.array());
            page = null;
        }

        /** Appends one event at absolute time {@code ts} (≥ the previous one), with extras the kernel may write. */
        void add(final long ts, final boolean big, final int pid) {
            final int payload = big ? 8 + 8 + 192 : 16;
            final int need = 24 + 8 + 8 + 8 + payload + 8;  // padding + stamp + extend + header + data + lost count
            if (page == null || page.remaining() < need) newPage(ts - rnd.nextInt(1000));
            long delta = ts - last;
            // trace-cmd (libtraceevent kbuffer) reports a page's lost-events mark only when the page starts
            // with a data event, as kernel pages do; so extras come after the first event of a page
            final boolean fresh = page.position() == 16;
            if (!fresh && rnd.nextInt(10) == 0) {                      // a discarded event (padding with a time delta)
                final int d = (int) Math.min(delta, 1 + rnd.nextInt(100));
                page.putInt((d << 5) | 29).putInt(20).put(new byte[16]);   // length counts the word itself
                last += d;
                delta -= d;
            }
            if (!fresh && rnd.nextInt(25) == 0) {            // absolute timestamp
                page.putInt((int) ((ts & ((1 << 27) - 1)) << 5) | 31).putInt((int) ((ts >>> 27) & 0xffffffffL));
                last = ts;
                delta = 0;
            } else if (delta >= (1 << 27)) {                 // time extend
                page.putInt((int) ((delta & ((1 << 27) - 1)) << 5) | 30).putInt((int) (delta >>> 27));
                last = ts;
                delta = 0;
            }
            final int type = big ? BIG : SMALL;
            if (big) {
                page.putInt((int) (delta << 5)).putInt(payload + 4);
            } else {
                page.putInt((int) (delta << 5) | (payload / 4));
            }
            last = ts;
            page.putShort((short) type).put((byte) 0).put((byte) 0).putInt(pid).putLong(seq);
            if (big) {
                final byte[] msg = new byte[192];
                final byte[] txt = ("message " + seq).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(txt, 0, msg, 0, txt.length);
                page.put(msg);
            }
            expected.add(new Put(cpu, ts, type, seq, pid));
            seq++;
        }

        byte[] bytes() {
            finish();
            final byte[] all = new byte[pages.size() * pageSize];
            for (int i = 0; i < pages.size(); i++) System.arraycopy(pages.get(i), 0, all, i * pageSize, pageSize);
            return all;
        }
    }

    static DatMetadata meta(final String cmdlines) {
        final Map<String, List<byte[]>> systems = new LinkedHashMap<>();
        systems.put("whylate", List.of(SMALL_FORMAT.getBytes(StandardCharsets.US_ASCII), BIG_FORMAT.getBytes(StandardCharsets.US_ASCII)));
        return new DatMetadata(ByteOrder.LITTLE_ENDIAN, 8, 4096, HEADER_PAGE.getBytes(StandardCharsets.US_ASCII),
            HEADER_EVENT.getBytes(StandardCharsets.US_ASCII), List.of(), systems, new byte[0], new byte[0],
            cmdlines.getBytes(StandardCharsets.US_ASCII), "local", "[local] global", "Linux test 6.18 x86_64",
            "whylate test", List.of("entries: 0\n", "entries: 0\n"), 2, 42, "", "100 100\n".getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest(name = "seed {0}, v{1} {2}")
    @CsvSource({"1,7,ZSTD", "2,7,NONE", "3,6,NONE", "4,7,ZSTD"})
    void traceCmdReadsBackEveryHandBuiltEvent(final long seed, final int version, final String comp,
                                               @TempDir final Path dir) throws Exception {
        Needs.tools("trace-cmd");
        final Random rnd = new Random(seed);
        final List<PageBuilder> cpus = new ArrayList<>();
        final StringBuilder cmdlines = new StringBuilder();
        for (int pid = 100; pid < 110; pid++) cmdlines.append(pid).append(" task").append(pid).append('\n');
        for (int cpu = 0; cpu < 2; cpu++) {
            final PageBuilder pb = new PageBuilder(cpu, rnd, cpu * 1_000_000L);
            long ts = 1_000_000_000L + rnd.nextInt(1000);
            for (int i = 0; i < 3000; i++) {
                ts += switch (rnd.nextInt(20)) {
                    case 0 -> (1L << 27) + rnd.nextInt(1 << 30);   // forces a time extend
                    case 1 -> 0;                                    // same timestamp
                    default -> 1 + rnd.nextInt(5000);
                };
                pb.add(ts, rnd.nextInt(8) == 0, 100 + rnd.nextInt(12));  // pids 110, 111 have no cmdline
            }
            cpus.add(pb);
        }
        final List<DatWriter.CpuPages> files = new ArrayList<>();
        for (final PageBuilder pb : cpus) {
            final Path f = dir.resolve("cpu" + pb.cpu);
            Files.write(f, pb.bytes());
            files.add(new DatWriter.CpuPages(pb.cpu, f));
            final PageCounter pc = new PageCounter(8, ByteOrder.LITTLE_ENDIAN);
            final ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(f));
            for (int off = 0; off < all.capacity(); off += 4096) pc.page(all, off, 4096);
            assertThat(pc.events()).isEqualTo(pb.expected.size());
            assertThat(pc.ofType(BIG)).isEqualTo(pb.expected.stream().filter(p -> p.type() == BIG).count());
            assertThat(pc.pagesWithLoss()).isEqualTo(pb.marks);
            assertThat(pc.lostStored()).isEqualTo(pb.droppedCounts.values().stream().mapToLong(Long::longValue).sum());
            assertThat(pc.firstTs()).isEqualTo(pb.expected.get(0).ts());
            assertThat(pc.lastTs()).isEqualTo(pb.expected.get(pb.expected.size() - 1).ts());
            assertThat(pc.badPages()).isZero();
        }
        final Path dat = dir.resolve("t.dat");
        new DatWriter(version, DatWriter.Compression.valueOf(comp)).write(dat, meta(cmdlines.toString()), files);

        final String[] valid = TraceCmd.run(List.of("dump", "-v", dat.toString()));
        assertThat(valid[0] + valid[1]).contains("is a valid trace-cmd file");
        final TraceCmd.Report rep = TraceCmd.report(dat);
        assertThat(rep.exit()).isZero();
        assertThat(rep.stderr()).isBlank();
        assertThat(rep.cpus()).isEqualTo(2);
        for (final PageBuilder pb : cpus) {
            final List<String> want = new ArrayList<>();
            for (final Put p : pb.expected) {
                want.add(p.ts() + " " + (p.type() == BIG ? "wl_big" : "wl_seq") + " pid=" + p.pid() + " seq=" + p.seq()
                    + (p.type() == BIG ? " msg=message " + p.seq() : ""));
            }
            final List<String> got = new ArrayList<>();
            for (final TraceCmd.Event e : rep.events()) {
                if (e.cpu() == pb.cpu) got.add(e.ts() + " " + e.name() + " pid=" + e.pid() + " " + e.payload().trim());
            }
            RecorderTest.sameSequence(got, want, "cpu " + pb.cpu);
            final List<String> dropped = rep.dropped().stream().filter(l -> l.startsWith("CPU:" + pb.cpu + " ")).toList();
            assertThat(dropped).hasSize(pb.marks);
            assertThat(dropped.stream().filter(l -> !l.contains("[EVENTS")).count()).isEqualTo(pb.droppedCounts.size());
        }
        // trace-cmd convert reads every section (it failed on v7 files without a KALLSYMS section)
        final Path conv = dir.resolve("conv.dat");
        final String[] c = TraceCmd.run(List.of("convert", "--file-version", version == 6 ? "7" : "6", "-i", dat.toString(),
            "-o", conv.toString()));
        assertThat(c[2]).as(c[1]).isEqualTo("0");
        assertThat(TraceCmd.report(conv).events()).hasSameSizeAs(rep.events());
        // comms come from the saved cmdlines; pids without one print as <...>
        final String[] text = TraceCmd.run(List.of("report", dat.toString()));
        assertThat(text[0]).contains("task105-105").contains("<...>-110");
    }

    @Test
    void emptyCpusAndNoKallsymsStillReadable(@TempDir final Path dir) throws Exception {
        Needs.tools("trace-cmd");
        final Path empty0 = Files.createFile(dir.resolve("cpu0"));
        final PageBuilder pb = new PageBuilder(1, new Random(5), 0);
        pb.add(5_000_000_000L, false, 100);
        final Path one = dir.resolve("cpu1");
        Files.write(one, pb.bytes());
        for (final int version : new int[] {6, 7}) {
            final Path dat = dir.resolve("e" + version + ".dat");
            new DatWriter(version, DatWriter.Compression.NONE).write(dat, meta("100 solo\n"),
                List.of(new DatWriter.CpuPages(0, empty0), new DatWriter.CpuPages(1, one)));
            final TraceCmd.Report rep = TraceCmd.report(dat);
            assertThat(rep.events()).extracting(TraceCmd.Event::cpu, TraceCmd.Event::ts, TraceCmd.Event::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 5_000_000_000L, "wl_seq"));
        }
    }

    @Test
    void refusesWhatTheFormatCannotHold(@TempDir final Path dir) throws IOException {
        assertThatThrownBy(() -> new DatWriter(6, DatWriter.Compression.ZSTD)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("cannot be compressed");
        assertThatThrownBy(() -> new DatWriter(8, DatWriter.Compression.NONE)).isInstanceOf(IllegalArgumentException.class);
        final Path odd = Files.write(dir.resolve("odd"), new byte[100]);
        final Path dat = dir.resolve("x.dat");
        assertThatThrownBy(() -> new DatWriter(7, DatWriter.Compression.NONE).write(dat, meta(""),
            List.of(new DatWriter.CpuPages(0, odd)))).isInstanceOf(IOException.class).hasMessageContaining("not whole pages");
        assertThat(dat).doesNotExist();
    }
}
