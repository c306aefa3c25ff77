package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/**
 * hrtimer expiries: the {@link Intervals#HRTIMER} interval {@code interval} ran timer {@code hrtimer}
 * (address) whose callback is the interval's name; {@code now} is the hrtimer clock at expiry processing and
 * {@code expires} the soft expiry time armed by the last {@code hrtimer_start} of that timer in the trace
 * ({@link Works#NONE} when it was armed before the trace). Both are in the hrtimer's own clock, so
 * {@code now - expires} is the timer's lateness independently of the trace clock. {@code hardExpires} is the
 * hard expiry of that arming: a timer may fire anywhere from its soft expiry up to it, by design (timer slack,
 * 50 µs for normal tasks by default, none for real-time ones). {@code armedAt} / {@code armedBy} are the trace
 * time and task of that {@code hrtimer_start} (the task that went to sleep on it, for a nanosleep).
 */
public final class Timers {
    final int[] interval;
    final long[] hrtimer;
    final long[] now;
    final long[] expires;
    final long[] hardExpires;
    final long[] armedAt;
    final int[] armedBy;

    Timers(final Builder b) {
        interval = b.interval.takeArray();
        hrtimer = b.hrtimer.takeArray();
        now = b.now.takeArray();
        expires = b.expires.takeArray();
        hardExpires = b.hardExpires.takeArray();
        armedAt = b.armedAt.takeArray();
        armedBy = b.armedBy.takeArray();
    }

    /** Trace time of the hrtimer_start that armed this expiry, ns ({@link Works#NONE} when armed before the trace). */
    public long armedAt(final int k) {
        return armedAt[k];
    }

    /** The task that armed it (the event's current task), or -1 when unknown. */
    public int armedBy(final int k) {
        return armedBy[k];
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

    /** Armed hard expiry ({@link Works#NONE} when unknown). */
    public long hardExpires(final int k) {
        return hardExpires[k];
    }

    /**
     * The part of {@link #lateness} inside the timer's slack window, {@code min(now, hardExpires) - expires}: the
     * kernel may fire it anywhere there by design. 0 when the hard expiry is unknown or equals the soft one.
     */
    public long slack(final int k) {
        if (now[k] == Works.NONE || expires[k] == Works.NONE || hardExpires[k] == Works.NONE || hardExpires[k] <= expires[k]) return 0;
        return Math.max(0, Math.min(now[k], hardExpires[k]) - expires[k]);
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
        final LongList hardExpires = new LongList();
        final LongList armedAt = new LongList();
        final IntList armedBy = new IntList();

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            interval.reserve(n);
            hrtimer.reserve(n);
            now.reserve(n);
            expires.reserve(n);
            hardExpires.reserve(n);
            armedAt.reserve(n);
            armedBy.reserve(n);
        }

        int add(final int iv, final long addr, final long n, final long exp, final long hard, final long at, final int by) {
            interval.add(iv);
            hrtimer.add(addr);
            now.add(n);
            hardExpires.add(hard);
            armedAt.add(at);
            armedBy.add(by);
            return expires.add(exp);
        }
    }
}
