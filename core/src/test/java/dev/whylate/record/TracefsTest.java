package dev.whylate.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.testing.Needs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** tracefs discovery, event resolution, presets, instances and --cleanup; the pure parts run everywhere. */
class TracefsTest {
    static Tracefs fs() {
        return Needs.tracefs();
    }

    @Test
    void globMatchesLikeTracefs() {
        assertThat(Tracefs.glob("irq*", "irq_handler_entry")).isTrue();
        assertThat(Tracefs.glob("*_entry", "irq_handler_entry")).isTrue();
        assertThat(Tracefs.glob("hrtimer_*", "timer_start")).isFalse();
        assertThat(Tracefs.glob("a*b*c", "aXXbYYc")).isTrue();
        assertThat(Tracefs.glob("a*b*c", "aXXcYYb")).isFalse();
        assertThat(Tracefs.glob("sched.x", "schedax")).isFalse();   // no regex leaks
    }

    @Test
    void statsParseTheKernelsKeys() {
        final CpuStats s = CpuStats.parse(1, """
            entries: 12
            overrun: 3
            commit overrun: 4
            bytes: 8160
            oldest event ts:   537.957463
            now ts:   538.445562
            dropped events: 5
            read events: 180
            """);
        assertThat(s.entries()).isEqualTo(12);
        assertThat(s.lost()).isEqualTo(12);
        assertThat(s.bytes()).isEqualTo(8160);
        assertThat(s.read()).isEqualTo(180);
    }

    @Test
    void longSizeComesFromHeaderPage() {
        assertThat(DatMetadata.longSizeFromHeaderPage(DatWriterTest.HEADER_PAGE.getBytes(StandardCharsets.US_ASCII))).isEqualTo(8);
        assertThat(DatMetadata.longSizeFromHeaderPage("\tfield: local_t commit;\toffset:8;\tsize:4;\tsigned:1;\n"
            .getBytes(StandardCharsets.US_ASCII))).isEqualTo(4);
    }

    @Test
    void pageCounterStopsAtBrokenLengths() {
        final ByteBuffer p = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        p.putLong(0, 100).putLong(8, 5000);              // commit larger than the page
        p.putInt(16, 0).putInt(20, 0);                    // type_len 0 with length 0: would not advance
        final PageCounter c = new PageCounter(8, ByteOrder.LITTLE_ENDIAN);
        c.page(p, 0, 4096);
        assertThat(c.badPages()).isPositive();
        assertThat(c.pages()).isEqualTo(1);
    }

    @Test
    void headerPageIsReadWhole() throws Exception {
        final Tracefs fs = fs();
        final String hp = new String(fs.readBytes("events/header_page"), StandardCharsets.US_ASCII);
        assertThat(hp).contains("commit;").contains("data;");
    }

