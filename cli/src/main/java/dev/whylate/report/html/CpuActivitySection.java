package dev.whylate.report.html;

import dev.whylate.model.EventStore;
import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Slices;
import dev.whylate.timeline.Timeline;

/**
 * Per-CPU activity over the whole trace: for each pixel column of each CPU lane, the fraction of the time
 * spent in interrupt context (hardirq, vector, softirq, tasklet, hrtimer, NMI — outermost intervals only) and
 * in tasks other than idle (minus that interrupt time), as stacked step areas. Heights are quantised to half
 * pixels and drawn as run-length steps, so the size is bounded by CPUs × columns.
 */
final class CpuActivitySection implements Section {
    static final String TASK = "#3b73b9";
    static final String IRQ = "#e0772c";

    @Override
    public String id() {
        return "cpus";
    }

    @Override
    public String title() {
        return "CPU activity";
    }

    @Override
    public boolean applies(final ReportContext ctx) {
        return ctx.trace().events().size() > 1 && (ctx.timeline().slices().size() > 0 || ctx.timeline().intervals().size() > 0);
    }

    @Override
    public void render(final ReportContext ctx, final StringBuilder out) {
        final Timeline tl = ctx.timeline();
        final EventStore es = ctx.trace().events();
        final long t0 = es.ts(0);
        final long t1 = Math.max(t0 + 1, es.ts(es.size() - 1));
        final int all = Math.max(tl.slices().cpus(), tl.intervals().size() == 0 ? 0 : maxCpu(tl.intervals()) + 1);
        // a lane per CPU with events: a trace of a big machine recorded on a few CPUs declares all of them
        final dev.whylate.util.IntList shown = new dev.whylate.util.IntList();
        final dev.whylate.util.IntList quiet = new dev.whylate.util.IntList();
        for (int c = 0; c < all; c++) {
            if (tl.cpuFirst(c) != dev.whylate.timeline.Works.NONE || tl.slices().ofCpu(c).length > 0 || tl.intervals().ofCpu(c).length > 0) shown.add(c);
            else quiet.add(c);
        }
        final int ncpu = shown.size();
        final double laneH = ncpu > 32 ? 16 : 28;
        final double gap = 4;
        final boolean marks = ctx.cycles() != null && ctx.cycles().misses() > 0;
        final Svg s = new Svg(1040, 12 + ncpu * (laneH + gap) + 36 + (marks ? 12 : 0), 62, 78, marks ? 20 : 8, 36);
        final int cols = (int) (ncpu > 64 ? s.plotWidth() / 4 : ncpu > 32 ? s.plotWidth() / 2 : s.plotWidth());
        final double colPx = s.plotWidth() / cols;
        final double colNs = (t1 - t0) / (double) cols;
        final Svg.Scale x = Svg.linear(0, (t1 - t0) / 1e9, s.left(), s.right());
        s.open("per-CPU activity", null).xAxis(x, "s since the trace start");
        if (marks) {
            // a strip above the lanes: the pixel columns in which a miss started
            final boolean[] miss = new boolean[cols];
            for (final dev.whylate.analysis.cycles.Cycle c : ctx.cycles().items()) {
                if (c.miss()) miss[(int) Math.max(0, Math.min(cols - 1, (c.startNs() - t0) / colNs))] = true;
            }
            final StringBuilder d = new StringBuilder();
            for (int k = 0; k < cols; k++) {
                if (!miss[k]) continue;
                d.append('M').append(Html.px(s.left() + (k + 0.5) * colPx)).append(' ').append(Html.px(s.top() - 14)).append("v8");
            }
            s.raw("<path fill=\"none\" stroke=\"" + Palette.MISS + "\" stroke-width=\"" + Html.px(Math.max(1, colPx)) + "\" d=\"" + d + "\"/>\n");
            s.text(s.left() - 6, s.top() - 7, "end", "t", "misses");
        }
        for (int lane = 0; lane < ncpu; lane++) {
            final int c = shown.get(lane);
            final double[] task = new double[cols];
            final double[] irq = new double[cols];
            final Slices sl = tl.slices();
            for (final int i : sl.ofCpu(c)) if (sl.tid(i) != 0) cover(task, sl.start(i), sl.end(i), t0, t1, colNs);
            final Intervals iv = tl.intervals();
            long busy = 0;
            for (final int i : iv.ofCpu(c)) if (iv.parent(i) < 0) cover(irq, iv.start(i), iv.end(i), t0, t1, colNs);
            for (int k = 0; k < cols; k++) {
                final double fi = Math.min(1, irq[k] / colNs);
                final double ft = Math.min(task[k] / colNs, 1 - fi);
                irq[k] = fi;
                task[k] = ft + fi;
            }
            double sum = 0;
            for (int k = 0; k < cols; k++) sum += task[k];
            busy = Math.round(sum / cols * 1000);
            final double base = s.top() + lane * (laneH + gap) + laneH;
            s.rect(s.left(), base - laneH, s.plotWidth(), laneH, "#f3f5f7", null);
            s.text(s.left() - 6, base - laneH / 2 + 4, "end", "t", "CPU " + c);
            s.text(s.right() + 6, base - laneH / 2 + 4, "start", "t", Html.num(busy / 10.0, 1) + "% busy");
            area(s, task, base, laneH, colPx, TASK);
            area(s, irq, base, laneH, colPx, IRQ);
        }
        out.append("<p class=\"note\">Share of each pixel column's time (").append(Html.dur((long) colNs))
            .append(" per column) each CPU spent running tasks other than idle, and in interrupt context.")
            .append(quiet.size() == 0 ? "" : " Not shown, no events in the trace: CPU" + (quiet.size() > 1 ? "s " : " ")
                + dev.whylate.util.CpuList.format(quiet.toArray()) + ".")
            .append("</p>\n");
        out.append(s.close());
        out.append("<div class=\"legend\">");
        Palette.legend(out, TASK, "tasks");
        Palette.legend(out, IRQ, "hardirq / softirq / tasklet / timer callbacks");
        out.append("</div>\n");
    }

