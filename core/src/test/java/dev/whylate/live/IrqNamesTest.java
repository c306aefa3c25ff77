package dev.whylate.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Action names out of /proc/interrupts descriptions of several architectures. */
class IrqNamesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "IO-APIC 5-edge ACPI:Ged|ACPI:Ged",
        "PCI-MSIX-0000:00:02.0 1-edge virtio1-req.0|virtio1-req.0",
        "IR-PCI-MSI 524288-edge nvme0q0|nvme0q0",
        "ITS-MSI 524288 Edge nvme0q0|nvme0q0",
        "GICv3 27 Level arch_timer|arch_timer",
        "xen-dyn Edge -virq hvc_console|hvc_console",
        "MS_MAIN_INTC 119 Edge mi_disp_isr, fbdev_dispVsync|mi_disp_isr, fbdev_dispVsync",
        "IR-IO-APIC 9-fasteoi acpi|acpi",
        "Local timer interrupts|Local timer interrupts",
        "SiFive PLIC 1 Edge|SiFive PLIC 1 Edge"})
    void actionName(final String label, final String action) {
        assertThat(IrqNames.action(label)).isEqualTo(action);
    }
}
