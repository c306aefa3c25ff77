package dev.whylate.live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rates between two readings of the same /proc counter file: a pure function, no I/O.
 *
 * <p>Rows are matched by id; CPUs by number (not column position, which shifts when a CPU goes offline). For each
 * row and CPU present in both readings, count = later − earlier; when the later value is smaller (the IRQ was
 * freed and its number reused, or a 32-bit counter wrapped) the later value is taken as the count and the reset
 * counted. A row only in the later reading counts from zero. A missing value (-1, a truncated row) counts as 0.
 * Rate = count × 10⁹ / dtNs, in events per second.
 *
 * <pre>{@code
 * RateTable r = Rates.between(before, after, after_ns - before_ns);
 * double tlbOnCpu3 = r.source("TLB").perCpu()[r.column(3)];
 * }</pre>
 */
public final class Rates {
    private Rates() {}

    /**
     * Rates of {@code after} relative to {@code before} over {@code dtNs}.
     *
     * @throws IllegalArgumentException when the readings are of different files or {@code dtNs <= 0}
     */
    public static RateTable between(final ProcCounters before, final ProcCounters after, final long dtNs) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (before.source() != after.source()) throw new IllegalArgumentException("readings of different files");
        if (dtNs <= 0) throw new IllegalArgumentException("dtNs must be > 0: " + dtNs);
        final int[] bc = before.cpus().clone();
        final int[] ac = after.cpus().clone();
        Arrays.sort(bc);
        Arrays.sort(ac);
        final int[] both = Arrays.stream(ac).filter(c -> Arrays.binarySearch(bc, c) >= 0).toArray();
        final int[] added = Arrays.stream(ac).filter(c -> Arrays.binarySearch(bc, c) < 0).toArray();
        final int[] removed = Arrays.stream(bc).filter(c -> Arrays.binarySearch(ac, c) < 0).toArray();
        final int[] colA = new int[both.length];
        final int[] colB = new int[both.length];
        for (int k = 0; k < both.length; k++) {
            colA[k] = after.column(both[k]);
            colB[k] = before.column(both[k]);
        }
        final Map<String, ProcCounters.Row> prev = new HashMap<>();
        for (final ProcCounters.Row r : before.rows()) prev.put(r.id(), r);
        final double perSec = 1e9 / dtNs;
        final List<RateTable.SourceRate> out = new ArrayList<>(after.rows().size());
        int resets = 0;
        for (final ProcCounters.Row r : after.rows()) {
            final SourceKind kind = SourceKind.of(after.source(), r);
            final String name = IrqNames.display(after.source(), r, kind, 40);
            final ProcCounters.Row p = prev.get(r.id());
            if (!r.perCpu()) {
                final long d;
                if (p == null || p.perCpu()) {
                    d = Math.max(0, r.counts()[0]);
                } else {
                    final long c = r.counts()[0];
                    final long o = p.counts()[0];
                    if (c >= 0 && o >= 0 && c < o) resets++;
                    d = delta(c, o);
                }
                out.add(new RateTable.SourceRate(r.id(), name, r.label(), kind, new double[0], d * perSec));
                continue;
            }
            final double[] rate = new double[both.length];
            double total = 0;
            boolean reset = false;
            for (int k = 0; k < both.length; k++) {
                final long c = r.counts()[colA[k]];
                final long o = p == null || !p.perCpu() || colB[k] >= p.counts().length ? 0 : p.counts()[colB[k]];
                if (c >= 0 && o >= 0 && c < o) reset = true;
                final long d = delta(c, o);
                rate[k] = d * perSec;
                total += rate[k];
            }
            if (reset) resets++;
            out.add(new RateTable.SourceRate(r.id(), name, r.label(), kind, rate, total));
        }
        return new RateTable(after.source(), both, List.copyOf(out), dtNs, added, removed, resets);
    }

    private static long delta(final long c, final long o) {
        if (c < 0) return 0;
        if (o < 0) return 0;
        return c >= o ? c - o : c;
    }
}
