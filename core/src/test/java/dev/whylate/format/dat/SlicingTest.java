package dev.whylate.format.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.io.Input;
import dev.whylate.model.EventStore;
import dev.whylate.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cutting a CPU's pages into many slices decoded in parallel gives exactly the events of one sequential pass. */
class SlicingTest {
    @TempDir
    Path dir;

    static List<String> events(final Path p, final long slice, final int threads) throws Exception {
        return events(p, slice, threads, false);
    }

    static List<String> events(final Path p, final long slice, final int threads, final boolean tempFiles) throws Exception {
        final long old = PageJobs.slice;
        PageJobs.slice = slice;
        PageJobs.forceTempFiles = tempFiles;
        try (Input in = Input.ofFile(p)) {
            final Trace t = new DatReader().read(in, new ReadOptions(threads));
            final EventStore s = t.events();
            final List<String> out = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                out.add(s.ts(i) + " " + s.cpu(i) + " " + s.tid(i) + " " + s.typeName(i) + " " + s.ctx(i) + " " + s.decoder().text(s, i));
            }
            out.add("lost " + t.lost() + " truncated " + t.truncated() + " ooo " + t.outOfOrder());
            return out;
        } finally {
            PageJobs.slice = old;
            PageJobs.forceTempFiles = false;
        }
    }

    @Test
    void slicesOfTwoPagesReadLikeOnePass() throws Exception {
        final List<Path> files = new ArrayList<>(DatVsTraceCmdTest.datFiles());
        final DatBuilder z = new DatBuilder();
        z.version = 7;
        z.compression = "zstd";
        SyntheticDatTest.sample(z);
        final Path zp = dir.resolve("z.dat");
        Files.write(zp, z.build());
        files.add(zp);
        for (final Path p : files) {
            final List<String> one = events(p, Long.MAX_VALUE / 2, 1);
            final List<String> many = events(p, 2 * 4096, 2);
            assertThat(many).as(p.toString()).isEqualTo(one);
            // compressed data through temp files instead of memory
            assertThat(events(p, 2 * 4096, 2, true)).as(p + " via temp files").isEqualTo(one);
        }
    }
}
