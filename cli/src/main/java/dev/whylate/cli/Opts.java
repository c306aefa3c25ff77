package dev.whylate.cli;

import dev.whylate.filter.EventFilter;
import dev.whylate.filter.FilterException;
import dev.whylate.model.Trace;
import dev.whylate.util.CpuList;
import dev.whylate.util.Durations;

/**
 * Parsers for option values that picocli keeps as text (durations, trace times, CPU lists, filters): each names the
 * option in the {@link UsageException} it throws for a bad value, so every command reports bad values alike.
 */
final class Opts {
    private Opts() {}

    /**
     * A duration such as {@code 3.5ms} in ns ({@link Durations#parse}). A bare number other than 0 is refused:
     * {@code --deadline 3.5} read as 3.5 ns would silently make every cycle a miss.
     */
    static long duration(final String opt, final String v) {
        if (v.strip().matches("[0-9]*\\.?[0-9]+") && Double.parseDouble(v.strip()) != 0) {
            throw new UsageException(opt + ": '" + v.strip() + "' needs a unit (e.g. " + v.strip() + "ms, " + v.strip() + "us, " + v.strip() + "s)");
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(opt + ": " + e.getMessage());
        }
    }

    /** A trace time in seconds as traces print it ({@code 1033.092452}) in ns ({@link Durations#parseTimestamp}). */
    static long timestamp(final String opt, final String v) {
        try {
            return Durations.parseTimestamp(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(opt + ": " + e.getMessage());
        }
    }

    /**
     * A trace time: absolute seconds as traces print them ({@code 1033.092452}), or {@code +OFFSET} from the trace's
     * first event ({@code +1.5} seconds, or with a unit: {@code +200ms}). {@code t} may be null to check the syntax
     * only (the result is then meaningless for an offset).
     */
    static long timestamp(final String opt, final String v, final dev.whylate.model.Trace t) {
        final String s = v.strip();
        if (!s.startsWith("+")) return timestamp(opt, s);
        final String off = s.substring(1).strip();
        final long ns;
        try {
            ns = off.matches("[0-9]*\\.?[0-9]+") ? Math.round(Double.parseDouble(off) * 1e9) : Durations.parse(off);
        } catch (IllegalArgumentException e) {
            throw new UsageException(opt + ": " + e.getMessage());
        }
        if (t == null) return ns;
        if (t.events().size() == 0) throw new UsageException(opt + ": the trace has no events to count " + s + " from");
        return t.events().ts(0) + ns;
    }

    /** A non-empty CPU list such as {@code 0-3,8} ({@link CpuList#parse}), ascending. */
    static int[] cpus(final String opt, final String v) {
        final int[] c;
        try {
            c = CpuList.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(opt + ": " + e.getMessage());
        }
        if (c.length == 0) throw new UsageException(opt + ": empty CPU list");
        return c;
    }

    /**
     * Refuses a {@code --cpu} selection that holds none of the CPUs the trace has events on (it would print an
     * empty report as if those CPUs had been quiet).
     */
    static void cpusInTrace(final String opt, final int[] selected, final Trace t) {
        final java.util.BitSet seen = new java.util.BitSet();
        final dev.whylate.model.EventStore s = t.events();
        for (int i = 0; i < s.size(); i++) seen.set(s.cpu(i));
        for (final int c : selected) if (seen.get(c)) return;
        throw new UsageException(opt + ": the trace has no events on CPU" + (selected.length > 1 ? "s " : " ") + CpuList.format(selected)
            + " (it has events on " + (seen.isEmpty() ? "no CPU" : "CPU" + (seen.cardinality() > 1 ? "s " : " ") + CpuList.format(seen.stream().toArray())) + ")");
    }

    /** An event filter ({@code EVENT[: EXPR]}) parsed against the event types of {@code t}, its field names checked against its events'. */
    static EventFilter filter(final String opt, final String text, final Trace t) {
        try {
            final EventFilter f = EventFilter.parse(text, t.events().types());
            f.checkFields(t.events());
            return f;
        } catch (FilterException e) {
            throw new UsageException(opt + ": " + e.getMessage() + "\n  " + e.pointer().replace("\n", "\n  "));
        }
    }
}
