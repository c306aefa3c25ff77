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
 * (lost at the new start's time). With a key ({@link #event(long, int, Object, Object)}) the same holds per key
 * value instead of per thread. A cycle with no end within the give-up time is lost at start + give-up, decided
 * when time reaches that point ({@link #advance}, or any later event). Latency = end − start; a miss is latency
 * &gt; deadline, or a lost cycle. Completed and lost cycles go to the {@link Sink} as they are decided, so in
 * completion order, not start order.
 *
 * <p>Memory is bounded by the open cycles: one small object per open cycle; closed ones are dropped.
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

    /** An open cycle. */
    private static final class Open {
        final long start;
        final int tid;
        final Object key;
        boolean done;

        Open(final long start, final int tid, final Object key) {
            this.start = start;
            this.tid = tid;
            this.key = key;
        }
    }

    private final long deadlineNs;
    private final long giveUpNs;
    private final boolean anyThread;
    private final Sink sink;
    /** Open cycle per thread (an Integer tid) or per key value. */
    private final Map<Object, Open> open = new HashMap<>();
    private final ArrayDeque<Open> fifo = new ArrayDeque<>();
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
     * Events must come in time order. Cycles pair by thread.
     */
    public void event(final long ts, final int tid, final boolean end, final boolean start) {
        final Integer k = tid;
        event(ts, tid, end ? k : null, start ? k : null);
    }

    /**
     * One event paired by key ({@code whylate cycles --key}): {@code endKey} is its value of the key's end field when
     * it matched the end filter, else null; {@code startKey} likewise for the start. An end closes the open cycle of
     * its key; a start opens one for its key (a key that starts again while open loses that cycle). Keys compare with
     * {@link Object#equals} (a Long 5 and a String "5" differ). With {@code anyThread} the keys only say whether the
     * event matched. Events must come in time order.
     */
    public void event(final long ts, final int tid, final Object endKey, final Object startKey) {
        if (finished) throw new IllegalStateException("finished");
        advance(ts);
        if (endKey != null) {
            Open c;
            if (anyThread) {
                c = fifo.pollFirst();
                while (c != null && c.done) c = fifo.pollFirst();
                if (c != null) open.remove(c.key, c);
            } else {
                c = open.remove(endKey);
            }
            if (c != null) {
                c.done = true;
                final long lat = ts - c.start;
                sink.cycle(c.start, ts, c.tid, deadlineNs >= 0 && lat > deadlineNs, false);
            }
        }
        if (startKey != null) {
            final Object k = anyThread ? (Object) tid : startKey;
            if (!anyThread) {
                final Open prev = open.remove(k);
                if (prev != null) lose(prev, ts);
            }
            final Open c = new Open(ts, tid, k);
            open.put(k, c);
            if (anyThread || giveUpNs >= 0) fifo.addLast(c);
        }
        trimHead();
    }

    /** Time has reached {@code ts} (an event of any kind was seen at it): cycles open since start + give-up &lt;= ts are lost. */
    public void advance(final long ts) {
        if (ts > now) now = ts;
        if (giveUpNs < 0) return;
        for (final Iterator<Open> it = fifo.iterator(); it.hasNext(); ) {
            final Open c = it.next();
            if (c.done) {
                it.remove();
                continue;
            }
            // an end at exactly start + give-up is still in time (as in whylate cycles)
            if (c.start + giveUpNs >= ts) break;
            it.remove();
            open.remove(c.key, c);
            lose(c, c.start + giveUpNs);
        }
    }

    /**
     * End of the stream at {@code lastTs} (the last event of any kind): cycles whose give-up time has passed are
     * lost, the others counted as unfinished.
     */
    public void finish(final long lastTs) {
        if (finished) return;
        advance(lastTs);
        final Iterable<Open> rest = anyThread || giveUpNs >= 0 ? fifo : open.values();
        for (final Open c : rest) {
            if (c.done) continue;
            c.done = true;
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
        for (final Open c : fifo) if (!c.done) n++;
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

    private void lose(final Open c, final long at) {
        if (c.done) return;
        c.done = true;
        sink.cycle(c.start, at, c.tid, true, true);
    }

    private void trimHead() {
        while (!fifo.isEmpty() && fifo.peekFirst().done) fifo.removeFirst();
    }
}
