package dev.whylate.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rates between two readings, the per-CPU view and the hot-spot hints. */
class RatesAndTopTest {
    static final Path DIR = ProcCountersTest.DIR;
    /** Between the two captured readings (testdata/generated/README.md). */
    static final long DT = 1_112_088_944L;

    static ProcCounters file(final String name, final ProcCounters.Source s) throws Exception {
        final byte[] b = Files.readAllBytes(DIR.resolve(name));
        return ProcCounters.parse(b, b.length, s);
    }

    static ProcCounters text(final String s, final ProcCounters.Source src) throws Exception {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ProcCounters.parse(b, b.length, src);
    }

    /** Count of row {@code id}, CPU column {@code col}, read with a plain split (independent of the parser). */
    static long count(final String file, final String id, final int col) throws Exception {
        for (final String l : Files.readAllLines(DIR.resolve(file))) {
            final String[] t = l.strip().split("\\s+");
            if (t[0].equals(id + ":")) return Long.parseLong(t[1 + col]);
        }
        throw new AssertionError("no row " + id);
    }

    @Test
    void capturedRatesAreTheCountDifferencesOverTheInterval() throws Exception {
        final RateTable r = Rates.between(file("interrupts_6.18_x86_2cpu_a.txt", ProcCounters.Source.INTERRUPTS),
            file("interrupts_6.18_x86_2cpu_b.txt", ProcCounters.Source.INTERRUPTS), DT);
        assertThat(r.cpus()).containsExactly(0, 1);
        assertThat(r.resets()).isZero();
        for (final String id : List.of("LOC", "RES", "CAL", "TLB", "36", "41", "42")) {
            for (int c = 0; c < 2; c++) {
                final double want = (count("interrupts_6.18_x86_2cpu_b.txt", id, c) - count("interrupts_6.18_x86_2cpu_a.txt", id, c)) * 1e9 / DT;
                assertThat(r.source(id).perCpu()[c]).as(id + " cpu " + c).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        assertThat(r.source("TLB").kind()).isEqualTo(SourceKind.TLB);
        assertThat(r.source("36").name()).isEqualTo("36 virtio1-req.0");
        assertThat(r.source("ERR").perCpu()).isEmpty();
        final RateTable s = Rates.between(file("softirqs_6.18_x86_2cpu_a.txt", ProcCounters.Source.SOFTIRQS),
            file("softirqs_6.18_x86_2cpu_b.txt", ProcCounters.Source.SOFTIRQS), DT);
        final double want = (count("softirqs_6.18_x86_2cpu_b.txt", "NET_RX", 1) - count("softirqs_6.18_x86_2cpu_a.txt", "NET_RX", 1)) * 1e9 / DT;
        assertThat(s.source("NET_RX").perCpu()[1]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-9));

        final TopReport top = TopView.build(r, s, TopOptions.defaults());
        assertThat(top.cpus()).extracting(TopReport.CpuLine::cpu).containsExactly(0, 1);
        for (final TopReport.CpuLine c : top.cpus()) {
            double sum = 0;
            for (final RateTable.SourceRate x : r.sources()) if (x.perCpu().length > 0) sum += x.perCpu()[c.cpu()];
            assertThat(c.irqRate()).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-6));
            for (int k = 1; k < c.topIrqs().size(); k++) assertThat(c.topIrqs().get(k).rate()).isLessThanOrEqualTo(c.topIrqs().get(k - 1).rate());
        }
        assertThat(top.irqTotal()).isCloseTo(top.cpus().get(0).irqRate() + top.cpus().get(1).irqRate(), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void hotplugResetsAndNewRows() throws Exception {
        final ProcCounters a = text("CPU0 CPU1 CPU2\nLOC: 100 200 300 Local timer interrupts\n 40: 50 0 0 PCI-MSI 1-edge eth0\n",
            ProcCounters.Source.INTERRUPTS);
        final ProcCounters b = text("CPU0 CPU2 CPU3\nLOC: 150 400 9 Local timer interrupts\n 40: 7 0 0 PCI-MSI 1-edge eth1\n"
            + " 41: 3 4 0 PCI-MSI 2-edge eth1-rx\n", ProcCounters.Source.INTERRUPTS);
        final RateTable r = Rates.between(a, b, 500_000_000L);
        assertThat(r.cpus()).containsExactly(0, 2);
        assertThat(r.cpusAdded()).containsExactly(3);
        assertThat(r.cpusRemoved()).containsExactly(1);
        assertThat(r.source("LOC").perCpu()).containsExactly(100.0, 200.0);
        assertThat(r.source("40").perCpu()).containsExactly(14.0, 0.0);
        assertThat(r.resets()).isEqualTo(1);
        assertThat(r.source("41").perCpu()).containsExactly(6.0, 8.0);
        final TopReport t = TopView.build(r, null, TopOptions.defaults());
        assertThat(t.notes()).anyMatch(n -> n.contains("CPU 3 came online")).anyMatch(n -> n.contains("CPU 1 went offline"))
            .anyMatch(n -> n.contains("went backwards"));
        assertThatThrownBy(() -> Rates.between(a, b, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The seed case: a handful of TLB shootdowns per second on an isolated polling core. */
    @Test
    void tlbShootdownsOnAnIsolatedCoreAreAHotSpotEvenAtSixPerSecond() throws Exception {
        final ProcCounters a = text("CPU0 CPU1 CPU2\nLOC: 0 0 0 Local timer interrupts\nTLB: 0 0 0 TLB shootdowns\n", ProcCounters.Source.INTERRUPTS);
        final ProcCounters b = text("CPU0 CPU1 CPU2\nLOC: 1000 1 1 Local timer interrupts\nTLB: 0 6 0 TLB shootdowns\n", ProcCounters.Source.INTERRUPTS);
        final RateTable r = Rates.between(a, b, 1_000_000_000L);
        final TopReport t = TopView.build(r, null, new TopOptions(null, 3, 10, 1000, new int[] {1, 2}, new int[] {1, 2}));
        assertThat(t.hints()).hasSize(1);
        final TopReport.Hint h = t.hints().get(0);
        assertThat(h.cpu()).isEqualTo(1);
        assertThat(h.source()).isEqualTo("TLB");
        assertThat(h.rate()).isEqualTo(6.0);
        assertThat(h.what()).contains("munmap");
        assertThat(h.advice()).contains("whylate irq");
        // the same rate on a CPU that is not isolated is not a hot spot; the 1000/s tick on CPU 0 neither
        final TopReport plain = TopView.build(r, null, TopOptions.defaults());
        assertThat(plain.hints()).isEmpty();
    }

    @Test
    void deviceIrqOnAnIsolatedCpuGetsAnAffinityCommandForTheHousekeepingCpus() throws Exception {
        final ProcCounters a = text("CPU0 CPU1 CPU2 CPU3\n 45: 0 0 0 0 IR-PCI-MSI 2-edge eth0-rx-3\n", ProcCounters.Source.INTERRUPTS);
        final ProcCounters b = text("CPU0 CPU1 CPU2 CPU3\n 45: 0 0 0 20 IR-PCI-MSI 2-edge eth0-rx-3\n", ProcCounters.Source.INTERRUPTS);
        final TopReport t = TopView.build(Rates.between(a, b, 2_000_000_000L), null, new TopOptions(null, 3, 10, 1000, new int[] {2, 3}, new int[0]));
        assertThat(t.hints()).hasSize(1);
        assertThat(t.hints().get(0).advice()).contains("echo 0-1 > /proc/irq/45/smp_affinity_list").contains("IRQBALANCE_BANNED_CPULIST=2-3");
        assertThat(t.hints().get(0).rate()).isEqualTo(10.0);
    }

    /** arm's PMU interrupt is per-CPU: no affinity command for it, even on an isolated CPU. */
    @Test
    void perCpuDeviceInterruptsGetNoAffinityCommand() throws Exception {
        final ProcCounters a = text("CPU0 CPU1 CPU2 CPU3\n 13: 0 0 0 0 GICv3 23 Level arm-pmu\n 12: 0 0 0 0 GICv3 27 Level kvm guest vtimer\n",
            ProcCounters.Source.INTERRUPTS);
        final ProcCounters b = text("CPU0 CPU1 CPU2 CPU3\n 13: 0 0 0 20 GICv3 23 Level arm-pmu\n 12: 0 0 0 30 GICv3 27 Level kvm guest vtimer\n",
            ProcCounters.Source.INTERRUPTS);
        final TopReport t = TopView.build(Rates.between(a, b, 2_000_000_000L), null, new TopOptions(null, 3, 10, 1000, new int[] {2, 3}, new int[0]));
        assertThat(t.hints()).hasSize(2);
        for (final TopReport.Hint h : t.hints()) {
            assertThat(h.advice()).doesNotContain("smp_affinity").contains("cannot be changed");
            assertThat(h.what()).contains("per-CPU interrupt");
        }
    }

    /** The other seed case: softirqs of a two-queue NIC saturate two CPUs. */
    @Test
    void softirqConcentrationIsAHotSpot() throws Exception {
        final ProcCounters a = text("CPU0 CPU1 CPU2 CPU3\n NET_RX: 0 0 0 0\n TASKLET: 0 0 0 0\n TIMER: 0 0 0 0\n", ProcCounters.Source.SOFTIRQS);
        final ProcCounters b = text("CPU0 CPU1 CPU2 CPU3\n NET_RX: 100 90000 110 95\n TASKLET: 0 0 50000 0\n TIMER: 5000 5000 5000 5000\n",
            ProcCounters.Source.SOFTIRQS);
        final ProcCounters ia = text("CPU0 CPU1 CPU2 CPU3\nLOC: 0 0 0 0 Local timer interrupts\n", ProcCounters.Source.INTERRUPTS);
        final long dt = 1_000_000_000L;
        final TopReport t = TopView.build(Rates.between(ia, ia, dt), Rates.between(a, b, dt), TopOptions.defaults());
        assertThat(t.hints()).extracting(TopReport.Hint::cpu, TopReport.Hint::source).containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "NET_RX"), org.assertj.core.groups.Tuple.tuple(2, "TASKLET"));
        assertThat(t.hints().get(0).advice()).contains("rps_cpus");
        assertThat(t.softirqSources().get(0).name()).isEqualTo("NET_RX");
        assertThat(t.softirqSources().get(0).busiestCpu()).isEqualTo(1);
        assertThat(t.cpus().get(1).topSoftirqs().get(0)).isEqualTo(new TopReport.Entry("NET_RX", 90000.0));
    }

    @Test
    void cpuFilterLimitsLinesTotalsAndHints() throws Exception {
        final ProcCounters a = text("CPU0 CPU1 CPU2\nTLB: 0 0 0 TLB shootdowns\n", ProcCounters.Source.INTERRUPTS);
        final ProcCounters b = text("CPU0 CPU1 CPU2\nTLB: 5000 3000 1 TLB shootdowns\n", ProcCounters.Source.INTERRUPTS);
        final TopReport t = TopView.build(Rates.between(a, b, 1_000_000_000L), null, new TopOptions(new int[] {1, 2}, 3, 10, 1000, null, null));
        assertThat(t.cpus()).extracting(TopReport.CpuLine::cpu).containsExactly(1, 2);
        assertThat(t.irqTotal()).isEqualTo(3001.0);
        assertThat(t.irqSources().get(0).busiestCpu()).isEqualTo(1);
        assertThat(t.hints()).extracting(TopReport.Hint::cpu).containsExactly(1);
    }

    @Test
    void armIpiRowsGetX86Mnemonics() throws Exception {
        final ProcCounters a = ProcCountersTest.parse(ProcCountersTest.ARM, ProcCounters.Source.INTERRUPTS);
        final ProcCounters b = ProcCountersTest.parse(ProcCountersTest.ARM.replace("IPI1:      1888", "IPI1:      5888"), ProcCounters.Source.INTERRUPTS);
        final RateTable r = Rates.between(a, b, 1_000_000_000L);
        assertThat(r.source("IPI1").name()).isEqualTo("IPI1/CAL");
        final TopReport t = TopView.build(r, null, TopOptions.defaults());
        assertThat(t.hints()).extracting(TopReport.Hint::source).containsExactly("IPI1/CAL");
        assertThat(t.irqSources()).extracting(TopReport.SourceLine::name).containsExactly("IPI1/CAL");
    }

    @Test
    void rateFormat() {
        assertThat(List.of(TopView.rate(0), TopView.rate(0.5), TopView.rate(6), TopView.rate(12), TopView.rate(950), TopView.rate(1234),
            TopView.rate(12_345), TopView.rate(3_456_789), TopView.rate(45_000_000))).containsExactly("0", "0.5", "6", "12", "950", "1.2k",
            "12k", "3.5M", "45M");
    }
}
