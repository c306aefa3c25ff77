package dev.whylate.report.html;

import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.analysis.cycles.Latency;
import dev.whylate.analysis.stats.TraceStats;
import dev.whylate.util.Units;
import java.util.Map;

/** The trace at a glance and, with cycles, their counts and latency percentiles. */
final class SummarySection implements Section {
    @Override
    public String id() {
        return "summary";
    }

    @Override
    public String title() {
        return "Summary";
    }

    @Override
    public boolean applies(final ReportContext ctx) {
        return true;
    }

    @Override
    public void render(final ReportContext ctx, final StringBuilder out) {
        final CyclesResult r = ctx.cycles();
        if (r != null) cycles(ctx, r, out);
        trace(ctx, out);
    }

    private static void cycles(final ReportContext ctx, final CyclesResult r, final StringBuilder out) {
        out.append("<div class=\"big\">");
        big(out, Html.count(r.cycles()), "cycles", false);
        if (r.deadlineNs() >= 0) {
            big(out, Html.count(r.misses()), "misses (&gt; " + Html.dur(r.deadlineNs()) + ")", r.misses() > 0);
            big(out, r.cycles() == 0 ? "–" : Html.pct(r.misses() / (double) r.cycles()), "miss rate", r.misses() > 0);
        }
        big(out, Html.count(r.lost()), "lost" + (r.giveUpNs() >= 0 ? " (no end within " + Html.dur(r.giveUpNs()) + ")" : ""), r.lost() > 0);
        if (r.unfinished() > 0) big(out, Html.count(r.unfinished()), "unfinished at trace end", false);
        final Latency l = r.latency();
        if (l.count() > 0) {
            big(out, Html.dur(l.p50()), "median latency", false);
            big(out, Html.dur(l.max()), "max latency", r.deadlineNs() >= 0 && l.max() > r.deadlineNs());
        }
        out.append("</div>\n");
        if (l.count() > 0) {
            out.append("<table><tr><th>completed cycles</th><th class=\"n\">min</th><th class=\"n\">p50</th><th class=\"n\">p90</th>"
                + "<th class=\"n\">p99</th><th class=\"n\">p99.9</th><th class=\"n\">max</th><th class=\"n\">mean</th></tr>\n<tr><td>")
                .append(Html.count(l.count())).append("</td>");
            for (final long v : new long[] {l.min(), l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.mean()}) {
                out.append("<td class=\"n\">").append(Html.dur(v)).append("</td>");
            }
            out.append("</tr></table>\n<p class=\"note\">Percentiles from an HdrHistogram with 3 significant digits; min and max are exact.</p>\n");
        } else {
            out.append("<p class=\"note\">No cycle completed: check the --start and --end filters (whylate stats lists the event names).</p>\n");
        }
        if (r.carrier() != null) {
            out.append("<p>The consumer polls (it never sleeps while it waits), so its chains follow <b>").append(Html.esc(r.carrier()))
                .append("</b>, the deferred work that most often completed last before the end event.</p>\n");
        }
    }

    private static void big(final StringBuilder out, final String value, final String label, final boolean bad) {
        out.append("<div").append(bad ? " class=\"bad\"" : "").append("><b>").append(value).append("</b><span>").append(label).append("</span></div>");
    }

    private static void trace(final ReportContext ctx, final StringBuilder out) {
        final TraceStats s = ctx.memo("stats", () -> TraceStats.of(ctx.trace()));
        out.append("<h3>Trace</h3>\n<div class=\"kv\">");
        kv(out, "file", "<code>" + Html.esc(ctx.options().source()) + "</code>");
        kv(out, "format", Html.esc(s.format()));
        kv(out, "events", Html.count(s.events()));
        kv(out, "CPUs", Integer.toString(s.cpus()));
        kv(out, "time span", Units.ts(s.firstNs()) + " &rarr; " + Units.ts(s.lastNs()) + " s (" + Html.dur(s.lastNs() - s.firstNs()) + ")");
        kv(out, "tasks", Html.count(s.tasks()));
        if (s.lost() > 0 || s.lostMarkers() > 0) {
            kv(out, "lost events", "<span class=\"bad\">" + Html.count(s.lost()) + " in " + s.lostMarkers() + " gaps</span> (results near them may be incomplete)");
        }
        if (s.unparsed() > 0) kv(out, "unparsed inputs", Html.count(s.unparsed()));
        if (s.outOfOrder() > 0) kv(out, "out-of-order timestamps", Html.count(s.outOfOrder()) + " (sorted)");
        if (s.truncated() != null) kv(out, "damaged input", "<span class=\"bad\">" + Html.esc(s.truncated()) + "</span>");
        if (!ctx.timeline().hasSwitches()) kv(out, "note", "<span class=\"bad\">no sched_switch events: no task slices, chains or CPU activity</span>");
        out.append("</div>\n<details><summary>events by type</summary>\n<table><tr><th>event</th><th class=\"n\">count</th></tr>\n");
        int k = 0;
        for (final Map.Entry<String, Long> e : s.byType().entrySet()) {
            if (k++ >= 40) {
                out.append("<tr><td>… ").append(s.byType().size() - 40).append(" more types</td><td></td></tr>\n");
                break;
            }
            out.append("<tr><td>").append(Html.esc(e.getKey())).append("</td><td class=\"n\">").append(Html.count(e.getValue())).append("</td></tr>\n");
        }
        out.append("</table></details>\n");
    }

    private static void kv(final StringBuilder out, final String k, final String v) {
        out.append("<div>").append(k).append("</div><div>").append(v).append("</div>");
    }
}
