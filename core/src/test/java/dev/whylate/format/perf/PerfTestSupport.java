package dev.whylate.format.perf;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.TraceReader;
import dev.whylate.io.Input;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.Trace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the perf and sysdig reader tests. */
public final class PerfTestSupport {
    private PerfTestSupport() {}

    /** testdata/ seen from the core module. */
    public static final Path TESTDATA = Path.of("..", "testdata");

    /** Reads {@code p} with {@code r} on {@code threads} threads. */
    public static Trace read(final TraceReader r, final Path p, final int threads) throws IOException, TraceFormatException {
        try (Input in = Input.open(p.toString())) {
            return r.read(in, new ReadOptions(threads));
        }
    }

    /** Writes {@code text} to {@code dir/name} and reads it with {@code r}. */
    public static Trace readText(final TraceReader r, final Path dir, final String name, final String text)
        throws IOException, TraceFormatException {
        final Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return read(r, p, 1);
    }

    /** Result of running a tool. */
    public record Run(int exit, String out, String err) {}

    /** Runs a command (60 s limit); {@code null} when it cannot be started. */
    public static Run run(final List<String> cmd, final Path stdoutTo) {
        try {
            final ProcessBuilder pb = new ProcessBuilder(cmd);
            final Path err = Files.createTempFile("whylate-test-", ".err");
            pb.redirectError(err.toFile());
            final Path out = stdoutTo != null ? stdoutTo : Files.createTempFile("whylate-test-", ".out");
            pb.redirectOutput(out.toFile());
            final Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "", "timed out");
            }
            final String o = stdoutTo != null ? "" : Files.readString(out, StandardCharsets.UTF_8);
            final String e = Files.readString(err, StandardCharsets.UTF_8);
            Files.deleteIfExists(err);
            if (stdoutTo == null) Files.deleteIfExists(out);
            return new Run(p.exitValue(), o, e);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Runs an awk program over a file and returns its output lines. */
    public static List<String> awk(final String program, final Path file) {
        final Run r = run(List.of("awk", program, file.toString()), null);
        if (r == null || r.exit() != 0) throw new IllegalStateException("awk failed: " + (r == null ? "not startable" : r.err()));
        final List<String> out = new ArrayList<>();
        for (final String l : r.out().split("\n")) if (!l.isEmpty()) out.add(l);
        return out;
    }
}
