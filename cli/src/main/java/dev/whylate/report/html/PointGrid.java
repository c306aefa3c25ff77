package dev.whylate.report.html;

import java.util.BitSet;

/**
 * Per-cell decimation of scatter points: each series keeps at most one point per grid cell, so a plot's size
 * depends on its pixel grid, not on the number of events (a million events in one cell draw one dot).
 * Counts of the raw points are kept for the legend.
 *
 * <pre>{@code
 * PointGrid g = new PointGrid(3, 480, 180);
 * g.add(0, col, row);
 * g.path(0, c -> x0 + c * 2 + 1, r -> y0 + r * 2 + 1);   // "M12 34h0M..." for round-capped dots
 * }</pre>
 */
public final class PointGrid {
    private final int cols;
    private final int rows;
    private final BitSet[] cells;
    private final long[] raw;

    /** A grid of {@code cols × rows} cells for {@code series} series. */
    public PointGrid(final int series, final int cols, final int rows) {
        this.cols = Math.max(1, cols);
        this.rows = Math.max(1, rows);
        cells = new BitSet[series];
        for (int s = 0; s < series; s++) cells[s] = new BitSet();
        raw = new long[series];
    }

    /** Adds a point of {@code series} in cell ({@code col}, {@code row}); points outside the grid are counted but not kept. */
    public void add(final int series, final int col, final int row) {
        raw[series]++;
        if (col < 0 || col >= cols || row < 0 || row >= rows) return;
        cells[series].set(row * cols + col);
    }

    /** Raw points added to {@code series}. */
    public long raw(final int series) {
        return raw[series];
    }

    /** Distinct cells of {@code series} (points that will be drawn). */
    public int drawn(final int series) {
        return cells[series].cardinality();
    }

    /** Distinct cells over all series. */
    public int drawn() {
        int n = 0;
        for (final BitSet b : cells) n += b.cardinality();
        return n;
    }

    /** Maps a cell index to a coordinate. */
    public interface Coord {
        /** Coordinate of cell {@code i}. */
        double at(int i);
    }

    /** Path data with one zero-length segment per kept cell ({@code M x yh0}), to be stroked with round caps. */
    public String path(final int series, final Coord x, final Coord y) {
        final BitSet b = cells[series];
        final StringBuilder s = new StringBuilder(b.cardinality() * 11);
        for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
            s.append('M').append(Html.px(x.at(i % cols))).append(' ').append(Html.px(y.at(i / cols))).append("h0");
        }
        return s.toString();
    }
}
