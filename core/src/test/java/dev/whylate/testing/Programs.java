package dev.whylate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Workloads of the recording tests: example programs built with gcc, CPU hogs, and the clean-up after them. */
public final class Programs {
    private Programs() {}

    /** Builds {@code src} (a path relative to the module, e.g. {@code ../examples/x/x.c}) into {@code dir}/{@code name} with gcc -O2. */
    public static Path compile(final String src, final Path dir, final String name) throws IOException, InterruptedException {
        final Path source = Path.of(src).toAbsolutePath().normalize();
        final Path bin = dir.resolve(name);
        final List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-o", bin.toString(), source.toString()));
        final Process cc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cc.waitFor()).as("gcc: %s", out).isZero();
        return bin;
    }

    /** {@code stress-ng --cpu n} for at most a minute, output discarded. */
    public static Process hogs(final int n) throws IOException {
        return new ProcessBuilder("stress-ng", "--cpu", Integer.toString(n), "--timeout", "60")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Stops {@code p} and waits for it (up to 10 s). */
    public static void stop(final Process p) throws InterruptedException {
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Removes {@code dir} and everything under it (nothing when null). */
    public static void deleteTree(final Path dir) throws IOException {
        if (dir == null) return;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Asserts that no tracefs instance made by this JVM's recorders is left. */
    public static void assertNoInstanceLeft() {
        final String mine = "whylate-" + ProcessHandle.current().pid() + "-";
        final File[] left = new File("/sys/kernel/tracing/instances").listFiles((d, n) -> n.startsWith(mine));
        assertThat(left == null ? 0 : left.length).as("the recorder removed its tracefs instance").isZero();
    }
}
