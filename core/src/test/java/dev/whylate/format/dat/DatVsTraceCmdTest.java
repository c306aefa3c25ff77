package dev.whylate.format.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.testing.Needs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every .dat in testdata, and v6/v7 variants of each made with {@code trace-cmd convert}, event by event,
 * field by field and text by text against {@code trace-cmd report} (see {@link DatCompare}).
 */
class DatVsTraceCmdTest {
    static final Path TESTDATA = Path.of("..", "testdata");
    private static Path tmp;

    @BeforeAll
    static void makeTemp() throws IOException {
        tmp = Files.createTempDirectory("whylate-dat-test-");
    }

    @AfterAll
    static void removeTemp() throws IOException {
        if (tmp == null) return;
        try (Stream<Path> s = Files.walk(tmp)) {
            for (final Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static List<Path> datFiles() throws IOException {
        final List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(TESTDATA)) {
            s.filter(p -> p.toString().endsWith(".dat")).sorted().forEach(out::add);
        }
        return out;
    }

    static void check(final Path p) throws Exception {
        final DatCompare.Summary s = DatCompare.compareAll(p);
        System.out.println(DatCompare.summary(p, s));
        assertThat(s.events()).isPositive();
        assertThat(s.textMismatchByEvent()).as("event texts that differ from trace-cmd report -N: " + s.textExamples()).isEmpty();
    }

    /** The .dat files under examples/ (written by whylate record). */
    static List<Path> exampleFiles() throws IOException {
        final List<Path> out = new ArrayList<>();
        final Path ex = Path.of("..", "examples");
        if (!Files.isDirectory(ex)) return out;
        try (Stream<Path> s = Files.walk(ex)) {
            s.filter(p -> p.toString().endsWith(".dat")).sorted().forEach(out::add);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyTestdataFileMatchesTraceCmd() throws IOException {
        final List<Path> all = new ArrayList<>(datFiles());
        all.addAll(exampleFiles());
        return all.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Needs.tools("trace-cmd");
            check(p);
        }));
    }

    /** (file version, compression) variants asked of trace-cmd convert. */
    private static final String[][] VARIANTS = {{"6", "none"}, {"7", "none"}, {"7", "zstd"}, {"7", "zlib"}};

    @TestFactory
    Stream<DynamicTest> convertedVariantsMatchTraceCmd() throws IOException {
        final List<DynamicTest> out = new ArrayList<>();
        for (final Path src : datFiles()) {
            for (final String[] v : VARIANTS) {
                final String name = src.getFileName().toString().replace(".dat", "") + "-v" + v[0] + "-" + v[1];
                out.add(DynamicTest.dynamicTest(name, () -> {
                    Needs.tools("trace-cmd");
                    final Path dst = tmp.resolve(name + ".dat");
                    final int rc = TraceCmd.status("convert", "--file-version", v[0], "--compression", v[1], "-i", src.toString(), "-o", dst.toString());
                    Assumptions.assumeTrue(rc == 0 && Files.size(dst) > 0,
                        "trace-cmd convert cannot write version " + v[0] + " with compression " + v[1] + " here (exit " + rc + ")");
                    assertThat(version(dst)).as("file version written by trace-cmd convert").isEqualTo(v[0]);
                    check(dst);
                    Files.deleteIfExists(dst);
                }));
            }
        }
        return out.stream();
    }

    /** whylate record keeps thread-group ids in its own v7 section; the reader finds them. */
    @org.junit.jupiter.api.Test
    void recordedExamplesCarryTgids() throws Exception {
        for (final Path p : exampleFiles()) {
            final dev.whylate.model.Trace t = dev.whylate.format.Traces.read(p.toString());
            if (!"7".equals(t.meta().get("trace.dat-version"))) continue;
            long with = t.tasks().all().stream().filter(k -> k.tgid() >= 0).count();
            assertThat(with).as("tasks with a tgid in " + p).isPositive();
        }
    }

    /** The version string in a trace.dat header. */
    static String version(final Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            final byte[] h = in.readNBytes(16);
            int e = 10;
            while (e < h.length && h[e] != 0) e++;
            return new String(h, 10, e - 10, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
