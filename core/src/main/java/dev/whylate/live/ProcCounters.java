package dev.whylate.live;

import dev.whylate.io.TraceFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One reading of {@code /proc/interrupts} or {@code /proc/softirqs}: a header of {@code CPUn} columns (only the
 * online CPUs, so the numbers may have gaps after hotplug) and one row per source with a count per column.
 *
 * <p>Rows of {@code /proc/interrupts}: numbered device IRQs ({@code 24: 1 0 IO-APIC 5-edge ACPI:Ged}: the counts,
 * then the chip, hardware IRQ, trigger and action names), x86's named rows ({@code LOC:}, {@code RES:},
 * {@code CAL:}, {@code TLB:}, {@code NMI:} ... with a description), arm/riscv's {@code IPIn:} rows, and rows
 * with one global count ({@code ERR:}, {@code MIS:}, arm's {@code Err:}). {@code /proc/softirqs} rows are the
 * vectors ({@code NET_RX:}) with counts only.
 *
 * <p>Parsing is lenient per row and strict about the file: a file without a {@code CPUn} header is rejected;
 * a row whose id is empty or over-long, whose counts do not parse, or that has more numbers than columns is
 * skipped and counted in {@link #skipped()}; a row with fewer numbers than columns (a truncated row) keeps
 * them for the first columns and reads the rest as unknown (-1). Labels are cut to {@link #MAX_LABEL}
 * characters and control characters are replaced by {@code ?}.
 *
 * <pre>{@code
 * ProcCounters irqs = ProcCounters.parse(Files.readAllBytes(Path.of("/proc/interrupts")), ProcCounters.Source.INTERRUPTS);
 * for (ProcCounters.Row r : irqs.rows()) System.out.println(r.id() + " " + Arrays.toString(r.counts()));
 * }</pre>
 *
 * @param source which file this is
 * @param cpus the CPU number of each count column, as the header names them
 * @param rows the rows in file order
 * @param skipped rows that could not be read
 * @param firstSkip why the first skipped row was skipped (with its line number), or null
 */
public record ProcCounters(Source source, int[] cpus, List<Row> rows, int skipped, String firstSkip) {
    /** Longest label kept (characters). */
    public static final int MAX_LABEL = 120;
    /** Longest row id accepted. */
    public static final int MAX_ID = 32;
    /** Most rows read; more is not a /proc file. */
    public static final int MAX_ROWS = 1 << 16;
    /** Highest CPU number accepted in the header. */
    public static final int MAX_CPU = 1 << 16;

    /** Which /proc file. */
    public enum Source { INTERRUPTS, SOFTIRQS }

    /**
     * One row.
     *
     * @param id the text before the colon ({@code 24}, {@code LOC}, {@code IPI0}, {@code NET_RX})
     * @param label the text after the counts with runs of spaces collapsed ({@code IO-APIC 5-edge ACPI:Ged},
     *     {@code Local timer interrupts}); empty when none
     * @param counts one count per header column, -1 where the row had no number; for a global row a single
     *     element
     * @param perCpu false for a row with one global count ({@code ERR}, {@code MIS}) in a file with more than
     *     one column
     */
    public record Row(String id, String label, long[] counts, boolean perCpu) {
        /** Checks arguments. */
        public Row {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(counts, "counts");
        }

        /** Whether the id is a number (a device IRQ). */
        public boolean numbered() {
            return !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Row r && r.id.equals(id) && r.label.equals(label) && Arrays.equals(r.counts, counts) && r.perCpu == perCpu;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, label, Arrays.hashCode(counts), perCpu);
        }
    }

    /** Index of the column of CPU {@code cpu}, or -1 when that CPU is not in this reading. */
    public int column(final int cpu) {
        for (int k = 0; k < cpus.length; k++) if (cpus[k] == cpu) return k;
        return -1;
    }

    /** The row with this id, or null. */
    public Row row(final String id) {
        for (final Row r : rows) if (r.id.equals(id)) return r;
        return null;
    }

    /**
     * Parses the first {@code len} bytes of {@code b}.
     *
     * @throws TraceFormatException when there is no {@code CPUn} header line (offset of the first line)
     */
    public static ProcCounters parse(final byte[] b, final int len, final Source source) throws TraceFormatException {
        Objects.requireNonNull(source, "source");
        if (len < 0 || len > b.length) throw new IllegalArgumentException("len " + len + " outside the array");
        final String text = new String(b, 0, len, StandardCharsets.UTF_8);
        final String[] lines = text.split("\n", -1);
        int li = 0;
        while (li < lines.length && lines[li].isBlank()) li++;
        if (li == lines.length) throw new TraceFormatException("empty " + name(source), 0);
        final int[] cpus = header(lines[li], source);
        final List<Row> rows = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        int skipped = 0;
        String firstSkip = null;
        for (int k = li + 1; k < lines.length; k++) {
            final String line = lines[k];
            if (line.isBlank()) continue;
            if (rows.size() >= MAX_ROWS) throw new TraceFormatException("more than " + MAX_ROWS + " rows: not a " + name(source), -1);
            final String why;
            final Row r = row(line, cpus.length, source);
            if (r == null) {
                why = "not 'ID: COUNTS'";
            } else if (!ids.add(r.id)) {
                why = "duplicate id '" + r.id + "'";
            } else {
                rows.add(r);
                continue;
            }
            skipped++;
            if (firstSkip == null) firstSkip = "line " + (k + 1) + ": " + why + ": " + clean(line.strip(), 80);
        }
        return new ProcCounters(source, cpus, List.copyOf(rows), skipped, firstSkip);
    }

    private static String name(final Source s) {
        return s == Source.INTERRUPTS ? "/proc/interrupts" : "/proc/softirqs";
    }

    private static int[] header(final String line, final Source source) throws TraceFormatException {
        final String[] tok = line.strip().split("\\s+");
        final int[] cpus = new int[tok.length];
        final Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < tok.length; k++) {
            final String t = tok[k];
            int v = -1;
            if (t.startsWith("CPU") && t.length() > 3 && t.length() <= 9) {
                try {
                    v = Integer.parseInt(t.substring(3));
                } catch (NumberFormatException e) {
                    v = -1;
                }
            }
            if (v < 0 || v >= MAX_CPU || !t.substring(3).chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new TraceFormatException("not a " + name(source) + " file: the first line should name the CPU columns (CPU0 CPU1 ...), found '"
                    + clean(t, 40) + "'", 0);
            }
            if (!seen.add(v)) throw new TraceFormatException(name(source) + ": CPU" + v + " appears twice in the header", 0);
            cpus[k] = v;
        }
        return cpus;
    }

    /** One row, or null when it is not {@code ID: numbers [label]}. */
    private static Row row(final String line, final int ncols, final Source source) {
        final int colon = line.indexOf(':');
        if (colon < 0) return null;
        final String id = line.substring(0, colon).strip();
        if (id.isEmpty() || id.length() > MAX_ID) return null;
        for (int k = 0; k < id.length(); k++) {
            final char c = id.charAt(k);
            if (c <= ' ' || c >= 0x7F) return null;
        }
        final long[] counts = new long[ncols];
        Arrays.fill(counts, -1);
        int n = 0;
        int p = colon + 1;
        final int e = line.length();
        while (true) {
            int q = p;
            while (q < e && isSpace(line.charAt(q))) q++;
            int t = q;
            while (t < e && line.charAt(t) >= '0' && line.charAt(t) <= '9') t++;
            if (t == q || (t < e && !isSpace(line.charAt(t)))) {
                p = q;
                break;
            }
            if (n == ncols) {
                // more numbers than columns: the label may start with a number, unless there is nothing else
                p = q;
                break;
            }
            if (t - q > 19) return null;
            counts[n++] = Long.parseLong(line, q, t, 10);
            p = t;
        }
        if (n == 0) return null;
        final String label = collapse(line.substring(p));
        if (source == Source.SOFTIRQS && !label.isEmpty()) return null;
        if (n == ncols && ncols > 1 && looksNumeric(label)) return null;
        final boolean global = n == 1 && ncols > 1 && label.isEmpty();
        if (global) return new Row(id, label, new long[] {counts[0]}, false);
        return new Row(id, label, counts, true);
    }

    private static boolean looksNumeric(final String label) {
        if (label.isEmpty()) return false;
        final int sp = label.indexOf(' ');
        final String first = sp < 0 ? label : label.substring(0, sp);
        return first.chars().allMatch(c -> c >= '0' && c <= '9') && sp < 0;
    }

    private static boolean isSpace(final char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    /** Runs of whitespace become one space; control characters become '?'; cut to {@link #MAX_LABEL}. */
    private static String collapse(final String s) {
        final StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_LABEL));
        boolean space = false;
        for (int k = 0; k < s.length() && b.length() < MAX_LABEL; k++) {
            final char c = s.charAt(k);
            if (c == ' ' || c == '\t' || c == '\r') {
                space = b.length() > 0;
                continue;
            }
            if (space) {
                b.append(' ');
                space = false;
                if (b.length() >= MAX_LABEL) break;
            }
            b.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return b.toString();
    }

    private static String clean(final String s, final int max) {
        final StringBuilder b = new StringBuilder();
        for (int k = 0; k < s.length() && k < max; k++) {
            final char c = s.charAt(k);
            b.append(c < 0x20 || c >= 0x7F ? '?' : c);
        }
        if (s.length() > max) b.append("...");
        return b.toString();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof ProcCounters p && p.source == source && Arrays.equals(p.cpus, cpus) && p.rows.equals(rows) && p.skipped == skipped;
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, Arrays.hashCode(cpus), rows, skipped);
    }
}