    private static int maxCpu(final Intervals iv) {
        int m = -1;
        for (int i = 0; i < iv.size(); i++) m = Math.max(m, iv.cpu(i));
        return m;
    }

    /** Adds the overlap of {@code [a, b)} with every column to {@code acc} (ns). */
    static void cover(final double[] acc, final long a, final long b, final long t0, final long t1, final double colNs) {
        final long lo = Math.max(a, t0);
        final long hi = Math.min(b, t1);
        if (hi <= lo) return;
        final int c0 = (int) Math.min(acc.length - 1, (long) ((lo - t0) / colNs));
        final int c1 = (int) Math.min(acc.length - 1, (long) ((hi - t0) / colNs));
        if (c0 == c1) {
            acc[c0] += hi - lo;
            return;
        }
        acc[c0] += (c0 + 1) * colNs - (lo - t0);
        for (int k = c0 + 1; k < c1; k++) acc[k] += colNs;
        acc[c1] += (hi - t0) - c1 * colNs;
    }

    /** A filled step area of fractions {@code f} (0..1) above {@code base}, heights quantised to 0.5 px. */
    private static void area(final Svg s, final double[] f, final double base, final double laneH, final double colPx, final String fill) {
        final StringBuilder d = new StringBuilder();
        d.append('M').append(Html.px(s.left())).append(' ').append(Html.px(base));
        double last = -1;
        boolean any = false;
        for (int k = 0; k < f.length; k++) {
            final double h = Math.round(f[k] * laneH * 2) / 2.0;
            if (h > 0) any = true;
            if (h != last) {
                d.append('H').append(Html.px(s.left() + k * colPx)).append('V').append(Html.px(base - h));
                last = h;
            }
        }
        if (!any) return;
        d.append('H').append(Html.px(s.left() + f.length * colPx)).append('V').append(Html.px(base)).append('Z');
        s.raw("<path fill=\"" + fill + "\" d=\"" + d + "\"/>\n");
    }
}
