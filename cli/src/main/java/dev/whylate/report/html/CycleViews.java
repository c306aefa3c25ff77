package dev.whylate.report.html;

import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.analysis.cycles.Latency;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Views of a {@link CyclesResult} shared by the cycle sections. */
final class CycleViews {
    private CycleViews() {}

    /**
     * Upper end (ns) of the "zoomed" latency axis: with a deadline, 3× the deadline (at least 1.25×, at most
     * the largest latency); without, the 99th percentile unless the maximum is close to it. Cycles above it are
     * drawn at the top edge and counted.
     */
    static long zoomMaxNs(final CyclesResult r) {
        final long full = fullMaxNs(r);
        final long dl = r.deadlineNs();
        long z;
        if (dl > 0) {
            z = Math.max(dl + dl / 4, Math.min(full, 3 * dl));
        } else {
            final Latency l = r.latency();
            z = full <= l.p99() * 3 / 2 ? full : Math.max(l.p99(), 2 * l.p50());
        }
        return niceNs(z);
    }

    /** The largest latency of any counted cycle (lost ones count with their give-up time), at least 1 µs. */
    static long fullMaxNs(final CyclesResult r) {
        long m = 0;
        for (final Cycle c : r.items()) m = Math.max(m, c.latencyNs());
        return niceNs(Math.max(m, r.deadlineNs() > 0 ? r.deadlineNs() + r.deadlineNs() / 10 : 0));
    }

    /** {@code ns} rounded up to a 1-1.2-1.5-2-2.5-… value, at least 1 µs. */
    static long niceNs(final long ns) {
        return Math.max(1000, (long) Math.ceil(Svg.niceCeil(Math.max(1, ns) * 1.0)));
    }

    /** Explained cycles to draw: the slowest first, at most {@code max}. */
    static List<Cycle> shown(final CyclesResult r, final int max) {
        final List<Cycle> l = new ArrayList<>();
        for (final Cycle c : r.items()) if (c.explanation() != null) l.add(c);
        l.sort(Comparator.comparingLong(Cycle::latencyNs).reversed().thenComparingInt(Cycle::index));
        return l.size() > max ? l.subList(0, max) : l;
    }

    /** Number of explained cycles. */
    static int explained(final CyclesResult r) {
        int n = 0;
        for (final Cycle c : r.items()) if (c.explanation() != null) n++;
        return n;
    }

    /** Milliseconds as a double. */
    static double ms(final long ns) {
        return ns / 1e6;
    }
}
