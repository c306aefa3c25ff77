package dev.whylate.report.html;

import dev.whylate.analysis.advice.Advice;
import dev.whylate.analysis.advice.WhatIf;
import dev.whylate.analysis.cycles.CyclesResult;

/** The advice: each change with its exact commands, the evidence from this trace, and the what-if estimate. */
final class AdviceSection implements Section {
    /** Recommendations shown open; the rest are collapsed. */
    static final int OPEN = 6;

    @Override
    public String id() {
        return "advice";
    }

    @Override
    public String title() {
        return "Advice";
    }

    @Override
    public boolean applies(final ReportContext ctx) {
        return ctx.cycles() != null && !ctx.cycles().advice().isEmpty();
    }

    @Override
    public void render(final ReportContext ctx, final StringBuilder out) {
        final CyclesResult r = ctx.cycles();
        out.append("<p class=\"note\">Each recommendation comes from evidence in this trace. What-if: every explained miss recomputed with "
            + "the waits the change removes taken out (an estimate: it assumes the rest of the trace stays the same).</p>\n");
        WhatIf all = null;
        for (final WhatIf w : r.whatIf()) if (w.change().equals("all of the above")) all = w;
        if (all != null) {
            out.append("<p><b>All of the above:</b> misses ").append(Html.count(all.currentMisses())).append(" &rarr; <b>")
                .append(Html.count(all.predictedMisses())).append("</b> (estimate)</p>\n");
        }
        int k = 1;
        for (final Advice a : r.advice()) {
            if (k == OPEN + 1) out.append("<details><summary>").append(r.advice().size() - OPEN).append(" more recommendations</summary>\n");
            WhatIf w = null;
            for (final WhatIf x : r.whatIf()) if (x.change().equals(a.change())) w = x;
            out.append("<div class=\"advice\"><h3>").append(k++).append(". ").append(Html.esc(a.change())).append("</h3>\n");
            if (w != null) {
                out.append("<p>misses ").append(Html.count(w.currentMisses())).append(" &rarr; <b>").append(Html.count(w.predictedMisses()))
                    .append("</b> (estimate; ").append(Html.dur(w.removedNs())).append(" of waiting removed)</p>\n");
            }
            out.append("<pre>");
            for (final String line : a.command().split("\n")) out.append("$ ").append(Html.esc(line)).append('\n');
            out.append("</pre>\n<p class=\"note\">").append(Html.esc(a.why())).append("</p></div>\n");
        }
        if (r.advice().size() > OPEN) out.append("</details>\n");
    }
}
