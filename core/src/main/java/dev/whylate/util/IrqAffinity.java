package dev.whylate.util;

import java.util.Locale;

/**
 * Which interrupts cannot be moved with {@code /proc/irq/N/smp_affinity_list}: per-CPU interrupts (every CPU has
 * its own: the arm and riscv architected timers, arm IPIs and PMU, KVM's guest timers) and the x86 legacy timer
 * (IRQ 0), recognised by the handler name traces give them ({@code irq_handler_entry}'s {@code name}, possibly
 * inside a label such as {@code hardirq 11 arch_timer}). The kernel refuses an affinity write for these, so no
 * advice may propose one; their time on a CPU is reduced by isolation (nohz_full for the tick) instead.
 */
public final class IrqAffinity {
    private IrqAffinity() {}

    /** Whether the interrupt named {@code nameOrLabel} is per-CPU or otherwise fixed to its CPUs. */
    public static boolean fixed(final String nameOrLabel) {
        if (nameOrLabel == null) return false;
        String n = nameOrLabel.strip();
        if (n.startsWith("hardirq ")) {
            final String[] p = n.split(" ", 3);
            n = p.length > 2 ? p[2] : "";
        }
        n = n.toLowerCase(Locale.ROOT);
        return n.startsWith("arch_timer") || n.equals("ipi") || n.startsWith("ipi") && n.length() <= 4
            || n.startsWith("arm-pmu") || n.startsWith("kvm guest") || n.equals("riscv-timer") || n.startsWith("riscv-pmu")
            || n.equals("timer");
    }
}
