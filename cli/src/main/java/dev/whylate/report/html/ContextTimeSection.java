package dev.whylate.report.html;

import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Timeline;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Time in interrupt context by handler: hardirqs by IRQ number and name, vectors, softirqs by action,
 * tasklets and hrtimer callbacks by function; count, total (including interrupts nested inside), longest,
 * mean, CPUs.
 */
final class ContextTimeSection implements Section {
    static final int ROWS = 25;

    @Override
    public String id() {
        return "irqs";
    }

    @Override
    public String title() {
        return "Interrupt and deferred-work time";
    }

    @Override
    public boolean applies(final ReportContext ctx) {
        return ctx.timeline().intervals().size() > 0;
    }

    @Override
    public void render(final ReportContext ctx, final StringBuilder out) {
        final Timeline tl = ctx.timeline();
        final Intervals iv = tl.intervals();
        final Map<String, long[]> per = new HashMap<>();
        final Map<String, BitSet> cpus = new HashMap<>();
        final Map<String, Integer> kind = new HashMap<>();
        for (int i = 0; i < iv.size(); i++) {
            if (iv.end(i) == Long.MAX_VALUE) continue;
            final String label = tl.label(i);
            final long d = iv.duration(i);
            final long[] v = per.computeIfAbsent(label, k -> new long[3]);
            v[0] += d;
            v[1]++;
            v[2] = Math.max(v[2], d);
            cpus.computeIfAbsent(label, k -> new BitSet()).set(iv.cpu(i));
            kind.putIfAbsent(label, iv.kind(i));
        }
        final List<Map.Entry<String, long[]>> l = new ArrayList<>(per.entrySet());
        l.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0]) : a.getKey().compareTo(b.getKey()));
        out.append("<table><tr><th>context</th><th>kind</th><th class=\"n\">count</th><th class=\"n\">total</th><th class=\"n\">longest</th>"
            + "<th class=\"n\">mean</th><th>CPUs</th></tr>\n");
        for (int k = 0; k < Math.min(ROWS, l.size()); k++) {
            final String label = l.get(k).getKey();
            final long[] v = l.get(k).getValue();
            out.append("<tr><td>").append(Html.esc(label)).append("</td><td>").append(Intervals.KIND_NAMES[kind.get(label)]).append("</td><td class=\"n\">")
                .append(Html.count(v[1])).append("</td><td class=\"n\">").append(Html.dur(v[0])).append("</td><td class=\"n\">").append(Html.dur(v[2]))
                .append("</td><td class=\"n\">").append(Html.dur(v[0] / Math.max(1, v[1]))).append("</td><td>").append(TopTasksSection.cpuList(cpus.get(label)))
                .append("</td></tr>\n");
        }
        out.append("</table>\n");
        if (l.size() > ROWS) out.append("<p class=\"note\">").append(l.size() - ROWS).append(" more contexts.</p>\n");
        out.append("<p class=\"note\">Totals include interrupts nested inside (a hardirq during a softirq counts in both).</p>\n");
    }
}
