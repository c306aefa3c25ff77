package dev.whylate.analysis.cycles;

import dev.whylate.filter.EventFilter;
import java.util.Objects;

/**
 * What a cycle is and what to do with it.
 *
 * @param start filter of the event that opens a cycle
 * @param end filter of the event that closes it
 * @param deadlineNs a cycle with latency above this is a miss; -1 for no deadline
 * @param giveUpNs a cycle with no end within this is lost; -1 for never (open cycles at the trace end are
 *     then "unfinished")
 * @param anyThread when true an end on any thread closes the oldest open cycle; otherwise only an end on
 *     the thread that started it
 * @param explain which cycles to explain: {@link Explain#MISSES}, {@link Explain#ALL}, {@link Explain#NONE},
 *     or the {@link Explain#TOP} N slowest
 * @param explainN N for {@link Explain#TOP}
 * @param key pairs starts and ends by a field value instead of by thread (e.g. a block request's sector), or
 *     null; not together with {@code anyThread}
 */
public record CycleOptions(EventFilter start, EventFilter end, long deadlineNs, long giveUpNs, boolean anyThread,
                           Explain explain, int explainN, CycleKey key) {
    /** Which cycles get an explanation. */
    public enum Explain { NONE, MISSES, ALL, TOP }

    /** Checks arguments. */
    public CycleOptions {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(explain, "explain");
        if (key != null && anyThread) throw new IllegalArgumentException("a key and anyThread exclude each other");
    }

    /** Options that pair starts and ends by thread (no key). */
    public CycleOptions(final EventFilter start, final EventFilter end, final long deadlineNs, final long giveUpNs, final boolean anyThread,
                        final Explain explain, final int explainN) {
        this(start, end, deadlineNs, giveUpNs, anyThread, explain, explainN, null);
    }
}
