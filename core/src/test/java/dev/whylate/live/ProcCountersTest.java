package dev.whylate.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.io.TraceFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /proc/interrupts and /proc/softirqs parsing: captured real files, other architectures' layouts, damaged input. */
class ProcCountersTest {
    static final Path DIR = Path.of("../testdata/generated/proc");

    /** A 4-CPU arm64-style file (layout as arm64 prints it: GICv3/ITS chips, IPIn rows, a global Err row). */
    static final String ARM = String.join("\n",
        "           CPU0       CPU1       CPU2       CPU3       ",
        " 11:     123456     120000     119000     118000     GICv3  27 Level     arch_timer",
        " 37:         17          0          0          0   ITS-MSI 524288 Edge      nvme0q0",
        " 42:          0          0          0          0  xen-dyn-lateeoi     Edge    -event     evtchn:xenstored",
        " 57:       2162          0          0          0  MS_MAIN_INTC  52 Level     mi_disp_isr, fbdev_dispVsync",
        "IPI0:        30        101         50         60       Rescheduling interrupts",
        "IPI1:      1888       1458         10         20       Function call interrupts",
        "IPI2:         0          0          0          0       CPU stop interrupts",
        "IPI3:         0          0          0          0       CPU stop (for crash dump) interrupts",
        "IPI4:         0          0          0          0       Timer broadcast interrupts",
        "IPI5:         5          5          5          5       IRQ work interrupts",
        "IPI6:         0          0          0          0       CPU wake-up interrupts",
        "Err:          0",
        "");

    static ProcCounters parse(final String s, final ProcCounters.Source src) throws TraceFormatException {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ProcCounters.parse(b, b.length, src);
    }

    @ParameterizedTest
    @ValueSource(strings = {"interrupts_6.18_x86_2cpu_a.txt", "interrupts_6.18_x86_2cpu_b.txt", "softirqs_6.18_x86_2cpu_a.txt",
        "softirqs_6.18_x86_2cpu_b.txt"})
    void capturedFilesAgreeWithASimpleWhitespaceSplit(final String file) throws Exception {
        final byte[] b = Files.readAllBytes(DIR.resolve(file));
        final ProcCounters.Source src = file.startsWith("soft") ? ProcCounters.Source.SOFTIRQS : ProcCounters.Source.INTERRUPTS;
        final ProcCounters p = ProcCounters.parse(b, b.length, src);
        final List<String> lines = Files.readAllLines(DIR.resolve(file));
        final String[] head = lines.get(0).strip().split("\\s+");
        assertThat(p.cpus()).hasSize(head.length).containsExactly(0, 1);
        assertThat(p.skipped()).isZero();
        final List<String> rows = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
        assertThat(p.rows()).hasSize(rows.size());
        for (int k = 0; k < rows.size(); k++) {
            final String[] tok = rows.get(k).strip().split("\\s+");
            final ProcCounters.Row r = p.rows().get(k);
            assertThat(r.id()).isEqualTo(tok[0].substring(0, tok[0].length() - 1));
            final List<Long> nums = new ArrayList<>();
            for (int j = 1; j < tok.length && nums.size() < head.length && tok[j].matches("\\d+"); j++) nums.add(Long.parseLong(tok[j]));
            if (nums.size() == 1 && head.length > 1) {
                assertThat(r.perCpu()).as(r.id()).isFalse();
                assertThat(r.counts()).containsExactly(nums.get(0));
            } else {
                assertThat(r.perCpu()).as(r.id()).isTrue();
                assertThat(r.counts()).containsExactly(nums.stream().mapToLong(Long::longValue).toArray());
            }
        }
        if (src == ProcCounters.Source.INTERRUPTS) {
            assertThat(p.row("TLB").label()).isEqualTo("TLB shootdowns");
            assertThat(p.row("36").label()).isEqualTo("PCI-MSIX-0000:00:02.0 1-edge virtio1-req.0");
            assertThat(p.row("ERR").perCpu()).isFalse();
        } else {
            assertThat(p.rows()).extracting(ProcCounters.Row::id).containsExactly("HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET",
                "SCHED", "HRTIMER", "RCU");
        }
    }

    @Test
    void armLayoutWithIpiRowsAndAGlobalErrRow() throws Exception {
        final ProcCounters p = parse(ARM, ProcCounters.Source.INTERRUPTS);
        assertThat(p.cpus()).containsExactly(0, 1, 2, 3);
        assertThat(p.skipped()).isZero();
        assertThat(p.rows()).hasSize(12);
        assertThat(p.row("IPI1").counts()).containsExactly(1888, 1458, 10, 20);
        assertThat(p.row("IPI1").label()).isEqualTo("Function call interrupts");
        assertThat(p.row("IPI3").label()).isEqualTo("CPU stop (for crash dump) interrupts");
        assertThat(p.row("Err").perCpu()).isFalse();
        assertThat(p.row("Err").counts()).containsExactly(0);
        assertThat(p.row("42").label()).isEqualTo("xen-dyn-lateeoi Edge -event evtchn:xenstored");
        assertThat(SourceKind.of(p.source(), p.row("11"))).isEqualTo(SourceKind.TIMER);
        assertThat(SourceKind.of(p.source(), p.row("IPI0"))).isEqualTo(SourceKind.RESCHED);
        assertThat(SourceKind.of(p.source(), p.row("IPI1"))).isEqualTo(SourceKind.CALL);
        assertThat(SourceKind.of(p.source(), p.row("IPI5"))).isEqualTo(SourceKind.IRQ_WORK);
        assertThat(SourceKind.of(p.source(), p.row("IPI4"))).isEqualTo(SourceKind.OTHER);
        assertThat(SourceKind.of(p.source(), p.row("Err"))).isEqualTo(SourceKind.GLOBAL);
        assertThat(SourceKind.of(p.source(), p.row("37"))).isEqualTo(SourceKind.DEVICE);
    }

