package dev.whylate.live;

import dev.whylate.util.CpuList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hot-spot rules of {@code whylate top}: from per-CPU rates to one line on what a source means and what to do.
 *
 * <p>On an isolated CPU (kept for latency-critical work) any device IRQ, IPI (TLB, CAL, RES), NMI or IRQ work is
 * a hot spot, and so is a tick above 10/s or any softirq; seed case: 6 TLB shootdowns per second on a polling
 * core dropped 100 GbE packets. On other CPUs an IPI, NMI or IRQ-work rate at or above {@code hotRate} is one, a
 * device IRQ at or above {@code hotRate} that sends at least 90 % of its interrupts to one CPU, and a
 * NET_RX/NET_TX/TASKLET/BLOCK/IRQ_POLL softirq rate at or above {@code hotRate} and at least twice the average of
 * the other shown CPUs (seed case: two CPUs saturated by tasklet softirqs of a two-queue NIC).
 * Isolated-CPU hints come first, then by rate; at most {@link #MAX} are returned.
 */
public final class Hints {
    /** Most hints returned. */
    public static final int MAX = 12;
    private static final Set<String> DEVICE_SOFTIRQS = Set.of("NET_RX", "NET_TX", "TASKLET", "BLOCK", "IRQ_POLL");

    private Hints() {}

    /** The hints for CPUs {@code shown} (ascending); either table may be null. */
    public static List<TopReport.Hint> of(final RateTable irqs, final RateTable soft, final int[] shown, final TopOptions o) {
        final List<TopReport.Hint> out = new ArrayList<>();
        final int[] all = irqs != null ? irqs.cpus() : soft != null ? soft.cpus() : new int[0];
        final String housekeeping = CpuList.format(java.util.Arrays.stream(all).filter(c -> !CpuList.contains(o.isolated(), c)).toArray());
        for (final int c : shown) {
            final boolean iso = CpuList.contains(o.isolated(), c);
            if (irqs != null && irqs.column(c) >= 0) {
                final int col = irqs.column(c);
                for (final RateTable.SourceRate s : irqs.sources()) {
                    if (s.perCpu().length == 0) continue;
                    final double r = s.perCpu()[col];
                    if (r <= 0) continue;
                    final TopReport.Hint h = irqHint(s, c, r, iso, o, housekeeping);
                    if (h != null) out.add(h);
                }
            }
            if (soft != null && soft.column(c) >= 0) {
                final int col = soft.column(c);
                for (final RateTable.SourceRate s : soft.sources()) {
                    if (s.perCpu().length == 0) continue;
                    final double r = s.perCpu()[col];
                    if (r <= 0) continue;
                    final TopReport.Hint h = softHint(s, c, r, iso, o, shown, soft);
                    if (h != null) out.add(h);
                }
            }
        }
        out.sort(Comparator.comparing((TopReport.Hint h) -> !CpuList.contains(o.isolated(), h.cpu())).thenComparing(Comparator.comparingDouble(TopReport.Hint::rate).reversed()));
        return out.size() > MAX ? List.copyOf(out.subList(0, MAX)) : List.copyOf(out);
    }

    private static TopReport.Hint irqHint(final RateTable.SourceRate s, final int c, final double r, final boolean iso, final TopOptions o,
                                          final String housekeeping) {
        final boolean hot = r >= o.hotRate();
        final String on = iso ? "isolated CPU " + c : "CPU " + c;
        switch (s.kind()) {
            case TLB:
                if (!hot && !iso) return null;
                return new TopReport.Hint(c, s.name(), r, "TLB shootdowns on " + on + ": a thread of a process that runs there unmapped or"
                    + " re-protected memory (munmap, mprotect, madvise, mremap; fclose of a stdio buffer), so every CPU running that process"
                    + " had to flush its TLB",
                    "find the caller: record the tlb:tlb_flush and ipi events with stack traces and run `whylate irq` on the recording;"
                    + " then keep those calls out of that process (preallocate, huge pages, open/read/close instead of stdio)");
            case CALL:
                if (!hot && !iso) return null;
                return new TopReport.Hint(c, s.name(), r, "function-call IPIs on " + on + ": other CPUs asked it to run a function"
                    + " (smp_call_function: perf/ftrace setup, text patching, cpufreq, membarrier, KVM, cache flushes)",
                    "find the sender: record ipi:ipi_send_cpu and ipi:ipi_send_cpumask (callsite, callback) and run `whylate irq` on the"
                    + " recording; keep perf and tracing sessions off latency-critical CPUs");
            case RESCHED:
                if (!hot && !iso) return null;
                return new TopReport.Hint(c, s.name(), r, "reschedule IPIs on " + on + ": tasks on other CPUs woke a task that runs there"
                    + " (or the load balancer moved work)",
                    iso ? "a CPU that runs one polling task should get none: find what else runs there (`whylate sched` on a recording) and"
                        + " pin it elsewhere (taskset -pc " + (housekeeping.isEmpty() ? "LIST" : housekeeping) + " PID)"
                        : "many cross-CPU wakeups: run producer and consumer on the same CPU or sibling (taskset), or batch the wakeups");
            case NMI:
                if (!hot && !iso) return null;
                return new TopReport.Hint(c, s.name(), r, "NMIs on " + on + ": perf sampling or the hard-lockup watchdog",
                    "stop perf sessions that sample this CPU; for isolated CPUs disable the watchdog (nmi_watchdog=0 on the kernel command"
                    + " line, or echo 0 > /proc/sys/kernel/nmi_watchdog)");
            case IRQ_WORK:
                if (!hot && !iso) return null;
                return new TopReport.Hint(c, s.name(), r, "IRQ-work interrupts on " + on + ": work deferred from NMI or tracing context"
                    + " (perf, printk, tracing wakeups)", "look for perf or tracing sessions covering this CPU and stop or narrow them");
            case TIMER:
                if (!iso || r <= 10) return null;
                return new TopReport.Hint(c, s.name(), r, "local timer interrupts (the scheduler tick, and the hrtimers of tasks there) run at " + TopView.rate(r) + "/s on " + on,
                    CpuList.contains(o.nohzFull(), c)
                        ? "nohz_full stops the tick only while one task is runnable there and no timers or RCU callbacks are pending: keep one"
                            + " task on CPU " + c + " (`whylate sched` on a recording shows the others) and boot with rcu_nocbs=" + c
                        : "isolcpus alone keeps the tick: boot with nohz_full=" + c + " rcu_nocbs=" + c + " and run one task there");
            case DEVICE: {
                final String what = "IRQ " + s.id() + " (" + IrqNames.action(s.label()) + ")";
                if (dev.whylate.util.IrqAffinity.fixed(IrqNames.action(s.label())) || s.label().toLowerCase(java.util.Locale.ROOT).contains("percpu")) {
                    // every CPU has its own: the kernel refuses an affinity change
                    if (!iso) return null;
                    return new TopReport.Hint(c, s.name(), r, what + ", a per-CPU interrupt, fires on " + on,
                        "its affinity cannot be changed: stop what drives it on CPU " + c + " (perf sampling for a PMU, a KVM guest for"
                            + " guest timers)");
                }
                if (iso) {
                    return new TopReport.Hint(c, s.name(), r, what + " is delivered to " + on,
                        "move it to housekeeping CPUs: echo " + (housekeeping.isEmpty() ? "LIST" : housekeeping) + " > /proc/irq/" + s.id()
                            + "/smp_affinity_list; with irqbalance, ban the CPU (IRQBALANCE_BANNED_CPULIST=" + CpuList.format(o.isolated()) + ")");
                }
                if (!hot || s.total() <= 0 || r < 0.9 * s.total() || s.perCpu().length < 2) return null;
                return new TopReport.Hint(c, s.name(), r, what + ": " + TopView.rate(r) + "/s, all on " + on,
                    "if CPU " + c + " is busy, spread it: echo LIST > /proc/irq/" + s.id() + "/smp_affinity_list, or give the device more"
                        + " queues (RSS) so each CPU gets one");
            }
            default:
                return null;
        }
    }

    private static TopReport.Hint softHint(final RateTable.SourceRate s, final int c, final double r, final boolean iso, final TopOptions o,
                                           final int[] shown, final RateTable soft) {
        final String v = s.id().toUpperCase(Locale.ROOT);
        final boolean device = DEVICE_SOFTIRQS.contains(v);
        if (iso) {
            if (!device && r <= 10) return null;
            final String advice;
            switch (v) {
                case "RCU": advice = "RCU callbacks run there: boot with rcu_nocbs=" + c; break;
                case "TIMER": case "HRTIMER": advice = "timers expire there: find who arms them (record timer events, `whylate` on the"
                    + " recording); nohz_full lets unpinned timers move to housekeeping CPUs"; break;
                case "SCHED": advice = "load balancing runs there: isolcpus=domain," + c + " takes the CPU out of balancing"; break;
                default: advice = "softirqs run where the interrupt that raised them ran: move those IRQs off CPU " + c
                    + " (/proc/irq/N/smp_affinity_list; see the IRQ hints)";
            }
            return new TopReport.Hint(c, s.name(), r, v + " softirqs on isolated CPU " + c, advice);
        }
        if (!device || r < o.hotRate()) return null;
        double others = 0;
        int n = 0;
        for (final int x : shown) {
            if (x == c || soft.column(x) < 0) continue;
            others += s.perCpu()[soft.column(x)];
            n++;
        }
        if (n == 0) return null;
        final double mean = others / n;
        if (r < 2 * mean) return null;
        final String advice;
        switch (v) {
            case "NET_RX": case "NET_TX": advice = "spread the NIC queues' IRQs (ethtool -L DEV combined N; /proc/irq/N/smp_affinity_list) or"
                + " steer packets with RPS (echo MASK > /sys/class/net/DEV/queues/rx-Q/rps_cpus)"; break;
            case "TASKLET": advice = "a driver's tasklets run where they were scheduled: spread the device's IRQs, and record"
                + " irq:tasklet_entry with stacks to see which tasklet"; break;
            default: advice = "spread the device's queue IRQs (/proc/irq/N/smp_affinity_list) or complete I/O on the submitting CPU"
                + " (echo 2 > /sys/block/DEV/queue/rq_affinity)";
        }
        return new TopReport.Hint(c, s.name(), r, v + " softirqs concentrate on CPU " + c + " (" + TopView.rate(r) + "/s; "
            + TopView.rate(mean) + "/s on average on the other CPUs)", advice);
    }
}
