package dev.whylate.analysis.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses what {@code perf sched latency} and {@code perf sched timehist} print (perf 6.1 and upstream layouts). */
final class PerfSchedOutput {
    private PerfSchedOutput() {}

    /** One latency row as printed; durations in ns rounded as printed, timestamps in µs. */
    record Lat(String label, double runtimeMs, long switches, double avgMs, double maxMs, String maxStart, String maxEnd) {}

    /** One timehist row as printed (times in µs as printed, durations in µs as printed). */
    record Hist(String time, int cpu, String task, long waitUs, long delayUs, long runUs) {}

    // perf 6.1: "  comm:tid   |    255.244 ms |       32 | avg:   0.632 ms | max:   3.997 ms | max start:   249.521442 s | max end:   249.525439 s"
    private static final Pattern LAT_61 = Pattern.compile(
        "^  (.+?)\\s*\\|\\s*([\\d.]+) ms \\|\\s*(\\d+) \\| avg:\\s*([\\d.]+) ms \\| max:\\s*([\\d.]+) ms \\| max start:\\s*([\\d.]+) s \\| max end:\\s*([\\d.]+) s\\s*$");
    // upstream: "  comm:tid   |    255.244 ms |       32 |        0.632 ms |        3.997 ms |     249.521442 s |  249.525439 s |"
    private static final Pattern LAT_UP = Pattern.compile(
        "^  (.+?)\\s*\\|\\s*([\\d.]+) (s|ms|us|ns) \\|\\s*(\\d+) \\|\\s*([\\d.]+) (s|ms|us|ns) \\|\\s*([\\d.]+) (s|ms|us|ns) \\|\\s*([\\d.]+) s \\|\\s*([\\d.]+) s \\|\\s*$");
    private static final Pattern TOTAL = Pattern.compile("^\\s*TOTAL:\\s*\\|\\s*([\\d.]+) (s|ms|us|ns)?\\s*\\|\\s*(\\d+) \\|");
    private static final Pattern HIST = Pattern.compile(
        "^\\s*(\\d+\\.\\d{6}) \\[(\\d{4})\\]  (.+?)\\s+(\\d+)\\.(\\d{3})\\s+(\\d+)\\.(\\d{3})\\s+(\\d+)\\.(\\d{3})\\s*$");

    static List<Lat> latency(final String text) {
        final List<Lat> out = new ArrayList<>();
        for (final String l : text.split("\n")) {
            Matcher m = LAT_61.matcher(l);
            if (m.matches()) {
                out.add(new Lat(m.group(1), Double.parseDouble(m.group(2)), Long.parseLong(m.group(3)), Double.parseDouble(m.group(4)),
                    Double.parseDouble(m.group(5)), m.group(6), m.group(7)));
                continue;
            }
            m = LAT_UP.matcher(l);
            if (m.matches()) {
                out.add(new Lat(m.group(1), ms(m.group(2), m.group(3)), Long.parseLong(m.group(4)), ms(m.group(5), m.group(6)),
                    ms(m.group(7), m.group(8)), m.group(9), m.group(10)));
            }
        }
        return out;
    }

    /** TOTAL runtime (ms) and switches, or null. */
    static double[] total(final String text) {
        for (final String l : text.split("\n")) {
            final Matcher m = TOTAL.matcher(l);
            if (m.find()) return new double[] {ms(m.group(1), m.group(2) == null ? "ms" : m.group(2)), Long.parseLong(m.group(3))};
        }
        return null;
    }

    private static double ms(final String v, final String unit) {
        final double d = Double.parseDouble(v);
        switch (unit) {
            case "s": return d * 1000;
            case "us": return d / 1000;
            case "ns": return d / 1e6;
            default: return d;
        }
    }

    static List<Hist> timehist(final String text) {
        final List<Hist> out = new ArrayList<>();
        for (final String l : text.split("\n")) {
            if (l.contains("awakened:") || l.contains("migrated:")) continue;
            final Matcher m = HIST.matcher(l);
            if (!m.matches()) continue;
            out.add(new Hist(m.group(1), Integer.parseInt(m.group(2)), m.group(3).strip(), us(m.group(4), m.group(5)),
                us(m.group(6), m.group(7)), us(m.group(8), m.group(9))));
        }
        return out;
    }

    private static long us(final String ms, final String frac) {
        return Long.parseLong(ms) * 1000 + Long.parseLong(frac);
    }
}
