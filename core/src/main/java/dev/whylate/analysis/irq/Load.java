package dev.whylate.analysis.irq;

import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Raises;
import dev.whylate.timeline.Slices;
import dev.whylate.timeline.Timeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-CPU handler statistics from the timeline's intervals and softirq raises. */
final class Load {
    /** Accumulates runs of one handler (kind, name, id) on one CPU. */
    static final class Acc {
        final int kind;
        final int name;
        final int id;
        long count;
        long partial;
        long total;
        long excl;
        final Values durs = new Values();
        Acc next;

        Acc(final int kind, final int name, final int id) {
            this.kind = kind;
            this.name = name;
            this.id = id;
        }
    }

    /** Raise statistics of one softirq vector on one CPU. */
    static final class RaiseAcc {
        long raises;
        long unserved;
        long ksoftirqd;
        final Values latency = new Values();
        final Map<Long, long[]> by = new HashMap<>();
    }

    private static final int KINDS = Intervals.KIND_NAMES.length;

    final Timeline tl;
    final Labels labels;
    final Intervals iv;
    final int cpus;
    final Acc[][][] acc;
    final RaiseAcc[][] raise;
    final long[] hardNs;
    final long[] softNs;
    final long[] idleNs;

    Load(final Timeline tl, final Labels labels) {
        this.tl = tl;
        this.labels = labels;
        this.iv = tl.intervals();
        this.cpus = tl.cpus();
        acc = new Acc[cpus][KINDS][];
        raise = new RaiseAcc[cpus][10];
        hardNs = new long[cpus];
        softNs = new long[cpus];
        idleNs = new long[cpus];
        intervals();
        raises();
        idle();
    }

    private void intervals() {
        final int n = iv.size();
        final int names = tl.names().size();
        final long[] childSum = new long[n];
        for (int i = 0; i < n; i++) {
            final int p = iv.parent(i);
            if (p >= 0) childSum[p] += iv.duration(i);
        }
        // an exit seen without its entry has no handler name: take the name the IRQ has elsewhere
        final Map<Integer, Integer> irqName = new HashMap<>();
        for (int i = 0; i < n; i++) if (iv.kind(i) == Intervals.HARDIRQ && iv.name(i) >= 0) irqName.putIfAbsent(iv.id(i), iv.name(i));
        final Map<Integer, Boolean> ksoft = new HashMap<>();
        int lastTid = Integer.MIN_VALUE;
        boolean lastKs = false;
        for (int i = 0; i < n; i++) {
            final int c = iv.cpu(i);
            final int k = iv.kind(i);
            final int nm = iv.name(i) < 0 && k == Intervals.HARDIRQ ? irqName.getOrDefault(iv.id(i), -1) : iv.name(i);
            final long dur = iv.duration(i);
            final Acc a = acc(c, k, nm, iv.id(i), names);
            final int fl = iv.flags(i);
            if ((fl & Intervals.START_UNKNOWN) == 0) a.count++;
            if (fl != 0) a.partial++;
            else a.durs.add(dur);
            a.total += dur;
            final long own = Math.max(0, dur - childSum[i]);
            a.excl += own;
            if (labels.category(i) == Labels.HARD) hardNs[c] += own;
            else softNs[c] += own;
            if (k == Intervals.SOFTIRQ && iv.parent(i) < 0 && (fl & Intervals.START_UNKNOWN) == 0) {
                final int tid = iv.tid(i);
                final long st = iv.start(i);
                if (tid != lastTid) {
                    lastKs = ksoft.computeIfAbsent(tid, t -> tl.comm(t, st).startsWith("ksoftirqd/"));
                    lastTid = tid;
                }
                final boolean ks = lastKs;
                if (ks && iv.id(i) >= 0 && iv.id(i) < 10) raiseAcc(c, iv.id(i)).ksoftirqd++;
            }
        }
    }

    private Acc acc(final int c, final int k, final int nm, final int id, final int names) {
        Acc[] row = acc[c][k];
        if (row == null) row = acc[c][k] = new Acc[names + 1];
        final int slot = nm + 1;
        Acc a = row[slot];
        if (a == null) return row[slot] = new Acc(k, nm, id);
        // the same name with another IRQ number (hardirq) or vec: keep them apart
        while (a.id != id) {
            if (a.next == null) return a.next = new Acc(k, nm, id);
            a = a.next;
        }
        return a;
    }

    RaiseAcc raiseAcc(final int c, final int vec) {
        RaiseAcc r = raise[c][vec];
        if (r == null) r = raise[c][vec] = new RaiseAcc();
        return r;
    }

