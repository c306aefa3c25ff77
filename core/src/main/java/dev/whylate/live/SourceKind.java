package dev.whylate.live;

import java.util.Locale;

/**
 * What an interrupt or softirq row counts, recognised from its id and description the same way on x86 ({@code TLB:
 * ... TLB shootdowns}) and arm/riscv ({@code IPI1: ... Function call interrupts}).
 */
public enum SourceKind {
    /** A numbered device IRQ (a NIC queue, a disk, a serial port). */
    DEVICE("IRQ"),
    /** The per-CPU scheduler tick: x86 {@code LOC}, arm {@code arch_timer}, riscv {@code riscv-timer}. */
    TIMER("LOC"),
    /** Reschedule IPIs: a task was woken for this CPU from another CPU. */
    RESCHED("RES"),
    /** Function-call IPIs ({@code smp_call_function*}). */
    CALL("CAL"),
    /** TLB shootdown IPIs. */
    TLB("TLB"),
    /** IRQ work IPIs (deferred work from NMI or tracing context). */
    IRQ_WORK("IWI"),
    /** Non-maskable interrupts (perf sampling, the hard-lockup watchdog). */
    NMI("NMI"),
    /** Any other architecture row (spurious, thermal, hypervisor, CPU stop ...). */
    OTHER("ARCH"),
    /** A row with one global count (x86 {@code ERR}/{@code MIS}, arm {@code Err}). */
    GLOBAL("ERR"),
    /** A softirq vector. */
    SOFTIRQ("SOFTIRQ");

    private final String mnemonic;

    SourceKind(final String mnemonic) {
        this.mnemonic = mnemonic;
    }

    /** The x86 row name for this kind ({@code RES}, {@code CAL}, ...). */
    public String mnemonic() {
        return mnemonic;
    }

    /** Whether this is an inter-processor interrupt sent by another CPU. */
    public boolean ipi() {
        return this == RESCHED || this == CALL || this == TLB;
    }

    /** Classifies a row. */
    public static SourceKind of(final ProcCounters.Source source, final ProcCounters.Row row) {
        if (source == ProcCounters.Source.SOFTIRQS) return SOFTIRQ;
        if (!row.perCpu()) return GLOBAL;
        final String l = row.label().toLowerCase(Locale.ROOT);
        if (row.numbered()) {
            final String n = IrqNames.action(row.label()).toLowerCase(Locale.ROOT);
            return n.equals("arch_timer") || n.equals("riscv-timer") || n.startsWith("arch_timer") ? TIMER : DEVICE;
        }
        if (l.contains("tlb shootdown")) return TLB;
        if (l.startsWith("local timer")) return TIMER;
        if (l.startsWith("rescheduling")) return RESCHED;
        if (l.startsWith("function call") || l.startsWith("single function call")) return CALL;
        if (l.startsWith("irq work")) return IRQ_WORK;
        if (l.startsWith("non-maskable")) return NMI;
        return OTHER;
    }
}
