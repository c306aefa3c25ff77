package dev.whylate.report.html;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written SVG chart: a plot area inside margins, linear or log scales, axes with "nice" ticks, and
 * helpers for shapes. Coordinates are in the SVG's own units (the viewBox); the chart scales with the page.
 * Text arguments are escaped here.
 *
 * <pre>{@code
 * Svg s = new Svg(960, 300, 56, 12, 16, 40);
 * Svg.Scale x = Svg.linear(0, 100, s.left(), s.right());
 * Svg.Scale y = Svg.linear(0, 5, s.bottom(), s.top());
 * s.open("latency", null).xAxis(x, "cycle #").yAxis(y, "ms");
 * s.rect(10, 10, 5, 5, "#c62828", "a tooltip");
 * String svg = s.close();
 * }</pre>
 */
public final class Svg {
    private final StringBuilder b = new StringBuilder(4096);
    private final double w;
    private final double h;
    private final double ml;
    private final double mr;
    private final double mt;
    private final double mb;

    /** A chart {@code w × h} with margins left, right, top, bottom. */
    public Svg(final double w, final double h, final double ml, final double mr, final double mt, final double mb) {
        this.w = w;
        this.h = h;
        this.ml = ml;
        this.mr = mr;
        this.mt = mt;
        this.mb = mb;
    }

    /** Left edge of the plot area. */
    public double left() {
        return ml;
    }

    /** Right edge of the plot area. */
    public double right() {
        return w - mr;
    }

    /** Top edge of the plot area. */
    public double top() {
        return mt;
    }

    /** Bottom edge of the plot area. */
    public double bottom() {
        return h - mb;
    }

    /** Plot area width. */
    public double plotWidth() {
        return w - ml - mr;
    }

    /** Plot area height. */
    public double plotHeight() {
        return h - mt - mb;
    }

