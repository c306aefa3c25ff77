package dev.whylate.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the installed {@code trace-cmd} and parses {@code trace-cmd report -t} output (test helper). */
final class TraceCmd {
    /** One event line: CPU, timestamp in ns, event name (no system), pid, payload text. */
    record Event(int cpu, long ts, String name, int pid, String payload) {
    }

    /** The parsed report: events in printed order, dropped-event marker lines, stderr text. */
    record Report(int cpus, List<Event> events, List<String> dropped, String stderr, int exit) {
    }

    private static final Pattern LINE = Pattern.compile("-(\\d+)\\s+\\[(\\d{3,})\\]\\s+(\\d+)\\.(\\d{9}):\\s+([^:\\s]+):\\s?(.*)$");
    private static final Pattern DROPPED = Pattern.compile("^CPU:(\\d+) \\[(\\d+ )?EVENTS DROPPED\\]$");

    private TraceCmd() {
    }

    /** Runs trace-cmd with arguments; returns {stdout, stderr, exit} (stdout goes through a temp file). */
    static String[] run(final List<String> args) throws IOException, InterruptedException {
        final Path out = Files.createTempFile("whylate-tc-", ".out");
        final Path err = Files.createTempFile("whylate-tc-", ".err");
        try {
            final List<String> cmd = new ArrayList<>();
            cmd.add("trace-cmd");
            cmd.addAll(args);
            final Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("trace-cmd " + args + " timed out");
            }
            return new String[] {Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                Integer.toString(p.exitValue())};
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@code trace-cmd report -t FILE}, parsed. Lines that are neither events nor markers fail the parse. */
    static Report report(final Path dat) throws IOException, InterruptedException {
        final String[] r = run(List.of("report", "-t", dat.toString()));
        final List<Event> events = new ArrayList<>();
        final List<String> dropped = new ArrayList<>();
        int cpus = -1;
        for (final String line : r[0].split("\n")) {
            if (line.isEmpty()) continue;
            if (line.startsWith("cpus=")) {
                cpus = Integer.parseInt(line.substring(5).trim());
                continue;
            }
            if (DROPPED.matcher(line).matches()) {
                dropped.add(line);
                continue;
            }
            final Matcher m = LINE.matcher(line);
            if (!m.find()) throw new IOException("unparsed trace-cmd report line: " + line);
            events.add(new Event(Integer.parseInt(m.group(2)),
                Long.parseLong(m.group(3)) * 1_000_000_000L + Long.parseLong(m.group(4)), m.group(5),
                Integer.parseInt(m.group(1)), m.group(6)));
        }
        return new Report(cpus, events, dropped, r[1], Integer.parseInt(r[2]));
    }
}
