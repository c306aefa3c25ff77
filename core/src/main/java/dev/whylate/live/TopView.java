package dev.whylate.live;

import dev.whylate.util.CpuList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds one {@link TopReport} from the rates of /proc/interrupts and /proc/softirqs over the same interval. Pure:
 * no I/O, no clock.
 *
 * <p>A CPU's interrupt rate is the sum over its per-CPU rows (device IRQs and architecture rows, global rows such
 * as ERR excluded); its softirq rate the sum over the vectors. Sources and per-CPU lists are sorted by rate,
 * highest first, ties by file order, and keep only non-zero rates.
 *
 * <pre>{@code
 * TopReport r = TopView.build(Rates.between(irqA, irqB, dt), Rates.between(softA, softB, dt), TopOptions.defaults());
 * }</pre>
 */
public final class TopView {
    private TopView() {}

    /** The report; {@code soft} may be null when /proc/softirqs could not be read. */
    public static TopReport build(final RateTable irqs, final RateTable soft, final TopOptions o) {
        Objects.requireNonNull(irqs, "irqs");
        Objects.requireNonNull(o, "o");
        final TreeSet<Integer> cpuSet = new TreeSet<>();
        for (final int c : irqs.cpus()) cpuSet.add(c);
        if (soft != null) for (final int c : soft.cpus()) cpuSet.add(c);
        if (o.cpus() != null) cpuSet.retainAll(Arrays.stream(o.cpus()).boxed().toList());
        final int[] shown = cpuSet.stream().mapToInt(Integer::intValue).toArray();
        final List<TopReport.CpuLine> lines = new ArrayList<>();
        double irqTotal = 0;
        double softTotal = 0;
        for (final int c : shown) {
            final List<TopReport.Entry> ti = top(irqs, c, o.perCpuTop());
            final List<TopReport.Entry> ts = soft == null ? List.of() : top(soft, c, o.perCpuTop());
            final double ir = sum(irqs, c);
            final double sr = soft == null ? 0 : sum(soft, c);
            irqTotal += ir;
            softTotal += sr;
            lines.add(new TopReport.CpuLine(c, CpuList.contains(o.isolated(), c), ir, sr, ti, ts));
        }
        final List<String> notes = new ArrayList<>();
        for (final RateTable t : soft == null ? List.of(irqs) : List.of(irqs, soft)) {
            final String f = t.source() == ProcCounters.Source.INTERRUPTS ? "/proc/interrupts" : "/proc/softirqs";
            if (t.cpusAdded().length > 0) notes.add(f + ": CPU " + CpuList.format(t.cpusAdded()) + " came online during the interval (no rate yet)");
            if (t.cpusRemoved().length > 0) notes.add(f + ": CPU " + CpuList.format(t.cpusRemoved()) + " went offline");
            if (t.resets() > 0) notes.add(f + ": " + t.resets() + " counter(s) went backwards (IRQ reallocated); their new value was used");
        }
        return new TopReport(irqs.dtNs(), List.copyOf(lines), irqTotal, softTotal, sources(irqs, shown, o.sourcesTop()),
            soft == null ? List.of() : sources(soft, shown, o.sourcesTop()), Hints.of(irqs, soft, shown, o), List.copyOf(notes));
    }

    private static double sum(final RateTable t, final int cpu) {
        final int col = t.column(cpu);
        if (col < 0) return 0;
        double s = 0;
        for (final RateTable.SourceRate r : t.sources()) if (r.perCpu().length > 0) s += r.perCpu()[col];
        return s;
    }

    private static List<TopReport.Entry> top(final RateTable t, final int cpu, final int n) {
        final int col = t.column(cpu);
        if (col < 0 || n == 0) return List.of();
        final List<TopReport.Entry> all = new ArrayList<>();
        for (final RateTable.SourceRate r : t.sources()) {
            if (r.perCpu().length > 0 && r.perCpu()[col] > 0) all.add(new TopReport.Entry(r.name(), r.perCpu()[col]));
        }
        all.sort(Comparator.comparingDouble(TopReport.Entry::rate).reversed());
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    private static List<TopReport.SourceLine> sources(final RateTable t, final int[] shown, final int n) {
        final List<TopReport.SourceLine> all = new ArrayList<>();
        for (final RateTable.SourceRate r : t.sources()) {
            if (r.perCpu().length == 0) {
                if (r.total() > 0) all.add(new TopReport.SourceLine(r.id(), r.name(), r.label(), r.kind(), r.total(), -1, 0));
                continue;
            }
            double total = 0;
            int best = -1;
            double bestRate = 0;
            for (final int c : shown) {
                final int col = t.column(c);
                if (col < 0) continue;
                final double v = r.perCpu()[col];
                total += v;
                if (v > bestRate) {
                    bestRate = v;
                    best = c;
                }
            }
            if (total > 0) all.add(new TopReport.SourceLine(r.id(), r.name(), r.label(), r.kind(), total, best, bestRate));
        }
        all.sort(Comparator.comparingDouble(TopReport.SourceLine::total).reversed());
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    /** A rate for humans: {@code 0}, {@code 0.5}, {@code 12}, {@code 950}, {@code 1.2k}, {@code 12k}, {@code 3.4M}. */
    public static String rate(final double r) {
        if (r <= 0) return "0";
        if (r < 9.95) return String.format(Locale.ROOT, "%.1f", r).replace(".0", "");
        if (r < 999.5) return String.format(Locale.ROOT, "%.0f", r);
        if (r < 9_950) return String.format(Locale.ROOT, "%.1fk", r / 1e3).replace(".0k", "k");
        if (r < 999_500) return String.format(Locale.ROOT, "%.0fk", r / 1e3);
        if (r < 9_950_000) return String.format(Locale.ROOT, "%.1fM", r / 1e6).replace(".0M", "M");
        return String.format(Locale.ROOT, "%.0fM", r / 1e6);
    }
}
