package dev.whylate.format.dat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the installed trace-cmd and parses {@code trace-cmd report} output (test helper). */
final class TraceCmd {
    private TraceCmd() {}

    /**
     * Runs trace-cmd with {@code args}; returns stdout. Fails on a non-zero exit or after 120 s. An empty output
     * is retried once (seen once on the shared test machine).
     */
    static String run(final String... args) throws IOException, InterruptedException {
        final String out = runOnce(args);
        return out.isEmpty() ? runOnce(args) : out;
    }

    private static String runOnce(final String... args) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>();
        cmd.add("trace-cmd");
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        final Process p = pb.start();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("trace-cmd " + String.join(" ", args) + " did not finish");
        }
        if (p.exitValue() != 0) throw new IOException("trace-cmd " + String.join(" ", args) + " exited with " + p.exitValue());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Exit code of trace-cmd with {@code args} (output discarded). */
    static int status(final String... args) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>();
        cmd.add("trace-cmd");
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /**
     * One event line of {@code trace-cmd report -t}.
     *
     * @param buffer instance prefix ({@code ""} for the top buffer)
     * @param payload what follows {@code name:}; continuation lines joined with newlines
     */
    record Line(String buffer, String comm, int pid, int cpu, long ts, String name, String payload) {}

    /** Parsed report: event lines and the "EVENTS DROPPED" markers as {cpu, count or -1}. */
    record Report(List<Line> lines, List<long[]> dropped) {}

    private static final Pattern EVENT = Pattern.compile("^(.*?)-(\\d+)\\s+\\[(\\d+)\\]\\s+(\\d+)(?:\\.(\\d+))?: ([^\\s:]+):(.*)$");
    private static final Pattern DROPPED = Pattern.compile("^(?:(\\S+): )?\\s*CPU:\\s*(\\d+) \\[(?:(\\d+) )?EVENTS DROPPED\\]\\s*$");

    /** Parses report output; {@code buffers} are the instance names that may prefix lines. */
    static Report parse(final String out, final List<String> buffers) {
        final List<Line> lines = new ArrayList<>();
        final List<long[]> dropped = new ArrayList<>();
        StringBuilder cont = null;
        Line last = null;
        String afterDrop = null;
        boolean first = true;
        for (final String l : out.split("\n", -1)) {
            if (first && l.startsWith("cpus=")) {
                first = false;
                continue;
            }
            first = false;
            final Matcher d = DROPPED.matcher(l);
            if (d.matches()) {
                dropped.add(new long[] {Long.parseLong(d.group(2)), d.group(3) == null ? -1 : Long.parseLong(d.group(3))});
                // trace-cmd prints the instance prefix before the marker and not again on the event after it
                afterDrop = d.group(1) == null ? "" : d.group(1);
                continue;
            }
            final Matcher m = EVENT.matcher(l);
            if (m.matches()) {
                if (last != null) lines.add(withPayload(last, cont));
                String head = m.group(1);
                String buf = afterDrop == null ? "" : afterDrop;
                afterDrop = null;
                for (final String b : buffers) {
                    if (!b.isEmpty() && head.startsWith(b + ": ")) {
                        buf = b;
                        head = head.substring(b.length() + 2);
                        break;
                    }
                }
                final String frac = m.group(5) == null ? "" : m.group(5);
                long ts = Long.parseLong(m.group(4));
                if (!frac.isEmpty()) {
                    long f = Long.parseLong(frac);
                    for (int k = frac.length(); k < 9; k++) f *= 10;
                    ts = ts * 1_000_000_000L + f;
                }
                last = new Line(buf, head.strip(), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), ts, m.group(6), m.group(7));
                cont = new StringBuilder();
            } else if (last != null) {
                cont.append('\n').append(l);
            }
        }
        if (last != null) lines.add(withPayload(last, cont));
        return new Report(lines, dropped);
    }

    private static Line withPayload(final Line l, final StringBuilder cont) {
        String p = l.payload() + cont;
        while (p.endsWith("\n")) p = p.substring(0, p.length() - 1);
        return new Line(l.buffer(), l.comm(), l.pid(), l.cpu(), l.ts(), l.name(), p);
    }

    /** The payload of a {@code -N} line without the padding after the name (to 20 characters past the name, then one space). */
    static String textPayload(final Line l) {
        final int pad = Math.max(0, 20 - l.name().length()) + 1;
        String p = l.payload();
        int k = 0;
        while (k < pad && k < p.length() && p.charAt(k) == ' ') k++;
        return p.substring(k);
    }
}
