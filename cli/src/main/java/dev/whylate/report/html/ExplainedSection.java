package dev.whylate.report.html;

import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.analysis.explain.BlameEntry;
import dev.whylate.analysis.explain.Explanation;
import dev.whylate.analysis.explain.Holder;
import dev.whylate.analysis.explain.Segment;
import dev.whylate.util.Units;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * One block per explained cycle (the slowest first, at most {@link ReportOptions#maxExplained()}): the chain
 * as a Gantt chart with one lane per CPU and segments coloured by kind, the chain as a table with the holders
 * of each wait, and the blame table.
 */
final class ExplainedSection implements Section {
    /** Chain segments drawn per cycle at most (the longest). */
    static final int MAX_SEGMENTS_DRAWN = 200;
    /** Blame rows listed per cycle at most. */
    static final int MAX_BLAME_ROWS = 25;
    /** The section stops adding cycles once its HTML is this long (chars), with a note. */
    static final int MAX_CHARS = 1_500_000;
    /** Chain segments listed per cycle at most (the longest, kept in time order). */
    static final int MAX_SEGMENTS_LISTED = 30;
    /** Cycles shown open; the rest are collapsed. */
    static final int OPEN = 10;

    @Override
    public String id() {
        return "chains";
    }

    @Override
    public String title() {
        return "Chains of the slowest cycles";
    }

    @Override
    public boolean applies(final ReportContext ctx) {
        return ctx.cycles() != null && CycleViews.explained(ctx.cycles()) > 0;
    }

    @Override
    public void render(final ReportContext ctx, final StringBuilder out) {
        final CyclesResult r = ctx.cycles();
        final int all = CycleViews.explained(r);
        final List<Cycle> shown = CycleViews.shown(r, Math.max(0, ctx.options().maxExplained()));
        out.append("<p class=\"note\">The critical path of each cycle from its start event to its end event, oldest segment first: "
            + "who ran, who waited for a CPU behind whom, which deferred work carried the data. ");
        if (all > shown.size()) {
            out.append("Showing the ").append(shown.size()).append(" slowest of ").append(Html.count(all))
                .append(" explained cycles; <code>whylate cycles --json</code> has all of them.");
        } else {
            out.append(Html.count(all)).append(" explained cycles, slowest first.");
        }
        out.append("</p>\n<div class=\"legend\">");
        for (final String k : Palette.SEGMENT_ORDER) Palette.legend(out, Palette.segment(k), k);
        out.append("</div>\n");
        int k = 0;
        final int start = out.length();
        for (final Cycle c : shown) {
            if (out.length() - start > MAX_CHARS) {
                out.append("<p class=\"note\">").append(shown.size() - k).append(" more chains left out to keep this file small; "
                    + "<code>whylate cycles --json</code> has them.</p>\n");
                break;
            }
            final boolean open = k++ < OPEN;
            final String tag = open ? "div" : "details";
            out.append('<').append(tag).append(" class=\"miss\" id=\"cycle-").append(c.index()).append("\">");
            if (open) out.append("<h3>");
            else out.append("<summary>");
            out.append(heading(ctx, c));
            out.append(open ? "</h3>\n" : "</summary>\n");
            final Explanation e = c.explanation();
            if (e.lostEvents() != 0) {
                out.append("<p class=\"note\">Warning: ").append(Html.esc(dev.whylate.report.text.ExplanationText.lostText(e.lostEvents())))
                    .append(" in this interval: the chain may miss what happened there.</p>\n");
            }
            if (e.polling()) {
                out.append("<p class=\"note\">The consumer polled (it slept under a tenth of the interval and kept running or was never woken): the chain follows ").append(Html.esc(e.carrier()))
                    .append(", the deferred work that completed last before the end.</p>\n");
            }
            out.append(gantt(e, r.deadlineNs()));
            chainTable(e, out);
            blameTable(e, out);
            out.append("</").append(tag).append(">\n");
        }
    }

    private static String heading(final ReportContext ctx, final Cycle c) {
        final String kind = c.lost() ? "lost" : c.miss() ? "miss" : "cycle";
        return "<span class=\"" + (c.miss() ? "bad" : "ok") + "\">" + kind + "</span> #" + c.index() + " &nbsp;" + (c.lost() ? "&gt; " : "")
            + Html.dur(c.latencyNs()) + " &nbsp;<span class=\"note\">" + Units.ts(c.startNs()) + " &rarr; "
            + (c.lost() ? "no end; " + (c.restarted() ? "started again" : "gave up") + " at " + Units.ts(c.endNs()) + " s (the chain up to then), "
                : Units.ts(c.endNs()) + " s, ")
            + Html.esc(ctx.trace().tasks().commAt(who(c), c.endNs())) + "[" + who(c) + "]</span>";
    }

    /** The task an explained cycle's chain is about: its consumer. */
    private static int who(final Cycle c) {
        return c.explanation() != null ? c.explanation().tid() : c.tid();
    }

    /** The chain as an SVG Gantt chart: one lane per CPU, x = time since the cycle start. */
    static String gantt(final Explanation e, final long deadlineNs) {
        List<Segment> segs = e.segments();
        if (segs.size() > MAX_SEGMENTS_DRAWN) {
            final List<Segment> l = new ArrayList<>(segs);
            l.sort(Comparator.comparingLong(Segment::ns).reversed());
            segs = l.subList(0, MAX_SEGMENTS_DRAWN);
        }
        final TreeSet<Integer> cpus = new TreeSet<>();
        for (final Segment s : segs) cpus.add(Math.max(-1, s.cpu()));
        final List<Integer> lanes = new ArrayList<>(cpus);
        final double laneH = 22;
        final double gap = 6;
        final Svg svg = new Svg(1040, 14 + lanes.size() * (laneH + gap) + 34, 62, 14, 10, 34);
        final long lat = Math.max(1, e.latencyNs());
        final Svg.Scale x = Svg.linear(0, CycleViews.ms(lat), svg.left(), svg.right());
        svg.open("chain of the cycle by CPU", null);
        svg.xAxis(x, "ms since the cycle start");
        for (int i = 0; i < lanes.size(); i++) {
            final double y = svg.top() + i * (laneH + gap);
            svg.rect(svg.left(), y, svg.plotWidth(), laneH, "#f3f5f7", null);
            svg.text(svg.left() - 6, y + laneH / 2 + 4, "end", "t", lanes.get(i) < 0 ? "CPU ?" : "CPU " + lanes.get(i));
        }
        for (final Segment s : segs) {
            final int lane = lanes.indexOf(Math.max(-1, s.cpu()));
            final double y = svg.top() + lane * (laneH + gap);
            final double x0 = x.map(CycleViews.ms(s.startNs() - e.startNs()));
            final double x1 = x.map(CycleViews.ms(s.endNs() - e.startNs()));
            final double w = Math.max(0.8, x1 - x0);
            svg.rect(x0, y + 1, w, laneH - 2, Palette.segment(s.kind()), x1 - x0 >= 1 ? tooltip(e, s) : null);
            if (w > 46) {
                final String label = s.kind().equals("running") || s.kind().equals("runnable") || s.kind().equals("work") ? s.comm() : s.kind() + " " + s.comm();
                final int chars = (int) ((w - 6) / 6.4);
                final String t = label.length() > chars ? label.substring(0, Math.max(1, chars - 1)) + "…" : label;
                svg.raw("<text x=\"" + Html.px(x0 + 3) + "\" y=\"" + Html.px(y + laneH / 2 + 4) + "\" class=\"t\" style=\"fill:" + Palette.textOn(s.kind()) + "\" pointer-events=\"none\">"
                    + Html.esc(t) + "</text>\n");
            }
        }
        if (deadlineNs > 0 && deadlineNs <= lat) {
            final double px = x.map(CycleViews.ms(deadlineNs));
            svg.line(px, svg.top() - 4, px, svg.bottom(), Palette.DEADLINE, "5 3");
        }
        return svg.close();
    }

    private static String tooltip(final Explanation e, final Segment s) {
        final StringBuilder b = new StringBuilder();
        b.append('+').append(Units.dur(s.startNs() - e.startNs())).append("  ").append(Units.dur(s.ns())).append("  ").append(s.kind()).append("  ")
            .append(who(s)).append(s.cpu() >= 0 ? "  cpu" + s.cpu() : "");
        if (!s.detail().isEmpty()) b.append("\n").append(s.detail());
        if (!s.blockedBy().isEmpty()) {
            final List<Holder> hs = dev.whylate.report.text.ExplanationText.forDisplay(s.blockedBy());
            b.append("\nheld by: ");
            for (int k = 0; k < Math.min(5, hs.size()); k++) {
                final Holder h = hs.get(k);
                if (k > 0) b.append(", ");
                b.append(h.kind().equals("task") ? h.comm() + "[" + h.pid() + "]" : h.comm()).append(' ').append(Units.dur(h.ns()));
            }
            if (hs.size() > 5) b.append(", +").append(hs.size() - 5).append(" more");
        }
        return b.toString();
    }

    private static String who(final Segment s) {
        final boolean task = s.pid() >= 0 && (s.kind().equals("running") || s.kind().equals("runnable") || s.kind().equals("work")
            || s.kind().equals("work-wait") || s.kind().equals("blocked") || s.kind().equals("unknown"));
        return task ? s.comm() + "[" + s.pid() + "]" : s.comm();
    }

    private static void chainTable(final Explanation e, final StringBuilder out) {
        final List<Segment> segs = e.segments();
        long minShown = Long.MIN_VALUE;
        if (segs.size() > MAX_SEGMENTS_LISTED) {
            final long[] d = segs.stream().mapToLong(Segment::ns).sorted().toArray();
            minShown = d[d.length - MAX_SEGMENTS_LISTED];
        }
        out.append("<table><tr><th class=\"n\">at</th><th class=\"n\">for</th><th>kind</th><th>who</th><th>CPU</th><th>what</th><th>CPU held by</th></tr>\n");
        int hidden = 0;
        long hiddenNs = 0;
        int listed = 0;
        for (final Segment s : segs) {
            if (s.ns() < minShown || (s.ns() == minShown && listed >= MAX_SEGMENTS_LISTED)) {
                hidden++;
                hiddenNs += s.ns();
                continue;
            }
            if (hidden > 0) {
                hiddenRow(out, hidden, hiddenNs);
                hidden = 0;
                hiddenNs = 0;
            }
            listed++;
            out.append("<tr><td class=\"n\">+").append(Html.dur(s.startNs() - e.startNs())).append("</td><td class=\"n\">").append(Html.dur(s.ns()))
                .append("</td><td class=\"nw\"><span class=\"legend\">");
            Palette.legend(out, Palette.segment(s.kind()), s.kind());
            out.append("</span></td><td class=\"nw\">").append(Html.esc(who(s))).append("</td><td>").append(s.cpu() >= 0 ? Integer.toString(s.cpu()) : "")
                .append("</td><td>").append(Html.esc(s.detail())).append("</td><td>").append(holders(s.blockedBy(), 4)).append("</td></tr>\n");
        }
        if (hidden > 0) hiddenRow(out, hidden, hiddenNs);
        out.append("</table>\n");
    }

    private static void hiddenRow(final StringBuilder out, final int n, final long ns) {
        out.append("<tr><td></td><td class=\"n\">").append(Html.dur(ns)).append("</td><td colspan=\"5\" class=\"note\">… ").append(n)
            .append(" shorter segments</td></tr>\n");
    }

    private static void blameTable(final Explanation e, final StringBuilder out) {
        out.append("<table><tr><th class=\"n\">share</th><th class=\"n\">time</th><th>blame</th><th>who</th><th>CPU</th><th>behind</th></tr>\n");
        int skipped = 0;
        long skippedNs = 0;
        int rows = 0;
        for (final BlameEntry b : e.blame()) {
            if (b.share() < 0.005 && b.ns() < 1000 || rows >= MAX_BLAME_ROWS) {
                skipped++;
                skippedNs += b.ns();
                continue;
            }
            rows++;
            out.append("<tr><td class=\"n\">").append(Html.pct(b.share())).append("</td><td class=\"n\">").append(Html.dur(b.ns()))
                .append("</td><td class=\"nw\"><span class=\"legend\">");
            Palette.legend(out, Palette.category(b.category()), b.category());
            out.append("</span></td><td class=\"nw\">").append(Html.esc(b.pid() >= 0 && !b.category().equals("IRQ handler") ? b.comm() + "[" + b.pid() + "]" : b.comm()))
                .append("</td><td>").append(b.cpu() >= 0 ? Integer.toString(b.cpu()) : "").append("</td><td>").append(holders(b.blockedBy(), 4))
                .append("</td></tr>\n");
        }
        out.append("</table>\n");
        if (skipped > 0) {
            out.append("<p class=\"note\">").append(skipped).append(" smaller entries not listed (").append(Html.dur(skippedNs)).append(").</p>\n");
        }
    }

    /** Holders as escaped HTML: {@code comm[pid] 1.2 ms, hardirq 30 xhci 3 µs, +2 more}. */
    static String holders(final List<Holder> all, final int max) {
        final List<Holder> hs = dev.whylate.report.text.ExplanationText.forDisplay(all);
        final StringBuilder b = new StringBuilder();
        for (int k = 0; k < Math.min(max, hs.size()); k++) {
            final Holder h = hs.get(k);
            if (k > 0) b.append(", ");
            b.append(holderName(h)).append(' ').append(Html.dur(h.ns()));
        }
        if (hs.size() > max) b.append(", +").append(hs.size() - max).append(" more");
        return b.toString();
    }

    /** A holder's name as escaped HTML. */
    static String holderName(final Holder h) {
        return Html.esc(h.kind().equals("task") ? h.comm() + "[" + h.pid() + "]" : h.comm());
    }
}
