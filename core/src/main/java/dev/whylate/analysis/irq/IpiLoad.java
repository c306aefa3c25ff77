package dev.whylate.analysis.irq;

import dev.whylate.model.Ctx;
import dev.whylate.model.EventStore;
import dev.whylate.timeline.Csds;
import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Ipis;
import dev.whylate.timeline.Timeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** IPI flows, delivery and sending context. */
final class IpiLoad {
    /** At most this many undelivered sends are listed (all are counted). */
    static final int MAX_LISTED = 1000;
    static final String[] KINDS = {"reschedule", "call", "other", "irq_work"};

    private static final class Flow {
        final int pid;
        final int tgid;
        final String comm;
        final String callsite;
        final String callback;
        final int kind;
        final int target;
        long count;
        long delivered;
        long undelivered;
        long hard;
        long soft;
        final Values latency = new Values();

        Flow(final int pid, final int tgid, final String comm, final String callsite, final String callback, final int kind, final int target) {
            this.pid = pid;
            this.tgid = tgid;
            this.comm = comm;
            this.callsite = callsite;
            this.callback = callback;
            this.kind = kind;
            this.target = target;
        }
    }

    final IpiReport report;
    final long[] sent;
    final long[] sentHard;

    IpiLoad(final Timeline tl, final Labels labels, final int top) {
        final Ipis ip = tl.ipis();
        final Intervals iv = tl.intervals();
        final EventStore store = tl.trace().events();
        sent = new long[tl.cpus()];
        sentHard = new long[tl.cpus()];
        final boolean[] matchable = new boolean[Ipis.KINDS];
        for (int i = 0; i < iv.size(); i++) {
            if (iv.kind(i) != Intervals.VECTOR) continue;
            final String nm = tl.name(iv.name(i));
            if (iv.id(i) < 0) {
                matchable[Ipis.OTHER] = true;
                if (nm != null && nm.toLowerCase(java.util.Locale.ROOT).contains("irq work")) matchable[Ipis.IRQ_WORK] = true;
            } else if (nm.equals("reschedule")) matchable[Ipis.RESCHED] = true;
            else if (nm.equals("call_function") || nm.equals("call_function_single")) matchable[Ipis.CALL] = true;
            else if (nm.equals("irq_work")) matchable[Ipis.IRQ_WORK] = true;
        }
        final int[] csdFunc = new int[ip.size()];
        java.util.Arrays.fill(csdFunc, -1);
        final Csds cs = tl.csds();
        for (int c = 0; c < cs.size(); c++) if (cs.ipi(c) >= 0 && csdFunc[cs.ipi(c)] < 0) csdFunc[cs.ipi(c)] = cs.func(c);
        final Map<String, Flow> flows = new LinkedHashMap<>();
        final List<IpiSend> undeliveredList = new ArrayList<>();
        final List<IpiSend> hardList = new ArrayList<>();
        final Values all = new Values();
        long delivered = 0;
        long undelivered = 0;
        long pending = 0;
        long unknown = 0;
        long hardN = 0;
        long softN = 0;
        for (int e = 0; e < ip.size(); e++) {
            final long ts = ip.ts(e);
            final int tid = ip.tid(e);
            final int kind = ip.kind(e);
            final int ctx = ip.ctx(e);
            final int flags = ip.event(e) >= 0 ? store.ctx(ip.event(e)) : 0;
            final boolean known = (flags & Ctx.KNOWN) != 0;
            final boolean hard = labels.category(ctx) == Labels.HARD || known && (flags & (Ctx.HARDIRQ | Ctx.NMI)) != 0;
            final boolean soft = !hard && (labels.category(ctx) == Labels.SOFT || known && (flags & Ctx.SOFTIRQ) != 0);
            final String callsite = ip.callsite(e) < 0 ? null : tl.name(ip.callsite(e));
            final String callback = csdFunc[e] >= 0 ? tl.name(csdFunc[e])
                : ip.callback(e) >= 0 ? tl.name(ip.callback(e)) : kind == Ipis.RESCHED ? "reschedule" : null;
            final int target = ip.target(e);
            final String key = tid + "\u0000" + callsite + "\u0000" + callback + "\u0000" + kind + "\u0000" + target;
            final Flow f = flows.computeIfAbsent(key, k -> new Flow(tid, labels.tgid(tid), labels.name(tid), callsite, callback, kind, target));
            f.count++;
            if (ip.cpu(e) >= 0 && ip.cpu(e) < sent.length) {
                sent[ip.cpu(e)]++;
                if (hard) sentHard[ip.cpu(e)]++;
            }
            final String status;
            final int d = ip.delivered(e);
            if (d >= 0) {
                status = "delivered";
                delivered++;
                f.delivered++;
                f.latency.add(iv.start(d) - ts);
                all.add(iv.start(d) - ts);
            } else if (!matchable[kind]) {
                status = "unknown";
                unknown++;
            } else if (laterInterrupt(iv, target, ts)) {
                status = "undelivered";
                undelivered++;
                f.undelivered++;
            } else {
                status = "pending";
                pending++;
            }
            if (hard) {
                hardN++;
                f.hard++;
            }
            if (soft) {
                softN++;
                f.soft++;
            }
            if (status.equals("undelivered") && undeliveredList.size() < MAX_LISTED || hard && hardList.size() < top) {
                final IpiSend s = new IpiSend(ts, ip.cpu(e), tl.comm(tid, ts), tid, target, KINDS[kind], callsite, callback,
                    ctx >= 0 ? labels.of(ctx) : hard ? "hardirq" : soft ? "softirq" : "task", status);
                if (status.equals("undelivered") && undeliveredList.size() < MAX_LISTED) undeliveredList.add(s);
                if (hard && hardList.size() < top) hardList.add(s);
            }
        }
        final List<IpiFlow> out = new ArrayList<>();
        for (final Flow f : flows.values()) {
            out.add(new IpiFlow(f.comm, f.pid, f.tgid, f.callsite, f.callback, KINDS[f.kind], f.target, f.count, f.delivered,
                f.undelivered, f.hard, f.soft, f.latency.dist()));
        }
        out.sort((x, y) -> Long.compare(y.count(), x.count()));
        report = new IpiReport(ip.size(), delivered, undelivered, pending, unknown, hardN, softN, all.dist(), out, undeliveredList, hardList);
    }

    /** Whether {@code cpu} entered and left some interrupt handler after {@code ts} (so it had interrupts enabled). */
    static boolean laterInterrupt(final Intervals iv, final int cpu, final long ts) {
        final int[] a = iv.ofCpu(cpu);
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (iv.start(a[mid]) <= ts) lo = mid + 1;
            else hi = mid;
        }
        for (int k = lo; k < a.length && k < lo + 100_000; k++) {
            final int i = a[k];
            final int kind = iv.kind(i);
            if ((kind == Intervals.HARDIRQ || kind == Intervals.VECTOR) && (iv.flags(i) & (Intervals.START_UNKNOWN | Intervals.END_UNKNOWN)) == 0) {
                return true;
            }
        }
        return false;
    }
}
