package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/**
 * hrtimer expiries: the {@link Intervals#HRTIMER} interval {@code interval} ran timer {@code hrtimer}
 * (address) whose callback is the interval's name; {@code now} is the hrtimer clock at expiry processing and
 * {@code expires} the soft expiry time armed by the last {@code hrtimer_start} of that timer in the trace
 * ({@link Works#NONE} when it was armed before the trace). Both are in the hrtimer's own clock, so
 * {@code now - expires} is the timer's IRQ latency independently of the trace clock.
 */
public final class Timers {
    final int[] interval;
    final long[] hrtimer;
    final long[] now;
    final long[] expires;

    Timers(final Builder b) {
        interval = b.interval.takeArray();
        hrtimer = b.hrtimer.takeArray();
        now = b.now.takeArray();
        expires = b.expires.takeArray();
    }

    /** Number of expiries. */
    public int size() {
        return interval.length;
    }

    /** The HRTIMER interval. */
    public int interval(final int k) {
        return interval[k];
    }

    /** Timer address. */
    public long hrtimer(final int k) {
        return hrtimer[k];
    }

    /** hrtimer clock at expiry ({@link Works#NONE} when not traced). */
    public long now(final int k) {
        return now[k];
    }

    /** Armed soft expiry ({@link Works#NONE} when unknown). */
    public long expires(final int k) {
        return expires[k];
    }

    /** {@code now - expires}, or -1 when either is unknown. */
    public long lateness(final int k) {
        return now[k] == Works.NONE || expires[k] == Works.NONE ? -1 : now[k] - expires[k];
    }

    /** Collects expiries. */
    static final class Builder {
        final IntList interval = new IntList();
        final LongList hrtimer = new LongList();
        final LongList now = new LongList();
        final LongList expires = new LongList();

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            interval.reserve(n);
            hrtimer.reserve(n);
            now.reserve(n);
            expires.reserve(n);
        }

        int add(final int iv, final long addr, final long n, final long exp) {
            interval.add(iv);
            hrtimer.add(addr);
            now.add(n);
            return expires.add(exp);
        }
    }
}
