package dev.whylate.analysis.irq;

import dev.whylate.analysis.advice.Advice;
import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Slices;
import dev.whylate.timeline.Timeline;
import dev.whylate.util.CpuList;
import dev.whylate.util.Units;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Findings with evidence and advice. Rules (thresholds in docs/METRICS.md):
 * <ul>
 *   <li>cpu-load: a CPU whose hardirq + softirq share is ≥ 10 % of its span and ≥ twice the mean share of the
 *       other CPUs (or they are under 5 %), with at least 1 ms of such time;</li>
 *   <li>tlb-shootdowns: a thread caused ≥ 10 shootdowns on a CPU while another thread of its process ran there;</li>
 *   <li>ipi-from-irq: function-call IPIs sent from hardirq context by the waiting many-CPU calls
 *       (smp_call_function_many, on_each_cpu*);</li>
 *   <li>ipi-undelivered: IPIs never handled although the target took other interrupts later;</li>
 *   <li>work-wait: a work function whose queue → start p99 is ≥ 1 ms.</li>
 * </ul>
 */
final class HotSpots {
    static final double MIN_SHARE = 0.10;
    static final long MIN_NS = 1_000_000L;
    static final long WORK_WAIT_NS = 1_000_000L;
    static final int TLB_MIN = 10;

    private HotSpots() {}

    static List<HotSpot> of(final Timeline tl, final Load load, final List<TaskletStat> tasklets, final IpiLoad ipi, final TlbLoad tlb,
                            final List<WorkStat> work, final IrqOptions o) {
        final List<HotSpot> out = new ArrayList<>();
        cpuLoad(tl, load, tasklets, o, out);
        tlbShootdowns(tl, tlb, out);
        ipiFromIrq(ipi, o, out);
        undelivered(ipi, out);
        workWait(tl, work, o, out);
        return out;
    }

