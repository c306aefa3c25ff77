package dev.whylate.analysis.irq;

import dev.whylate.timeline.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Interrupts, deferred work and IPIs of a trace: per-CPU hardirq / vector / softirq / tasklet statistics,
 * softirq raise → entry latency and raising contexts, workqueue latency and who queued what, IPI flows and
 * delivery, TLB shootdowns attributed to the sending thread and syscall, hot spots with advice, and what every
 * CPU was doing at an instant. Definitions: docs/METRICS.md, section "irq".
 *
 * <pre>{@code
 * IrqReport r = IrqAnalysis.run(Timeline.of(trace), IrqOptions.defaults());
 * r.cpus().get(1).softirq().get("NET_RX").raiseToEntryNs().p99();
 * }</pre>
 */
public final class IrqAnalysis {
    private IrqAnalysis() {}

    /** Analyses {@code tl}. */
    public static IrqReport run(final Timeline tl, final IrqOptions o) {
        final Labels labels = new Labels(tl);
        // the per-CPU pass over the intervals is the big one: the rest runs meanwhile on another thread
        final FutureTask<Side> rest = new FutureTask<>(() -> new Side(new IpiLoad(tl, labels, o.top()), new TlbLoad(tl, labels, o.top()),
            WorkLoad.of(tl, labels, o.top())));
        if (Runtime.getRuntime().availableProcessors() > 1) {
            final Thread t = new Thread(rest, "whylate-irq");
            t.setDaemon(true);
            t.start();
        } else {
            rest.run();
        }
        final Load load = new Load(tl, labels);
        final Side side = get(rest);
        final IpiLoad ipi = side.ipi;
        final TlbLoad tlb = side.tlb;
        final List<WorkStat> work = side.work;
        final List<CpuIrq> cpus = new ArrayList<>();
        for (int c = 0; c < tl.cpus(); c++) {
            if (!o.selected(c)) continue;
            final long[] in = load.ipiEntries(c);
            final IpiCpu ic = new IpiCpu(in[0] + in[1] + in[2], in[0], in[1], ipi.sent[c], ipi.sentHard[c]);
            cpus.add(load.cpu(c, ic, tlb.perCpu[c], o.top()));
        }
        final List<TaskletStat> tasklets = load.tasklets();
        final List<HotSpot> hot = HotSpots.of(tl, load, tasklets, ipi, tlb, work, o);
        final At at = o.atNs() == IrqOptions.NO_AT ? null : Instant.of(tl, labels, o);
        final long first = tl.trace().events().size() == 0 ? 0 : tl.trace().events().ts(0);
        final long last = tl.trace().events().size() == 0 ? 0 : tl.trace().events().ts(tl.trace().events().size() - 1);
        return new IrqReport(first, last, cpus, work, tasklets, ipi.report, tlb.source, tlb.stories, hot, at, notes(tl, load, ipi, tlb));
    }

    private record Side(IpiLoad ipi, TlbLoad tlb, List<WorkStat> work) {}

    private static Side get(final FutureTask<Side> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    private static List<String> notes(final Timeline tl, final Load load, final IpiLoad ipi, final TlbLoad tlb) {
        final List<String> n = new ArrayList<>();
        final dev.whylate.model.EventStore store = tl.trace().events();
        final boolean[] present = new boolean[store.types().size()];
        for (int i = 0; i < store.size(); i++) present[store.type(i)] = true;
        final java.util.Set<String> types = new java.util.HashSet<>();
        for (int t = 0; t < present.length; t++) if (present[t]) types.add(store.types().name(t));
        if (!types.contains("irq_handler_entry")) n.add("no irq_handler_entry/exit events: device interrupt handlers are not counted");
        if (!types.contains("softirq_entry")) n.add("no softirq_entry/exit events: softirq counts and time are missing");
        if (!types.contains("softirq_raise") && types.contains("softirq_entry")) n.add("no softirq_raise events: raise -> entry latency and raising contexts are unknown");
        if (!tl.hasVectors()) n.add("no irq_vectors (x86) or ipi_entry (arm) events: local timer and IPI handling are not counted, IPI delivery cannot be checked");
        if (ipi.report.sends() == 0 && !types.contains("ipi_send_cpu") && !types.contains("ipi_send_cpumask") && !types.contains("ipi_raise")) {
            n.add("no ipi_send_cpu/ipi_send_cpumask/ipi_raise events: IPI senders are unknown");
        }
        if (tlb.source.equals("tlb_flush")) {
            n.add("TLB shootdowns counted from tlb_flush remote-shootdown events: a lower bound (record csd:csd_queue_cpu and csd:csd_function_entry for exact counts)");
        } else if (tlb.source.equals("none") && types.contains("tlb_flush")) {
            n.add("tlb_flush events have no remote shootdowns: no TLB shootdowns were received");
        } else if (tlb.source.equals("none")) {
            n.add("no csd or tlb_flush events: TLB shootdowns are not counted");
        }
        if (tl.syscalls().size() == 0) n.add("no syscall events: TLB shootdown senders are not tied to a syscall");
        if (!tl.hasSwitches()) n.add("no sched_switch events: idle time and the tasks running at an instant are unknown");
        if (tl.trace().lostEvents() > 0 || !tl.trace().lost().isEmpty()) n.add("the trace lost events: counts near the gaps are incomplete");
        return n;
    }
}