    @Test
    void columnsOfDifferentWidthsAndCountsWiderThanTheColumn() throws Exception {
        final String s = "CPU0 CPU1\n"
            + "LOC:12345678901234 7 Local timer interrupts\n"
            + "  0:\t5\t\t6   IO-APIC   2-edge      timer\n"
            + "TLB:          18446744073 0   TLB shootdowns\n";
        final ProcCounters p = parse(s, ProcCounters.Source.INTERRUPTS);
        assertThat(p.skipped()).isZero();
        assertThat(p.row("LOC").counts()).containsExactly(12345678901234L, 7);
        assertThat(p.row("0").counts()).containsExactly(5, 6);
        assertThat(p.row("0").label()).isEqualTo("IO-APIC 2-edge timer");
        assertThat(p.row("TLB").counts()).containsExactly(18446744073L, 0);
    }

    @Test
    void hotplugHeaderWithGapsMapsColumnsToCpuNumbers() throws Exception {
        final String s = "           CPU0       CPU2       CPU3\n LOC:  10  20  30  Local timer interrupts\n";
        final ProcCounters p = parse(s, ProcCounters.Source.INTERRUPTS);
        assertThat(p.cpus()).containsExactly(0, 2, 3);
        assertThat(p.column(2)).isEqualTo(1);
        assertThat(p.column(1)).isEqualTo(-1);
        assertThat(p.row("LOC").counts()[p.column(3)]).isEqualTo(30);
    }

    @Test
    void truncatedRowKeepsItsFirstColumns() throws Exception {
        final ProcCounters p = parse("CPU0 CPU1 CPU2 CPU3\n  5:  1  2  GICv3 27 Level  arch_timer\n", ProcCounters.Source.INTERRUPTS);
        assertThat(p.row("5").counts()).containsExactly(1, 2, -1, -1);
        assertThat(p.row("5").label()).isEqualTo("GICv3 27 Level arch_timer");
    }

    @Test
    void hostileRowsAreSkippedAndCounted() throws Exception {
        final String longName = "x".repeat(5000);
        final String s = "CPU0 CPU1\n"
            + "LOC: 1 2 Local timer interrupts\n"
            + "no colon here\n"
            + "RES: abc def Rescheduling\n"
            + "   : 1 2 empty id\n"
            + "THIS ID HAS SPACES: 1 2\n"
            + "BIG: 123456789012345678901234 0 too big\n"
            + "LOC: 3 4 duplicate\n"
            + "MANY: 1 2 3\n"
            + "NAM: 1 2 " + longName + "\n"
            + "CTL: 1 2 bad\u0001name\u001b[31m\n"
            + "\u0000\u0001\u0002\n";
        final ProcCounters p = parse(s, ProcCounters.Source.INTERRUPTS);
        assertThat(p.rows()).extracting(ProcCounters.Row::id).containsExactly("LOC", "NAM", "CTL");
        assertThat(p.row("LOC").counts()).containsExactly(1, 2);
        assertThat(p.skipped()).isEqualTo(8);
        assertThat(p.firstSkip()).startsWith("line 3:");
        assertThat(p.row("NAM").label()).hasSize(ProcCounters.MAX_LABEL);
        assertThat(p.row("CTL").label()).isEqualTo("bad?name?[31m");
    }

    @Test
    void softirqRowsWithTextAreNotSoftirqRows() throws Exception {
        final ProcCounters p = parse("CPU0\n  NET_RX:  5\n  HI: 1 trailing words\n", ProcCounters.Source.SOFTIRQS);
        assertThat(p.rows()).extracting(ProcCounters.Row::id).containsExactly("NET_RX");
        assertThat(p.skipped()).isEqualTo(1);
    }

    @Test
    void filesWithoutACpuHeaderAreRejected() {
        assertThatThrownBy(() -> parse("", ProcCounters.Source.INTERRUPTS)).isInstanceOf(TraceFormatException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("LOC: 1 2 3\n", ProcCounters.Source.INTERRUPTS)).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("CPU columns");
        assertThatThrownBy(() -> parse("CPU0 CPU0\nLOC: 1 2\n", ProcCounters.Source.INTERRUPTS)).hasMessageContaining("twice");
        assertThatThrownBy(() -> parse("CPU0 CPU+1\n", ProcCounters.Source.INTERRUPTS)).isInstanceOf(TraceFormatException.class);
        assertThatThrownBy(() -> parse("CPU99999999\n", ProcCounters.Source.INTERRUPTS)).isInstanceOf(TraceFormatException.class);
    }

    @ParameterizedTest(name = "random bytes, seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomDamageNeverThrowsAnythingButAFormatError(final long seed) throws Exception {
        final byte[] good = Files.readAllBytes(DIR.resolve("interrupts_6.18_x86_2cpu_a.txt"));
        final SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++) {
            final byte[] b = good.clone();
            for (int k = 0; k < 1 + r.nextInt(20); k++) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            final int len = r.nextInt(b.length + 1);
            try {
                final ProcCounters p = ProcCounters.parse(b, len, ProcCounters.Source.INTERRUPTS);
                for (final ProcCounters.Row row : p.rows()) {
                    assertThat(row.counts().length).isIn(1, p.cpus().length);
                    assertThat(row.label().length()).isLessThanOrEqualTo(ProcCounters.MAX_LABEL);
                }
            } catch (TraceFormatException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }
}
