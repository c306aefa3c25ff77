package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.whylate.testing.Needs;
import dev.whylate.testing.PromCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code whylate watch} process against examples/pty-deadline (built with gcc): the cycles it counts, in its
 * metrics endpoint and its metrics file, equal the program's own count; SIGTERM stops it and its tracefs instance is
 * gone. The filters are the demo's, narrowed to the program's pid (other programs on the machine may use the name).
 * Skipped with a message without root, tracefs or gcc.
 */
class WatchCommandRealTest {
    @TempDir
    Path dir;

    @Test
    void countsTheProgramsCyclesExportsThemAndCleansUpOnSigterm() throws Exception {
        final Path instances = Needs.tracefs().root().resolve("instances");
        final Path exe = dir.resolve("pty_deadline");
        try {
            final Process gcc = new ProcessBuilder("gcc", "-O2", "-o", exe.toString(), Path.of("../examples/pty-deadline/pty_deadline.c").toString())
                .redirectErrorStream(true).start();
            final String msg = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assumeTrue(gcc.waitFor() == 0, "gcc failed: " + msg);
        } catch (IOException e) {
            assumeTrue(false, "needs gcc: " + e);
        }
        // the program waits for a newline, then becomes pty_deadline under the same pid
        final Path progOut = dir.resolve("program.out");
        final Process prog = new ProcessBuilder("sh", "-c", "read x; exec \"$0\" 150", exe.toString())
            .redirectOutput(progOut.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final long pid = prog.pid();
        // by pid, not by comm: trace_pipe's comm column comes from the kernel's cmdline cache, refreshed at context
        // switches, so the first write after the program's prctl(PR_SET_NAME) may still carry its old name
        final String start = "sys_enter_write: count == 7 && common_pid == " + pid;
        final String end = "sys_exit_read: ret > 0 && common_pid == " + pid;
        final Path prom = dir.resolve("watch.prom");
        final String java = ProcessHandle.current().info().command().orElse("java");
        final Path watchOut = dir.resolve("watch.out");
        final Process w = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "watch", "--start", start,
            "--end", end, "--deadline", "3.5ms", "--interval", "200ms", "--metrics-port", "0", "--metrics-file", prom.toString(), "--name", "pty")
            .redirectOutput(watchOut.toFile()).start();
        final List<String> err = Collections.synchronizedList(new ArrayList<>());
        final Thread errReader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(w.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) err.add(l);
            } catch (IOException ignored) {
                // process ended
            }
        });
        errReader.start();
        final String instancePrefix = "whylate-" + w.pid() + "-";
        Path instance = null;
        try {
            String url = null;
            final Pattern p = Pattern.compile("metrics (http://\\S+/metrics)");
            for (int k = 0; k < 600 && url == null && w.isAlive(); k++) {
                synchronized (err) {
                    for (final String l : err) {
                        final Matcher m = p.matcher(l);
                        if (m.find()) url = m.group(1);
                    }
                }
                if (url == null) Thread.sleep(100);
            }
            assertThat(url).as("watch started; stderr: " + err).isNotNull();
            try (var names = Files.list(instances)) {
                instance = names.filter(n -> n.getFileName().toString().startsWith(instancePrefix)).findFirst().orElse(null);
            }
            assertThat(instance).as("watch's instance " + instancePrefix + "N-watch").isNotNull();
            assertThat(instance.getFileName().toString()).endsWith("-watch");
            try (OutputStream o = prog.getOutputStream()) {
                o.write('\n');
            }
            assertThat(prog.waitFor(120, TimeUnit.SECONDS)).isTrue();
            final long own = Files.readAllLines(progOut).stream().filter(l -> l.startsWith("cycle ")).count();
            final String summary = Files.readAllLines(progOut).stream().filter(l -> l.startsWith("summary ")).findFirst().orElseThrow();
            assertThat(summary).startsWith("summary cycles " + own + " ");
            assertThat(own).isEqualTo(150);

            final HttpClient http = HttpClient.newHttpClient();
            Map<String, Double> m = Map.of();
            final String key = "whylate_watch_cycles_total{watch=\"pty\"}";
            for (int k = 0; k < 300 && m.getOrDefault(key, -1.0) < own; k++) {
                final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
                m = PromCheck.parse(r.body());
                if (m.getOrDefault(key, -1.0) < own) Thread.sleep(100);
            }
            assertThat(m).containsEntry(key, (double) own).containsEntry("whylate_watch_lost_cycles_total{watch=\"pty\"}", 0.0)
                .containsEntry("whylate_watch_cycle_latency_seconds_count{watch=\"pty\"}", (double) own)
                .containsEntry("whylate_watch_cycle_latency_seconds_bucket{watch=\"pty\",le=\"+Inf\"}", (double) own)
                .containsEntry("whylate_watch_events_total{watch=\"pty\",event=\"sys_enter_write\"}", (double) own);
            final HttpResponse<String> nf = http.send(HttpRequest.newBuilder(URI.create(url.replace("/metrics", "/nope"))).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(nf.statusCode()).isEqualTo(404);
        } finally {
            prog.destroyForcibly();
            w.destroy(); // SIGTERM
            if (!w.waitFor(60, TimeUnit.SECONDS)) w.destroyForcibly();
            errReader.join(10_000);
        }
        assertThat(w.exitValue()).as("killed by SIGTERM after a clean shutdown; stderr: " + err).isIn(0, 143);
        assertThat(Files.exists(instance)).as("instance removed; stderr: " + err).isFalse();
        assertThat(err).noneMatch(l -> l.contains("could not"));
        final String out = Files.readString(watchOut);
        assertThat(out).contains("total: cycles 150 ");
        final Map<String, Double> file = PromCheck.parse(Files.readString(prom));
        assertThat(file).containsEntry("whylate_watch_cycles_total{watch=\"pty\"}", 150.0)
            .containsEntry("whylate_watch_open_cycles{watch=\"pty\"}", 0.0);
        try (var files = Files.list(dir)) {
            assertThat(files.map(x -> x.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }
}
