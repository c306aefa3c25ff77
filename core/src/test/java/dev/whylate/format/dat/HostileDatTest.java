package dev.whylate.format.dat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.io.TraceFormatException;
import dev.whylate.model.Trace;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated and corrupted trace.dat files: a clear error or the events before the damage, nothing else. */
class HostileDatTest {
    static final long SEED = 20261122L;
    static final Path REAL_V7 = DatVsTraceCmdTest.TESTDATA.resolve("generated/trace-cmd-3.1.6_instance_rtrc_v7_zstd.dat");
    static final Path REAL_V6 = DatVsTraceCmdTest.TESTDATA.resolve("public/trappy/raw_trace.dat");

    @TempDir
    Path dir;

    /** Small synthetic files: v6 big endian, v7 zlib, v7 zstd with several buffers. */
    List<Path> synthetic() throws Exception {
        final List<Path> out = new ArrayList<>();
        final DatBuilder be = new DatBuilder();
        be.big = true;
        SyntheticDatTest.sample(be);
        out.add(write("be-v6.dat", be.build()));
        final DatBuilder zl = new DatBuilder();
        zl.version = 7;
        zl.compression = "zlib";
        SyntheticDatTest.sample(zl);
        out.add(write("zlib-v7.dat", zl.build()));
        final DatBuilder zs = new DatBuilder();
        zs.version = 7;
        zs.compression = "zstd";
        SyntheticDatTest.sample(zs);
        zs.cpu("inst", 0).page(5, -2).event(1, SyntheticDatTest.sw(zs, 1, "a", 1, "b", 2).b);
        out.add(write("zstd-v7.dat", zs.build()));
        return out;
    }

    private Path write(final String name, final byte[] b) throws Exception {
        final Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    private void run(final Path p, final boolean truncate) throws Exception {
        final Hostile.Tally t = truncate ? Hostile.truncations(p, dir.resolve("work.dat"), SEED, 200)
            : Hostile.mutations(p, dir.resolve("work.dat"), SEED, 120);
        System.out.println(p.getFileName() + (truncate ? " truncated: " : " mutated: ") + t);
        assertThat(t.failures).isEmpty();
        assertThat(t.formatErrors + t.truncatedTraces + t.completeTraces).isGreaterThanOrEqualTo(120);
    }

    @Test
    void truncatedAt200Offsets_seed20261122() throws Exception {
        for (final Path p : List.of(REAL_V7, REAL_V6)) run(p, true);
        for (final Path p : synthetic()) run(p, true);
    }

    @Test
    void hostileNumbersAt120Places_seed20261122() throws Exception {
        for (final Path p : List.of(REAL_V7, REAL_V6)) run(p, false);
        for (final Path p : synthetic()) run(p, false);
    }

    /** The same damage read by a JVM with a 64 MiB heap: no OutOfMemoryError from hostile sizes. */
    @Test
    void smallHeapSurvivesHostileSizes_seed20261122() throws Exception {
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-cp", System.getProperty("java.class.path"), Hostile.class.getName(), Long.toString(SEED), "30"));
        cmd.add(REAL_V7.toString());
        cmd.add(REAL_V6.toString());
        for (final Path p : synthetic()) cmd.add(p.toString());
        final Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = pr.getInputStream()) {
            in.transferTo(out);
        }
        assertThat(pr.waitFor(300, TimeUnit.SECONDS)).isTrue();
        final String text = out.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(pr.exitValue()).as(text).isZero();
    }

    @Test
    void hostileSizesGiveTheirOffset() throws Exception {
        final DatBuilder b = new DatBuilder();
        SyntheticDatTest.sample(b);
        final byte[] good = b.build();
        for (final String mark : List.of("kallsyms.size", "printk.size", "systems.count", "ftrace.count", "header_page.size")) {
            final byte[] bad = good.clone();
            final int at = b.marks.get(mark).intValue();
            b.put(bad, at, 0xFFFFFFF0L, 4);
            final Path p = write("bad-" + mark + ".dat", bad);
            assertThatThrownBy(() -> Hostile.read(p)).as(mark).isInstanceOf(TraceFormatException.class)
                .satisfies(e -> assertThat(((TraceFormatException) e).offset()).as(mark + " offset").isEqualTo(at));
        }
        final byte[] bad = good.clone();
        b.put(bad, b.marks.get("cmdlines.size").intValue(), 1L << 62, 8);
        assertThatThrownBy(() -> Hostile.read(write("bad-cmdlines.dat", bad))).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("saved cmdlines");
        final byte[] cpus = good.clone();
        b.put(cpus, b.marks.get("cpus").intValue(), 1_000_000, 4);
        assertThatThrownBy(() -> Hostile.read(write("bad-cpus.dat", cpus))).isInstanceOf(TraceFormatException.class);
    }

