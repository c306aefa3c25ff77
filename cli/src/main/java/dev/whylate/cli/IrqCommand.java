package dev.whylate.cli;

import dev.whylate.analysis.advice.Advice;
import dev.whylate.analysis.irq.At;
import dev.whylate.analysis.irq.Contributor;
import dev.whylate.analysis.irq.CpuAt;
import dev.whylate.analysis.irq.CpuIrq;
import dev.whylate.analysis.irq.Dist;
import dev.whylate.analysis.irq.Frame;
import dev.whylate.analysis.irq.Handler;
import dev.whylate.analysis.irq.Hardirq;
import dev.whylate.analysis.irq.HotSpot;
import dev.whylate.analysis.irq.IpiFlow;
import dev.whylate.analysis.irq.IpiReport;
import dev.whylate.analysis.irq.IpiSend;
import dev.whylate.analysis.irq.IrqAnalysis;
import dev.whylate.analysis.irq.IrqOptions;
import dev.whylate.analysis.irq.IrqReport;
import dev.whylate.analysis.irq.Softirq;
import dev.whylate.analysis.irq.TaskletStat;
import dev.whylate.analysis.irq.TlbSender;
import dev.whylate.analysis.irq.TlbStory;
import dev.whylate.analysis.irq.Vector;
import dev.whylate.analysis.irq.WorkStat;
import dev.whylate.model.Trace;
import dev.whylate.report.json.Json;
import dev.whylate.report.text.Table;
import dev.whylate.timeline.Timeline;
import dev.whylate.util.Units;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whylate irq}: interrupts, softirqs, tasklets, work items, IPIs and TLB shootdowns per CPU. */
@Command(name = "irq", mixinStandardHelpOptions = true,
    description = {"Interrupt, softirq, tasklet, workqueue, IPI and TLB-shootdown load per CPU, with hot spots and advice.",
        "With --at: what every CPU was doing at one instant."})
