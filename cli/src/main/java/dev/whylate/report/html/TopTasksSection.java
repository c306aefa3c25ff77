package dev.whylate.report.html;

import dev.whylate.model.EventStore;
import dev.whylate.timeline.Slices;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tasks that ran longest: run time from task slices (idle excluded), share of all CPU time, slices, CPUs. */
final class TopTasksSection implements Section {
    static final int ROWS = 25;

    @Override
    public String id() {
        return "tasks";
    }

    @Override
    public String title() {
        return "Top tasks by run time";
    }

    @Override
    public boolean applies(final ReportContext ctx) {
        return ctx.timeline().slices().size() > 0;
    }

    @Override
    public void render(final ReportContext ctx, final StringBuilder out) {
        final Slices sl = ctx.timeline().slices();
        final Map<Integer, long[]> per = new HashMap<>();
        final Map<Integer, BitSet> cpus = new HashMap<>();
        for (int i = 0; i < sl.size(); i++) {
            final int t = sl.tid(i);
            if (t == 0 || sl.end(i) == Long.MAX_VALUE) continue;
            final long d = sl.end(i) - sl.start(i);
            final long[] v = per.computeIfAbsent(t, k -> new long[3]);
            v[0] += d;
            v[1]++;
            v[2] = Math.max(v[2], d);
            cpus.computeIfAbsent(t, k -> new BitSet()).set(sl.cpu(i));
        }
        final EventStore es = ctx.trace().events();
        final long span = es.size() < 2 ? 1 : es.ts(es.size() - 1) - es.ts(0);
        // CPUs the trace saw run something (a trace of a few CPUs of a big machine declares all of them)
        int seen = 0;
        for (int c = 0; c < sl.cpus(); c++) if (sl.ofCpu(c).length > 0) seen++;
        final int ncpu = Math.max(1, seen);
        final List<Map.Entry<Integer, long[]>> l = new ArrayList<>(per.entrySet());
        l.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0]) : Integer.compare(a.getKey(), b.getKey()));
        out.append("<table><tr><th>task</th><th class=\"n\">tid</th><th>process</th><th class=\"n\">run time</th><th class=\"n\">share of CPU time</th>"
            + "<th class=\"n\">slices</th><th class=\"n\">longest</th><th>CPUs</th></tr>\n");
        for (int k = 0; k < Math.min(ROWS, l.size()); k++) {
            final int tid = l.get(k).getKey();
            final long[] v = l.get(k).getValue();
            final int tgid = ctx.trace().tasks().tgid(tid);
            final String proc = tgid > 0 && tgid != tid ? (ctx.trace().tasks().get(tgid) != null && ctx.trace().tasks().get(tgid).comm() != null
                ? ctx.trace().tasks().comm(tgid) + "[" + tgid + "]" : "pid " + tgid) : "";
            out.append("<tr><td class=\"nw\">").append(Html.esc(ctx.trace().tasks().comm(tid))).append("</td><td class=\"n\">").append(tid).append("</td><td>")
                .append(Html.esc(proc)).append("</td><td class=\"n\">").append(Html.dur(v[0])).append("</td><td class=\"n\">")
                .append(Html.pct(v[0] / ((double) span * ncpu))).append("</td><td class=\"n\">").append(Html.count(v[1])).append("</td><td class=\"n\">")
                .append(Html.dur(v[2])).append("</td><td>").append(cpuList(cpus.get(tid))).append("</td></tr>\n");
        }
        out.append("</table>\n");
        if (l.size() > ROWS) out.append("<p class=\"note\">").append(Html.count(l.size() - ROWS)).append(" more tasks ran.</p>\n");
    }

    /** {@code 0-3,6} style list. */
    static String cpuList(final BitSet b) {
        final StringBuilder s = new StringBuilder();
        for (int i = b.nextSetBit(0); i >= 0; ) {
            final int e = b.nextClearBit(i) - 1;
            if (s.length() > 0) s.append(',');
            s.append(i);
            if (e > i) s.append(e == i + 1 ? "," : "-").append(e);
            i = b.nextSetBit(e + 1);
        }
        return s.toString();
    }
}
