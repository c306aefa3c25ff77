package dev.whylate.analysis.irq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import dev.whylate.testing.TestInstance;
import dev.whylate.timeline.Timeline;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real recordings in a private tracefs instance, read back from its text with whylate: per-CPU softirq counts
 * by vector and hardirq / vector / IPI / TLB counts must match the /proc/softirqs and /proc/interrupts deltas
 * around the recording (see {@link TestInstance#record} for how the snapshots bracket the trace), and the munmap
 * scenario must name the munmap thread and syscall.
 */
class IrqRecordedTest {
    private static final String[] EVENTS = {"irq", "irq_vectors", "ipi", "tlb", "csd", "workqueue", "sched/sched_switch", "sched/sched_waking",
        "sched/sched_wakeup", "timer/hrtimer_start", "timer/hrtimer_expire_entry", "timer/hrtimer_expire_exit",
        "syscalls/sys_enter_munmap", "syscalls/sys_exit_munmap", "syscalls/sys_enter_mmap", "syscalls/sys_exit_mmap",
        "syscalls/sys_enter_mprotect", "syscalls/sys_exit_mprotect", "syscalls/sys_enter_madvise", "syscalls/sys_exit_madvise"};

    /** Vector rows of /proc/interrupts and the irq_vectors event that counts them. */
    private static final Map<String, String> VECTOR_ROWS = Map.of("LOC", "local_timer", "RES", "reschedule", "CAL", "call_function",
        "IWI", "irq_work", "SPU", "spurious_apic", "PLT", "x86_platform_ipi", "TRM", "thermal_apic");

    @TempDir
    Path tmp;

    private record Result(IrqReport report, TestInstance.Recording rec, Path trace) {}

    private Result record(final String name, final TestInstance.Workload w) throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs at least 2 CPUs");
        final Path out = tmp.resolve(name + ".txt");
        final TestInstance.Recording rec;
        try (TestInstance t = TestInstance.create(name, 32 * 1024)) {
            t.option("record-tgid");
            t.enable(EVENTS);
            rec = t.record(w);
            assertThat(t.lostEvents()).as("events overwritten or dropped in the ring buffer").isZero();
            t.saveTrace(out);
        }
        final Trace trace = Traces.read(out.toString(), ReadOptions.defaults());
        assertThat(trace.truncated()).isNull();
        return new Result(IrqAnalysis.run(Timeline.of(trace), IrqOptions.defaults()), rec, out);
    }

    /**
     * Compares every recorded row and returns how many (row, CPU) pairs were exact (both snapshot pairs
     * agreed, so the traced count must equal the delta).
     */
    private static int assertMatchesProc(final Result res) throws IOException {
        final IrqReport r = res.report;
        final TestInstance.Recording rec = res.rec;
        final int cpus = rec.before1().cpus();
        final Map<Integer, CpuIrq> byCpu = new HashMap<>();
        for (final CpuIrq c : r.cpus()) byCpu.put(c.cpu(), c);
        int exact = 0;
        int compared = 0;
        final List<String> failures = new ArrayList<>();
        for (final String row : rec.before1().softirqs().keySet()) {
            for (int c = 0; c < cpus; c++) {
                final CpuIrq ci = byCpu.get(c);
                final Softirq s = ci == null ? null : ci.softirq().get(row);
                final long traced = s == null ? 0 : s.count();
                exact += check("softirq " + row, c, traced, rec.before1().softirqs(), rec.before2().softirqs(), rec.after1().softirqs(),
                    rec.after2().softirqs(), row, failures);
                compared++;
            }
        }
        // numbered device IRQs whose events name a single handler
        final Map<Integer, java.util.Set<String>> handlerNames = new HashMap<>();
        for (final CpuIrq ci : r.cpus()) for (final Map.Entry<String, Hardirq> e : ci.hardirq().entrySet()) {
            handlerNames.computeIfAbsent(e.getValue().irq(), k -> new java.util.HashSet<>()).add(e.getKey());
        }
        for (final String row : rec.before1().interrupts().keySet()) {
            final boolean numbered = row.chars().allMatch(Character::isDigit);
            final boolean vector = VECTOR_ROWS.containsKey(row) && TestInstance.hasEvent("irq_vectors/" + VECTOR_ROWS.get(row) + "_entry");
            final boolean tlb = row.equals("TLB") && r.tlbSource().equals("csd");
            if (numbered && handlerNames.getOrDefault(Integer.parseInt(row), java.util.Set.of()).size() > 1) continue;
            if (!numbered && !vector && !tlb) continue;
            for (int c = 0; c < cpus; c++) {
                final CpuIrq ci = byCpu.get(c);
                long traced = 0;
                if (ci != null && numbered) {
                    for (final Hardirq h : ci.hardirq().values()) if (h.irq() == Integer.parseInt(row)) traced += h.count();
                } else if (ci != null && vector) {
                    for (final Vector v : ci.vectors().values()) if (row.equals(v.row())) traced += v.count();
                } else if (ci != null) {
                    traced = ci.tlbShootdowns().count();
                }
                exact += check(row, c, traced, rec.before1().interrupts(), rec.before2().interrupts(), rec.after1().interrupts(),
                    rec.after2().interrupts(), row, failures);
                compared++;
            }
        }
        // the IPI count is RES + CAL
        for (int c = 0; c < cpus; c++) {
            final CpuIrq ci = byCpu.get(c);
            final long ipi = ci == null ? 0 : ci.ipi().count();
            long lo = 0;
            long hi = 0;
            for (final String row : new String[] {"RES", "CAL"}) {
                lo += rec.after1().interrupts().get(row)[c] - rec.before2().interrupts().get(row)[c];
                hi += rec.after2().interrupts().get(row)[c] - rec.before1().interrupts().get(row)[c];
            }
            if (ipi < lo || ipi > hi) failures.add("ipi count CPU " + c + ": traced " + ipi + ", /proc RES+CAL delta in [" + lo + ", " + hi + "]");
        }
        System.out.printf("%s: %d of %d (row, CPU) pairs exact, %d start attempts%n", res.trace.getFileName(), exact, compared, rec.startAttempts());
        assertThat(failures).as("rows whose traced count is outside the /proc delta").isEmpty();
        return exact;
    }

    private static int check(final String what, final int cpu, final long traced, final Map<String, long[]> b1, final Map<String, long[]> b2,
                             final Map<String, long[]> a1, final Map<String, long[]> a2, final String row, final List<String> failures) {
        final long lo = a1.get(row)[cpu] - b2.get(row)[cpu];
        final long hi = a2.get(row)[cpu] - b1.get(row)[cpu];
        if (traced < lo || traced > hi) {
            failures.add(what + " CPU " + cpu + ": traced " + traced + ", /proc delta " + (lo == hi ? "= " + lo : "in [" + lo + ", " + hi + "]"));
        }
        return lo == hi ? 1 : 0;
    }

    private static long procDelta(final TestInstance.Recording rec, final boolean soft, final String row, final int cpu) {
        final Map<String, long[]> a = soft ? rec.after2().softirqs() : rec.after2().interrupts();
        final Map<String, long[]> b = soft ? rec.before1().softirqs() : rec.before1().interrupts();
        return a.get(row)[cpu] - b.get(row)[cpu];
    }

    @Test
    void loopbackTcpMatchesProcCounters() throws Exception {
        final Result res = record("tcp", IrqRecordedTest::loopbackTraffic);
        final int exact = assertMatchesProc(res);
        assertThat(exact).isPositive();
        long netRx = 0;
        for (final CpuIrq c : res.report.cpus()) {
            final Softirq s = c.softirq().get("NET_RX");
            if (s != null) netRx += s.count();
        }
        long procNetRx = 0;
        for (int c = 0; c < res.rec.before1().cpus(); c++) procNetRx += procDelta(res.rec, true, "NET_RX", c);
        assertThat(procNetRx).as("the workload made NET_RX softirqs").isGreaterThan(100);
        assertThat(netRx).isGreaterThan(100);
    }

    @Test
    void timerActivityMatchesProcCounters() throws Exception {
        final Result res = record("timer", () -> {
            for (int i = 0; i < 1500; i++) LockSupport.parkNanos(100_000);
        });
        assertMatchesProc(res);
        long loc = 0;
        for (final CpuIrq c : res.report.cpus()) for (final Vector v : c.vectors().values()) if ("LOC".equals(v.row())) loc += v.count();
        assertThat(loc).as("local timer interrupts traced").isGreaterThan(100);
    }

    @Test
    void munmapThreadCausesTheShootdownsOnThePollersCpu() throws Exception {
        assumeTrue(TestInstance.hasEvent("csd/csd_function_entry") || TestInstance.hasEvent("tlb/tlb_flush"), "needs csd or tlb events in this kernel");
        final Path bin = compile();
        final int mapCpu = 0;
        final int pollCpu = 1;
        final String[] out = new String[1];
        final Result res = record("munmap", () -> {
            final Process p = new ProcessBuilder(bin.toString(), "500", Integer.toString(mapCpu), Integer.toString(pollCpu)).redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                out[0] = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out[0]).isZero();
        });
        final Matcher m = Pattern.compile("unmapper=(\\d+) poller=(\\d+)").matcher(out[0]);
        assertThat(m.find()).as(out[0]).isTrue();
        final int unmapper = Integer.parseInt(m.group(1));
        final int poller = Integer.parseInt(m.group(2));
        assertMatchesProc(res);
        final IrqReport r = res.report;
        final CpuIrq cpu = r.cpus().stream().filter(c -> c.cpu() == pollCpu).findFirst().orElseThrow();
        final long total = cpu.tlbShootdowns().count();
        assertThat(total).as("shootdowns on the poller's CPU").isGreaterThan(100);
        final TlbSender top = cpu.tlbShootdowns().senders().get(0);
        assertThat(top.pid()).isEqualTo(unmapper);
        assertThat(top.comm()).isEqualTo("unmapper");
        assertThat(top.tgid()).isEqualTo(unmapper);
        assertThat(top.syscall()).isEqualTo("munmap");
        assertThat(top.count()).as("munmap thread's share of %d shootdowns on CPU %d", total, pollCpu).isGreaterThanOrEqualTo((long) Math.ceil(0.95 * total));
        // and the shootdowns that hit the poller itself
        long onPoller = 0;
        long onPollerFromMunmap = 0;
        for (final TlbSender s : cpu.tlbShootdowns().senders()) {
            for (final TaskCount v : s.victims()) {
                if (v.pid() != poller) continue;
                onPoller += v.count();
                if (s.pid() == unmapper && "munmap".equals(s.syscall())) onPollerFromMunmap += v.count();
            }
        }
        assertThat(onPoller).isPositive();
        assertThat(onPollerFromMunmap).isGreaterThanOrEqualTo((long) Math.ceil(0.95 * onPoller));
        final TlbStory story = r.tlbStories().get(0);
        assertThat(story.sameProcess()).isTrue();
        assertThat(story.victimPid()).isEqualTo(poller);
        assertThat(story.text()).contains("thread unmapper[" + unmapper + "] of process unmapper[" + unmapper + "]")
            .contains("on CPU " + pollCpu + " in munmap").contains("thread poller[" + poller + "] of the same process");
        assertThat(r.hotSpots()).anyMatch(h -> h.kind().equals("tlb-shootdowns") && h.cpu() == pollCpu);
    }

    private Path compile() throws Exception {
        final Path src = tmp.resolve("munmap_poll.c");
        try (InputStream in = IrqRecordedTest.class.getResourceAsStream("/irq/munmap_poll.c")) {
            Files.copy(in, src);
        }
        final Path bin = tmp.resolve("munmap_poll");
        final Process p;
        try {
            p = new ProcessBuilder("gcc", "-O2", "-pthread", "-o", bin.toString(), src.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "needs gcc to build the munmap workload: " + e.getMessage());
            throw e;
        }
        final String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isZero();
        return bin;
    }

    /** Ping-pong over loopback TCP with some bulk transfers: NET_RX / NET_TX softirqs and wakeups. */
    private static void loopbackTraffic() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Thread echo = new Thread(() -> {
                try (Socket s = server.accept(); DataInputStream in = new DataInputStream(s.getInputStream());
                     DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
                    s.setTcpNoDelay(true);
                    final byte[] buf = new byte[65536];
                    while (true) {
                        final int n = in.readInt();
                        if (n < 0) return;
                        in.readFully(buf, 0, n);
                        out.writeInt(n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the client closed
                }
            }, "echo");
            echo.start();
            try (Socket c = new Socket(server.getInetAddress(), server.getLocalPort()); DataInputStream in = new DataInputStream(c.getInputStream());
                 DataOutputStream out = new DataOutputStream(c.getOutputStream())) {
                c.setTcpNoDelay(true);
                final byte[] msg = new byte[65536];
                for (int i = 0; i < 2000; i++) {
                    final int n = i % 50 == 0 ? msg.length : 64;
                    out.writeInt(n);
                    out.write(msg, 0, n);
                    out.flush();
                    assertThat(in.readInt()).isEqualTo(n);
                }
                out.writeInt(-1);
                out.flush();
            }
            echo.join(10_000);
        }
    }
}