    private static void cpuLoad(final Timeline tl, final Load load, final List<TaskletStat> tasklets, final IrqOptions o, final List<HotSpot> out) {
        final int n = load.cpus;
        final double[] share = new double[n];
        for (int c = 0; c < n; c++) share[c] = Load.share(load.hardNs[c] + load.softNs[c], load.span(c));
        // IRQ counts per number over all CPUs
        final Map<Integer, long[]> irqTotal = new HashMap<>();
        for (int c = 0; c < n; c++) for (final Load.Acc a : load.all(c, Intervals.HARDIRQ)) irqTotal.computeIfAbsent(a.id, k -> new long[1])[0] += a.count;
        for (int c = 0; c < n; c++) {
            if (!o.selected(c) || load.span(c) == 0) continue;
            double others = 0;
            double othersIdle = 0;
            int k = 0;
            int idleKnown = 0;
            for (int d = 0; d < n; d++) {
                if (d == c || load.span(d) == 0) continue;
                others += share[d];
                k++;
                if (tl.hasSwitches()) {
                    othersIdle += load.idleNs[d] / (double) load.span(d);
                    idleKnown++;
                }
            }
            others = k == 0 ? 0 : others / k;
            othersIdle = idleKnown == 0 ? -1 : othersIdle / idleKnown;
            final long irqNs = load.hardNs[c] + load.softNs[c];
            if (share[c] < MIN_SHARE || irqNs < MIN_NS || !(others < 0.05 || share[c] >= 2 * others)) continue;
            final long span = load.span(c);
            final List<Load.Acc> accs = load.all(c);
            accs.sort((x, y) -> Long.compare(y.excl, x.excl));
            final List<Contributor> dom = new ArrayList<>();
            for (int j = 0; j < accs.size() && dom.size() < 3; j++) {
                final Load.Acc a = accs.get(j);
                if (a.excl > 0) dom.add(new Contributor(load.label(a), a.excl, a.excl / (double) span, a.count));
            }
            final List<String> patterns = new ArrayList<>();
            final List<String> evidence = new ArrayList<>();
            final List<Advice> advice = new ArrayList<>();
            final String others0 = otherCpus(share, c, load);
            evidence.add(String.format(Locale.ROOT, "CPU %d spent %s of %s (%.1f%%) in hardirq %.1f%% + softirq %.1f%%; the other CPUs average %.1f%%",
                c, Units.dur(irqNs), Units.dur(span), share[c] * 100, Load.share(load.hardNs[c], span) * 100, Load.share(load.softNs[c], span) * 100, others * 100));
            if (othersIdle >= 0) evidence.add(String.format(Locale.ROOT, "the other CPUs were idle %.1f%% of the time", othersIdle * 100));
            final boolean idleElsewhere = othersIdle >= 0.3;
            for (final Contributor d : dom) {
                if (d.source().startsWith("tasklet ")) {
                    final String fn = d.source().substring(8);
                    for (final TaskletStat ts : tasklets) {
                        if (!ts.function().equals(fn) || ts.count() == 0) continue;
                        final long here = ts.byCpu().getOrDefault(c, 0L);
                        if (here >= 0.9 * ts.count()) {
                            patterns.add(String.format(Locale.ROOT, "tasklet %s runs on CPU %d only (%d of its %d runs)%s: tasklets of one function are serialised on the CPU that scheduled them",
                                fn, c, here, ts.count(), idleElsewhere ? " while the other CPUs idle" : ""));
                            advice.add(new Advice("# who schedules it: record the raisers' stacks and aggregate them\n"
                                + "whylate record -o raise.dat --stack 'softirq_raise: vec == 6' --duration 5s\n"
                                + "whylate stacks raise.dat --event 'softirq_raise: vec == 6'\n"
                                + "# then spread what schedules it: more device queues, or RPS to other CPUs\nethtool -L <dev> combined " + n,
                                "tasklet " + fn + " takes " + Units.pct(d.share()) + " of CPU " + c + " and never runs elsewhere",
                                "spread the source of tasklet " + fn + " over more CPUs"));
                        }
                    }
                }
                if (d.source().startsWith("hardirq ")) {
                    irqPattern(load, c, d.source(), irqTotal, others0, idleElsewhere, patterns, advice);
                }
                if (d.source().equals("softirq NET_RX") || d.source().equals("softirq NET_TX")) {
                    final boolean rx = d.source().endsWith("RX");
                    final String mask = CpuList.hexMask(CpuList.parse(others0));
                    advice.add(new Advice(rx
                        ? "echo " + mask + " > /sys/class/net/<dev>/queues/rx-<n>/rps_cpus   # RPS: process received packets on CPUs " + others0
                        : "echo " + mask + " > /sys/class/net/<dev>/queues/tx-<n>/xps_cpus   # XPS: transmit from CPUs " + others0,
                        d.source() + " takes " + Units.pct(d.share()) + " of CPU " + c + (idleElsewhere ? " while the other CPUs idle" : ""),
                        rx ? "spread receive processing with RPS (or more RX queues: ethtool -L <dev> combined N)"
                            : "spread transmit completion with XPS (or more TX queues)"));
                    // the IRQ that raises it
                    final Load.RaiseAcc r = load.raise[c][rx ? 3 : 2];
                    if (r != null) {
                        for (final Source s : load.raisedBy(r, 1)) {
                            if (s.context().startsWith("hardirq ")) irqPattern(load, c, s.context(), irqTotal, others0, idleElsewhere, patterns, advice);
                        }
                    }
                }
            }
            final int user = busiestUserTask(tl, c);
            if (user > 0 && !others0.isEmpty()) {
                advice.add(new Advice("taskset -pc " + others0 + " " + user,
                    tl.lastComm(user) + "[" + user + "] ran longest on CPU " + c + ", which spends " + Units.pct(share[c]) + " in interrupts",
                    "move the latency-sensitive (e.g. polling) thread " + tl.lastComm(user) + " off CPU " + c));
            }
            out.add(new HotSpot("cpu-load", c, share[c], String.format(Locale.ROOT, "CPU %d: %.1f%% of its time in hardirq + softirq, dominated by %s",
                c, share[c] * 100, dom.isEmpty() ? "?" : dom.get(0).source()), dom, patterns, evidence, advice));
        }
    }

    private static void irqPattern(final Load load, final int c, final String label, final Map<Integer, long[]> irqTotal, final String others,
                                   final boolean idleElsewhere, final List<String> patterns, final List<Advice> advice) {
        final String[] p = label.split(" ", 3);
        final int irq;
        try {
            irq = Integer.parseInt(p[1]);
        } catch (NumberFormatException e) {
            return;
        }
        long here = 0;
        for (final Load.Acc a : load.all(c, Intervals.HARDIRQ)) if (a.id == irq) here += a.count;
        final long total = irqTotal.getOrDefault(irq, new long[1])[0];
        if (total == 0 || here < 0.9 * total) return;
        final String pat = String.format(Locale.ROOT, "IRQ %d (%s) is handled on CPU %d only (%d of %d)%s", irq, p.length > 2 ? p[2] : "?", c, here, total,
            idleElsewhere ? " while the other CPUs idle" : "");
        if (patterns.contains(pat)) return;
        patterns.add(pat);
        if (!others.isEmpty() && !dev.whylate.util.IrqAffinity.fixed(p.length > 2 ? p[2] : null)) {
            advice.add(new Advice("echo " + others + " > /proc/irq/" + irq + "/smp_affinity_list   # irqbalance may undo this: set IRQBALANCE_BANNED_CPUS or stop it",
                pat, "move or spread IRQ " + irq + " (" + (p.length > 2 ? p[2] : "?") + ") to CPUs " + others));
        }
    }

