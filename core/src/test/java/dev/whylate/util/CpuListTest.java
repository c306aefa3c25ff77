package dev.whylate.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuListTest {
    @Test
    void parsesAndFormatsKernelCpuLists() {
        assertThat(CpuList.parse("0-2,5, 7-8")).containsExactly(0, 1, 2, 5, 7, 8);
        assertThat(CpuList.parse("3,1,3")).containsExactly(1, 3);
        assertThat(CpuList.parse("  ")).isEmpty();
        assertThat(CpuList.format(new int[] {0, 1, 2, 5, 7, 8})).isEqualTo("0-2,5,7-8");
        assertThat(CpuList.format(new int[0])).isEmpty();
        assertThat(CpuList.hexMask(new int[] {0, 2, 3})).isEqualTo("d");
        assertThat(CpuList.hexMask(new int[] {64})).isEqualTo("1,00000000,00000000");
        assertThat(CpuList.hexMask(new int[] {0, 31})).isEqualTo("80000001");
        assertThat(CpuList.hexMask(new int[] {32, 133})).isEqualTo("20,00000000,00000000,00000001,00000000");
        assertThat(CpuList.hexMask(new int[0])).isEqualTo("0");
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> CpuList.parse("a-b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuList.parse("3-1")).hasMessageContaining("range");
        assertThatThrownBy(() -> CpuList.parse("70000")).hasMessageContaining("above");
        assertThatThrownBy(() -> CpuList.parse("0x3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuList.parse("-1")).isInstanceOf(IllegalArgumentException.class);
    }
}
