package dev.whylate.report.text;

import dev.whylate.analysis.sched.ClassWaits;
import dev.whylate.analysis.sched.Contributor;
import dev.whylate.analysis.sched.CpuWaits;
import dev.whylate.analysis.sched.Distribution;
import dev.whylate.analysis.sched.LatencyRow;
import dev.whylate.analysis.sched.SchedReport;
import dev.whylate.analysis.sched.TaskSched;
import dev.whylate.analysis.sched.TaskWaits;
import dev.whylate.analysis.sched.TimeHistRow;
import dev.whylate.util.Units;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Renders {@code whylate sched} results as text. */
public final class SchedText {
    private SchedText() {}

    /**
     * Milliseconds with 3 decimals exactly as perf prints them: C's {@code %.3f} of the double ns / 1e6, which
     * rounds the double's exact binary value (Java's {@code %.3f} rounds its shortest decimal form instead, and
     * differs when that ends in 5).
     */
    public static String ms(final long ns) {
        return new java.math.BigDecimal(ns / 1e6).setScale(3, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A timestamp as perf prints it: seconds with 6 decimals, truncated. */
    public static String perfTs(final long ns) {
        return String.format(Locale.ROOT, "%d.%06d", ns / 1_000_000_000L, (ns % 1_000_000_000L) / 1000);
    }

    /** The full report: perf's table, then the distributions, per CPU, per class, and per-task details. */
    public static void print(final SchedReport r, final PrintWriter out, final int details) {
        out.println("scheduling delay per " + (r.perPid() ? "task" : "comm") + " (perf sched latency, " + r.perfVersion() + " rules)");
        if (r.tasks().stream().noneMatch(s -> s.perf().switches() > 0)) out.println("  (no task switched in after a wait perf measures)");
        final Table t = new Table("task", ">runtime ms", ">switches", ">avg delay ms", ">max delay ms", ">max delay start", ">max delay end");
        for (final TaskSched s : r.tasks()) {
            final LatencyRow p = s.perf();
            if (p.switches() == 0) continue;
            t.row(p.label(), ms(p.runtimeNs()), p.switches(), ms(p.avgDelayNs()), ms(p.maxDelayNs()), perfTs(p.maxDelayStartNs()),
                perfTs(p.maxDelayEndNs()));
        }
        t.row("TOTAL", ms(r.totalRuntimeNs()), r.totalSwitches());
        t.print(out);
        if (r.unorderedTimestamps() > 0 && r.wakeupsSeen() > 0) {
            out.printf(Locale.ROOT, "  INFO: %.3f%% unordered timestamps (%d out of %d)%n", 100.0 * r.unorderedTimestamps() / r.wakeupsSeen(),
                r.unorderedTimestamps(), r.wakeupsSeen());
        }
        if (r.contextSwitchBugs() > 0 && r.wakeupsSeen() > 0) {
            out.printf(Locale.ROOT, "  INFO: %.3f%% context switch bugs (%d out of %d)%s%n", 100.0 * r.contextSwitchBugs() / r.wakeupsSeen(),
                r.contextSwitchBugs(), r.wakeupsSeen(), r.lostEvents() > 0 ? " (due to lost events?)" : "");
        }
        for (final String n : r.notes()) out.println("  note: " + n);
        if (r.wakeupDelay() == null) return;
        out.println();
        out.println("wait distributions (wakeup: wakeup -> switch-in; preempt: runnable switch-out -> switch-in; "
            + "timer: hrtimer expiry -> switch-in)");
        long missing = 0;
        for (final TaskSched s : r.tasks()) if (s.waits() != null) missing += s.waits().switchInMissing();
        if (missing > 0) {
            out.printf(Locale.ROOT, "  note: %d waits have no traced switch-in (lost or filtered events, or a kernel that does not trace%n"
                + "  every switch, e.g. out of idle): each ends at the run's inferred start or the task's first own event (upper bounds)%n", missing);
        }
        final Table d = new Table("task", "kind", ">count", ">p50", ">p90", ">p99", ">p99.9", ">max");
        dist(d, "all tasks", "wakeup", r.wakeupDelay());
        dist(d, "", "preempt", r.preemptWait());
        for (final TaskSched s : r.tasks()) {
            final TaskWaits w = s.waits();
            final String name = s.perf().label();
            boolean first = true;
            for (final Object[] k : new Object[][] {{"wakeup", w.wakeupDelay()}, {"preempt", w.preemptWait()},
                {"waking->wakeup", w.wakingToWakeup()}, {"timer", w.timerWakeup()}, {"timer irq", w.timerIrq()},
                {"  of it slack", w.timerSlack()}}) {
                final Distribution x = (Distribution) k[1];
                if (x.count() == 0 || (k[1] == w.timerSlack() && x.maxNs() == 0)) continue;
                dist(d, first ? name : "", (String) k[0], x);
                first = false;
            }
        }
        d.print(out);
        if (!r.cpus().isEmpty()) {
            out.println();
            out.println("per CPU (the CPU the wait ended on)");
            final Table c = new Table(">cpu", "kind", ">count", ">p50", ">p90", ">p99", ">p99.9", ">max");
            for (final CpuWaits w : r.cpus()) pair(c, Integer.toString(w.cpu()), w.wakeupDelay(), w.preemptWait());
            c.print(out);
        }
        if (!r.classes().isEmpty()) {
            out.println();
            out.println("per scheduling class and priority (at switch-in)");
            final Table c = new Table("class", "kind", ">count", ">p50", ">p90", ">p99", ">p99.9", ">max");
            for (final ClassWaits w : r.classes()) pair(c, w.label(), w.wakeupDelay(), w.preemptWait());
            c.print(out);
        }
        int shown = 0;
        for (final TaskSched s : r.tasks()) {
            if (shown >= details) break;
            final TaskWaits w = s.waits();
            if (w.wakers().isEmpty() && w.holders().isEmpty() && w.unfinished() == 0 && w.wakingWithoutWakeup() == 0
                && w.switchInMissing() == 0) continue;
            shown++;
            out.println();
            out.println(s.perf().label() + (s.perf().merged() > 1 ? "  (tids " + abbreviate(s.perf().pids()) + ")" : ""));
            if (!w.wakers().isEmpty()) {
                final Table k = new Table("  woken by", ">wakeups", ">delay total", ">delay max");
                for (final Contributor c : w.wakers()) k.row("  " + c.name(), c.count(), Units.dur(c.totalNs()), Units.dur(c.maxNs()));
                k.print(out);
            }
            if (!w.holders().isEmpty()) {
                final Table k = new Table("  its CPU held by", ">slices", ">held total", ">longest");
                for (final Contributor c : w.holders()) k.row("  " + c.name(), c.count(), Units.dur(c.totalNs()), Units.dur(c.maxNs()));
                k.print(out);
            }
            if (w.unfinished() > 0) out.println("    still waiting at the end of the trace: " + w.unfinished() + " (" + Units.dur(w.unfinishedNs()) + " so far)");
            if (w.wakingWithoutWakeup() > 0) out.println("    sched_waking without sched_wakeup: " + w.wakingWithoutWakeup());
            if (w.switchInMissing() > 0) {
                out.println("    waits whose switch-in the trace lacks (ended at the run's inferred start or the task's next own event): " + w.switchInMissing());
            }
            if (w.timerExpiryUnknown() > 0) {
                out.println("    timer wakeups of timers armed before the trace (measured from the callback): " + w.timerExpiryUnknown());
            }
        }
        final long more = r.tasks().stream().filter(s -> !s.waits().wakers().isEmpty() || !s.waits().holders().isEmpty()).count() - shown;
        if (more > 0) out.println("\n(" + more + " more tasks with wakers/holders: --details N or --json)");
    }

    private static String abbreviate(final List<Integer> pids) {
        if (pids.size() <= 8) return pids.toString().replace("[", "").replace("]", "");
        return pids.subList(0, 8).toString().replace("[", "").replace("]", "") + ", ... (" + pids.size() + ")";
    }

    private static void pair(final Table t, final String name, final Distribution wakeup, final Distribution preempt) {
        if (wakeup.count() > 0 || preempt.count() == 0) dist(t, name, "wakeup", wakeup);
        if (preempt.count() > 0) dist(t, wakeup.count() > 0 ? "" : name, "preempt", preempt);
    }

    private static void dist(final Table t, final String name, final String kind, final Distribution x) {
        if (x.count() == 0) {
            t.row(name, kind, 0);
            return;
        }
        t.row(name, kind, x.count(), Units.dur(x.p50Ns()), Units.dur(x.p90Ns()), Units.dur(x.p99Ns()), Units.dur(x.p999Ns()), Units.dur(x.maxNs()));
    }

    /** {@code perf sched timehist} layout, row for row (the task column widens like perf's). */
    public static void timehist(final List<TimeHistRow> rows, final PrintWriter out) {
        int width = 30;
        out.printf(Locale.ROOT, "%15s %6s  %-" + width + "s  %9s  %9s  %9s%n", "time", "cpu", "task name", "wait time", "sch delay", "run time");
        out.printf(Locale.ROOT, "%15s %-6s  %-" + width + "s  %9s  %9s  %9s%n", "", "", "[tid/pid]", "(msec)", "(msec)", "(msec)");
        out.println("-".repeat(15) + " " + "-".repeat(6) + "  " + "-".repeat(width) + "  " + "-".repeat(9) + "  " + "-".repeat(9) + "  " + "-".repeat(9));
        final StringBuilder b = new StringBuilder(128);
        for (final TimeHistRow r : rows) {
            final String label = r.label();
            if (label.length() > width) width = label.length();
            b.setLength(0);
            final long ts = r.tsNs();
            final int tsStart = b.length();
            b.append(ts / 1_000_000_000L).append('.');
            pad0(b, (ts % 1_000_000_000L) / 1000, 6);
            padLeft(b, tsStart, 15);
            b.append(" [");
            pad0(b, r.cpu(), 4);
            b.append("]  ").append(label);
            for (int k = label.length(); k < width; k++) b.append(' ');
            b.append(' ');
            sched(b, r.waitNs());
            sched(b, r.schDelayNs());
            sched(b, r.runNs());
            out.println(b);
        }
    }

    /** {@code %6lu.%03lu } of ns as msec.usec, truncated (perf's print_sched_time). */
    private static void sched(final StringBuilder b, final long ns) {
        final long ms = ns / 1_000_000;
        final long us = (ns - ms * 1_000_000) / 1000;
        final int start = b.length();
        b.append(ms);
        padLeft(b, start, 6);
        b.append('.');
        pad0(b, us, 3);
        b.append(' ');
    }

    private static void pad0(final StringBuilder b, final long v, final int digits) {
        final String s = Long.toString(v);
        for (int k = s.length(); k < digits; k++) b.append('0');
        b.append(s);
    }

    /** Right-aligns what was appended since {@code start} to {@code width}. */
    private static void padLeft(final StringBuilder b, final int start, final int width) {
        final int len = b.length() - start;
        if (len < width) b.insert(start, " ".repeat(width - len));
    }
}