    /** The other CPUs that have events, as a list ({@code 0,2-3}). */
    static String otherCpus(final double[] share, final int c, final Load load) {
        return CpuList.format(IntStream.range(0, share.length).filter(d -> d != c && load.span(d) > 0).toArray());
    }

    /** The non-kernel task that ran longest on {@code c}, or -1. */
    static int busiestUserTask(final Timeline tl, final int c) {
        if (!tl.hasSwitches()) return -1;
        final Slices sl = tl.slices();
        final Map<Integer, long[]> run = new HashMap<>();
        for (final int s : sl.ofCpu(c)) if (sl.tid(s) > 0) run.computeIfAbsent(sl.tid(s), k -> new long[1])[0] += sl.end(s) - sl.start(s);
        int best = -1;
        long most = 0;
        for (final Map.Entry<Integer, long[]> e : run.entrySet()) {
            if (e.getValue()[0] > most && !kernelThread(tl.lastComm(e.getKey()))) {
                most = e.getValue()[0];
                best = e.getKey();
            }
        }
        return best;
    }

    static boolean kernelThread(final String comm) {
        if (comm == null) return true;
        for (final String p : new String[] {"kworker/", "ksoftirqd/", "migration/", "rcu", "irq/", "cpuhp/", "idle_inject/", "watchdog/", "kthreadd",
            "ksmd", "kswapd", "khugepaged", "kcompactd", "jbd2/", "<idle>", "swapper"}) {
            if (comm.startsWith(p)) return true;
        }
        return false;
    }

    private static void tlbShootdowns(final Timeline tl, final TlbLoad tlb, final List<HotSpot> out) {
        for (final TlbStory s : tlb.stories) {
            if (!s.sameProcess() || s.count() < TLB_MIN) continue;
            final List<String> ev = new ArrayList<>();
            ev.add(s.text());
            final long span = Math.max(1, tl.cpuLast(s.cpu()) - tl.cpuFirst(s.cpu()));
            ev.add(String.format(Locale.ROOT, "%.1f shootdowns per second on CPU %d", s.count() * 1e9 / span, s.cpu()));
            final List<Advice> adv = new ArrayList<>();
            final String sc = s.syscall() == null ? "munmap,mprotect,madvise,mremap" : s.syscall();
            adv.add(new Advice("strace -f -e trace=" + sc + " -p " + s.tgid() + "   # or, with kernel stacks: whylate record -o flush.dat --stack "
                + "'sys_enter_" + (s.syscall() == null ? "munmap" : s.syscall()) + ": common_pid == " + s.pid() + "' --duration 5s",
                s.text(),
                "stop " + s.comm() + "[" + s.pid() + "] from unmapping memory while " + s.victimComm() + " runs: reuse buffers instead of "
                    + (s.syscall() == null ? "munmap" : s.syscall()) + ", use huge pages, avoid FILE* streams (fclose unmaps their buffer), or move that work to another process"));
            out.add(new HotSpot("tlb-shootdowns", s.cpu(), 0, s.text(), List.of(), List.of(), ev, adv));
        }
    }

    private static void ipiFromIrq(final IpiLoad ipi, final IrqOptions o, final List<HotSpot> out) {
        final List<String> ev = new ArrayList<>();
        long n = 0;
        for (final IpiFlow f : ipi.report.flows()) {
            if (f.fromHardirq() == 0 || !f.kind().equals("call") || !waitingCall(f.callsite())) continue;
            n += f.fromHardirq();
            if (ev.size() < o.top()) {
                ev.add(f.fromHardirq() + " function-call IPI(s) from hardirq context: " + f.comm() + "[" + f.pid() + "] " + f.callsite() + " -> CPU "
                    + f.target() + " (" + f.callback() + ")" + (f.undelivered() > 0 ? ", " + f.undelivered() + " never handled" : ""));
            }
        }
        if (n == 0) return;
        out.add(new HotSpot("ipi-from-irq", -1, 0, n + " cross-CPU function calls were sent from hardirq context", List.of(), List.of(), ev,
            // both send events: many-CPU calls go through ipi_send_cpumask, single ones through ipi_send_cpu
            List.of(new Advice("whylate record -o ipi.dat --stack ipi_send_cpu --stack ipi_send_cpumask --duration 5s && whylate stacks ipi.dat"
                + " --event ipi_send_cpumask; whylate stacks ipi.dat --event ipi_send_cpu   # who sends them",
                "smp_call_function*() waiting for the other CPUs from interrupt context can deadlock (kernel/smp.c warns about it)",
                "defer these cross-CPU calls out of interrupt context (workqueue or irq_work)"))));
    }

