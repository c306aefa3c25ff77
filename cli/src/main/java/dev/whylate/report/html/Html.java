package dev.whylate.report.html;

import dev.whylate.util.Units;
import java.util.Locale;

/**
 * Escaping and number formatting for the HTML report. Every string that comes from a trace (comms, handler
 * and function names, filter text, file names) goes through {@link #esc}: task names are attacker-chosen
 * ({@code prctl(PR_SET_NAME)}), so a comm such as {@code <script>} must end up as text.
 *
 * <pre>{@code
 * StringBuilder b = new StringBuilder();
 * b.append("<td>").append(Html.esc(comm)).append("</td>");
 * }</pre>
 */
public final class Html {
    private Html() {}

    /**
     * {@code s} escaped for HTML text and for double- or single-quoted attribute values (also inside inline
     * SVG): {@code & < > " '} become entities, C0 control characters other than tab/newline and lone
     * surrogates become U+FFFD. Null becomes the empty string.
     */
    public static String esc(final String s) {
        if (s == null) return "";
        int k = 0;
        while (k < s.length() && safe(s.charAt(k))) k++;
        if (k == s.length()) return s;
        final StringBuilder b = new StringBuilder(s.length() + 16);
        b.append(s, 0, k);
        escTo(b, s, k);
        return b.toString();
    }

    /** Appends {@code s} escaped as by {@link #esc}. */
    public static StringBuilder esc(final StringBuilder b, final String s) {
        if (s != null) escTo(b, s, 0);
        return b;
    }

    private static boolean safe(final char c) {
        return c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' && !Character.isSurrogate(c) && c != 0x7f;
    }

    private static void escTo(final StringBuilder b, final String s, final int from) {
        for (int i = from; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                case '\t': case '\n': b.append(c); break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
            }
        }
    }

    /**
     * JSON text made safe to sit inside a {@code <script type="application/json">} element: {@code < > &} and
     * the JavaScript line separators become {@code \}{@code uXXXX} escapes. Valid because these characters can
     * only occur inside JSON strings, where the escapes mean the same character.
     */
    public static String scriptJson(final String json) {
        final StringBuilder b = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            final char c = json.charAt(i);
            switch (c) {
                case '<': b.append("\\u003c"); break;
                case '>': b.append("\\u003e"); break;
                case '&': b.append("\\u0026"); break;
                case '\u2028': b.append("\\u2028"); break;
                case '\u2029': b.append("\\u2029"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }

    /** A coordinate or value with at most {@code decimals} decimals, trailing zeros dropped ({@code 12.5}, {@code 3}). */
    public static String num(final double v, final int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "0";
        final double m = Math.pow(10, decimals);
        final double r = Math.round(v * m) / m;
        if (r == Math.rint(r) && Math.abs(r) < 1e15) return Long.toString((long) r);
        String s = String.format(Locale.ROOT, "%." + decimals + "f", r);
        int e = s.length();
        while (e > 0 && s.charAt(e - 1) == '0') e--;
        if (e > 0 && s.charAt(e - 1) == '.') e--;
        s = s.substring(0, e);
        return s.equals("-0") ? "0" : s;
    }

    /** An SVG coordinate (one decimal). */
    public static String px(final double v) {
        return num(v, 1);
    }

    /** A duration for humans (escaped text is not needed: digits and units only). */
    public static String dur(final long ns) {
        return Units.dur(ns).replace(" us", " µs");
    }

    /** A count with thousands separators. */
    public static String count(final long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A share 0..1 as a percentage with one decimal. */
    public static String pct(final double share) {
        return Units.pct(share);
    }
}
