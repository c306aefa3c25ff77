package dev.whylate.live;

import java.util.Locale;

/** Short display names for /proc/interrupts rows. */
public final class IrqNames {
    private IrqNames() {}

    /**
     * The action (driver) names of a numbered IRQ's description: the text after the trigger column
     * ({@code 5-edge}, {@code Edge}, {@code Level}, {@code fasteoi}), without domain tokens that start with
     * {@code -}; the whole description when there is no trigger column.
     *
     * <pre>{@code
     * action("IO-APIC 5-edge ACPI:Ged")         -> "ACPI:Ged"
     * action("ITS-MSI 524288 Edge nvme0q0")     -> "nvme0q0"
     * action("xen-dyn Edge -virq hvc_console")  -> "hvc_console"
     * action("MS_MAIN_INTC 119 Edge mi_disp_isr, fbdev_dispVsync") -> "mi_disp_isr, fbdev_dispVsync"
     * }</pre>
     */
    public static String action(final String label) {
        final String[] tok = label.split(" ");
        int last = -1;
        for (int k = 0; k < tok.length; k++) if (trigger(tok[k])) last = k;
        if (last < 0 || last == tok.length - 1) return label;
        final StringBuilder b = new StringBuilder();
        for (int k = last + 1; k < tok.length; k++) {
            if (b.length() == 0 && tok[k].startsWith("-")) continue;
            if (b.length() > 0) b.append(' ');
            b.append(tok[k]);
        }
        return b.length() == 0 ? label : b.toString();
    }

    private static boolean trigger(final String t) {
        final String s = t.toLowerCase(Locale.ROOT);
        final int dash = s.lastIndexOf('-');
        final String w = dash >= 0 ? s.substring(dash + 1) : s;
        return w.equals("edge") || w.equals("level") || w.equals("fasteoi") || w.equals("simple") || w.equals("percpu")
            || w.equals("percpu_devid");
    }

    /**
     * The name shown for a row: a device IRQ as {@code NUM ACTION} ({@code 36 virtio1-req.0}), an x86 named row
     * by its id ({@code LOC}), an arm/riscv {@code IPIn} row with the x86 mnemonic of its kind when it has one
     * ({@code IPI0/RES}), a softirq by its vector name. Cut to {@code max} characters.
     */
    public static String display(final ProcCounters.Source source, final ProcCounters.Row row, final SourceKind kind, final int max) {
        final String n;
        if (source == ProcCounters.Source.SOFTIRQS || !row.perCpu()) {
            n = row.id();
        } else if (row.numbered()) {
            n = row.id() + " " + action(row.label());
        } else if (row.id().startsWith("IPI") && kind != SourceKind.OTHER) {
            n = row.id() + "/" + kind.mnemonic();
        } else {
            n = row.id();
        }
        return n.length() <= max ? n : n.substring(0, Math.max(1, max - 1)) + "~";
    }
}
