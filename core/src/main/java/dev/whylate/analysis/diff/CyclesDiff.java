package dev.whylate.analysis.diff;

import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.analysis.cycles.Latency;
import dev.whylate.analysis.explain.BlameEntry;
import dev.whylate.analysis.explain.Holder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the cycles of two recordings of the same workload — a good run and a bad one, before and after a
 * kernel upgrade or a tuning change — by what their explained misses spent time on.
 *
 * <p>Blame of every explained miss (lost ones included) is summed per category, per (category, waiting task's
 * comm) and per holder (the comm of a task that held a CPU, or an interrupt's label), then divided by the number
 * of cycles of its run: ns per cycle, so runs of different lengths compare. Tasks are compared by comm, not by
 * pid (pids differ between runs). Rows come biggest change first.
 *
 * <pre>{@code
 * CyclesDiff d = CyclesDiff.of(before, after);
 * d.categories().get(0).key();   // e.g. "blocking thread"
 * }</pre>
 *
 * @param before the first run
 * @param after the second run
 * @param categories per blame category
 * @param waits per (category, comm of the chain task that waited or ran)
 * @param holders per holder of a CPU while chain tasks waited
 */
public record CyclesDiff(Side before, Side after, List<Row> categories, List<Row> waits, List<Row> holders) {
    /** One run: its counts and latency. */
    public record Side(long cycles, long misses, long lost, long explained, Latency latency) {}

    /**
     * One compared quantity.
     *
     * @param key what it is (a category, "category: comm", or a holder)
     * @param beforeNsPerCycle ns per cycle in the first run
     * @param afterNsPerCycle ns per cycle in the second run
     */
    public record Row(String key, long beforeNsPerCycle, long afterNsPerCycle) {
        /** after − before, ns per cycle. */
        public long deltaNsPerCycle() {
            return afterNsPerCycle - beforeNsPerCycle;
        }
    }

    /** Compares {@code a} (before) with {@code b} (after). */
    public static CyclesDiff of(final CyclesResult a, final CyclesResult b) {
        final Sums sa = sums(a);
        final Sums sb = sums(b);
        return new CyclesDiff(side(a, sa), side(b, sb), rows(sa.category, sb.category, a.cycles(), b.cycles()),
            rows(sa.wait, sb.wait, a.cycles(), b.cycles()), rows(sa.holder, sb.holder, a.cycles(), b.cycles()));
    }

    private static Side side(final CyclesResult r, final Sums s) {
        return new Side(r.cycles(), r.misses(), r.lost(), s.explained, r.latency());
    }

    private static final class Sums {
        final Map<String, Long> category = new HashMap<>();
        final Map<String, Long> wait = new HashMap<>();
        final Map<String, Long> holder = new HashMap<>();
        long explained;
    }

    private static Sums sums(final CyclesResult r) {
        final Sums s = new Sums();
        for (final Cycle c : r.items()) {
            if (!c.miss() || c.explanation() == null) continue;
            s.explained++;
            for (final BlameEntry e : c.explanation().blame()) {
                s.category.merge(e.category(), e.ns(), Long::sum);
                s.wait.merge(e.category() + ": " + e.comm(), e.ns(), Long::sum);
                for (final Holder h : e.blockedBy()) s.holder.merge(holderKey(h), h.ns(), Long::sum);
            }
        }
        return s;
    }

    /** A holder across runs: a task by comm, anything else by its label. */
    static String holderKey(final Holder h) {
        return h.comm();
    }

    private static List<Row> rows(final Map<String, Long> a, final Map<String, Long> b, final long ca, final long cb) {
        final Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        final List<Row> out = new ArrayList<>();
        for (final String k : keys) {
            out.add(new Row(k, perCycle(a.getOrDefault(k, 0L), ca), perCycle(b.getOrDefault(k, 0L), cb)));
        }
        out.sort(Comparator.comparingLong((Row r) -> Math.abs(r.deltaNsPerCycle())).reversed().thenComparing(Row::key));
        return out;
    }

    private static long perCycle(final long ns, final long cycles) {
        return cycles <= 0 ? 0 : Math.round(ns / (double) cycles);
    }
}