    /** Opens the {@code <svg>} element; {@code extraAttrs} (trusted, may be null) is appended verbatim. */
    public Svg open(final String ariaLabel, final String extraAttrs) {
        b.append("<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(Html.px(w)).append(' ').append(Html.px(h))
            .append("\" role=\"img\" aria-label=\"").append(Html.esc(ariaLabel)).append('"');
        if (extraAttrs != null) b.append(' ').append(extraAttrs);
        b.append(">\n");
        return this;
    }

    /** Closes the element and returns the SVG text. */
    public String close() {
        b.append("</svg>\n");
        return b.toString();
    }

    /** Raw (trusted) markup. */
    public Svg raw(final String s) {
        b.append(s);
        return this;
    }

    /** A filled rectangle with an optional tooltip (escaped). */
    public Svg rect(final double x, final double y, final double rw, final double rh, final String fill, final String title) {
        b.append("<rect x=\"").append(Html.px(x)).append("\" y=\"").append(Html.px(y)).append("\" width=\"").append(Html.px(Math.max(0, rw)))
            .append("\" height=\"").append(Html.px(Math.max(0, rh))).append("\" fill=\"").append(fill).append('"');
        if (title == null) {
            b.append("/>\n");
        } else {
            b.append("><title>").append(Html.esc(title)).append("</title></rect>\n");
        }
        return this;
    }

    /** A line with a CSS class or a stroke colour ({@code dash} may be null). */
    public Svg line(final double x1, final double y1, final double x2, final double y2, final String stroke, final String dash) {
        b.append("<line x1=\"").append(Html.px(x1)).append("\" y1=\"").append(Html.px(y1)).append("\" x2=\"").append(Html.px(x2))
            .append("\" y2=\"").append(Html.px(y2)).append("\" stroke=\"").append(stroke).append('"');
        if (dash != null) b.append(" stroke-dasharray=\"").append(dash).append('"');
        b.append("/>\n");
        return this;
    }

    /** Text (escaped) with anchor {@code start|middle|end} and a CSS class. */
    public Svg text(final double x, final double y, final String anchor, final String cls, final String text) {
        b.append("<text x=\"").append(Html.px(x)).append("\" y=\"").append(Html.px(y)).append('"');
        if (!"start".equals(anchor)) b.append(" text-anchor=\"").append(anchor).append('"');
        if (cls != null) b.append(" class=\"").append(cls).append('"');
        b.append('>').append(Html.esc(text)).append("</text>\n");
        return this;
    }

    /** Plot frame, vertical grid lines and x ticks with labels, plus the axis label under them. */
    public Svg xAxis(final Scale x, final String label) {
        for (final double t : x.ticks(Math.max(2, (int) (plotWidth() / 90)))) {
            final double px = x.map(t);
            b.append("<line class=\"grid\" x1=\"").append(Html.px(px)).append("\" y1=\"").append(Html.px(top())).append("\" x2=\"")
                .append(Html.px(px)).append("\" y2=\"").append(Html.px(bottom())).append("\"/>\n");
            text(px, bottom() + 14, "middle", "t", x.label(t));
        }
        if (label != null) text((left() + right()) / 2, h - 6, "middle", "lab", label);
        return this;
    }

    /** Horizontal grid lines and y ticks with labels, plus the rotated axis label. */
    public Svg yAxis(final Scale y, final String label) {
        for (final double t : y.ticks(Math.max(2, (int) (plotHeight() / 45)))) {
            final double py = y.map(t);
            b.append("<line class=\"grid\" x1=\"").append(Html.px(left())).append("\" y1=\"").append(Html.px(py)).append("\" x2=\"")
                .append(Html.px(right())).append("\" y2=\"").append(Html.px(py)).append("\"/>\n");
            text(left() - 5, py + 4, "end", "t", y.label(t));
        }
        if (label != null) {
            b.append("<text class=\"lab\" text-anchor=\"middle\" transform=\"translate(13 ").append(Html.px((top() + bottom()) / 2))
                .append(") rotate(-90)\">").append(Html.esc(label)).append("</text>\n");
        }
        return this;
    }

    /** The plot area's frame (draw last so it sits on top). */
    public Svg frame() {
        b.append("<rect class=\"ax\" x=\"").append(Html.px(left())).append("\" y=\"").append(Html.px(top())).append("\" width=\"")
            .append(Html.px(plotWidth())).append("\" height=\"").append(Html.px(plotHeight())).append("\"/>\n");
        return this;
    }

    /** A value → coordinate mapping with tick generation. */
    public interface Scale {
        /** Coordinate of {@code v}. */
        double map(double v);

        /** About {@code n} tick values inside the domain. */
        List<Double> ticks(int n);

        /** Label for a tick value. */
        String label(double v);
    }

    /** Linear scale from the domain {@code [d0, d1]} to the range {@code [r0, r1]}. */
    public static Scale linear(final double d0, final double d1, final double r0, final double r1) {
        final double span = d1 - d0 == 0 ? 1 : d1 - d0;
        return new Scale() {
            @Override
            public double map(final double v) {
                return r0 + (v - d0) / span * (r1 - r0);
            }

            @Override
            public List<Double> ticks(final int n) {
                final double step = niceStep(span / Math.max(1, n));
                final List<Double> out = new ArrayList<>();
                final double first = Math.ceil(d0 / step - 1e-9) * step;
                for (double t = first; t <= d1 + step * 1e-9 && out.size() < 100; t += step) out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
                return out;
            }

            @Override
            public String label(final double v) {
                final double step = niceStep(span / 8);
                final int dec = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
                return Html.num(v, Math.min(6, dec + 1));
            }
        };
    }

    /** Log10 scale from the domain {@code [d0, d1]} (both &gt; 0) to {@code [r0, r1]}; ticks at 1, 2, 5 × 10^k. */
    public static Scale log(final double d0, final double d1, final double r0, final double r1) {
        final double l0 = Math.log10(d0);
        final double l1 = Math.log10(d1);
        final double span = l1 - l0 == 0 ? 1 : l1 - l0;
        return new Scale() {
            @Override
            public double map(final double v) {
                return r0 + (Math.log10(Math.max(v, d0 * 1e-3)) - l0) / span * (r1 - r0);
            }

            @Override
            public List<Double> ticks(final int n) {
                final List<Double> out = new ArrayList<>();
                final boolean dense = span < n / 2.0;
                for (int e = (int) Math.floor(l0); e <= (int) Math.ceil(l1); e++) {
                    for (final int m : dense ? new int[] {1, 2, 5} : new int[] {1}) {
                        final double t = m * Math.pow(10, e);
                        if (t >= d0 * (1 - 1e-9) && t <= d1 * (1 + 1e-9)) out.add(t);
                    }
                }
                return out;
            }

            @Override
            public String label(final double v) {
                return Html.num(v, v >= 1 ? 0 : (int) Math.ceil(-Math.log10(v) - 1e-9));
            }
        };
    }

    /** The 1-2-5 step not smaller than {@code raw}. */
    static double niceStep(final double raw) {
        if (!(raw > 0)) return 1;
        final double p = Math.pow(10, Math.floor(Math.log10(raw)));
        final double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** The smallest 1-2-5 value at or above {@code v} (axis maxima). */
    static double niceCeil(final double v) {
        if (!(v > 0)) return 1;
        final double p = Math.pow(10, Math.floor(Math.log10(v)));
        final double f = v / p;
        final double[] steps = {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
        for (final double s : steps) if (f <= s + 1e-9) return s * p;
        return 10 * p;
    }
}
