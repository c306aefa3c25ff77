package dev.whylate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of /proc/interrupts and /proc/softirqs: row name ({@code 36}, {@code LOC}, {@code NET_RX}) to
 * per-CPU counts. Rows with fewer numbers than CPUs (ERR, MIS) are dropped.
 *
 * @param interrupts /proc/interrupts rows
 * @param softirqs /proc/softirqs rows
 * @param names the description column of numbered interrupt rows (e.g. {@code virtio1-req.0})
 */
public record ProcCounters(Map<String, long[]> interrupts, Map<String, long[]> softirqs, Map<String, String> names) {
    /** Reads both files now. */
    public static ProcCounters read() throws IOException {
        final String irq = Files.readString(Path.of("/proc/interrupts"));
        final String soft = Files.readString(Path.of("/proc/softirqs"));
        final Map<String, String> names = new LinkedHashMap<>();
        return new ProcCounters(parse(irq, names), parse(soft, null), names);
    }

    static Map<String, long[]> parse(final String text, final Map<String, String> names) {
        final String[] lines = text.split("\n");
        final int cpus = lines[0].trim().split("\\s+").length;
        final Map<String, long[]> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            final String[] t = lines[i].trim().split("\\s+");
            if (t.length < cpus + 1 || !t[0].endsWith(":")) continue;
            final long[] v = new long[cpus];
            boolean ok = true;
            for (int c = 0; c < cpus && ok; c++) {
                try {
                    v[c] = Long.parseLong(t[c + 1]);
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) continue;
            final String row = t[0].substring(0, t[0].length() - 1);
            out.put(row, v);
            if (names != null && t.length > cpus + 1) names.put(row, t[t.length - 1]);
        }
        return out;
    }

    /** Whether every row has the same counts in {@code o}. */
    public boolean sameAs(final ProcCounters o) {
        return same(interrupts, o.interrupts) && same(softirqs, o.softirqs);
    }

    private static boolean same(final Map<String, long[]> a, final Map<String, long[]> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (final Map.Entry<String, long[]> e : a.entrySet()) if (!java.util.Arrays.equals(e.getValue(), b.get(e.getKey()))) return false;
        return true;
    }

    /** Number of CPU columns. */
    public int cpus() {
        return softirqs.isEmpty() ? 0 : softirqs.values().iterator().next().length;
    }
}
