package dev.whylate.live;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Request/response cycles matched incrementally, with the rules of
 * {@link dev.whylate.analysis.cycles.Cycles}: events come in time order; an event matching the end filter closes
 * the open cycle of its thread (with {@code anyThread}: the oldest open cycle); then, if it matches the start
 * filter, it opens a new cycle on its thread — a thread that starts again while its cycle is open loses that one
 * (lost at the new start's time). A cycle with no end within the give-up time is lost at start + give-up, decided
 * when time reaches that point ({@link #advance}, or any later event). Latency = end − start; a miss is latency
 * &gt; deadline, or a lost cycle. Completed and lost cycles go to the {@link Sink} as they are decided, so in
 * completion order, not start order.
 *
 * <p>Memory is bounded by the open cycles: one small array per open cycle; closed ones are dropped.
 *
 * <pre>{@code
 * CycleTracker t = new CycleTracker(3_500_000, -1, false, (s, e, tid, miss, lost) -> ...);
 * t.event(ts, tid, matchesEnd, matchesStart);   // in time order
 * t.finish(lastTs);
 * }</pre>
 */
public final class CycleTracker {
    /** Receives decided cycles. */
    @FunctionalInterface
    public interface Sink {
        /**
         * One cycle.
         *
         * @param startNs time of the start event
         * @param endNs time of the end event, or when it was given up
         * @param tid thread of the start event
         * @param miss latency above the deadline, or lost
         * @param lost no end within the give-up time (or the thread started again first)
         */
        void cycle(long startNs, long endNs, int tid, boolean miss, boolean lost);
    }

    private static final int START = 0;
    private static final int TID = 1;
    private static final int DONE = 2;

    private final long deadlineNs;
    private final long giveUpNs;
    private final boolean anyThread;
    private final Sink sink;
    private final Map<Integer, long[]> open = new HashMap<>();
    private final ArrayDeque<long[]> fifo = new ArrayDeque<>();
    private long unfinished;
    private long now = Long.MIN_VALUE;
    private boolean finished;

    /**
     * @param deadlineNs a cycle longer than this is a miss; -1 for none
     * @param giveUpNs a cycle open this long is lost; -1 for never
     * @param anyThread an end on any thread closes the oldest open cycle
     * @param sink where decided cycles go
     */
    public CycleTracker(final long deadlineNs, final long giveUpNs, final boolean anyThread, final Sink sink) {
        this.deadlineNs = deadlineNs;
        this.giveUpNs = giveUpNs;
        this.anyThread = anyThread;
        this.sink = java.util.Objects.requireNonNull(sink, "sink");
    }

    /**
     * One event that matched the end filter, the start filter, or both, at time {@code ts} on thread {@code tid}.
     * Events must come in time order.
     */
    public void event(final long ts, final int tid, final boolean end, final boolean start) {
        if (finished) throw new IllegalStateException("finished");
        advance(ts);
        if (end) {
            long[] c;
            if (anyThread) {
                c = fifo.pollFirst();
                while (c != null && c[DONE] != 0) c = fifo.pollFirst();
                if (c != null) open.remove((int) c[TID], c);
            } else {
                c = open.remove(tid);
            }
            if (c != null) {
                c[DONE] = 1;
                final long lat = ts - c[START];
                sink.cycle(c[START], ts, (int) c[TID], deadlineNs >= 0 && lat > deadlineNs, false);
            }
        }
        if (start) {
            if (!anyThread) {
                final long[] prev = open.remove(tid);
                if (prev != null) lose(prev, ts);
            }
            final long[] c = {ts, tid, 0};
            open.put(tid, c);
            if (anyThread || giveUpNs >= 0) fifo.addLast(c);
        }
        trimHead();
    }

    /** Time has reached {@code ts} (an event of any kind was seen at it): cycles open since start + give-up &lt;= ts are lost. */
    public void advance(final long ts) {
        if (ts > now) now = ts;
        if (giveUpNs < 0) return;
        for (final Iterator<long[]> it = fifo.iterator(); it.hasNext(); ) {
            final long[] c = it.next();
            if (c[DONE] != 0) {
                it.remove();
                continue;
            }
            if (c[START] + giveUpNs > ts) break;
            it.remove();
            open.remove((int) c[TID], c);
            lose(c, c[START] + giveUpNs);
        }
    }

    /**
     * End of the stream at {@code lastTs} (the last event of any kind): cycles whose give-up time has passed are
     * lost, the others counted as unfinished.
     */
    public void finish(final long lastTs) {
        if (finished) return;
        advance(lastTs);
        final Iterable<long[]> rest = anyThread || giveUpNs >= 0 ? fifo : open.values();
        for (final long[] c : rest) {
            if (c[DONE] != 0) continue;
            c[DONE] = 1;
            unfinished++;
        }
        fifo.clear();
        open.clear();
        finished = true;
    }

    /** Cycles open right now. */
    public int openCycles() {
        if (!anyThread) return open.size();
        int n = 0;
        for (final long[] c : fifo) if (c[DONE] == 0) n++;
        return n;
    }

    /** Cycles still open at {@link #finish} before their give-up time. */
    public long unfinished() {
        return unfinished;
    }

    /** The latest time seen. */
    public long now() {
        return now;
    }

    private void lose(final long[] c, final long at) {
        if (c[DONE] != 0) return;
        c[DONE] = 1;
        sink.cycle(c[START], at, (int) c[TID], true, true);
    }

    private void trimHead() {
        while (!fifo.isEmpty() && fifo.peekFirst()[DONE] != 0) fifo.removeFirst();
    }
}
