package dev.whylate.analysis.irq;

import java.util.Map;

/** Which /proc/interrupts row counts an x86 interrupt vector (arch/x86/kernel/irq.c arch_show_interrupts). */
final class Rows {
    private static final Map<String, String> ROWS = Map.ofEntries(
        Map.entry("local_timer", "LOC"), Map.entry("spurious_apic", "SPU"), Map.entry("irq_work", "IWI"),
        Map.entry("reschedule", "RES"), Map.entry("call_function", "CAL"), Map.entry("call_function_single", "CAL"),
        Map.entry("error_apic", "ERR"), Map.entry("x86_platform_ipi", "PLT"), Map.entry("thermal_apic", "TRM"),
        Map.entry("threshold_apic", "THR"), Map.entry("deferred_error_apic", "DFR"), Map.entry("posted_interrupt", "PIN"),
        Map.entry("hyperv_callback", "HYP"), Map.entry("hyperv_reenlightenment", "HRE"), Map.entry("hyperv_stimer0", "HVS"));

    private Rows() {}

    /** The row for a vector name, or null. */
    static String of(final String vector) {
        return vector == null ? null : ROWS.get(vector);
    }
}
