package dev.whylate.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Inputs of the benchmarks: files of the repository's testdata, and large traces made from them. */
final class BenchData {
    private BenchData() {}

    /**
     * {@code testdata/REL} from the directory in {@code -Dwhylate.testdata}, the working directory or its parent.
     *
     * @throws IllegalStateException when none has it
     */
    static Path locate(final String rel) {
        final String prop = System.getProperty("whylate.testdata");
        final List<Path> tries = new ArrayList<>();
        if (prop != null) tries.add(Path.of(prop).resolve(rel));
        tries.add(Path.of("testdata").resolve(rel));
        tries.add(Path.of("../testdata").resolve(rel));
        for (final Path p : tries) if (Files.isRegularFile(p)) return p;
        throw new IllegalStateException("cannot find testdata/" + rel + " (run from the repository root or set -Dwhylate.testdata)");
    }

    /**
     * A temporary ftrace text file of about {@code megabytes} MB: the header of
     * testdata/generated/ftrace_6.18_default_head2000.txt (a real 6.18 recording: sched, irq, softirq, workqueue, ipi,
     * tlb, timer events), then its event lines repeated, timestamps shifted one second per repetition. The caller
     * deletes it.
     */
    static Path repeatedFtrace(final int megabytes, final String prefix) throws IOException {
        final Path src = locate("generated/ftrace_6.18_default_head2000.txt");
        final List<String> header = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        for (final String l : Files.readAllLines(src, StandardCharsets.UTF_8)) (l.startsWith("#") ? header : events).add(l);
        final Pattern ts = Pattern.compile(" (\\d+)\\.(\\d{6}):");
        final Path out = Files.createTempFile(prefix, ".txt");
        final long target = (long) megabytes << 20;
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (final String h : header) w.write(h + "\n");
            for (int rep = 0; written < target; rep++) {
                for (final String l : events) {
                    final Matcher m = ts.matcher(l);
                    final String s = m.find()
                        ? l.substring(0, m.start()) + " " + (Long.parseLong(m.group(1)) + rep) + "." + m.group(2) + ":" + l.substring(m.end())
                        : l;
                    w.write(s);
                    w.write('\n');
                    written += s.length() + 1;
                }
            }
        }
        return out;
    }
}
