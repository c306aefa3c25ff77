package dev.whylate.util;

import java.util.Locale;

/** Parses durations written as {@code 3.5ms}, {@code 500us}, {@code 2s}, {@code 100ns}, {@code 1m}; a bare number is ns. */
public final class Durations {
    private Durations() {}

    /**
     * The duration in ns.
     *
     * @throws IllegalArgumentException naming the bad text
     */
    public static long parse(final String text) {
        final String s = text.strip().toLowerCase(Locale.ROOT);
        int k = 0;
        while (k < s.length() && (Character.isDigit(s.charAt(k)) || s.charAt(k) == '.')) k++;
        if (k == 0) throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 3.5ms, 500us, 2s)");
        final double v;
        try {
            v = Double.parseDouble(s.substring(0, k));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "'");
        }
        final String unit = s.substring(k).strip();
        final double mult;
        switch (unit) {
            case "": case "ns": mult = 1; break;
            case "us": case "µs": mult = 1e3; break;
            case "ms": mult = 1e6; break;
            case "s": mult = 1e9; break;
            case "m": case "min": mult = 60e9; break;
            case "h": mult = 3600e9; break;
            default: throw new IllegalArgumentException("unknown unit '" + unit + "' in '" + text + "' (ns, us, ms, s, m, h)");
        }
        final double ns = v * mult;
        if (ns > Long.MAX_VALUE / 2) throw new IllegalArgumentException("duration too long: '" + text + "'");
        return Math.round(ns);
    }

    /**
     * A trace timestamp: seconds with decimals as traces print them ({@code 1033.092452}) or a duration with a
     * unit taken as absolute ns since the trace clock's zero.
     */
    public static long parseTimestamp(final String text) {
        final String s = text.strip();
        if (s.matches("\\d+(\\.\\d{1,9})?")) {
            final int dot = s.indexOf('.');
            if (dot < 0) return Long.parseLong(s) * 1_000_000_000L;
            final String frac = (s.substring(dot + 1) + "000000000").substring(0, 9);
            return Long.parseLong(s.substring(0, dot)) * 1_000_000_000L + Long.parseLong(frac);
        }
        return parse(s);
    }
}
