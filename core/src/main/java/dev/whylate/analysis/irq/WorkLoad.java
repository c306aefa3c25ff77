package dev.whylate.analysis.irq;

import dev.whylate.timeline.Timeline;
import dev.whylate.timeline.Works;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Workqueue statistics per (function, workqueue). */
final class WorkLoad {
    private static final class Acc {
        final int function;
        final int workqueue;
        long count;
        long queued;
        long notStarted;
        long requeued;
        long crossCpu;
        final Values latency = new Values();
        final Values duration = new Values();
        final Map<Long, long[]> workers = new LinkedHashMap<>();
        final Map<String, long[]> queuedBy = new LinkedHashMap<>();

        Acc(final int function, final int workqueue) {
            this.function = function;
            this.workqueue = workqueue;
        }
    }

    private WorkLoad() {}

    static List<WorkStat> of(final Timeline tl, final Labels labels, final int top) {
        final Works w = tl.works();
        // the workqueue of a function, from its queue events (items queued before the trace lack one)
        final Map<Integer, Integer> wqOf = new HashMap<>();
        for (int i = 0; i < w.size(); i++) {
            if (w.workqueue(i) < 0) continue;
            wqOf.merge(w.function(i), w.workqueue(i), (a, b) -> a.equals(b) ? a : -2);
        }
        final Map<Long, Acc> groups = new LinkedHashMap<>();
        for (int i = 0; i < w.size(); i++) {
            int wq = w.workqueue(i);
            if (wq < 0) {
                final Integer g = wqOf.get(w.function(i));
                wq = g == null || g < 0 ? -1 : g;
            }
            final int fn = w.function(i);
            final int wqf = wq;
            final Acc a = groups.computeIfAbsent(((long) fn << 32) | (wq & 0xFFFFFFFFL), k -> new Acc(fn, wqf));
            final long q = w.queueTs(i);
            final long s = w.startTs(i);
            final long e = w.endTs(i);
            if (q != Works.NONE) {
                a.queued++;
                final String by = labels.context(w.queueCtx(i), w.queueTid(i), q);
                a.queuedBy.computeIfAbsent(by, k -> new long[1])[0]++;
                if (s == Works.NONE && w.superseded(i)) a.requeued++;
                else if (s == Works.NONE) a.notStarted++;
            }
            if (s != Works.NONE) {
                a.count++;
                if (q != Works.NONE) a.latency.add(s - q);
                if (e != Works.NONE) a.duration.add(e - s);
                if (w.queueCpu(i) >= 0 && w.execCpu(i) >= 0 && w.queueCpu(i) != w.execCpu(i)) a.crossCpu++;
                final long key = ((long) w.execTid(i) << 32) | (w.execCpu(i) & 0xFFFFFFFFL);
                a.workers.computeIfAbsent(key, k -> new long[] {0, s})[0]++;
            }
        }
        final List<WorkStat> out = new ArrayList<>();
        for (final Acc a : groups.values()) {
            final List<Map.Entry<Long, long[]>> ws = new ArrayList<>(a.workers.entrySet());
            ws.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
            final List<Worker> workers = new ArrayList<>();
            for (int k = 0; k < ws.size() && k < top; k++) {
                final int tid = (int) (ws.get(k).getKey() >> 32);
                final int cpu = (int) (long) ws.get(k).getKey();
                workers.add(new Worker(labels.name(tid), tid, cpu, ws.get(k).getValue()[0]));
            }
            final List<Map.Entry<String, long[]>> qs = new ArrayList<>(a.queuedBy.entrySet());
            qs.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
            final List<Source> by = new ArrayList<>();
            long rest = 0;
            for (int k = 0; k < qs.size(); k++) {
                if (k < top) by.add(new Source(qs.get(k).getKey(), qs.get(k).getValue()[0]));
                else rest += qs.get(k).getValue()[0];
            }
            if (rest > 0) by.add(new Source("other", rest));
            out.add(new WorkStat(tl.name(a.function), a.workqueue < 0 ? null : tl.name(a.workqueue), a.count, a.queued, a.notStarted,
                a.requeued, a.latency.dist(), a.duration.dist(), a.crossCpu, workers, by));
        }
        out.sort((x, y) -> x.count() != y.count() ? Long.compare(y.count(), x.count()) : Long.compare(y.queued(), x.queued()));
        return out;
    }
}
