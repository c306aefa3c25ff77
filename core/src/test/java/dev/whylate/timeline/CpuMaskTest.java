package dev.whylate.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.util.CpuList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Cpumask texts as the kernel (%*pb), trace-cmd and whylate's renderer print them. */
class CpuMaskTest {
    @Test
    void hexMasksInThirtyTwoBitGroupsWithAShortFirstGroup() {
        assertThat(CpuMask.parse("3")).containsExactly(0, 1);
        assertThat(CpuMask.parse("0x5")).containsExactly(0, 2);
        assertThat(CpuMask.parse("00000000,00000003")).containsExactly(0, 1);
        // 134 CPUs: the kernel pads the first group to 2 digits
        assertThat(CpuMask.parse("20,00000000,00000000,00000001,00000000")).containsExactly(32, 133);
        assertThat(CpuMask.parse("3f,ffffffff,ffffffff,ffffffff,ffffffff")).containsExactly(IntStream.range(0, 134).toArray());
    }

    @Test
    void listsAndGarbage() {
        assertThat(CpuMask.parse("0-3,8")).containsExactly(0, 1, 2, 3, 8);
        assertThat(CpuMask.parse("1,00000000x")).isEmpty();
        assertThat(CpuMask.parse("123456789,00000000")).isEmpty();
        assertThat(CpuMask.parse("")).isEmpty();
        assertThat(CpuMask.parse(null)).isEmpty();
    }

    @Test
    void readsBackWhatAdviceWrites() {
        final int[] cpus = IntStream.range(0, 200).filter(c -> c != 64 && c != 150).toArray();
        assertThat(CpuMask.parse(CpuList.hexMask(cpus))).containsExactly(cpus);
    }
}