public final class IrqCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceInput input;

    @Option(names = "--cpu", paramLabel = "LIST", description = "Only these CPUs, e.g. 0-3,8 (statistics that span CPUs stay complete).")
    String cpu;

    @Option(names = "--at", paramLabel = "TIME", description = "Show what every CPU was doing at TIME (trace seconds, e.g. 1459.074133, or +OFFSET from the "
        + "first event, e.g. +2.5 or +300ms).")
    String at;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Entries per ranked list (default 10).")
    int top;

    @Option(names = "--json", description = "Print JSON (keys in docs/JSON.md).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final int[] cpus = cpu == null ? null : Opts.cpus("--cpu", cpu);
        if (at != null) Opts.timestamp("--at", at, null);
        if (top < 1) throw new UsageException("--top must be at least 1");
        final Trace t = input.read(err);
        if (cpus != null) Opts.cpusInTrace("--cpu", cpus, t);
        final long atNs = at == null ? IrqOptions.NO_AT : Opts.timestamp("--at", at, t);
        final IrqReport r = IrqAnalysis.run(Timeline.of(t), new IrqOptions(cpus, atNs, top));
        if (json) Json.write(r, out);
        else if (r.at() != null) printAt(r.at(), out);
        else print(r, out);
        out.flush();
        return TraceInput.exitCode(t);
    }

    private void print(final IrqReport r, final PrintWriter out) {
        out.println("irq: " + r.cpus().size() + " CPU(s), " + Units.ts(r.startNs()) + " .. " + Units.ts(r.endNs()) + "  ("
            + Units.dur(r.endNs() - r.startNs()) + ")   TLB shootdowns from: " + r.tlbSource());
        final dev.whylate.util.IntList quiet = new dev.whylate.util.IntList();
        for (final CpuIrq c : r.cpus()) {
            if (empty(c)) quiet.add(c.cpu());
            else printCpu(c, out);
        }
        // a trace of a big machine recorded on a few CPUs (trace-cmd -M, perf -C) declares all of them
        if (quiet.size() > 0) {
            out.println();
            out.println("CPU" + (quiet.size() > 1 ? "s " : " ") + dev.whylate.util.CpuList.format(quiet.toArray()) + ": no events in the trace");
        }
        printWork(r.workqueue(), out);
        printTasklets(r.tasklets(), out);
        printIpis(r.ipis(), out);
        if (!r.tlbStories().isEmpty()) {
            out.println();
            out.println("TLB shootdowns:");
            for (final TlbStory s : r.tlbStories()) out.println("  " + s.text());
        }
        if (!r.hotSpots().isEmpty()) {
            out.println();
            out.println("hot spots (each from evidence in this trace):");
            int k = 1;
            for (final HotSpot h : r.hotSpots()) {
                out.println("  " + k++ + ". [" + h.kind() + "] " + h.summary());
                for (final Contributor d : h.dominant()) {
                    out.println("       " + d.source() + ": " + Units.dur(d.ns()) + " (" + Units.pct(d.share()) + ", " + d.count() + " runs)");
                }
                for (final String p : h.patterns()) out.println("       pattern: " + p);
                for (final String e : h.evidence()) out.println("       evidence: " + e);
                for (final Advice a : h.advice()) {
                    out.println("       -> " + a.change());
                    for (final String line : a.command().split("\n")) out.println("          $ " + line);
                }
            }
        }
        if (!r.notes().isEmpty()) {
            out.println();
            out.println("notes:");
            for (final String n : r.notes()) out.println("  - " + n);
        }
    }

    /** Nothing recorded on the CPU: no span, no interrupt, no IPI or TLB shootdown received or sent. */
    private static boolean empty(final CpuIrq c) {
        return c.spanNs() == 0 && c.hardirq().isEmpty() && c.vectors().isEmpty() && c.softirq().values().stream().allMatch(x -> x.count() + x.partial() + x.raises() == 0)
            && c.tasklets().isEmpty() && c.nmi().isEmpty() && c.ipi().count() == 0 && c.ipi().sent() == 0 && c.tlbShootdowns().count() == 0;
    }

    private static String d3(final Dist d) {
        return d.count() == 0 ? "-" : Units.dur(d.p50()) + " / " + Units.dur(d.p99()) + " / " + Units.dur(d.max());
    }

    private void printCpu(final CpuIrq c, final PrintWriter out) {
        out.println();
        out.println("CPU " + c.cpu() + "   hardirq " + Units.pct(c.hardirqShare()) + "   softirq " + Units.pct(c.softirqShare())
            + (c.idleShare() >= 0 ? "   idle " + Units.pct(c.idleShare()) : "") + "   (span " + Units.dur(c.spanNs()) + ")");
        final Table t = new Table("source", ">count", ">partial", ">total", ">share", "duration p50 / p99 / max");
        final List<Object[]> rows = new ArrayList<>();
        for (final Map.Entry<String, Vector> e : c.vectors().entrySet()) {
            final Vector v = e.getValue();
            rows.add(new Object[] {"vector " + e.getKey() + (v.row() != null ? " (" + v.row() + ")" : ""), v.count(), v.partial(), v.totalNs(), v.durationNs()});
        }
        for (final Map.Entry<String, Hardirq> e : c.hardirq().entrySet()) {
            final Hardirq h = e.getValue();
            rows.add(new Object[] {"hardirq " + h.irq() + " " + e.getKey(), h.count(), h.partial(), h.totalNs(), h.durationNs()});
        }
        for (final Map.Entry<String, Softirq> e : c.softirq().entrySet()) {
            final Softirq s = e.getValue();
            if (s.count() + s.partial() > 0) rows.add(new Object[] {"softirq " + e.getKey(), s.count(), s.partial(), s.totalNs(), s.durationNs()});
        }
        for (final Map.Entry<String, Handler> e : c.tasklets().entrySet()) {
            final Handler h = e.getValue();
            rows.add(new Object[] {"tasklet " + e.getKey(), h.count(), h.partial(), h.totalNs(), h.durationNs()});
        }
        for (final Map.Entry<String, Handler> e : c.nmi().entrySet()) {
            final Handler h = e.getValue();
            rows.add(new Object[] {"nmi " + e.getKey(), h.count(), h.partial(), h.totalNs(), h.durationNs()});
        }
        rows.sort((x, y) -> Long.compare((Long) y[3], (Long) x[3]));
        for (int k = 0; k < rows.size() && k < top * 2; k++) {
            final Object[] x = rows.get(k);
            t.row(x[0], x[1], x[2], Units.dur((Long) x[3]), Units.pct(c.spanNs() == 0 ? 0 : (Long) x[3] / (double) c.spanNs()), d3((Dist) x[4]));
        }
        if (rows.size() > top * 2) t.row("(" + (rows.size() - top * 2) + " more: --top N or --json)");
        if (t.size() > 0) t.print(out);
        final Table s = new Table("softirq", ">raises", "raise->entry p50 / p99 / max", ">unserved", ">in ksoftirqd", "raised by");
        for (final Map.Entry<String, Softirq> e : c.softirq().entrySet()) {
            final Softirq x = e.getValue();
            if (x.raises() == 0) continue;
            s.row(e.getKey(), x.raises(), d3(x.raiseToEntryNs()), x.unserved(), x.inKsoftirqd(),
                x.raisedBy().stream().limit(3).map(b -> b.context() + " " + b.count()).collect(Collectors.joining(", ")));
        }
        if (s.size() > 0) {
            out.println();
            s.print(out);
        }
        final long armIpis = c.ipi().count() - c.ipi().reschedule() - c.ipi().callFunction();
        out.println("  IPIs: received " + c.ipi().count() + " (reschedule " + c.ipi().reschedule() + ", function call " + c.ipi().callFunction()
            + (armIpis > 0 ? ", arm ipi_entry " + armIpis : "") + "), sent " + c.ipi().sent() + (c.ipi().sentFromHardirq() > 0 ? " (" + c.ipi().sentFromHardirq() + " from hardirq)" : ""));
        out.println("  TLB shootdowns received: " + c.tlbShootdowns().count());
        for (final TlbSender ts : c.tlbShootdowns().senders()) {
            out.println("    " + ts.count() + "  from " + (ts.pid() < 0 ? "?" : ts.comm() + "[" + ts.pid() + "]")
                + (ts.tgid() >= 0 ? " of " + ts.process() + "[" + ts.tgid() + "]" : "") + (ts.syscall() != null ? " in " + ts.syscall() : "")
                + "; running here: " + ts.victims().stream().limit(3).map(v -> v.comm() + "[" + v.pid() + "] " + v.count()).collect(Collectors.joining(", ")));
        }
    }

    private void printWork(final List<WorkStat> ws, final PrintWriter out) {
        if (ws.isEmpty()) return;
        out.println();
        out.println("workqueue:");
        final Table t = new Table("function", "workqueue", ">count", ">queued", "queue->start p50 / p99 / max", "duration p50 / p99 / max",
            ">cross-cpu", "run by", "queued by");
        for (int k = 0; k < ws.size() && k < top * 2; k++) {
            final WorkStat w = ws.get(k);
            // queueings taken back and queued again (mod_delayed_work) never start: shown apart so that queued - count
            // does not read as work that never ran
            t.row(w.function(), w.workqueue() == null ? "?" : w.workqueue(), w.count(),
                w.requeued() > 0 ? w.queued() + " (" + w.requeued() + " requeued)" : String.valueOf(w.queued()), d3(w.queueToStartNs()), d3(w.durationNs()), w.crossCpu(),
                w.workers().stream().limit(2).map(x -> x.comm() + "@" + x.cpu() + " " + x.count()).collect(Collectors.joining(", ")),
                w.queuedBy().stream().limit(2).map(x -> x.context() + " " + x.count()).collect(Collectors.joining(", ")));
        }
        t.print(out);
        if (ws.size() > top * 2) out.println("  (" + (ws.size() - top * 2) + " more: --top N or --json)");
    }

    private void printTasklets(final List<TaskletStat> ts, final PrintWriter out) {
        if (ts.isEmpty()) return;
        out.println();
        out.println("tasklets:");
        final Table t = new Table("function", ">count", ">total", "duration p50 / p99 / max", "runs per CPU");
        for (int k = 0; k < ts.size() && k < top; k++) {
            final TaskletStat x = ts.get(k);
            t.row(x.function(), x.count(), Units.dur(x.totalNs()), d3(x.durationNs()),
                x.byCpu().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" ")));
        }
        t.print(out);
    }

    private void printIpis(final IpiReport r, final PrintWriter out) {
        if (r.sends() == 0) return;
        out.println();
        out.println("IPIs: " + r.sends() + " sent, " + r.delivered() + " delivered (send->entry " + d3(r.sendToEntryNs()) + "), " + r.undelivered()
            + " undelivered, " + r.pending() + " pending at trace end, " + r.unknown() + " unknown; " + r.fromHardirq() + " sent from hardirq, "
            + r.fromSoftirq() + " from softirq");
        final Table t = new Table("sender", "callsite", "callback", ">cpu", ">count", ">delivered", ">undelivered", ">from irq", "send->entry p50 / p99 / max");
        for (int k = 0; k < r.flows().size() && k < top * 2; k++) {
            final IpiFlow f = r.flows().get(k);
            t.row(f.comm() + "[" + f.pid() + "]", f.callsite(), f.callback(), f.target(), f.count(), f.delivered(), f.undelivered(),
                f.fromHardirq(), d3(f.sendToEntryNs()));
        }
        t.print(out);
        if (r.flows().size() > top * 2) out.println("  (" + (r.flows().size() - top * 2) + " more: --top N or --json)");
        if (!r.undeliveredSends().isEmpty()) {
            out.println("  undelivered:");
            for (int k = 0; k < r.undeliveredSends().size() && k < top; k++) out.println("    " + send(r.undeliveredSends().get(k)));
        }
        if (!r.hardirqSends().isEmpty()) {
            out.println("  sent from hardirq context (first " + r.hardirqSends().size() + "):");
            for (final IpiSend s : r.hardirqSends()) out.println("    " + send(s));
        }
    }

    private static String send(final IpiSend s) {
        return Units.ts(s.ts()) + "  CPU " + s.cpu() + " " + s.comm() + "[" + s.pid() + "] -> CPU " + s.target() + "  " + s.kind()
            + (s.callback() != null ? " " + s.callback() : "") + (s.callsite() != null ? " via " + s.callsite() : "") + "  from " + s.context()
            + "  " + s.status();
    }

    static void printAt(final At at, final PrintWriter out) {
        out.println("at " + Units.tsNs(at.ts()) + ":");
        for (final CpuAt c : at.cpus()) {
            final StringBuilder b = new StringBuilder("  CPU " + c.cpu() + "  ");
            if (c.pid() < 0) {
                b.append("unknown (no task or handler known at this instant)");
            } else {
                b.append(c.state().equals("idle") ? "idle" : c.comm() + "[" + c.pid() + "]" + (c.tgid() >= 0 && c.tgid() != c.pid() ? " of process " + c.tgid() : ""));
                if (c.state().equals("unknown")) b.append(" (interrupted; its slice is not known)");
                if (c.sinceNs() >= 0) b.append("  since ").append(Units.tsNs(c.sinceNs())).append(" (").append(Units.dur(at.ts() - c.sinceNs())).append(')');
                if (c.syscall() != null) b.append("  in ").append(c.syscall());
                if (c.work() != null) b.append("  running work ").append(c.work()).append(c.workqueue() != null ? " (" + c.workqueue() + ")" : "");
            }
            out.println(b);
            String indent = "      ";
            for (final Frame f : c.stack()) {
                out.println(indent + "> " + f.kind() + " " + (f.id() >= 0 && !f.kind().equals("softirq") ? f.id() + " " : "") + f.name() + "  since "
                    + (f.startUnknown() ? "before " : "") + Units.tsNs(f.startNs()) + " (" + Units.dur(f.elapsedNs()) + ")");
                indent += "  ";
            }
            if (c.csd() != null) out.println(indent + "> cross-CPU call " + c.csd());
        }
    }
}
