package dev.whylate.report.perfetto;

import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.model.TaskState;
import dev.whylate.model.Trace;
import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Slices;
import dev.whylate.timeline.Timeline;
import dev.whylate.timeline.Wakeups;
import dev.whylate.timeline.Works;
import dev.whylate.util.IntList;
import dev.whylate.util.LongList;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports a trace's timeline as Chrome trace-event JSON for ui.perfetto.dev.
 *
 * <ul>
 * <li>A pseudo-process {@code CPUs} ({@link #CPU_PID}) with one thread track per CPU ({@link #cpuTid}). On it:
 *     task slices ({@code ph:"X"}, cat {@code sched}, name = comm, args tid/prio/end_state; idle omitted), work
 *     items clipped to the kworker's slices (cat {@code workqueue}, nested in the kworker's slice), and
 *     hardirq/vector/softirq/tasklet/hrtimer intervals (cat {@code irq}, nested as they nested on the CPU).
 *     Per track, slices are sorted by (start, longer first, outer first) and any slice that would overlap its
 *     parent's end is clipped to it, so nesting is always proper.</li>
 * <li>Flow arrows ({@code ph:"s"} → {@code ph:"f"}, {@code bp:"e"}): cat {@code wakeup} from the waker's slice
 *     (task, or the interrupt it ran in) to the wakee's next switch-in; cat {@code workqueue} from the queueing
 *     context to the work item's start. Flow points sit 2 ns inside their slices (Perfetto truncates µs·1000
 *     to ns), flows whose slices are shorter than 4 ns, or whose waker is the idle task, are left out.</li>
 * <li>With cycles: async slices ({@code ph:"b"/"e"}, cat {@code whylate}) on the requester's process (the start event's thread), named
 *     {@code cycle}, {@code MISS cycle} or {@code LOST cycle}, args index/latency_ns/miss/lost/deadline_ns.</li>
 * <li>{@code process_name}/{@code thread_name} metadata for the CPU tracks and the consumers.</li>
 * </ul>
 *
 * <pre>{@code
 * try (OutputStream out = Files.newOutputStream(path)) {
 *     PerfettoExport.Stats s = PerfettoExport.write(trace, Timeline.of(trace), cyclesOrNull, "trace.txt", out);
 * }
 * }</pre>
 */
public final class PerfettoExport {
    /** pid of the pseudo-process holding the CPU tracks (above any real pid, below 2^31). */
    public static final int CPU_PID = 2_000_000_000;
    /** Flow points are placed this far inside their slices (ns). */
    static final long INSIDE = 2;
    private static final int TASK = 0;
    private static final int WORK = 1;
    private static final int CTX = 2;

    private PerfettoExport() {}

    /** The thread id of CPU {@code cpu}'s track. */
    public static int cpuTid(final int cpu) {
        return CPU_PID + 1 + cpu;
    }

    /**
     * What was written.
     *
     * @param events trace events in the file (all phases)
     * @param taskSlices task slices
     * @param contextSlices interrupt-context slices
     * @param workSlices work item pieces
     * @param clipped slices shortened to nest properly
     * @param wakeupFlows wakeup arrows
     * @param workFlows queue → start arrows
     * @param cycles cycles as async slices
     */
    public record Stats(long events, long taskSlices, long contextSlices, long workSlices, long clipped, long wakeupFlows, long workFlows,
                        long cycles) {}

    /** One CPU track's slices before sorting. */
    private static final class Track {
        final LongList start = new LongList();
        final LongList end = new LongList();
        final IntList kind = new IntList();
        final IntList ref = new IntList();
        final IntList level = new IntList();
        int[] order;
        /** Flow points on this track: time and (id &lt;&lt; 1 | 1 for an end). */
        final LongList flowTs = new LongList();
        final LongList flowCode = new LongList();

        int add(final int k, final int r, final long s, final long e, final int lv) {
            start.add(s);
            end.add(e);
            kind.add(k);
            ref.add(r);
            return level.add(lv);
        }
    }

