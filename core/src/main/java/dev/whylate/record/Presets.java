package dev.whylate.record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named event sets for {@code whylate record --preset}. Each preset lists event patterns; patterns that match
 * nothing on the running kernel are skipped (presets take what exists), unlike events named with {@code -e}.
 *
 * <ul>
 * <li>{@code sched}: sched_switch, sched_waking, sched_wakeup, sched_wakeup_new, sched_migrate_task,
 *     sched_process_fork/exec/exit, sched_stat_runtime</li>
 * <li>{@code irq}: irq:* (hardirq, softirq, tasklet), irq_vectors:* (x86 vectors), ipi:*</li>
 * <li>{@code workqueue}: workqueue:*; {@code timer}: timer:hrtimer_*, timer:timer_*; {@code tlb}: tlb:tlb_flush</li>
 * <li>{@code latency}: sched + irq + workqueue + timer + tlb</li>
 * <li>{@code syscalls}: syscalls:* (one event per system call, with argument names; they fire in instances
 *     on 6.18); {@code raw_syscalls}: raw_syscalls:sys_enter/sys_exit (numbers only, much cheaper)</li>
 * </ul>
 */
public final class Presets {
    private static final Map<String, List<String>> PRESETS = Map.of(
        "sched", List.of("sched:sched_switch", "sched:sched_waking", "sched:sched_wakeup", "sched:sched_wakeup_new",
            "sched:sched_migrate_task", "sched:sched_process_fork", "sched:sched_process_exec",
            "sched:sched_process_exit", "sched:sched_stat_runtime"),
        "irq", List.of("irq:*", "irq_vectors:*", "ipi:*"),
        "workqueue", List.of("workqueue:*"),
        "timer", List.of("timer:hrtimer_*", "timer:timer_*"),
        "tlb", List.of("tlb:tlb_flush"),
        "latency", List.of("@sched", "@irq", "@workqueue", "@timer", "@tlb"),
        "syscalls", List.of("syscalls:*"),
        "raw_syscalls", List.of("raw_syscalls:*"));

    private Presets() {
    }

    /** The preset names, sorted. */
    public static List<String> names() {
        return PRESETS.keySet().stream().sorted().toList();
    }

    /** Whether {@code name} is a preset. */
    public static boolean exists(final String name) {
        return PRESETS.containsKey(name);
    }

    /**
     * The {@code system:event} names of a preset that exist on this kernel.
     *
     * @throws RecordException UNKNOWN_EVENT for an unknown preset name
     */
    public static List<String> expand(final String name, final Tracefs tracefs) throws RecordException, IOException {
        if (!exists(name)) {
            throw new RecordException(RecordException.Kind.UNKNOWN_EVENT,
                "unknown preset '" + name + "' (presets: " + String.join(", ", names()) + ")");
        }
        final Set<String> out = new LinkedHashSet<>();
        for (final String p : PRESETS.get(name)) {
            if (p.startsWith("@")) {
                out.addAll(expand(p.substring(1), tracefs));
            } else {
                out.addAll(tracefs.match(p));
            }
        }
        return new ArrayList<>(out);
    }
}
