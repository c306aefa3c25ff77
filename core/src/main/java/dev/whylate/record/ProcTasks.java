package dev.whylate.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread names and thread-group ids of the live tasks, read from {@code /proc/<pid>/task/<tid>/comm}. Used to
 * complete the kernel's saved cmdlines and tgids, which only remember tasks seen while tracing with a fixed
 * number of slots.
 */
final class ProcTasks {
    private final Map<Integer, String> comms = new TreeMap<>();
    private final Map<Integer, Integer> tgids = new TreeMap<>();

    /** Adds the tasks alive now; tasks seen earlier keep their first name. */
    void scan() {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isNumber(p.getFileName().toString()))) {
            for (final Path proc : procs) {
                final int tgid = Integer.parseInt(proc.getFileName().toString());
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                    for (final Path t : tasks) {
                        final String name = t.getFileName().toString();
                        if (!isNumber(name)) continue;
                        final int tid = Integer.parseInt(name);
                        if (comms.containsKey(tid)) continue;
                        try {
                            final String comm = Tracefs.readText(t.resolve("comm")).strip();
                            comms.put(tid, comm);
                            tgids.put(tid, tgid);
                        } catch (final IOException e) {
                            // task exited meanwhile
                        }
                    }
                } catch (final IOException e) {
                    // process exited meanwhile
                }
            }
        } catch (final IOException e) {
            // no /proc: nothing to add
        }
    }

    private static boolean isNumber(final String s) {
        if (s.isEmpty() || s.length() > 9) return false;
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) return false;
        }
        return true;
    }

    /**
     * The kernel's saved_cmdlines text with a "pid comm" line added for each scanned task it does not list.
     * Pid 0 is never added (the kernel names it per CPU).
     */
    byte[] mergeCmdlines(final byte[] saved) {
        final String s = new String(saved, StandardCharsets.UTF_8);
        final Map<Integer, String> have = parsePairs(s);
        final StringBuilder out = new StringBuilder(s);
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
        for (final Map.Entry<Integer, String> e : comms.entrySet()) {
            if (e.getKey() != 0 && !have.containsKey(e.getKey())) out.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The kernel's saved_tgids text ("pid tgid" lines) completed from the scan. */
    String mergeTgids(final byte[] saved) {
        final String s = new String(saved, StandardCharsets.UTF_8);
        final Map<Integer, String> have = parsePairs(s);
        final StringBuilder out = new StringBuilder(s);
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
        for (final Map.Entry<Integer, Integer> e : tgids.entrySet()) {
            if (e.getKey() != 0 && !have.containsKey(e.getKey())) out.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        return out.toString();
    }

    private static Map<Integer, String> parsePairs(final String s) {
        final Map<Integer, String> m = new TreeMap<>();
        for (final String line : s.split("\n")) {
            final int sp = line.indexOf(' ');
            if (sp <= 0) continue;
            try {
                m.put(Integer.parseInt(line.substring(0, sp).trim()), line.substring(sp + 1));
            } catch (final NumberFormatException e) {
                // skip odd lines
            }
        }
        return m;
    }
}
