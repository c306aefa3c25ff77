package dev.whylate.util;

import java.util.Locale;

/** Formatting of ns durations and timestamps for humans. */
public final class Units {
    private Units() {}

    /** A duration in ns as {@code 812 ns}, {@code 12.3 us}, {@code 2.712 ms}, {@code 1.204 s}. */
    public static String dur(final long ns) {
        final long a = Math.abs(ns);
        if (a < 1_000) return ns + " ns";
        if (a < 1_000_000) return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        if (a < 1_000_000_000) return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }

    /** A trace timestamp in ns as seconds with 6 decimals ({@code 162.192846}), like ftrace prints it. */
    public static String ts(final long ns) {
        return String.format(Locale.ROOT, "%d.%06d", Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L) / 1000);
    }

    /** A timestamp with all 9 decimals. */
    public static String tsNs(final long ns) {
        return String.format(Locale.ROOT, "%d.%09d", Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }

    /** A share 0..1 as a percentage with one decimal. */
    public static String pct(final double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