    /**
     * Whether an IPI was sent by the many-CPU cross calls that wait for the targets (smp_call_function_many,
     * on_each_cpu*): from hardirq context those can deadlock. Single-CPU async calls (generic_exec_single from
     * the tick, wakeup lists) are the kernel's own business.
     */
    static boolean waitingCall(final String callsite) {
        if (callsite == null) return false;
        return callsite.startsWith("smp_call_function_many") || callsite.startsWith("on_each_cpu") || callsite.startsWith("smp_call_function+")
            || callsite.equals("smp_call_function");
    }

    private static void undelivered(final IpiLoad ipi, final List<HotSpot> out) {
        final IpiReport r = ipi.report;
        if (r.undelivered() == 0) return;
        final List<String> ev = new ArrayList<>();
        for (final IpiSend s : r.undeliveredSends()) {
            if (ev.size() >= 5) break;
            ev.add(Units.ts(s.ts()) + " CPU " + s.cpu() + " " + s.comm() + "[" + s.pid() + "] -> CPU " + s.target() + " " + s.kind()
                + (s.callback() == null ? "" : " (" + s.callback() + ")") + " from " + s.context());
        }
        out.add(new HotSpot("ipi-undelivered", -1, 0, r.undelivered() + " IPI(s) were never handled although their targets took other interrupts later",
            List.of(), List.of(), ev, List.of(new Advice("grep -E 'RES|CAL|TLB' /proc/interrupts   # compare with the sends",
                "the target CPU handled later interrupts but no entry for these IPIs",
                "check for lost IPIs: a vector taken over by a driver, interrupts left disabled, or the hypervisor"))));
    }

    private static void workWait(final Timeline tl, final List<WorkStat> work, final IrqOptions o, final List<HotSpot> out) {
        for (final WorkStat w : work) {
            if (w.queueToStartNs().count() == 0 || w.queueToStartNs().p99() < WORK_WAIT_NS) continue;
            final List<String> ev = new ArrayList<>();
            ev.add(String.format(Locale.ROOT, "%s (%s): queue -> start p50 %s, p99 %s, max %s over %d items", w.function(), w.workqueue(),
                Units.dur(w.queueToStartNs().p50()), Units.dur(w.queueToStartNs().p99()), Units.dur(w.queueToStartNs().max()), w.queueToStartNs().count()));
            for (final Source s : w.queuedBy()) if (ev.size() < 3) ev.add("queued by " + s.context() + " (" + s.count() + ")");
            for (final Worker k : w.workers()) if (ev.size() < 5) ev.add("run by " + k.comm() + "[" + k.pid() + "] on CPU " + k.cpu() + " (" + k.count() + ")");
            final List<Advice> adv = new ArrayList<>();
            if (!w.workers().isEmpty()) {
                final Worker k = w.workers().get(0);
                adv.add(new Advice("chrt -f -p 50 " + k.pid() + "   # kworker threads come and go: re-apply, or use a dedicated WQ_HIGHPRI / unbound workqueue",
                    w.function() + " waited up to " + Units.dur(w.queueToStartNs().max()) + " for " + k.comm(),
                    "let the kworker that runs " + w.function() + " preempt the tasks it waits behind"));
            }
            for (final Source s : w.queuedBy()) {
                if (!s.context().startsWith("hardirq ") || dev.whylate.util.IrqAffinity.fixed(s.context())) continue;
                final String[] p = s.context().split(" ", 3);
                adv.add(new Advice("echo <cpus> > /proc/irq/" + p[1] + "/smp_affinity_list   # a CPU that is not busy with other work",
                    "work queued from IRQ " + p[1] + " runs on the CPU that took the interrupt", "take IRQ " + p[1] + " on a quieter CPU"));
                break;
            }
            out.add(new HotSpot("work-wait", -1, 0, w.function() + " waited p99 " + Units.dur(w.queueToStartNs().p99()) + " from queue to start",
                List.of(), List.of(), ev, adv));
            if (out.size() > 50) break;
        }
    }
}
