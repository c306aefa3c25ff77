package dev.whylate.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.testing.Needs;
import dev.whylate.testing.Programs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KernelShark, the GUI peer, opens what {@code whylate record} writes: v7 zstd (the default), v7 uncompressed with
 * kernel stacks, and v6. KernelShark runs on a private Xvfb display as user nobody (as root it first asks to
 * confirm) and reports a file it cannot open with {@code ERROR: ...} lines after {@code Loading "FILE"} (checked
 * by hand with a truncated and a garbage file); the test waits for the Loading line, then a few seconds more, and
 * requires no ERROR and the program still running. Skipped without root/tracefs, kernelshark, Xvfb or setpriv.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelSharkOpensTest {
    private Path dir;

    @BeforeAll
    void record() throws Exception {
        Needs.tracefs();
        Needs.tools("kernelshark", "Xvfb", "setpriv");
        dir = Files.createTempDirectory("whylate-kernelshark");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        final List<String> cmd = List.of("sh", "-c", "ls -R /usr/share/doc > /dev/null; sleep 0.3");
        Recorder.builder().preset("latency").output(dir.resolve("v7-zstd.dat")).run(cmd);
        Recorder.builder().preset("sched").stack("tlb_flush", null).compression(DatWriter.Compression.NONE).output(dir.resolve("v7-none.dat")).run(cmd);
        Recorder.builder().preset("sched").preset("irq").fileVersion(6).compression(DatWriter.Compression.NONE).output(dir.resolve("v6.dat")).run(cmd);
        try (var files = Files.list(dir)) {
            for (final Path p : files.toList()) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @AfterAll
    void clean() throws Exception {
        if (dir != null) Programs.deleteTree(dir);
        Programs.assertNoInstanceLeft();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v7-zstd.dat", "v7-none.dat", "v6.dat"})
    void kernelSharkLoadsTheFile(final String name) throws Exception {
        final Path file = dir.resolve(name);
        final int display = 100 + (int) (ProcessHandle.current().pid() % 400);
        final Path xlog = dir.resolve(name + ".xvfb");
        final Process x = new ProcessBuilder("Xvfb", ":" + display, "-screen", "0", "1280x800x24", "-ac", "-nolisten", "tcp")
            .redirectErrorStream(true).redirectOutput(xlog.toFile()).start();
        final Path out = dir.resolve(name + ".out");
        Process ks = null;
        try {
            Thread.sleep(800);
            if (!x.isAlive()) {
                // no virtual display on this machine: nothing learned about our file
                org.junit.jupiter.api.Assumptions.abort("needs a working Xvfb; it exited: " + Files.readString(xlog).strip());
            }
            final ProcessBuilder pb = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "kernelshark", file.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("DISPLAY", ":" + display);
            pb.environment().put("HOME", dir.toString());
            pb.environment().put("XDG_RUNTIME_DIR", dir.toString());
            pb.environment().put("QT_QPA_PLATFORM", "xcb");
            ks = pb.start();
            final List<String> lines = new ArrayList<>();
            long loadedAt = -1;
            for (int k = 0; k < 300; k++) {
                Thread.sleep(100);
                lines.clear();
                if (Files.exists(out)) lines.addAll(Files.readAllLines(out, StandardCharsets.UTF_8));
                if (loadedAt < 0 && lines.stream().anyMatch(l -> l.startsWith("Loading"))) loadedAt = k;
                if (loadedAt >= 0 && k - loadedAt >= 30) break;
                if (!ks.isAlive()) break;
            }
            if (loadedAt < 0 && lines.stream().anyMatch(l -> l.startsWith("qt.qpa"))) {
                // the GUI could not start on this machine (Qt platform plugin or display): not about our file
                org.junit.jupiter.api.Assumptions.abort("needs a working KernelShark/Qt on Xvfb: " + String.join(" | ", lines));
            }
            assertThat(lines).as("KernelShark's output").anyMatch(l -> l.startsWith("Loading") && l.contains(name));
            assertThat(lines).as("KernelShark's output").noneMatch(l -> l.startsWith("ERROR"));
            assertThat(ks.isAlive()).as("KernelShark still running after loading " + name + ": " + lines).isTrue();
        } finally {
            if (ks != null) {
                ks.destroy();
                if (!ks.waitFor(5, TimeUnit.SECONDS)) ks.destroyForcibly();
            }
            x.destroy();
            if (!x.waitFor(5, TimeUnit.SECONDS)) x.destroyForcibly();
        }
    }
}
