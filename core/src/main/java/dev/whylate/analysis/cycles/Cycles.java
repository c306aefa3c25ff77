package dev.whylate.analysis.cycles;

import dev.whylate.analysis.advice.AdviceEngine;
import dev.whylate.analysis.explain.Explainer;
import dev.whylate.analysis.explain.Explanation;
import dev.whylate.model.EventStore;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.Fields;
import dev.whylate.model.Trace;
import dev.whylate.timeline.Timeline;
import dev.whylate.util.IntList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Finds request/response cycles and explains the late ones.
 *
 * <p>Matching, in event order: an event that matches the end filter closes the open cycle of its thread
 * (with {@code anyThread}: the oldest open cycle); then, if it matches the start filter, it opens a new cycle
 * on its thread — a thread that starts again while its previous cycle is open loses that one (counted lost:
 * the requester gave up). With a {@link CycleKey} the same holds per key value instead of per thread. A cycle open longer than the give-up time is lost. Latency = end − start; a miss is
 * latency &gt; deadline, or a lost cycle. A lost cycle is explained over [start, give-up time] (or until its thread
 * started again): where the response was when the requester gave up ({@link Explainer#explainLost}).
 *
 * <pre>{@code
 * CyclesResult r = Cycles.run(trace, timeline, new CycleOptions(start, end, 3_500_000, -1, false,
 *     CycleOptions.Explain.MISSES, 0));
 * }</pre>
 */
public final class Cycles {
    private Cycles() {}

    /** Runs the analysis. {@code tl} may be null when no explanation is asked for. */
    public static CyclesResult run(final Trace trace, final Timeline tl, final CycleOptions o) {
        return run(trace, o, () -> tl);
    }

    /**
     * As {@link #run(Trace, Timeline, CycleOptions)}, with the timeline asked for only after the cycles are matched
     * (so that it can be built meanwhile on another thread); the supplier may return null when no explanation is
     * asked for.
     */
    public static CyclesResult run(final Trace trace, final CycleOptions o, final java.util.function.Supplier<Timeline> timeline) {
        final List<Cycle> cycles = new ArrayList<>();
        final long[] unfinished = new long[1];
        match(trace, o, cycles, unfinished);
        final Timeline tl = timeline.get();
        long misses = 0;
        long lost = 0;
        final Histogram h = new Histogram(3);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (final Cycle c : cycles) {
            if (c.miss()) misses++;
            if (c.lost()) {
                lost++;
                continue;
            }
            h.recordValue(Math.max(0, c.latencyNs()));
            min = Math.min(min, c.latencyNs());
            max = Math.max(max, c.latencyNs());
        }
        final Latency lat = Latency.of(h, min == Long.MAX_VALUE ? 0 : min, max == Long.MIN_VALUE ? 0 : max);
        String carrier = null;
        List<dev.whylate.analysis.advice.Advice> advice = List.of();
        List<dev.whylate.analysis.advice.WhatIf> whatIf = List.of();
        if (o.explain() != CycleOptions.Explain.NONE && tl != null && !cycles.isEmpty()) {
            final Carriers carriers = new Carriers(tl);
            carrier = carriers.choose(cycles);
            final boolean[] want = chooseExplained(cycles, o);
            // every miss is explained for advice and what-if, even when fewer are shown
            final IntList todo = new IntList();
            for (int k = 0; k < cycles.size(); k++) {
                final Cycle c = cycles.get(k);
                if (want[k] || c.miss()) todo.add(k);
            }
            final int[] consumers = consumers(trace, cycles, todo, o.key());
            final Explanation[] done = explainAll(tl, cycles, todo, carriers, consumers, contexts(trace, cycles, todo, consumers));
            // the carrier is reported only when some consumer really polled (blocking consumers' chains follow
            // their own wakeups)
            boolean anyPolling = false;
            for (final Explanation e : done) anyPolling |= e != null && e.polling();
            if (!anyPolling) carrier = null;
            for (int j = 0; j < todo.size(); j++) cycles.set(todo.get(j), cycles.get(todo.get(j)).explained(done[j]));
            final AdviceEngine.Result ar = AdviceEngine.run(tl, cycles, o.deadlineNs());
            advice = ar.advice();
            whatIf = ar.whatIf();
            for (int k = 0; k < cycles.size(); k++) if (!want[k] && cycles.get(k).explanation() != null) cycles.set(k, cycles.get(k).explained(null));
        }
        return new CyclesResult(cycles.size(), misses, lost, unfinished[0], o.deadlineNs(), o.giveUpNs(), lat, cycles, carrier,
            advice, whatIf);
    }

    /**
     * Explains cycles {@code todo} (indices into {@code cycles}); the result is in the same order. Each explanation
     * depends only on the timeline and its cycle, so long lists are split between two threads, each with its own
     * {@link Explainer}.
     */
    /**
     * The consumer to explain per cycle of {@code todo}: the thread that emitted the end event (with --any-thread it
     * need not be the requester); with a key whose end field is a pid field ({@code next_pid}, {@code pid}: the name
     * ends in "pid"), the task it names (for {@code sched_waking} → {@code sched_switch} keyed by pid,next_pid the
     * woken task, not the one switched out); for a lost cycle (no end) the requester, or the task the start's pid
     * key field names.
     */
    private static int[] consumers(final Trace trace, final List<Cycle> cycles, final IntList todo, final CycleKey key) {
        final EventStore s = trace.events();
        final FieldCursor cur = s.cursor();
        final int[] out = new int[todo.size()];
        for (int j = 0; j < todo.size(); j++) {
            final Cycle c = cycles.get(todo.get(j));
            out[j] = c.endEvent() >= 0 ? s.tid(c.endEvent()) : c.tid();
            if (key == null) continue;
            // a lost cycle has no end event: the start's pid field names the same task
            final int ev = c.endEvent() >= 0 ? c.endEvent() : c.startEvent();
            final String field = c.endEvent() >= 0 ? key.endField() : key.startField();
            if (ev >= 0 && field.toLowerCase(java.util.Locale.ROOT).endsWith("pid")
                && CycleKey.value(s, ev, cur.load(ev), field) instanceof Long v && v > 0 && v <= Integer.MAX_VALUE) {
                out[j] = (int) (long) v;
            }
        }
        return out;
    }

    /**
     * Per cycle of {@code todo}: the CPU whose interrupt context ended it, or -1. An end event in hardirq or softirq
     * context (by its flags), or emitted by the idle task (inputs without flags: perf script), is explained
     * through that context — a block request's completion interrupt, a packet's NET_RX — not through the task it
     * happened to interrupt.
     */
    private static int[] contexts(final Trace trace, final List<Cycle> cycles, final IntList todo, final int[] consumers) {
        final EventStore s = trace.events();
        final int[] out = new int[todo.size()];
        for (int j = 0; j < todo.size(); j++) {
            final int ev = cycles.get(todo.get(j)).endEvent();
            out[j] = -1;
            if (ev < 0) continue;
            final int ctx = s.ctx(ev);
            final boolean inIrq = (ctx & dev.whylate.model.Ctx.KNOWN) != 0
                && (ctx & (dev.whylate.model.Ctx.HARDIRQ | dev.whylate.model.Ctx.SOFTIRQ | dev.whylate.model.Ctx.NMI)) != 0;
            if (inIrq || consumers[j] == 0) out[j] = s.cpu(ev);
        }
        return out;
    }

    private static Explanation[] explainAll(final Timeline tl, final List<Cycle> cycles, final IntList todo, final Carriers carriers,
                                            final int[] consumers, final int[] contexts) {
        final Explanation[] out = new Explanation[todo.size()];
        final int threads = todo.size() >= 64 && Runtime.getRuntime().availableProcessors() > 1 ? 2 : 1;
        final java.util.function.IntConsumer part = t -> {
            final Explainer ex = new Explainer(tl);
            for (int j = t; j < todo.size(); j += threads) {
                final Cycle c = cycles.get(todo.get(j));
                final int consumer = consumers[j];
                if (contexts[j] >= 0) {
                    out[j] = ex.explainInContext(contexts[j], consumer, c.startNs(), c.endNs());
                    continue;
                }
                out[j] = c.lost() ? ex.explainLost(consumer, c.startNs(), c.endNs(), carriers.pendingAt(c.startNs(), c.endNs()))
                    : ex.explain(consumer, c.startNs(), c.endNs(), carriers.forCycle(c.startNs(), c.endNs()));
            }
        };
        if (threads == 1) {
            part.accept(0);
            return out;
        }
        final java.util.concurrent.CompletableFuture<Void> other = java.util.concurrent.CompletableFuture.runAsync(() -> part.accept(1),
            r -> {
                final Thread th = new Thread(r, "whylate-explain");
                th.setDaemon(true);
                th.start();
            });
        part.accept(0);
        try {
            other.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw e;
        }
        return out;
    }

    private static boolean[] chooseExplained(final List<Cycle> cycles, final CycleOptions o) {
        final boolean[] want = new boolean[cycles.size()];
        switch (o.explain()) {
            case ALL:
                java.util.Arrays.fill(want, true);
                break;
            case MISSES:
                for (int k = 0; k < want.length; k++) want[k] = cycles.get(k).miss();
                break;
            case TOP: {
                // the slowest: lost cycles first (they never completed; their latency is a lower bound), then the
                // completed ones by latency
                final List<Integer> idx = new ArrayList<>();
                for (int k = 0; k < want.length; k++) idx.add(k);
                idx.sort(Comparator.comparing((Integer k) -> !cycles.get(k).lost())
                    .thenComparing(Comparator.comparingLong((Integer k) -> cycles.get(k).latencyNs()).reversed()));
                for (int k = 0; k < Math.min(o.explainN(), idx.size()); k++) want[idx.get(k)] = true;
                break;
            }
            default:
                break;
        }
        return want;
    }

    private static void match(final Trace trace, final CycleOptions o, final List<Cycle> out, final long[] unfinished) {
        final EventStore s = trace.events();
        final FieldCursor cur = s.cursor();
        final int st = o.start().type();
        final int et = o.end().type();
        // open cycle per thread (a Integer tid) or per key value (Long or String)
        final Map<Object, Integer> open = new HashMap<>();
        final CycleKey key = o.key();
        final ArrayDeque<Integer> fifo = new ArrayDeque<>();
        final long dl = o.deadlineNs();
        final long gu = o.giveUpNs();
        final List<long[]> started = new ArrayList<>();
        final int n = s.size();
        for (int i = 0; i < n; i++) {
            final int t = s.type(i);
            if (t != st && t != et) continue;
            final long ts = s.ts(i);
            final int tid = s.tid(i);
            if (gu >= 0) expire(started, open, fifo, ts, gu, out, dl);
            Fields f = null;
            if (t == et) {
                f = cur.load(i);
                if (o.end().matches(s, i, f, trace.tasks())) {
                    final Object k = key == null ? (Object) tid : keyOf(s, i, f, key.endField());
                    Integer c = o.anyThread() ? fifo.pollFirst() : k == null ? null : open.remove(k);
                    while (c != null && o.anyThread() && started.get(c)[3] != 0) c = fifo.pollFirst();
                    if (c != null) {
                        if (o.anyThread()) open.values().remove(c);
                        final long[] sc = started.get(c);
                        sc[3] = 1;
                        final long lat = ts - sc[0];
                        out.add(new Cycle(c, sc[0], ts, lat, (int) sc[1], dl >= 0 && lat > dl, false, (int) sc[2], i, null, false));
                    }
                }
            }
            if (t == st) {
                if (f == null) f = cur.load(i);
                if (o.start().matches(s, i, f, trace.tasks())) {
                    final Object k = key == null ? (Object) tid : keyOf(s, i, f, key.startField());
                    if (k != null) {
                        if (!o.anyThread()) {
                            final Integer prev = open.remove(k);
                            if (prev != null) loseCycle(started, prev, ts, out, true);
                        }
                        final int c = started.size();
                        started.add(new long[] {ts, tid, i, 0});
                        open.put(k, c);
                        fifo.addLast(c);
                    }
                }
            }
        }
        final long last = n == 0 ? 0 : s.ts(n - 1);
        // every cycle still open (with --any-thread a thread may have several)
        for (int c = 0; c < started.size(); c++) {
            final long[] sc = started.get(c);
            if (sc[3] != 0) continue;
            if (gu >= 0 && sc[0] + gu < last) loseCycle(started, c, sc[0] + gu, out, false);
            else unfinished[0]++;
        }
        out.sort(Comparator.comparingLong(Cycle::startNs));
        // renumber in start order
        for (int k = 0; k < out.size(); k++) {
            final Cycle c = out.get(k);
            out.set(k, new Cycle(k, c.startNs(), c.endNs(), c.latencyNs(), c.tid(), c.miss(), c.lost(), c.startEvent(), c.endEvent(), null, c.restarted()));
        }
    }

    /** The key value of a matching event; an event without the key field is an error (the key names no field of it). */
    private static Object keyOf(final EventStore s, final int i, final Fields f, final String field) {
        final Object v = CycleKey.value(s, i, f, field);
        if (v == null) {
            throw new CycleKey.MissingField("key field '" + field + "' not found in " + s.types().name(s.type(i)) + " (fields: "
                + fieldNames(f) + ")");
        }
        return v;
    }

    private static String fieldNames(final Fields f) {
        final StringBuilder b = new StringBuilder();
        for (int k = 0; k < f.size(); k++) b.append(k == 0 ? "" : ", ").append(f.name(k));
        return b.append(b.length() == 0 ? "none" : "").append("; or tid, cpu").toString();
    }

    private static void expire(final List<long[]> started, final Map<Object, Integer> open, final ArrayDeque<Integer> fifo,
                               final long now, final long gu, final List<Cycle> out, final long dl) {
        for (final Iterator<Integer> it = fifo.iterator(); it.hasNext(); ) {
            final int c = it.next();
            final long[] sc = started.get(c);
            if (sc[3] != 0) {
                it.remove();
                continue;
            }
            // an end at exactly start + give-up is still in time (as a latency equal to the deadline is no miss)
            if (sc[0] + gu >= now) break;
            it.remove();
            open.values().remove(c);
            loseCycle(started, c, sc[0] + gu, out, false);
        }
    }

    private static void loseCycle(final List<long[]> started, final int c, final long at, final List<Cycle> out, final boolean restarted) {
        final long[] sc = started.get(c);
        if (sc[3] != 0) return;
        sc[3] = 1;
        out.add(new Cycle(c, sc[0], at, at - sc[0], (int) sc[1], true, true, (int) sc[2], -1, null, restarted));
    }
}
