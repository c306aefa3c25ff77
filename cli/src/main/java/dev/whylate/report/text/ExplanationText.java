package dev.whylate.report.text;

import dev.whylate.analysis.explain.BlameEntry;
import dev.whylate.analysis.explain.Explanation;
import dev.whylate.analysis.explain.Holder;
import dev.whylate.analysis.explain.Segment;
import dev.whylate.util.Units;
import java.io.PrintWriter;
import java.util.List;

/** Renders an {@link Explanation} as text: the chain (one line per segment) and the blame table. */
public final class ExplanationText {
    private ExplanationText() {}

    /** Prints the chain and blame with {@code indent}; at most {@code maxSegments} chain lines (longest kept). */
    public static void print(final Explanation e, final PrintWriter out, final String indent, final int maxSegments) {
        if (e.polling()) out.println(indent + "the consumer polled (it slept under a tenth of the interval and kept running or was never woken): following " + e.carrier()
            + ", the deferred work that completed last");
        if (e.lostEvents() != 0) out.println(indent + "warning: " + lostText(e.lostEvents()) + " in this interval: the chain may miss what happened there");
        out.println(indent + "chain (critical path, oldest first):");
        final List<Segment> segs = e.segments();
        long minShown = 0;
        if (segs.size() > maxSegments) {
            final long[] d = segs.stream().mapToLong(Segment::ns).sorted().toArray();
            minShown = d[d.length - maxSegments];
        }
        int hidden = 0;
        long hiddenNs = 0;
        for (final Segment s : segs) {
            if (s.ns() < minShown) {
                hidden++;
                hiddenNs += s.ns();
                continue;
            }
            if (hidden > 0) {
                out.println(indent + "  ... " + hidden + " short segments, " + Units.dur(hiddenNs));
                hidden = 0;
                hiddenNs = 0;
            }
            final StringBuilder b = new StringBuilder(indent).append("  ");
            b.append(pad("+" + Units.dur(s.startNs() - e.startNs()), 12)).append(pad(Units.dur(s.ns()), 11)).append(pad(s.kind(), 13));
            b.append(who(s.comm(), s.pid(), s.kind())).append(s.cpu() >= 0 ? " cpu" + s.cpu() : "");
            if (!s.detail().isEmpty()) b.append("  ").append(s.detail());
            if (!s.blockedBy().isEmpty()) b.append("  <- ").append(holders(s.blockedBy(), 3));
            out.println(b);
        }
        if (hidden > 0) out.println(indent + "  ... " + hidden + " short segments, " + Units.dur(hiddenNs));
        out.println(indent + "blame:");
        for (final BlameEntry be : e.blame()) {
            if (be.share() < 0.005 && be.ns() < 1000) continue;
            final StringBuilder b = new StringBuilder(indent).append("  ");
            b.append(pad(Units.pct(be.share()), 7)).append(pad(Units.dur(be.ns()), 11)).append(pad(be.category(), 22));
            b.append(who(be.comm(), be.pid(), "")).append(be.cpu() >= 0 ? " cpu" + be.cpu() : "");
            if (!be.blockedBy().isEmpty()) b.append("  behind ").append(holders(be.blockedBy(), 3));
            out.println(b);
        }
    }

    /** {@code comm[pid]} for tasks, the label alone for contexts. */
    static String who(final String comm, final int pid, final String kind) {
        if (pid < 0 || kind.equals("hardirq") || kind.equals("softirq") || kind.equals("softirq-wait") || kind.equals("vector")
            || kind.equals("tasklet") || kind.equals("hrtimer") || kind.equals("blocked") && pid < 0) {
            return comm;
        }
        return comm + "[" + pid + "]";
    }

    /**
     * Holders as shown: one entry per (kind, comm, pid), their times summed, biggest first (a segment may hold the
     * same task twice, counted in two blame categories: e.g. before and after it was woken).
     */
    public static List<Holder> forDisplay(final List<Holder> hs) {
        if (hs.size() < 2) return hs;
        final java.util.Map<String, Holder> m = new java.util.LinkedHashMap<>();
        for (final Holder h : hs) m.merge(h.kind() + '\0' + h.comm() + '\0' + h.pid(), h, (a, x) -> a.withNs(a.ns() + x.ns()));
        if (m.size() == hs.size()) return hs;
        final List<Holder> out = new java.util.ArrayList<>(m.values());
        out.sort(java.util.Comparator.comparingLong(Holder::ns).reversed());
        return out;
    }

    static String holders(final List<Holder> all, final int max) {
        final List<Holder> hs = forDisplay(all);
        final StringBuilder b = new StringBuilder();
        for (int k = 0; k < Math.min(max, hs.size()); k++) {
            final Holder h = hs.get(k);
            if (k > 0) b.append(", ");
            b.append(h.kind().equals("task") ? h.comm() + "[" + h.pid() + "]" : h.comm()).append(' ').append(Units.dur(h.ns()));
        }
        if (hs.size() > max) b.append(", +").append(hs.size() - max).append(" more");
        return b.toString();
    }

    static String pad(final String s, final int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    /** "the kernel dropped N events" (or "some events" when the trace did not say how many). */
    public static String lostText(final long lostEvents) {
        return "the kernel dropped " + (lostEvents > 0 ? lostEvents + " event" + (lostEvents == 1 ? "" : "s") : "some events") + " (ring buffer full)";
    }
}
