package dev.whylate.record;

import dev.whylate.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: measures what the recorder sustains. Run by hand (machine shared, takes ~30 s):
 * {@code mvn -o -pl core test -Dtest=RecorderThroughputBench -Dwhylate.bench=true -Dwhylate.bench.rates=10000,40000}.
 * Drives context switches with {@code stress-ng --switch 1 --switch-freq F} while recording sched_switch,
 * sched_waking and sched_wakeup with default buffers, and prints events/s, lost events, and the JVM's CPU time
 * (utime+stime from /proc/self/stat, all threads) during the workload divided by wall time.
 */
@EnabledIfSystemProperty(named = "whylate.bench", matches = "true")
class RecorderThroughputBench {
    static long jvmTicks() throws Exception {
        final String s = Files.readString(Path.of("/proc/self/stat"));
        final String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);   // utime, stime (fields 14, 15)
    }

    /** utime+stime of this JVM's threads whose name starts with {@code prefix}, from /proc/self/task. */
    static long threadTicks(final String prefix) throws Exception {
        long t = 0;
        try (var ds = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (final Path task : ds) {
                try {
                    final String s = Files.readString(task.resolve("stat"));
                    final String comm = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
                    if (!comm.startsWith(prefix)) continue;
                    final String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    t += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (final java.io.IOException e) {
                    // thread ended
                }
            }
        }
        return t;
    }

    @Test
    void sweep(@TempDir final Path dir) throws Exception {
        Needs.tracefs();
        final int seconds = Integer.getInteger("whylate.bench.seconds", 3);
        final String rates = System.getProperty("whylate.bench.rates", "5000,10000,20000,30000,40000,60000");
        final double tick = 100.0;   // USER_HZ
        System.out.println("freq  events/s  lost  jvm-cpu%  readers-cpu%  wall-s  pages  per-cpu-events/lost");
        for (final String r : rates.split(",")) {
            final int freq = Integer.parseInt(r.trim());
            final long[] cpu = new long[3];
            final Recording rec = Recorder.builder().events("sched:sched_switch", "sched:sched_waking", "sched:sched_wakeup")
                .kallsyms(false).readerNice(Integer.getInteger("whylate.bench.nice", -10)).output(dir.resolve("b.dat")).duration(Duration.ofSeconds(seconds + 30))
                .run(() -> {
                    final long t0 = System.nanoTime();
                    final long c0 = jvmTicks();
                    final Process p = new ProcessBuilder("stress-ng", "--switch", "1", "--switch-freq", Integer.toString(freq),
                        "-t", Integer.toString(seconds), "-q").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    p.waitFor();
                    cpu[0] = jvmTicks() - c0;
                    cpu[2] = threadTicks("whylate-cpu");
                    cpu[1] = System.nanoTime() - t0;
                });
            final double wall = cpu[1] / 1e9;
            final StringBuilder per = new StringBuilder();
            long pages = 0;
            for (final Recording.CpuResult c : rec.cpus()) {
                per.append(c.cpu()).append(':').append(c.events()).append('/').append(c.lost()).append(' ');
                pages += c.pages();
            }
            System.out.println(String.format(Locale.ROOT, "%6d %9.0f %6d %7.2f %7.2f %6.2f %6d  %s", freq,
                rec.totalEvents() / (rec.tracingNanos() / 1e9), rec.totalLost(), 100.0 * cpu[0] / tick / wall,
                100.0 * cpu[2] / tick / wall, wall, pages, per));
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }
}
