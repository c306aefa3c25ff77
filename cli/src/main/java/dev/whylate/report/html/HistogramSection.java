package dev.whylate.report.html;

import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CyclesResult;

/**
 * Latency histogram of the completed cycles: linear bins from 0 to the zoomed axis maximum
 * ({@link CycleViews#zoomMaxNs}) plus one overflow bar, bars past the deadline in red.
 */
final class HistogramSection implements Section {
    @Override
    public String id() {
        return "histogram";
    }

    @Override
    public String title() {
        return "Latency histogram";
    }

    @Override
    public boolean applies(final ReportContext ctx) {
        return ctx.cycles() != null && ctx.cycles().latency().count() > 0;
    }

    @Override
    public void render(final ReportContext ctx, final StringBuilder out) {
        final CyclesResult r = ctx.cycles();
        final long max = CycleViews.zoomMaxNs(r);
        final double maxMs = CycleViews.ms(max);
        double w = Svg.niceStep(maxMs / 70);
        if (r.deadlineNs() > 0) {
            // make the deadline a bin edge so no bar mixes hits and misses
            final double dl = CycleViews.ms(r.deadlineNs());
            for (int k = 0; k < 4 && Math.abs(dl / w - Math.rint(dl / w)) > 1e-6; k++) w = Svg.niceStep(w / 2 * 0.999);
        }
        final double width = w;
        final int bins = (int) Math.ceil(maxMs / width - 1e-9);
        final long[] count = new long[bins + 1];
        long over = 0;
        for (final Cycle c : r.items()) {
            if (c.lost()) continue;
            final double ms = CycleViews.ms(c.latencyNs());
            if (ms > bins * width) {
                over++;
                continue;
            }
            count[Math.min(bins - 1, Math.max(0, (int) Math.ceil(ms / width) - 1))]++;
        }
        count[bins] = over;
        long top = 1;
        for (final long c : count) top = Math.max(top, c);
        final Svg s = new Svg(1040, 300, 62, 14, 14, 42);
        final Svg.Scale x = Svg.linear(0, (bins + (over > 0 ? 1.5 : 0)) * width, s.left(), s.right());
        final Svg.Scale y = Svg.linear(0, Svg.niceCeil(top * 1.05), s.bottom(), s.top());
        s.open("latency histogram", null).xAxis(x, "latency (ms), bins of " + Html.num(width, 4) + " ms").yAxis(y, "cycles");
        for (int b = 0; b < bins; b++) {
            if (count[b] == 0) continue;
            final double lo = b * width;
            final double hi = (b + 1) * width;
            final boolean late = r.deadlineNs() >= 0 && lo * 1e6 >= r.deadlineNs();
            final double x0 = x.map(lo);
            final double x1 = x.map(hi);
            s.rect(x0 + 0.5, y.map(count[b]), Math.max(1, x1 - x0 - 1), s.bottom() - y.map(count[b]), late ? Palette.MISS : Palette.OK,
                Html.num(lo, 4) + "–" + Html.num(hi, 4) + " ms: " + count[b] + " cycles");
        }
        if (over > 0) {
            final double x0 = x.map(bins * width + 0.3 * width);
            final double x1 = x.map((bins + 1.3) * width);
            s.rect(x0, y.map(over), x1 - x0, s.bottom() - y.map(over), Palette.LOST, "above " + Html.num(bins * width, 4) + " ms: " + over + " cycles");
            s.text((x0 + x1) / 2, y.map(over) - 4, "middle", "t", "> " + Html.num(bins * width, 4));
        }
        if (r.deadlineNs() > 0 && r.deadlineNs() <= max) {
            final double px = x.map(CycleViews.ms(r.deadlineNs()));
            s.line(px, s.top(), px, s.bottom(), Palette.DEADLINE, "6 4");
            s.text(px + 4, s.top() + 12, "start", "t halo", "deadline " + Html.dur(r.deadlineNs()));
        }
        s.frame();
        out.append(s.close());
        out.append("<p class=\"note\">").append(Html.count(r.latency().count())).append(" completed cycles");
        if (over > 0) out.append("; ").append(Html.count(over)).append(" above ").append(Html.num(bins * width, 4)).append(" ms in the last bar");
        if (r.lost() > 0) out.append("; ").append(Html.count(r.lost())).append(" lost cycles are not in the histogram");
        out.append(". A bar holds latencies in (lo, hi].</p>\n");
    }
}
