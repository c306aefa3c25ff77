package dev.whylate.report.html;

import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CyclesResult;

/**
 * Latency against time: one dot per cycle at (start time since the trace start, latency) on a log latency
 * axis, misses red, lost cycles dark red at their give-up time; decimated per 2×2-pixel cell.
 */
final class ScatterSection implements Section {
    @Override
    public String id() {
        return "scatter";
    }

    @Override
    public String title() {
        return "Latency over time";
    }

    @Override
    public boolean applies(final ReportContext ctx) {
        return ctx.cycles() != null && !ctx.cycles().items().isEmpty();
    }

    @Override
    public void render(final ReportContext ctx, final StringBuilder out) {
        final CyclesResult r = ctx.cycles();
        final long t0 = ctx.trace().events().size() == 0 ? 0 : ctx.trace().events().ts(0);
        final long t1 = ctx.trace().events().size() == 0 ? 1 : ctx.trace().events().ts(ctx.trace().events().size() - 1);
        long minLat = Long.MAX_VALUE;
        long maxLat = 1;
        for (final Cycle c : r.items()) {
            minLat = Math.min(minLat, Math.max(1000, c.latencyNs()));
            maxLat = Math.max(maxLat, c.latencyNs());
        }
        if (r.deadlineNs() > 0) {
            minLat = Math.min(minLat, r.deadlineNs());
            maxLat = Math.max(maxLat, r.deadlineNs());
        }
        final double lo = Math.pow(10, Math.floor(Math.log10(CycleViews.ms(minLat) / 1.2)));
        final double hi = Math.pow(10, Math.ceil(Math.log10(CycleViews.ms(maxLat) * 1.2)));
        final Svg s = new Svg(1040, 320, 62, 14, 14, 42);
        final double spanS = Math.max(1e-6, (t1 - t0) / 1e9);
        final Svg.Scale x = Svg.linear(0, spanS, s.left(), s.right());
        final Svg.Scale y = Svg.log(lo, hi, s.bottom(), s.top());
        PointGrid g = null;
        int cell = 2;
        for (; ; cell *= 2) {
            g = new PointGrid(3, (int) Math.ceil(s.plotWidth() / cell), (int) Math.ceil(s.plotHeight() / cell));
            for (final Cycle c : r.items()) {
                final int series = c.lost() ? 2 : c.miss() ? 1 : 0;
                final double px = x.map((c.startNs() - t0) / 1e9) - s.left();
                final double py = s.bottom() - y.map(CycleViews.ms(Math.max(1000, c.latencyNs())));
                g.add(series, (int) (px / cell), (int) (py / cell));
            }
            if (g.drawn() <= RasterSection.MAX_DOTS || cell >= 8) break;
        }
        final int fcell = cell;
        final PointGrid fg = g;
        s.open("latency over time", null).xAxis(x, "cycle start (s since the trace start)").yAxis(y, "latency (ms, log scale)");
        final double dly = r.deadlineNs() > 0 ? y.map(CycleViews.ms(r.deadlineNs())) : 0;
        if (r.deadlineNs() > 0) s.line(s.left(), dly, s.right(), dly, Palette.DEADLINE, "6 4");
        final String[] colors = {Palette.OK, Palette.MISS, Palette.LOST};
        for (int k = 0; k < 3; k++) {
            if (g.drawn(k) == 0) continue;
            s.raw("<path fill=\"none\" stroke=\"" + colors[k] + "\" stroke-width=\"3\" stroke-linecap=\"round\" d=\""
                + fg.path(k, c -> s.left() + (c + 0.5) * fcell, row -> s.bottom() - (row + 0.5) * fcell) + "\"/>\n");
        }
        if (r.deadlineNs() > 0) s.text(s.right() - 4, dly - 4, "end", "t halo", "deadline " + Html.dur(r.deadlineNs()));
        s.frame();
        out.append(s.close());
        out.append("<div class=\"legend\">");
        Palette.legend(out, Palette.OK, "in time (" + Html.count(g.raw(0)) + ")");
        if (g.raw(1) > 0) Palette.legend(out, Palette.MISS, "miss (" + Html.count(g.raw(1)) + ")");
        if (g.raw(2) > 0) Palette.legend(out, Palette.LOST, "lost, at the give-up time (" + Html.count(g.raw(2)) + ")");
        out.append("</div>\n");
    }
}