    /** Writes the export of {@code trace} to {@code out} (closed when done). {@code cycles} may be null. */
    public static Stats write(final Trace trace, final Timeline tl, final CyclesResult cycles, final String source, final OutputStream out) {
        final Slices sl = tl.slices();
        final Intervals iv = tl.intervals();
        final Works wk = tl.works();
        int ncpu = sl.cpus();
        for (int i = 0; i < iv.size(); i++) ncpu = Math.max(ncpu, iv.cpu(i) + 1);
        final Track[] tracks = new Track[ncpu];
        for (int c = 0; c < ncpu; c++) tracks[c] = new Track();
        final int[] slicePos = new int[sl.size()];
        Arrays.fill(slicePos, -1);
        final int[] ctxPos = new int[iv.size()];
        Arrays.fill(ctxPos, -1);
        long nTask = 0;
        long nCtx = 0;
        long nWork = 0;
        for (int s = 0; s < sl.size(); s++) {
            if (sl.tid(s) == 0 || sl.end(s) == Long.MAX_VALUE || sl.end(s) < sl.start(s)) continue;
            slicePos[s] = tracks[sl.cpu(s)].add(TASK, s, sl.start(s), sl.end(s), 0);
            nTask++;
        }
        for (int i = 0; i < iv.size(); i++) {
            if (iv.end(i) == Long.MAX_VALUE || iv.end(i) < iv.start(i) || iv.cpu(i) < 0) continue;
            int depth = 0;
            for (int p = iv.parent(i); p >= 0 && depth < 64; p = iv.parent(p)) depth++;
            ctxPos[i] = tracks[iv.cpu(i)].add(CTX, i, iv.start(i), iv.end(i), 2 + depth);
            nCtx++;
        }
        for (int w = 0; w < wk.size(); w++) {
            if (wk.startTs(w) == Works.NONE || wk.execTid(w) <= 0) continue;
            final long ws = wk.startTs(w);
            final long we = wk.endTs(w) == Works.NONE ? Long.MAX_VALUE : wk.endTs(w);
            final int[] own = sl.ofTask(wk.execTid(w));
            int k = Math.max(0, sl.taskPosAtOrBefore(wk.execTid(w), ws));
            for (; k < own.length && sl.start(own[k]) < we; k++) {
                final int s = own[k];
                if (slicePos[s] < 0) continue;
                final long a = Math.max(ws, sl.start(s));
                final long b = Math.min(we, sl.end(s));
                if (b < a || b == a && sl.end(s) <= ws) continue;
                tracks[sl.cpu(s)].add(WORK, w, a, b, 1);
                nWork++;
            }
        }
        long clipped = 0;
        final int[][] posToOrder = new int[ncpu][];
        for (int c = 0; c < ncpu; c++) {
            clipped += sortAndNest(tracks[c]);
            final int[] inv = new int[tracks[c].order.length];
            for (int k = 0; k < inv.length; k++) inv[tracks[c].order[k]] = k;
            posToOrder[c] = inv;
        }
        // wakeup flows
        long flowId = 0;
        long nWake = 0;
        final Wakeups wu = tl.wakeups();
        for (int w = 0; w < wu.size(); w++) {
            if (!wu.primary(w)) continue;
            final int cpu = wu.cpu(w);
            if (cpu < 0 || cpu >= ncpu) continue;
            final long ts = wu.ts(w);
            final int src = wu.ctx(w) >= 0 ? ctxPos[wu.ctx(w)] : pos(slicePos, sl.atCpu(cpu, ts));
            final long sts = inside(tracks[cpu], src, ts);
            if (sts == Long.MIN_VALUE) continue;
            final int[] own = sl.ofTask(wu.wakee(w));
            int k = sl.taskPosAtOrBefore(wu.wakee(w), ts);
            k = k < 0 ? 0 : sl.start(own[k]) >= ts ? k : k + 1;
            if (k >= own.length) continue;
            final int dst = own[k];
            if (slicePos[dst] < 0) continue;
            final long dts = inside(tracks[sl.cpu(dst)], slicePos[dst], sl.start(dst));
            if (dts == Long.MIN_VALUE) continue;
            flowId++;
            tracks[cpu].flowTs.add(sts);
            tracks[cpu].flowCode.add(flowId << 1);
            tracks[sl.cpu(dst)].flowTs.add(dts);
            tracks[sl.cpu(dst)].flowCode.add(flowId << 1 | 1);
            nWake++;
        }
        final long firstWorkFlow = flowId;
        long nWorkFlows = 0;
        for (int w = 0; w < wk.size(); w++) {
            if (wk.queueTs(w) == Works.NONE || wk.startTs(w) == Works.NONE || wk.queueCpu(w) < 0 || wk.queueCpu(w) >= ncpu) continue;
            final int qc = wk.queueCpu(w);
            final int src = wk.queueCtx(w) >= 0 ? ctxPos[wk.queueCtx(w)] : pos(slicePos, sl.atCpu(qc, wk.queueTs(w)));
            final long sts = inside(tracks[qc], src, wk.queueTs(w));
            if (sts == Long.MIN_VALUE) continue;
            final int ec = wk.execCpu(w);
            if (ec < 0 || ec >= ncpu) continue;
            final int ks = sl.atCpu(ec, wk.startTs(w));
            final long dts = inside(tracks[ec], pos(slicePos, ks), wk.startTs(w));
            if (dts == Long.MIN_VALUE) continue;
            flowId++;
            tracks[qc].flowTs.add(sts);
            tracks[qc].flowCode.add(flowId << 1);
            tracks[ec].flowTs.add(dts);
            tracks[ec].flowCode.add(flowId << 1 | 1);
            nWorkFlows++;
        }
        final Map<String, String> other = new LinkedHashMap<>();
        other.put("generator", "whylate");
        other.put("source", source);
        other.put("format", trace.format());
        final ChromeTraceWriter w = new ChromeTraceWriter(out, JsonMapper.builder().build(), other);
        long nCycles = 0;
        try (w) {
            w.processName(CPU_PID, "CPUs");
            w.processSortIndex(CPU_PID, -1);
            for (int c = 0; c < ncpu; c++) {
                w.threadName(CPU_PID, cpuTid(c), "CPU " + c);
                w.threadSortIndex(CPU_PID, cpuTid(c), c);
            }
            for (int c = 0; c < ncpu; c++) emitTrack(w, tl, trace, tracks[c], c, firstWorkFlow);
            if (cycles != null) nCycles = emitCycles(w, trace, cycles);
        }
        return new Stats(w.events(), nTask, nCtx, nWork, clipped, nWake, nWorkFlows, nCycles);
    }

