package dev.whylate.report.html;

import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.cycles.CyclesResult;
import java.util.List;

/**
 * The per-cycle raster plot of the founding case: x = cycle number (start order), y = time since the cycle's
 * start event, one dot colour per kind of chain event ({@link ChainEvents}), a black dot at the cycle's end,
 * miss columns shaded red, the deadline as a dashed line. The y axis is zoomed on the deadline region
 * ({@link CycleViews#zoomMaxNs}); a second, full-range plot sits in a collapsed block when they differ.
 * Dots are decimated per 2×2-pixel cell (coarser if a plot would exceed {@link #MAX_DOTS}).
 */
final class RasterSection implements Section {
    static final double W = 1040;
    static final double H = 400;
    static final int MAX_DOTS = 40_000;
    private static final int END = ChainEvents.KINDS;
    private static final int CLIPPED = ChainEvents.KINDS + 1;

    @Override
    public String id() {
        return "raster";
    }

    @Override
    public String title() {
        return "Cycles raster";
    }

    @Override
    public boolean applies(final ReportContext ctx) {
        return ctx.cycles() != null && !ctx.cycles().items().isEmpty();
    }

    @Override
    public void render(final ReportContext ctx, final StringBuilder out) {
        final CyclesResult r = ctx.cycles();
        final ChainEvents ev = ChainEvents.of(ctx);
        final long zoom = CycleViews.zoomMaxNs(r);
        final long full = CycleViews.fullMaxNs(r);
        out.append("<p class=\"note\">Each column is one cycle (x = cycle number in start order); each dot an event on its chain at its time "
            + "since the cycle's start event (y). Red columns are misses");
        if (r.lost() > 0) out.append(", dark red ones lost cycles");
        out.append(". Hover for the cycle, click a miss to jump to its chain.</p>\n");
        final long[] counts = new long[ChainEvents.KINDS];
        out.append(plot(ctx, r, ev, zoom, counts));
        out.append("<div class=\"legend\">");
        for (int k = 0; k < ChainEvents.KINDS; k++) {
            if (counts[k] == 0) continue;
            final String name = k == ChainEvents.CARRIER && ev.carrierLabel != null ? ev.carrierLabel + " entry"
                : k == ChainEvents.HARDIRQ ? "hardirq entry (" + ev.irqLabel + ")" : ChainEvents.NAMES[k];
            Palette.legend(out, ChainEvents.COLORS[k], name + " (" + Html.count(counts[k]) + ")");
        }
        Palette.legend(out, "#000", "cycle end");
        if (zoom < full) Palette.legend(out, "#000", "▲ ends above the plot");
        out.append("</div>\n");
        if (zoom < full) {
            out.append("<details><summary>full latency range (0 – ").append(Html.dur(full)).append(")</summary>\n");
            out.append(plot(ctx, r, ev, full, new long[ChainEvents.KINDS]));
            out.append("</details>\n");
        }
    }

