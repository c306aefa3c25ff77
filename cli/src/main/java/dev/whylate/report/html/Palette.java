package dev.whylate.report.html;

import java.util.Map;

/** Colours of the report: per chain segment kind, per blame category, and for plot series. */
final class Palette {
    static final String OK = "#3b73b9";
    static final String MISS = "#c62828";
    static final String LOST = "#6d1b1b";
    static final String MISS_BG = "#fdf0ee";
    static final String LOST_BG = "#f6cfca";
    static final String DEADLINE = "#c62828";

    private static final Map<String, String> SEGMENT = Map.ofEntries(
        Map.entry("running", "#2e7d32"),
        Map.entry("runnable", "#d32f2f"),
        Map.entry("work-wait", "#ef6c00"),
        Map.entry("blocked", "#9e9e9e"),
        Map.entry("work", "#00897b"),
        Map.entry("hardirq", "#6a1b9a"),
        Map.entry("vector", "#8e24aa"),
        Map.entry("softirq", "#ad1457"),
        Map.entry("softirq-wait", "#f9a825"),
        Map.entry("tasklet", "#d81b60"),
        Map.entry("hrtimer", "#5e35b1"),
        Map.entry("irq-latency", "#fbc02d"),
        Map.entry("timer-slack", "#fff176"),
        Map.entry("unknown", "#cfd8dc"));

    private static final Map<String, String> CATEGORY = Map.ofEntries(
        Map.entry("IRQ latency", "#fbc02d"),
        Map.entry("timer slack", "#fff176"),
        Map.entry("IRQ handler", "#6a1b9a"),
        Map.entry("blocking thread", "#d32f2f"),
        Map.entry("IRQ interference", "#8e24aa"),
        Map.entry("softirq interference", "#ad1457"),
        Map.entry("thread interference", "#ef6c00"),
        Map.entry("exit from idle", "#0097a7"),
        Map.entry("running", "#2e7d32"),
        Map.entry("deferred work", "#00897b"),
        Map.entry("external wait", "#9e9e9e"),
        Map.entry("unknown", "#cfd8dc"));

    private Palette() {}

    /** Colour of a segment kind (grey for kinds added later). */
    static String segment(final String kind) {
        return SEGMENT.getOrDefault(kind, "#78909c");
    }

    /** Colour of a blame category. */
    static String category(final String c) {
        return CATEGORY.getOrDefault(c, "#78909c");
    }

    /** Text colour readable on a segment of {@code kind}. */
    static String textOn(final String kind) {
        switch (kind) {
            case "blocked": case "unknown": case "softirq-wait": case "irq-latency": case "timer-slack": return "#222";
            default: return "#fff";
        }
    }

    /** Segment kinds in legend order. */
    static final String[] SEGMENT_ORDER = {"running", "runnable", "work-wait", "work", "blocked", "hardirq", "vector", "softirq",
        "softirq-wait", "tasklet", "hrtimer", "irq-latency", "timer-slack", "unknown"};

    /** A legend entry: coloured square and text (escaped). */
    static void legend(final StringBuilder out, final String color, final String text) {
        out.append("<span><i style=\"background:").append(color).append("\"></i>").append(Html.esc(text)).append("</span>");
    }
}
