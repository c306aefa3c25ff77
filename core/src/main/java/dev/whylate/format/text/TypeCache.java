package dev.whylate.format.text;

import dev.whylate.model.EventTypes;
import java.nio.charset.StandardCharsets;

/**
 * Per-chunk cache from event-name bytes to the type id in the shared {@link EventTypes} (whose methods are
 * synchronized, so each distinct name costs one locked call per chunk), plus what the reader needs to know
 * about the type on the hot path ({@link #lastSem}).
 */
final class TypeCache {
    /** Nothing special. */
    static final int OTHER = 0;
    /** sched_switch: both comms are observed. */
    static final int SWITCH = 1;
    /** sched_wakeup/waking/wakeup_new: the wakee comm is observed. */
    static final int WAKEUP = 2;
    /** sched_process_fork: the child comm is observed. */
    static final int FORK = 3;
    /** kernel_stack / user_stack as printed by trace-cmd. */
    static final int STACK = 4;

    private final EventTypes types;
    /** Name bytes to {@code id << 3 | sem}. */
    private final SliceMap known = new SliceMap();
    private int lastSem;

    TypeCache(final EventTypes types) {
        this.types = types;
    }

    /** The type id of the name {@code [s, e)}; {@link #lastSem()} then tells its kind. */
    int id(final byte[] b, final int s, final int e) {
        int v = known.get(b, s, e);
        if (v < 0) {
            final String name = new String(b, s, e - s, StandardCharsets.UTF_8);
            v = types.intern(systemOf(name), name) << 3 | semOf(name);
            known.put(b, s, e, v);
        }
        lastSem = v & 7;
        return v >>> 3;
    }

    /** Kind of the type returned by the last {@link #id} call. */
    int lastSem() {
        return lastSem;
    }

    private static int semOf(final String name) {
        switch (name) {
            case "sched_switch": return SWITCH;
            case "sched_wakeup": case "sched_waking": case "sched_wakeup_new": return WAKEUP;
            case "sched_process_fork": return FORK;
            case "kernel_stack": case "user_stack": return STACK;
            default: return OTHER;
        }
    }

    /**
     * The subsystem of well-known event names (so {@code sched:sched_switch} filters work on text traces), or
     * {@code null} when the text does not say and the name is not one we are sure of.
     */
    static String systemOf(final String n) {
        if (n.startsWith("sys_enter_") || n.startsWith("sys_exit_")) return "syscalls";
        if (n.equals("sys_enter") || n.equals("sys_exit")) return "raw_syscalls";
        if (n.startsWith("sched_")) return "sched";
        if (n.startsWith("irq_handler_") || n.startsWith("softirq_") || n.startsWith("tasklet_")) return "irq";
        if (n.startsWith("workqueue_")) return "workqueue";
        if (n.startsWith("ipi_")) return "ipi";
        if (n.startsWith("hrtimer_") || n.startsWith("timer_") || n.startsWith("itimer_") || n.equals("tick_stop")) return "timer";
        if (n.equals("tlb_flush")) return "tlb";
        if (n.equals("cpu_idle") || n.equals("cpu_frequency") || n.startsWith("clock_")) return "power";
        if (n.equals("print") || n.equals("bprint") || n.equals("function") || n.equals("kernel_stack")
            || n.equals("user_stack") || n.startsWith("funcgraph_")) return "ftrace";
        switch (n) {
            case "local_timer_entry": case "local_timer_exit": case "reschedule_entry": case "reschedule_exit":
            case "call_function_entry": case "call_function_exit": case "call_function_single_entry":
            case "call_function_single_exit": case "irq_work_entry": case "irq_work_exit":
            case "spurious_apic_entry": case "spurious_apic_exit": case "error_apic_entry": case "error_apic_exit":
            case "x86_platform_ipi_entry": case "x86_platform_ipi_exit": case "thermal_apic_entry":
            case "thermal_apic_exit": case "threshold_apic_entry": case "threshold_apic_exit":
            case "deferred_error_apic_entry": case "deferred_error_apic_exit":
                return "irq_vectors";
            default:
                return null;
        }
    }
}
