package dev.whylate.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ways a recording ends (stop request, duration, failures) and the text form of the same buffer. */
class RecorderStopTest {

    @Test
    void stopRequestFromAnotherThreadStillWritesAndRestores(@TempDir final Path dir) throws Exception {
        RecorderTest.needsTracefs();
        final String top = RecorderTest.topLevelEvents();
        final Recorder rec = Recorder.builder().preset("sched").untilStopped(true).output(dir.resolve("s.dat")).build();
        final Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(400);
            } catch (final InterruptedException e) {
                return;
            }
            rec.requestStop();
        });
        stopper.start();
        final Recording r = rec.record();
        assertThat(rec.awaitFinished(1000)).isTrue();
        assertThat(r.stopReason()).isEqualTo(Recording.StopReason.STOP_REQUESTED);
        assertThat(r.tracingNanos()).isPositive();
        RecorderTest.assertTracefsRestored(r, top);
        RecorderTest.assertSameEvents(r);
    }

    @Test
    void durationEndsALongCommandAndKillsIt(@TempDir final Path dir) throws Exception {
        RecorderTest.needsTracefs();
        final String top = RecorderTest.topLevelEvents();
        final Path pidFile = dir.resolve("pid");
        final Recording r = Recorder.builder().events("sched:sched_switch", "sched:sched_process_exit")
            .duration(Duration.ofMillis(300)).output(dir.resolve("d.dat"))
            .run(List.of("sh", "-c", "echo $$ > " + pidFile + "; exec sleep 30"));
        assertThat(r.stopReason()).isEqualTo(Recording.StopReason.DURATION);
        assertThat(r.commandExit()).isNull();
        final long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("command killed").isFalse();
        RecorderTest.assertTracefsRestored(r, top);
    }

    @Test
    void textFormHoldsTheSameEventsAsTheDat(@TempDir final Path dir) throws Exception {
        RecorderTest.needsTracefs();
        final Path txt = dir.resolve("t.txt.zst");
        final Recording r = Recorder.builder().preset("sched").events("irq").bufferKb(8192).snapshotProc(true)
            .output(dir.resolve("t.dat")).textOutput(txt).run(() -> Workloads.mixed(dir, 300));
        assertThat(r.text()).contains(txt);
        assertThat(r.totalLost()).as("buffer big enough for this test").isZero();
        assertThat(r.procBefore().interrupts()).contains("CPU0");
        assertThat(r.procAfter().softirqs()).contains("NET_RX");
        assertThat(r.procAfter().monoNanos() - r.procBefore().monoNanos()).isGreaterThanOrEqualTo(r.tracingNanos());
        final TraceCmd.Report rep = RecorderTest.assertSameEvents(r);

        // same buffer, two forms: per CPU the (µs timestamp, event name) sequences are equal
        final Pattern line = Pattern.compile("\\[(\\d{3})\\]\\s+\\S*\\s*(\\d+)\\.(\\d{6}):\\s+([^:\\s]+):");
        final Map<Integer, List<String>> text = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new ZstdInputStream(Files.newInputStream(txt)),
            StandardCharsets.UTF_8))) {
            String l;
            while ((l = in.readLine()) != null) {
                if (l.startsWith("#")) continue;
                final Matcher m = line.matcher(l);
                assertThat(m.find()).as(l).isTrue();
                text.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>())
                    .add(m.group(2) + "." + m.group(3) + " " + m.group(4));
            }
        }
        final Map<Integer, List<String>> dat = new TreeMap<>();
        for (final TraceCmd.Event e : rep.events()) {
            final long us = (e.ts() + 500) / 1000;   // the kernel's text rounds ns to the nearest µs
            dat.computeIfAbsent(e.cpu(), k -> new ArrayList<>()).add(String.format("%d.%06d %s", us / 1_000_000, us % 1_000_000, e.name()));
        }
        assertThat(text.keySet()).isEqualTo(dat.keySet());
        for (final int cpu : dat.keySet()) RecorderTest.sameSequence(text.get(cpu), dat.get(cpu), "text vs dat, cpu " + cpu);
    }

    @Test
    void unknownEventFailsBeforeTouchingTracefs() throws Exception {
        RecorderTest.needsTracefs();
        final List<String> before = Tracefs.locate().whylateInstances();
        assertThatThrownBy(() -> Recorder.builder().events("sched:sched_switch", "bogus:nothing_here")
            .duration(Duration.ofMillis(100)).run())
            .isInstanceOf(RecordException.class).hasMessageContaining("bogus:nothing_here")
            .extracting(e -> ((RecordException) e).kind()).isEqualTo(RecordException.Kind.UNKNOWN_EVENT);
        assertThat(Tracefs.locate().whylateInstances()).isEqualTo(before);
    }

    @Test
    void missingCommandIsAWorkloadErrorAndRestores(@TempDir final Path dir) throws Exception {
        RecorderTest.needsTracefs();
        final List<String> before = Tracefs.locate().whylateInstances();
        assertThatThrownBy(() -> Recorder.builder().preset("sched").output(dir.resolve("x.dat"))
            .run(List.of("/nonexistent/whylate-no-such-command")))
            .isInstanceOf(RecordException.class).hasMessageContaining("cannot run")
            .extracting(e -> ((RecordException) e).kind()).isEqualTo(RecordException.Kind.WORKLOAD);
        assertThat(Tracefs.locate().whylateInstances()).isEqualTo(before);
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).as("no temporary files left").isEmpty();
        }
    }

    @Test
    void diskFullIsReportedAsSuchAndRestores(@TempDir final Path dir) throws Exception {
        RecorderTest.needsTracefs();
        final Path mnt = Files.createDirectory(dir.resolve("small"));
        final Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt.toString())
            .redirectErrorStream(true).start();
        m.getInputStream().readAllBytes();
        Assumptions.assumeTrue(m.waitFor() == 0, "needs to mount a small tmpfs");
        try {
            final List<String> before = Tracefs.locate().whylateInstances();
            assertThatThrownBy(() -> Recorder.builder().preset("latency").bufferKb(2048).output(mnt.resolve("full.dat"))
                .run(() -> Workloads.mixed(dir, 1500)))
                .isInstanceOf(RecordException.class).hasMessageContaining("disk full")
                .extracting(e -> ((RecordException) e).kind()).isEqualTo(RecordException.Kind.DISK_FULL);
            assertThat(Tracefs.locate().whylateInstances()).isEqualTo(before);
            try (var s = Files.list(mnt)) {
                assertThat(s.toList()).as("partial files removed").isEmpty();
            }
        } finally {
            new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor();
        }
    }
}