    private static int pos(final int[] slicePos, final int s) {
        return s < 0 ? -1 : slicePos[s];
    }

    /** A time inside slice {@code p} of {@code t} at or after {@code ts}, at least {@link #INSIDE} from both ends; MIN_VALUE when none. */
    private static long inside(final Track t, final int p, final long ts) {
        if (p < 0) return Long.MIN_VALUE;
        final long s = t.start.get(p);
        final long e = t.end.get(p);
        final long x = Math.max(ts, s + INSIDE);
        return x + INSIDE <= e ? x : Long.MIN_VALUE;
    }

    /** Sorts the track by (start, end desc, level) and clips ends so every slice nests in its parent; returns clipped count. */
    private static int sortAndNest(final Track t) {
        final int n = t.start.size();
        final Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> {
            final int c = Long.compare(t.start.get(a), t.start.get(b));
            if (c != 0) return c;
            final int d = Long.compare(t.end.get(b), t.end.get(a));
            return d != 0 ? d : Integer.compare(t.level.get(a), t.level.get(b));
        });
        final int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = idx[i];
        t.order = order;
        final int[] stack = new int[Math.max(1, n)];
        int sp = 0;
        int clipped = 0;
        for (final int e : order) {
            final long s = t.start.get(e);
            while (sp > 0 && t.end.get(stack[sp - 1]) <= s) sp--;
            if (sp > 0 && t.end.get(e) > t.end.get(stack[sp - 1])) {
                t.end.set(e, t.end.get(stack[sp - 1]));
                clipped++;
            }
            stack[sp++] = e;
        }
        return clipped;
    }

    private static void emitTrack(final ChromeTraceWriter w, final Timeline tl, final Trace trace, final Track t, final int cpu,
                                  final long firstWorkFlow) {
        final int tid = cpuTid(cpu);
        final int nf = t.flowTs.size();
        final Integer[] fo = new Integer[nf];
        for (int i = 0; i < nf; i++) fo[i] = i;
        Arrays.sort(fo, (a, b) -> Long.compare(t.flowTs.get(a), t.flowTs.get(b)));
        int f = 0;
        final Slices sl = tl.slices();
        final Intervals iv = tl.intervals();
        final Works wk = tl.works();
        for (final int e : t.order) {
            final long s = t.start.get(e);
            // flow points strictly before this slice's start
            for (; f < nf && t.flowTs.get(fo[f]) < s; f++) flow(w, tid, t, fo[f], firstWorkFlow);
            final long d = t.end.get(e) - s;
            final int r = t.ref.get(e);
            switch (t.kind.get(e)) {
                case TASK:
                    // an empty run (a switch the kernel did not trace, placed at the next one) would show as a child
                    // of the task slice that starts at the same instant
                    if (d <= 0) break;
                    w.complete(CPU_PID, tid, s, d, trace.tasks().commAt(sl.tid(r), s), "sched", "tid", sl.tid(r), "prio", sl.prio(r),
                        "end_state", TaskState.render(sl.endState(r)), "start_unknown", (sl.flags(r) & (Slices.START_UNKNOWN | Slices.START_INFERRED)) == Slices.START_UNKNOWN ? Boolean.TRUE : null,
                        "start_inferred", (sl.flags(r) & Slices.START_INFERRED) != 0 ? Boolean.TRUE : null);
                    break;
                case WORK:
                    w.complete(CPU_PID, tid, s, d, "work " + tl.name(wk.function(r)), "workqueue", "function", tl.name(wk.function(r)),
                        "workqueue", wk.workqueue(r) >= 0 ? tl.name(wk.workqueue(r)) : null, "kworker", wk.execTid(r),
                        "queued_ns_before", wk.queueTs(r) == Works.NONE ? null : wk.startTs(r) - wk.queueTs(r));
                    break;
                default:
                    w.complete(CPU_PID, tid, s, d, tl.label(r), "irq", "kind", Intervals.KIND_NAMES[iv.kind(r)], "id", iv.id(r),
                        "interrupted_tid", iv.tid(r));
            }
        }
        for (; f < nf; f++) flow(w, tid, t, fo[f], firstWorkFlow);
    }

    private static void flow(final ChromeTraceWriter w, final int tid, final Track t, final int k, final long firstWorkFlow) {
        final long code = t.flowCode.get(k);
        final long id = code >>> 1;
        final boolean work = id > firstWorkFlow;
        final String name = work ? "queue_work" : "wakeup";
        final String cat = work ? "workqueue" : "wakeup";
        if ((code & 1) == 0) w.flowStart(CPU_PID, tid, t.flowTs.get(k), id, name, cat);
        else w.flowEnd(CPU_PID, tid, t.flowTs.get(k), id, name, cat);
    }

    private static long emitCycles(final ChromeTraceWriter w, final Trace trace, final CyclesResult r) {
        final Map<Integer, int[]> procs = new HashMap<>();
        final Map<Integer, List<long[]>> lanes = new HashMap<>();
        for (final Cycle c : r.items()) {
            final int tgid = trace.tasks().tgid(c.tid());
            procs.putIfAbsent(c.tid(), new int[] {tgid > 0 ? tgid : c.tid()});
        }
        for (final Map.Entry<Integer, int[]> e : procs.entrySet()) {
            final int pid = e.getValue()[0];
            w.processName(pid, trace.tasks().comm(pid));
            w.threadName(pid, e.getKey(), trace.tasks().comm(e.getKey()));
        }
        long n = 0;
        // per consumer, lanes of non-overlapping cycles (several only with --any-thread); events in time order per lane
        final List<long[]> ends = new ArrayList<>();
        for (final Cycle c : r.items()) {
            final List<long[]> l = lanes.computeIfAbsent(c.tid(), k -> new ArrayList<>());
            int lane = -1;
            for (int k = 0; k < l.size(); k++) {
                if (l.get(k)[0] <= c.startNs()) {
                    lane = k;
                    break;
                }
            }
            if (lane < 0) {
                lane = l.size();
                l.add(new long[] {0});
            }
            l.get(lane)[0] = c.endNs();
            ends.add(new long[] {c.index(), lane});
        }
        // events sorted by time so each (pid, tid) stream stays monotonic
        final List<long[]> evs = new ArrayList<>();
        for (int k = 0; k < r.items().size(); k++) {
            final Cycle c = r.items().get(k);
            evs.add(new long[] {c.startNs(), 1, k});
            evs.add(new long[] {c.endNs(), 0, k});
        }
        // at equal times: a cycle's own begin before its end, otherwise ends before begins (back-to-back cycles)
        evs.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : a[2] == b[2] ? Long.compare(b[1], a[1]) : Long.compare(a[1], b[1]));
        for (final long[] ev : evs) {
            final Cycle c = r.items().get((int) ev[2]);
            final int pid = procs.get(c.tid())[0];
            final String id = c.tid() + ":" + ends.get((int) ev[2])[1];
            final String name = c.lost() ? "LOST cycle" : c.miss() ? "MISS cycle" : "cycle";
            if (ev[1] == 1) {
                w.asyncBegin(pid, c.tid(), c.startNs(), id, name, "whylate", "index", c.index(), "latency_ns", c.latencyNs(), "miss", c.miss(),
                    "lost", c.lost(), "deadline_ns", r.deadlineNs());
                n++;
            } else {
                w.asyncEnd(pid, c.tid(), c.endNs(), id, name, "whylate");
            }
        }
        return n;
    }
}
