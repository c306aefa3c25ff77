package dev.whylate.live;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Per-second rates of every row of a /proc counter file between two readings ({@link Rates#between}).
 *
 * @param source which file
 * @param cpus the CPUs present in both readings, ascending; rates are given for these only
 * @param sources one entry per row of the later reading, in file order
 * @param dtNs time between the readings (ns)
 * @param cpusAdded CPUs only in the later reading (brought online in between: no rate this interval)
 * @param cpusRemoved CPUs only in the earlier reading (taken offline)
 * @param resets counters that went backwards (an IRQ freed and reallocated): their later value was used as the
 *     count of the interval
 */
public record RateTable(ProcCounters.Source source, int[] cpus, List<SourceRate> sources, long dtNs, int[] cpusAdded,
                        int[] cpusRemoved, int resets) {
    /**
     * One row's rates.
     *
     * @param id the row id ({@code 36}, {@code TLB}, {@code IPI1}, {@code NET_RX})
     * @param name the display name ({@link IrqNames#display})
     * @param label the row's description ({@code PCI-MSIX-0000:00:02.0 1-edge virtio1-req.0}, {@code TLB shootdowns})
     * @param kind what it counts
     * @param perCpu events per second on each of {@link RateTable#cpus()} (same order); empty for a global row
     * @param total events per second over all those CPUs (for a global row: its one count)
     */
    public record SourceRate(String id, String name, String label, SourceKind kind, double[] perCpu, double total) {
        /** Checks arguments. */
        public SourceRate {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(perCpu, "perCpu");
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof SourceRate s && s.id.equals(id) && s.name.equals(name) && s.kind == kind && Arrays.equals(s.perCpu, perCpu)
                && Double.compare(s.total, total) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, name, kind, Arrays.hashCode(perCpu), total);
        }
    }

    /** Column of CPU {@code cpu} in {@link SourceRate#perCpu()}, or -1. */
    public int column(final int cpu) {
        final int k = Arrays.binarySearch(cpus, cpu);
        return k >= 0 ? k : -1;
    }

    /** The source with this id, or null. */
    public SourceRate source(final String id) {
        for (final SourceRate s : sources) if (s.id.equals(id)) return s;
        return null;
    }
}
