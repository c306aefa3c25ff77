package dev.whylate.report.html;

import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.analysis.explain.BlameEntry;
import dev.whylate.analysis.explain.Category;
import dev.whylate.analysis.explain.Holder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the time of all explained cycles went: blame summed per category (share of the summed explained
 * latency), and the tasks and interrupts that held CPUs while chain tasks waited, summed over all cycles.
 */
final class BlameSummarySection implements Section {
    @Override
    public String id() {
        return "blame";
    }

    @Override
    public String title() {
        return "Where the time went";
    }

    @Override
    public boolean applies(final ReportContext ctx) {
        return ctx.cycles() != null && CycleViews.explained(ctx.cycles()) > 0;
    }

    @Override
    public void render(final ReportContext ctx, final StringBuilder out) {
        final CyclesResult r = ctx.cycles();
        long total = 0;
        int n = 0;
        final Map<String, long[]> cats = new LinkedHashMap<>();
        final Map<String, long[]> holders = new HashMap<>();
        final Map<String, Holder> holderInfo = new HashMap<>();
        for (final Cycle c : r.items()) {
            if (c.explanation() == null) continue;
            n++;
            total += c.explanation().latencyNs();
            final Set<String> seenCat = new HashSet<>();
            final Set<String> seenHolder = new HashSet<>();
            for (final BlameEntry b : c.explanation().blame()) {
                final long[] v = cats.computeIfAbsent(b.category(), k -> new long[2]);
                v[0] += b.ns();
                if (seenCat.add(b.category())) v[1]++;
                if (!Category.isWait(b.category())) continue;
                for (final Holder h : b.blockedBy()) {
                    if (h.kind().equals("idle")) continue;
                    final String key = h.kind() + "\u0000" + h.comm() + "\u0000" + (h.kind().equals("task") ? h.pid() : -1);
                    final long[] hv = holders.computeIfAbsent(key, k -> new long[2]);
                    hv[0] += h.ns();
                    if (seenHolder.add(key)) hv[1]++;
                    holderInfo.putIfAbsent(key, h);
                }
            }
        }
        final String what = r.deadlineNs() >= 0 ? "explained misses" : "explained cycles";
        out.append("<p class=\"note\">Blame of the ").append(Html.count(n)).append(' ').append(what).append(", summed: ")
            .append(Html.dur(total)).append(" of latency in all. Shares are of that sum.</p>\n");
        final List<Map.Entry<String, long[]>> cl = new ArrayList<>(cats.entrySet());
        cl.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        out.append("<table><tr><th>category</th><th class=\"n\">time</th><th class=\"n\">share</th><th></th><th class=\"n\">in cycles</th></tr>\n");
        for (final Map.Entry<String, long[]> e : cl) {
            final double share = total == 0 ? 0 : e.getValue()[0] / (double) total;
            out.append("<tr><td><span class=\"legend\">");
            Palette.legend(out, Palette.category(e.getKey()), e.getKey());
            out.append("</span></td><td class=\"n\">").append(Html.dur(e.getValue()[0])).append("</td><td class=\"n\">").append(Html.pct(share))
                .append("</td><td><span class=\"bar\" style=\"width:").append(Html.num(share * 300, 1)).append("px;background:")
                .append(Palette.category(e.getKey())).append("\"></span></td><td class=\"n\">").append(Html.count(e.getValue()[1])).append("</td></tr>\n");
        }
        out.append("</table>\n");
        if (holders.isEmpty()) return;
        final List<Map.Entry<String, long[]>> hl = new ArrayList<>(holders.entrySet());
        hl.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        out.append("<h3>Who held the CPU while the chain waited</h3>\n<table><tr><th>holder</th><th>kind</th><th class=\"n\">time</th>"
            + "<th class=\"n\">share</th><th class=\"n\">in cycles</th></tr>\n");
        for (int k = 0; k < Math.min(20, hl.size()); k++) {
            final Map.Entry<String, long[]> e = hl.get(k);
            final Holder h = holderInfo.get(e.getKey());
            out.append("<tr><td>").append(ExplainedSection.holderName(h)).append("</td><td>").append(Html.esc(h.kind()))
                .append(h.prio() >= 0 ? " prio " + h.prio() : "").append("</td><td class=\"n\">").append(Html.dur(e.getValue()[0]))
                .append("</td><td class=\"n\">").append(Html.pct(total == 0 ? 0 : e.getValue()[0] / (double) total)).append("</td><td class=\"n\">")
                .append(Html.count(e.getValue()[1])).append("</td></tr>\n");
        }
        out.append("</table>\n");
        if (hl.size() > 20) out.append("<p class=\"note\">").append(hl.size() - 20).append(" more holders.</p>\n");
    }
}