    private void raises() {
        final Raises rs = tl.raises();
        if (rs.size() == 0) return;
        final long[] first = new long[iv.size()];
        long lastKey = Long.MIN_VALUE;
        long[] lastEntry = null;
        RaiseAcc lastAcc = null;
        java.util.Arrays.fill(first, Long.MIN_VALUE);
        for (int r = 0; r < rs.size(); r++) {
            final int vec = rs.vec(r);
            final int c = rs.cpu(r);
            if (vec < 0 || vec >= 10 || c < 0 || c >= cpus) continue;
            final RaiseAcc a = raiseAcc(c, vec);
            a.raises++;
            final int s = rs.served(r);
            if (s < 0) a.unserved++;
            else if (first[s] == Long.MIN_VALUE) first[s] = rs.ts(r);
            final int ctx = rs.ctx(r);
            final long key = ctx >= 0 ? ((long) (iv.kind(ctx) + 1) << 56) | ((long) (iv.id(ctx) & 0xFFFFFF) << 32) | (iv.name(ctx) & 0xFFFFFFFFL)
                : rs.tid(r) & 0xFFFFFFFFL;
            long[] e = a == lastAcc && key == lastKey ? lastEntry : a.by.get(key);
            if (e == null) a.by.put(key, e = new long[] {0, ctx, rs.tid(r), rs.ts(r)});
            e[0]++;
            lastAcc = a;
            lastKey = key;
            lastEntry = e;
        }
        for (int s = 0; s < first.length; s++) {
            if (first[s] == Long.MIN_VALUE) continue;
            final int vec = iv.id(s);
            if (vec >= 0 && vec < 10) raiseAcc(iv.cpu(s), vec).latency.add(iv.start(s) - first[s]);
        }
    }

    private void idle() {
        if (!tl.hasSwitches()) return;
        final Slices sl = tl.slices();
        for (int c = 0; c < cpus; c++) {
            for (final int s : sl.ofCpu(c)) if (sl.tid(s) == 0) idleNs[c] += sl.end(s) - sl.start(s);
        }
    }

    long span(final int c) {
        final long f = tl.cpuFirst(c);
        final long l = tl.cpuLast(c);
        return f == Long.MIN_VALUE || l == Long.MIN_VALUE ? 0 : Math.max(0, l - f);
    }

    /** Every accumulator of one CPU and kind. */
    List<Acc> all(final int c, final int k) {
        final List<Acc> out = new ArrayList<>();
        final Acc[] row = acc[c][k];
        if (row == null) return out;
        for (Acc a : row) {
            while (a != null) {
                out.add(a);
                a = a.next;
            }
        }
        return out;
    }

    /** Every accumulator of one CPU, all kinds. */
    List<Acc> all(final int c) {
        final List<Acc> out = new ArrayList<>();
        for (int k = 0; k < KINDS; k++) out.addAll(all(c, k));
        return out;
    }

    String label(final Acc a) {
        final String nm = tl.name(a.name);
        return a.kind == Intervals.HARDIRQ ? "hardirq " + a.id + " " + nm : Intervals.KIND_NAMES[a.kind] + " " + nm;
    }

