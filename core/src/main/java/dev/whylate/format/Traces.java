package dev.whylate.format;

import dev.whylate.io.Input;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.Trace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Opens any supported trace: detects the format from the first 64 KiB and hands it to the best reader.
 *
 * <pre>{@code
 * Trace t = Traces.read("trace.dat");
 * System.out.println(t.format() + " " + t.events().size());
 * }</pre>
 */
public final class Traces {
    private static final int HEAD = 64 * 1024;

    private Traces() {}

    /** All readers: the built-in ones plus any found through {@link ServiceLoader}. */
    public static List<TraceReader> readers() {
        final List<TraceReader> out = new ArrayList<>(BuiltinReaders.list());
        for (final TraceReader r : ServiceLoader.load(TraceReader.class)) out.add(r);
        return out;
    }

    /** Reads {@code spec} (a path, or {@code -} for stdin) with default options. */
    public static Trace read(final String spec) throws IOException, TraceFormatException {
        return read(spec, ReadOptions.defaults());
    }

    /** Reads {@code spec} with {@code opts}. */
    public static Trace read(final String spec, final ReadOptions opts) throws IOException, TraceFormatException {
        try (Input in = Input.open(spec)) {
            return read(in, opts);
        }
    }

    /** Reads an opened input. */
    public static Trace read(final Input in, final ReadOptions opts) throws IOException, TraceFormatException {
        final TraceReader r = detect(in);
        return r.read(in, opts);
    }

    /** The reader for {@code in}, or a {@link TraceFormatException} naming what the input looks like. */
    public static TraceReader detect(final Input in) throws TraceFormatException {
        final byte[] head = in.head(HEAD);
        TraceReader best = null;
        int score = 0;
        for (final TraceReader r : readers()) {
            final int s = r.sniff(head);
            if (s > score) {
                score = s;
                best = r;
            }
        }
        if (best == null) throw new TraceFormatException(in.name() + ": unknown format (" + describe(head) + ")", 0);
        return best;
    }

    private static String describe(final byte[] head) {
        int bin = 0;
        final int n = Math.min(head.length, 512);
        for (int i = 0; i < n; i++) {
            final int c = head[i] & 0xFF;
            if (c < 9 || (c > 13 && c < 32 && c != 27)) bin++;
        }
        if (bin > n / 20) return "binary data that is not a trace.dat, nor gzip/xz/zstd";
        final String text = new String(head, 0, Math.min(head.length, 8192), java.nio.charset.StandardCharsets.ISO_8859_1);
        final String perf = perfWithoutColumns(text);
        if (perf != null) return perf;
        final String report = peerReport(text);
        if (report != null) return report;
        return "text that is not ftrace, trace-cmd report, perf script or sysdig output";
    }

    /** perf trace's strace-like line: {@code 0.048 ( 0.014 ms): sleep/11936 brk() = ...}. */
    private static final java.util.regex.Pattern PERF_TRACE = java.util.regex.Pattern.compile("(?m)^\\s*[0-9.?]+ \\(\\s*[0-9.]*\\s*(ms)?\\s*\\): \\S+/\\d+ ");

    /** The reports of perf sched and perf trace, which hold results rather than events: what to give whylate instead; else null. */
    private static String peerReport(final String text) {
        final String events = "; give whylate the events instead: perf script --ns -i perf.data > trace.txt";
        if (text.contains("Runtime ms") && text.contains("Max delay ms") && text.contains("Switches")) return "the table of perf sched latency, not events" + events;
        if (text.contains("task name") && text.contains("sch delay") && text.contains("wait time")) return "the table of perf sched timehist, not events" + events;
        if (PERF_TRACE.matcher(text).find()) {
            return "perf trace output (strace-like, without CPUs or scheduler events); record instead with perf record -e 'sched:*' -e 'syscalls:*' -a,"
                + " then perf script --ns -i perf.data > trace.txt";
        }
        return null;
    }

    /** An event line of perf script ({@code SYSTEM:EVENT:} after the leading fields), with or without a time. */
    private static final java.util.regex.Pattern PERF_EVENT = java.util.regex.Pattern.compile("^\\s*\\S.*?\\s(\\d+\\.\\d+:\\s+)?\\w+:\\w+:(\\s|$)");

    /**
     * When the text is {@code perf script} output printed with {@code -F} fields that leave out the CPU or the
     * time, what to do about it; else null.
     */
    private static String perfWithoutColumns(final String text) {
        int lines = 0;
        int events = 0;
        int cpu = 0;
        int time = 0;
        for (final String l : text.split("\n")) {
            if (l.isBlank() || l.startsWith("#")) continue;
            if (++lines > 20) break;
            final java.util.regex.Matcher m = PERF_EVENT.matcher(l);
            if (!m.find()) continue;
            events++;
            if (l.matches(".*\\[\\d+\\].*")) cpu++;
            if (m.group(1) != null) time++;
        }
        if (events < 2 || events * 2 < Math.min(lines, 20)) return null;
        if (cpu == 0 && time == 0) return "perf script output without the CPU and time columns: print them, e.g. perf script --ns -F +cpu,+time";
        if (cpu == 0) return "perf script output without the CPU column: print it, e.g. perf script --ns -F +cpu (whylate needs each event's CPU)";
        if (time == 0) return "perf script output without the time column: print it, e.g. perf script --ns -F +time";
        return null;
    }
}