    @Test
    void resolvesNamesGlobsSystemsAndBareEvents() throws Exception {
        final Tracefs fs = fs();
        final List<String> irqDir = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(fs.root().resolve("events/irq"))) {
            for (final Path p : ds) if (Files.isDirectory(p)) irqDir.add("irq:" + p.getFileName());
        }
        assertThat(fs.resolve(List.of("irq:*"))).containsExactlyInAnyOrderElementsOf(irqDir);
        assertThat(fs.resolve(List.of("irq"))).containsExactlyInAnyOrderElementsOf(irqDir);
        assertThat(fs.resolve(List.of("sched/sched_switch", "sched_switch", "sched:sched_switch"))).containsExactly("sched:sched_switch");
        assertThat(fs.resolve(List.of("timer:hrtimer_*"))).isNotEmpty().allMatch(e -> e.startsWith("timer:hrtimer_"));
        assertThatThrownBy(() -> fs.resolve(List.of("sched:sched_switch", "no_such_event_xyz")))
            .isInstanceOf(RecordException.class).hasMessageContaining("unknown event 'no_such_event_xyz'")
            .extracting(e -> ((RecordException) e).kind()).isEqualTo(RecordException.Kind.UNKNOWN_EVENT);
        assertThatThrownBy(() -> fs.resolve(List.of("sched:sched_swich")))
            .isInstanceOf(RecordException.class).hasMessageContaining("sched:sched_switch");
    }

    @Test
    void presetsTakeWhatExists() throws Exception {
        final Tracefs fs = fs();
        final List<String> latency = Presets.expand("latency", fs);
        assertThat(latency).contains("sched:sched_switch", "sched:sched_waking", "irq:irq_handler_entry",
            "irq:softirq_entry", "workqueue:workqueue_execute_start", "timer:hrtimer_expire_entry");
        assertThat(latency).noneMatch(e -> e.startsWith("syscalls:") || e.startsWith("raw_syscalls:"));
        for (final String e : latency) {
            final int c = e.indexOf(':');
            assertThat(fs.hasEvent(e.substring(0, c), e.substring(c + 1))).as(e).isTrue();
        }
        assertThat(Presets.expand("sched", fs)).hasSizeBetween(5, 9);
        assertThat(Presets.expand("raw_syscalls", fs)).containsExactlyInAnyOrder("raw_syscalls:sys_enter", "raw_syscalls:sys_exit");
        assertThatThrownBy(() -> Presets.expand("nope", fs)).isInstanceOf(RecordException.class).hasMessageContaining("latency");
    }

    @Test
    void instanceIsRemovedWithItsEvents() throws Exception {
        final Tracefs fs = fs();
        final TracefsInstance inst = fs.createInstance("test");
        try {
            assertThat(inst.name()).startsWith("whylate-" + ProcessHandle.current().pid() + "-");
            inst.enableEvents(List.of("sched:sched_switch"));
            assertThat(inst.enabledEvents()).containsExactly("sched:sched_switch");
            assertThat(inst.cpus()).isNotEmpty();
            assertThat(inst.pageSize()).isPositive();
            inst.bufferSizeKb(512);
            assertThat(inst.bufferSizeKb()).isBetween(512, 520);   // the kernel rounds up to whole data pages
        } finally {
            inst.close();
        }
        assertThat(inst.dir()).doesNotExist();
        inst.close();  // twice is fine
    }

    @Test
    void findsOneEventAndReportsRefusedFiltersWithoutTouchingTheTopLevel() throws Exception {
        final Tracefs fs = fs();
        assertThat(fs.event("sys_enter_write")).isEqualTo("syscalls:sys_enter_write");
        assertThat(fs.event("syscalls/sys_enter_write")).isEqualTo("syscalls:sys_enter_write");
        assertThat(fs.event("syscalls:sys_enter_write")).isEqualTo("syscalls:sys_enter_write");
        assertThat(fs.event("no_such_event_x")).isNull();
        assertThat(fs.event("irq")).as("a system is not one event").isNull();
        assertThat(fs.event("tlb:")).isNull();
        assertThat(fs.event("sys_enter_*")).isNull();
        assertThat(fs.event("../../etc")).isNull();
        final Path top = fs.root().resolve("events/syscalls/sys_enter_write/enable");
        final String topBefore = Tracefs.readText(top);
        final TracefsInstance inst = fs.createInstance("test-filter");
        final Path ev = inst.dir().resolve("events/syscalls/sys_enter_write");
        try {
            inst.enableEvents(List.of("syscalls:sys_enter_write"));
            assertThat(Tracefs.readText(ev.resolve("enable")).strip()).isEqualTo("1");
            assertThat(inst.tryFilter("syscalls:sys_enter_write", "count == 7")).isNull();
            assertThat(Tracefs.readText(ev.resolve("filter")).strip()).isEqualTo("count == 7");
            assertThat(inst.tryFilter("syscalls:sys_enter_write", "no_such_field == 3")).isNotBlank();
            assertThat(Tracefs.readText(ev.resolve("filter")).strip()).as("a refused filter is cleared").isEqualTo("none");
            assertThatThrownBy(() -> inst.filter("syscalls:sys_enter_write", "count ==")).hasMessageContaining("rejected the filter 'count =='");
            if (Files.exists(inst.dir().resolve("set_event_notrace_pid"))) {
                assertThat(inst.appendNotracePids(List.of(ProcessHandle.current().pid()))).isTrue();
                assertThat(inst.appendNotracePids(List.of(1L))).isTrue();
                assertThat(Tracefs.readText(inst.dir().resolve("set_event_notrace_pid")).split("\\s+"))
                    .as("appended, not replaced").contains("1", Long.toString(ProcessHandle.current().pid()));
            }
            inst.tracingOn(true);
            assertThat(inst.marker("whylate-test marker")).isTrue();
        } finally {
            inst.close();
        }
        assertThat(inst.exists()).isFalse();
        assertThat(inst.marker("gone")).isFalse();
        assertThat(Tracefs.readText(top)).as("the top-level buffer's event state is not touched").isEqualTo(topBefore);
    }

    @Test
    void cleanupRemovesInstancesOfDeadOwnersOnly() throws Exception {
        final Tracefs fs = fs();
        final long dead = deadPid();
        final Path left = fs.root().resolve("instances").resolve("whylate-" + dead + "-1-left");
        Files.createDirectory(left);
        Files.writeString(left.resolve("events/sched/sched_switch/enable"), "1");
        Files.writeString(left.resolve("tracing_on"), "1");
        final TracefsInstance mine = fs.createInstance("live");
        try {
            final List<String> failures = new ArrayList<>();
            final List<String> removed = fs.cleanup(false, failures);
            assertThat(failures).isEmpty();
            assertThat(removed).contains(left.getFileName().toString()).doesNotContain(mine.name());
            assertThat(left).doesNotExist();
            assertThat(mine.dir()).exists();
        } finally {
            mine.close();
            if (Files.exists(left)) TracefsInstance.disableAndRemove(left);
        }
    }

    @Test
    void ownerIsTheFirstNumberInTheName() throws Exception {
        final long dead = deadPid();
        final Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(Tracefs.ownerAlive("whylate-" + ProcessHandle.current().pid() + "-3")).isTrue();
            assertThat(Tracefs.ownerAlive("whylate-" + dead + "-1")).as("pid 1 is not the owner").isFalse();
            assertThat(Tracefs.ownerAlive("whylate-script-" + sleeper.pid())).isTrue();
            assertThat(Tracefs.ownerAlive("whylate-script-" + dead)).isFalse();
            assertThat(Tracefs.ownerAlive("whylate-nopid")).as("unknown owner: keep").isTrue();
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    /** A pid that no process has now: that of a finished child. */
    static long deadPid() throws Exception {
        for (int i = 0; i < 20; i++) {
            final Process p = new ProcessBuilder("true").start();
            p.waitFor();
            final long pid = p.pid();
            final Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive()) return pid;
        }
        throw new AssertionError("no dead pid found");
    }
}