    /** One raster plot with the y axis from 0 to {@code ymaxNs}; adds raw event counts per kind to {@code counts}. */
    static String plot(final ReportContext ctx, final CyclesResult r, final ChainEvents ev, final long ymaxNs, final long[] counts) {
        final List<Cycle> cs = r.items();
        final int n = cs.size();
        final Svg s = new Svg(W, H, 62, 14, 14, 42);
        final double pw = s.plotWidth();
        final double ph = s.plotHeight();
        final boolean perCycle = n <= pw / 2;
        final int cols = perCycle ? n : (int) pw;
        PointGrid g = null;
        int cell = 2;
        for (; cell <= 16; cell *= 2) {
            g = grid(cs, ev, ymaxNs, cols, perCycle, pw, ph, cell);
            if (g.drawn() <= MAX_DOTS) break;
        }
        if (cell > 16) cell = 16;
        for (int k = 0; k < ChainEvents.KINDS; k++) counts[k] += g.raw(k);
        final Svg.Scale x = Svg.linear(0, n, s.left(), s.right());
        final Svg.Scale y = Svg.linear(0, CycleViews.ms(ymaxNs), s.bottom(), s.top());
        s.open("raster of cycle chain events", "data-cycles=\"" + n + "\" data-x0=\"" + Html.px(s.left()) + "\" data-pw=\"" + Html.px(pw) + "\"");
        // miss and lost columns
        final boolean[] miss = new boolean[cols];
        final boolean[] lost = new boolean[cols];
        for (int i = 0; i < n; i++) {
            final Cycle c = cs.get(i);
            if (!c.miss()) continue;
            final int c0 = perCycle ? i : (int) ((long) i * cols / n);
            final int c1 = perCycle ? i : Math.max(c0, (int) ((long) (i + 1) * cols / n) - 1);
            for (int k = c0; k <= c1 && k < cols; k++) {
                if (c.lost()) lost[k] = true;
                else miss[k] = true;
            }
        }
        final double colW = pw / cols;
        runs(s, lost, colW, Palette.LOST_BG, s.plotHeight());
        runs(s, lost, colW, Palette.LOST, 5);
        boolean[] onlyMiss = miss.clone();
        for (int k = 0; k < cols; k++) if (lost[k]) onlyMiss[k] = false;
        runs(s, onlyMiss, colW, Palette.MISS_BG, s.plotHeight());
        runs(s, miss, colW, Palette.MISS, 5);
        s.xAxis(x, "cycle # (start order); red top marks: misses").yAxis(y, "ms since the cycle start");
        final boolean dlShown = r.deadlineNs() > 0 && r.deadlineNs() <= ymaxNs;
        final double dly = dlShown ? y.map(CycleViews.ms(r.deadlineNs())) : 0;
        if (dlShown) s.line(s.left(), dly, s.right(), dly, Palette.DEADLINE, "6 4");
        final double dot = Math.max(2.4, Math.min(5, colW * 0.8));
        final int fcell = cell;
        final PointGrid.Coord cx = c -> s.left() + (c + 0.5) * colW;
        final PointGrid.Coord cy = row -> s.bottom() - (row + 0.5) * fcell;
        for (int k = 0; k < ChainEvents.KINDS; k++) {
            if (g.drawn(k) == 0) continue;
            s.raw("<path fill=\"none\" stroke=\"" + ChainEvents.COLORS[k] + "\" stroke-width=\"" + Html.px(dot)
                + "\" stroke-linecap=\"round\" d=\"" + g.path(k, cx, cy) + "\"/>\n");
        }
        if (g.drawn(END) > 0) {
            // the end of a cycle: a short horizontal bar, so it stands apart from the dots
            final double half = Math.max(2, Math.min(5, colW * 0.45));
            s.raw("<path fill=\"none\" stroke=\"#000\" stroke-width=\"1.6\" d=\""
                + g.path(END, c -> cx.at(c) - half, cy).replace("h0", "h" + Html.px(2 * half)) + "\"/>\n");
        }
        if (g.drawn(CLIPPED) > 0) {
            // cycles that end above the plot: small upward triangles under the miss strip
            final double half = Math.max(2, Math.min(4, colW * 0.45));
            s.raw("<path fill=\"#000\" d=\"" + g.path(CLIPPED, cx, row -> s.top() + 7).replace("h0", "l" + Html.px(half) + " " + Html.px(2 * half)
                + "h" + Html.px(-2 * half) + "z") + "\"/>\n");
        }
        if (dlShown) s.text(s.right() - 4, dly - 4, "end", "t halo", "deadline " + Html.dur(r.deadlineNs()));
        s.frame();
        return s.close();
    }

    private static PointGrid grid(final List<Cycle> cs, final ChainEvents ev, final long ymaxNs, final int cols, final boolean perCycle,
                                  final double pw, final double ph, final int cell) {
        final int n = cs.size();
        final int rows = (int) Math.ceil(ph / cell);
        final PointGrid g = new PointGrid(ChainEvents.KINDS + 2, cols, rows);
        final double perNs = ph / ymaxNs / cell;
        for (int i = 0; i < n; i++) {
            final Cycle c = cs.get(i);
            final int col = perCycle ? i : (int) ((long) i * cols / n);
            final long from = c.startNs();
            final long to = Math.min(c.endNs(), from + ymaxNs);
            for (int k = 0; k < ChainEvents.KINDS; k++) {
                final int kind = k;
                ev.forEach(k, c.tid(), from, to, t -> g.add(kind, col, (int) ((t - from) * perNs)));
            }
            if (c.latencyNs() <= ymaxNs) {
                if (!c.lost()) g.add(END, col, Math.min(rows - 1, (int) (c.latencyNs() * perNs)));
            } else {
                g.add(CLIPPED, col, 0);
            }
        }
        return g;
    }

    private static void runs(final Svg s, final boolean[] on, final double colW, final String fill, final double height) {
        final StringBuilder d = new StringBuilder();
        int k = 0;
        while (k < on.length) {
            if (!on[k]) {
                k++;
                continue;
            }
            int e = k;
            while (e < on.length && on[e]) e++;
            d.append('M').append(Html.px(s.left() + k * colW)).append(' ').append(Html.px(s.top())).append('h').append(Html.px((e - k) * colW))
                .append('v').append(Html.px(height)).append('h').append(Html.px(-(e - k) * colW)).append('z');
            k = e;
        }
        if (d.length() > 0) s.raw("<path fill=\"" + fill + "\" d=\"" + d + "\"/>\n");
    }
}