    /** The raising contexts of a softirq vector, most first, at most {@code top}. */
    List<Source> raisedBy(final RaiseAcc a, final int top) {
        final List<long[]> l = new ArrayList<>(a.by.values());
        l.sort((x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(x[3], y[3]));
        final List<Source> out = new ArrayList<>();
        long rest = 0;
        for (int k = 0; k < l.size(); k++) {
            final long[] e = l.get(k);
            if (k < top) out.add(new Source(labels.context((int) e[1], (int) e[2], e[3]), e[0]));
            else rest += e[0];
        }
        if (rest > 0) out.add(new Source("other", rest));
        return out;
    }

    /** Builds the per-CPU record. */
    CpuIrq cpu(final int c, final IpiCpu ipi, final TlbCpu tlb, final int top) {
        final long span = span(c);
        final Map<String, Hardirq> hard = new LinkedHashMap<>();
        final List<Acc> hs = all(c, Intervals.HARDIRQ);
        hs.sort((x, y) -> Integer.compare(x.id, y.id));
        final Map<String, Integer> nameCount = new HashMap<>();
        for (final Acc a : hs) nameCount.merge(tl.name(a.name), 1, Integer::sum);
        for (final Acc a : hs) {
            final String nm = tl.name(a.name);
            hard.put(nameCount.get(nm) > 1 ? nm + "/" + a.id : nm, new Hardirq(a.id, a.count, a.partial, a.total, a.durs.dist()));
        }
        final Map<String, Vector> vec = new LinkedHashMap<>();
        final List<Acc> vs = all(c, Intervals.VECTOR);
        vs.sort((x, y) -> tl.name(x.name).compareTo(tl.name(y.name)));
        for (final Acc a : vs) {
            final String nm = tl.name(a.name);
            final String key = vec.containsKey(nm) ? nm + "/" + a.id : nm;
            vec.put(key, new Vector(a.id, a.id < 0 ? null : Rows.of(nm), a.count, a.partial, a.total, a.durs.dist()));
        }
        final Map<String, Softirq> soft = new LinkedHashMap<>();
        final Map<Integer, Acc> byVec = new HashMap<>();
        for (final Acc a : all(c, Intervals.SOFTIRQ)) byVec.put(a.id, a);
        for (int v = 0; v < 10; v++) {
            final Acc a = byVec.remove(v);
            final RaiseAcc r = raise[c][v];
            if (a == null && r == null) continue;
            soft.put(Timeline.SOFTIRQ_NAMES[v], new Softirq(v, a == null ? 0 : a.count, a == null ? 0 : a.partial, a == null ? 0 : a.total,
                a == null ? Dist.EMPTY : a.durs.dist(), r == null ? 0 : r.raises, r == null ? Dist.EMPTY : r.latency.dist(),
                r == null ? 0 : r.unserved, r == null ? 0 : r.ksoftirqd, r == null ? List.of() : raisedBy(r, top)));
        }
        for (final Acc a : byVec.values()) {
            soft.put(tl.name(a.name), new Softirq(a.id, a.count, a.partial, a.total, a.durs.dist(), 0, Dist.EMPTY, 0, 0, List.of()));
        }
        final Map<String, Handler> tasklets = handlers(c, Intervals.TASKLET);
        final Map<String, Handler> nmi = handlers(c, Intervals.NMI);
        final double idle = tl.hasSwitches() && span > 0 ? idleNs[c] / (double) span : -1;
        return new CpuIrq(c, span, hardNs[c], softNs[c], share(hardNs[c], span), share(softNs[c], span), idle, hard, vec, soft,
            tasklets, nmi, ipi, tlb);
    }

    private Map<String, Handler> handlers(final int c, final int kind) {
        final List<Acc> l = all(c, kind);
        l.sort((x, y) -> Long.compare(y.total, x.total));
        final Map<String, Handler> out = new LinkedHashMap<>();
        for (final Acc a : l) out.merge(tl.name(a.name), new Handler(a.count, a.partial, a.total, a.durs.dist()), (x, y) -> x);
        return out;
    }

    static double share(final long ns, final long span) {
        return span <= 0 ? 0 : ns / (double) span;
    }

    /** IPI vector entries on a CPU: {reschedule, callFunction, arm ipi_entry}. */
    long[] ipiEntries(final int c) {
        final long[] out = new long[3];
        for (final Acc a : all(c, Intervals.VECTOR)) {
            final String nm = tl.name(a.name);
            if (a.id < 0) out[2] += a.count;
            else if (nm.equals("reschedule")) out[0] += a.count;
            else if (nm.equals("call_function") || nm.equals("call_function_single")) out[1] += a.count;
        }
        return out;
    }

    /** Tasklet functions over all CPUs, most time first. */
    List<TaskletStat> tasklets() {
        final Map<Integer, long[]> tot = new HashMap<>();
        final Map<Integer, Values> durs = new HashMap<>();
        final Map<Integer, Map<Integer, Long>> by = new HashMap<>();
        for (int c = 0; c < cpus; c++) {
            for (final Acc a : all(c, Intervals.TASKLET)) {
                final long[] t = tot.computeIfAbsent(a.name, x -> new long[2]);
                t[0] += a.count;
                t[1] += a.total;
                by.computeIfAbsent(a.name, x -> new java.util.TreeMap<>()).merge(c, a.count, Long::sum);
                final Values v = durs.computeIfAbsent(a.name, x -> new Values());
                for (final long x : a.durs.values()) v.add(x);
            }
        }
        final List<TaskletStat> out = new ArrayList<>();
        for (final Map.Entry<Integer, long[]> e : tot.entrySet()) {
            out.add(new TaskletStat(tl.name(e.getKey()), e.getValue()[0], e.getValue()[1], durs.get(e.getKey()).dist(), by.get(e.getKey())));
        }
        out.sort((x, y) -> Long.compare(y.totalNs(), x.totalNs()));
        return out;
    }
}