    @Test
    void damagedPagesKeepTheEventsBefore() throws Exception {
        final DatBuilder b = new DatBuilder();
        SyntheticDatTest.sample(b);
        final byte[] good = b.build();
        final int cpu0 = b.marks.get("cpu..0").intValue();
        // cpu 0's second page claims more data than a page holds: its first page and cpu 1 survive
        final byte[] commit = good.clone();
        b.put(commit, cpu0 + b.pageSize + 8, 0x7FFFFFF, 8);
        final Trace t = Hostile.read(write("commit.dat", commit));
        assertThat(t.truncated()).contains("CPU 0").contains("more than a 4096-byte page");
        assertThat(t.events().size()).isEqualTo(6);
        // a type_len 0 event whose length word is absurd
        final byte[] len = good.clone();
        b.put(len, cpu0 + 16 + 4 + 64 + 4, 0xFFFFFFF0L, 4);
        final Trace t2 = Hostile.read(write("len.dat", len));
        assertThat(t2.truncated()).contains("corrupt event header");
        assertThat(t2.events().size()).isBetween(1, 7);
        // cpu 1's data lies past the end of the file
        final byte[] cut = java.util.Arrays.copyOf(good, b.marks.get("cpu..1").intValue() + 8);
        final Trace t3 = Hostile.read(write("cut.dat", cut));
        assertThat(t3.truncated()).contains("CPU 1");
        assertThat(t3.events().size()).isEqualTo(6);
        // an event id with no format is counted, not guessed
        final byte[] id = good.clone();
        b.put(id, cpu0 + 16 + 4, 4242, 2);
        final Trace t4 = Hostile.read(write("id.dat", id));
        assertThat(t4.unparsedCount()).isEqualTo(1);
        assertThat(t4.unparsed().get(0).reason()).contains("unknown event id 4242");
    }

    @Test
    void hostileCompressedSizes() throws Exception {
        final DatBuilder b = new DatBuilder();
        b.version = 7;
        b.compression = "zstd";
        SyntheticDatTest.sample(b);
        final byte[] good = b.build();
        // a section declaring 4 GiB of output still decompresses to its real size
        final byte[] usize = good.clone();
        b.put(usize, b.marks.get("section.18.usize").intValue(), 0xFFFFFFFFL, 4);
        assertThat(Hostile.read(write("usize.dat", usize)).events().size()).isEqualTo(8);
        // a compressed size beyond the section
        final byte[] csize = good.clone();
        final int at = b.marks.get("section.18.csize").intValue();
        b.put(csize, at, 0x7FFFFFFFL, 4);
        assertThatThrownBy(() -> Hostile.read(write("csize.dat", csize))).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("event formats");
        // a chunk that does not decompress: the CPU stops there
        final byte[] chunk = good.clone();
        final int ck = b.marks.get("chunk..0.1").intValue();
        b.put(chunk, ck + 8, 0x12345678, 4);
        final Trace t = Hostile.read(write("chunk.dat", chunk));
        assertThat(t.truncated()).contains("CPU 0").contains("does not decompress");
        assertThat(t.events().size()).isEqualTo(6);
        // options pointing back at themselves (an uncompressed file, so the DONE option is plain)
        final DatBuilder plain = new DatBuilder();
        plain.version = 7;
        SyntheticDatTest.sample(plain);
        final byte[] loop = plain.build();
        final int opt = plain.marks.get("options").intValue();
        plain.put(loop, loop.length - 8, opt, 8);
        assertThatThrownBy(() -> Hostile.read(write("loop.dat", loop))).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("loop");
    }
}
