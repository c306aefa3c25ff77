package dev.whylate.analysis.sched;

import dev.whylate.model.TaskTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The state machine of {@code perf sched latency} (tools/perf/builtin-sched.c, latency_* handlers), fed
 * with {@link SchedEvent}s. Per task perf keeps the last "work atom": its state (sleeping, waiting for a CPU,
 * switched in, ignored), when it was switched out and when it became ready.
 *
 * <ul>
 *   <li>sched_switch: the prev task's atom is switched out: waiting for a CPU from that moment when perf
 *       reads prev_state as runnable ({@link PerfDialect#runnable}), sleeping otherwise. The next task, if
 *       perf never saw it, gets an atom waiting since now; then, if its atom is waiting, the switch-in ends
 *       the wait: delay = switch-in − ready time (a switch-in before the ready time marks it ignored).</li>
 *   <li>wakeups ({@link PerfDialect#latencyWakeup}): a sleeping atom becomes waiting from the wakeup's
 *       time; wakeups of tasks not sleeping are ignored; a wakeup timestamped before the atom's switch-out
 *       counts as unordered. A task never seen gets a sleeping atom first.</li>
 *   <li>sched_stat_runtime adds runtime to the pid's total (a task never seen gets a waiting atom).</li>
 *   <li>a switch whose prev is not the task the CPU's previous switch brought in counts as a context switch
 *       bug.</li>
 * </ul>
 *
 * <p>With a CPU set, only waits ended by a switch-in on those CPUs and runtime events on them are counted;
 * the state machine still sees every event (this is not perf's {@code -C}).
 */
public final class PerfLatency implements SchedScan.Consumer {
    private static final byte NONE = 0;
    private static final byte SLEEPING = 1;
    private static final byte WAIT_CPU = 2;
    private static final byte SCHED_IN = 3;
    private static final byte IGNORE = 4;

    private final PerfDialect dialect;
    private final boolean hasWaking;
    private final BitSet cpus;
    private final TidIndex ids = new TidIndex();
    private byte[] state = new byte[256];
    private long[] schedOut = new long[256];
    private long[] wakeUp = new long[256];
    private long[] totalLat = new long[256];
    private long[] maxLat = new long[256];
    private long[] maxStart = new long[256];
    private long[] maxEnd = new long[256];
    private long[] nb = new long[256];
    private long[] runtime = new long[256];
    private int[] currPid = new int[0];
    private long contextSwitchBugs;
    private long timestamps;
    private long unordered;

    /**
     * @param dialect which perf version's rules
     * @param traceHasWaking whether the trace has sched_waking events ({@link SchedScan#has})
     * @param cpus count only switch-ins / runtime on these CPUs; {@code null} for all
     */
    public PerfLatency(final PerfDialect dialect, final boolean traceHasWaking, final BitSet cpus) {
        this.dialect = dialect;
        this.hasWaking = traceHasWaking;
        this.cpus = cpus;
    }

    private int id(final int tid) {
        final int n = ids.size();
        final int id = ids.of(tid);
        if (id == n && n == state.length) {
            final int c = n * 2;
            state = Arrays.copyOf(state, c);
            schedOut = Arrays.copyOf(schedOut, c);
            wakeUp = Arrays.copyOf(wakeUp, c);
            totalLat = Arrays.copyOf(totalLat, c);
            maxLat = Arrays.copyOf(maxLat, c);
            maxStart = Arrays.copyOf(maxStart, c);
            maxEnd = Arrays.copyOf(maxEnd, c);
            nb = Arrays.copyOf(nb, c);
            runtime = Arrays.copyOf(runtime, c);
        }
        return id;
    }

    private boolean counted(final int cpu) {
        return cpus == null || (cpu >= 0 && cpus.get(cpu));
    }

    private void schedOutAtom(final int a, final boolean runnable, final long ts) {
        schedOut[a] = ts;
        if (runnable) {
            state[a] = WAIT_CPU;
            wakeUp[a] = ts;
        } else {
            state[a] = SLEEPING;
            wakeUp[a] = 0;
        }
    }

    @Override
    public void on(final SchedEvent e) {
        switch (e.kind) {
            case SchedEvent.SWITCH: onSwitch(e); break;
            case SchedEvent.RUNTIME: {
                if (e.pid < 0) return;
                final int a = id(e.pid);
                if (state[a] == NONE) schedOutAtom(a, true, e.ts);
                if (counted(e.cpu)) runtime[a] += e.runtime;
                break;
            }
            case SchedEvent.WAKING: case SchedEvent.WAKEUP: case SchedEvent.WAKEUP_NEW: {
                if (e.pid < 0 || !dialect.latencyWakeup(e.kind, hasWaking)) return;
                final int a = id(e.pid);
                if (state[a] == NONE) schedOutAtom(a, false, e.ts);
                if (state[a] != SLEEPING) return;
                timestamps++;
                if (schedOut[a] > e.ts) {
                    unordered++;
                    return;
                }
                state[a] = WAIT_CPU;
                wakeUp[a] = e.ts;
                break;
            }
            default: break;
        }
    }

    private void onSwitch(final SchedEvent e) {
        final int cpu = e.cpu;
        if (cpu >= currPid.length) {
            final int old = currPid.length;
            currPid = Arrays.copyOf(currPid, cpu + 1);
            Arrays.fill(currPid, old, cpu + 1, -1);
        }
        if (currPid[cpu] != -1 && currPid[cpu] != e.prevPid) contextSwitchBugs++;
        currPid[cpu] = e.nextPid;
        if (e.prevPid < 0 || e.nextPid < 0) return;
        final int out = id(e.prevPid);
        schedOutAtom(out, dialect.runnable(e.prevState), e.ts);
        final int in = id(e.nextPid);
        if (state[in] == NONE) schedOutAtom(in, true, e.ts);
        if (state[in] != WAIT_CPU) return;
        if (e.ts < wakeUp[in]) {
            state[in] = IGNORE;
            return;
        }
        state[in] = SCHED_IN;
        if (!counted(cpu)) return;
        final long d = e.ts - wakeUp[in];
        totalLat[in] += d;
        if (d > maxLat[in]) {
            maxLat[in] = d;
            maxStart[in] = wakeUp[in];
            maxEnd[in] = e.ts;
        }
        nb[in]++;
    }

    /** Switches perf would call context switch bugs. */
    public long contextSwitchBugs() {
        return contextSwitchBugs;
    }

    /** Wakeups that hit a sleeping task (perf's nr_timestamps). */
    public long timestamps() {
        return timestamps;
    }

    /** Wakeups timestamped before the task's switch-out. */
    public long unorderedTimestamps() {
        return unordered;
    }

    /** perf's comm for a tid: the trace's last comm for it, else {@code :TID}. */
    public static IntFunction<String> perfComms(final TaskTable tasks) {
        return tid -> {
            final TaskTable.Task t = tasks.get(tid);
            return t != null && t.comm() != null ? t.comm() : ":" + tid;
        };
    }

    /**
     * The table: tasks with at least one counted switch-in, idle (tid 0) excluded, merged by comm unless
     * {@code perPid}, sorted by {@code sortKeys} (each descending; perf's keys {@code avg}, {@code max},
     * {@code switch}, {@code runtime}), ties in perf's order (descending comm when merged, else descending tid).
     */
    public List<LatencyRow> rows(final IntFunction<String> comms, final boolean perPid, final List<String> sortKeys) {
        final List<LatencyRow> rows = new ArrayList<>();
        for (final LatencyRow r : groups(new int[0], comms, perPid)) if (r.switches() > 0 && r.pid() != 0) rows.add(r);
        rows.sort(comparator(sortKeys));
        return rows;
    }

    /**
     * Every group perf would form (also those with no counted switch-in, and idle), over the tids perf saw
     * plus {@code extraTids}, in perf's tie order (descending comm when merged, else descending tid).
     */
    public List<LatencyRow> groups(final int[] extraTids, final IntFunction<String> comms, final boolean perPid) {
        // perf's own tids first (they decide the group's row and its merge count), then the extra ones
        final java.util.TreeSet<Integer> known = new java.util.TreeSet<>(Comparator.reverseOrder());
        for (int a = 0; a < ids.size(); a++) known.add(ids.tid(a));
        final java.util.TreeSet<Integer> extra = new java.util.TreeSet<>(Comparator.reverseOrder());
        for (final int t : extraTids) if (!known.contains(t)) extra.add(t);
        final List<Integer> all = new ArrayList<>(known);
        all.addAll(extra);
        final List<Acc> groups = new ArrayList<>();
        final Map<String, Acc> byComm = new HashMap<>();
        // perf walks its pid-ordered tree from the highest tid; the first of a comm becomes the group's row
        for (final int tid : all) {
            final int a = ids.find(tid);
            final String comm = comms.apply(tid);
            Acc g = perPid ? null : byComm.get(comm);
            if (g == null) {
                g = new Acc(comm, tid);
                groups.add(g);
                if (!perPid) byComm.put(comm, g);
            }
            g.pids.add(tid);
            if (a < 0) continue;
            g.known++;
            g.runtime += runtime[a];
            g.nb += nb[a];
            g.total += totalLat[a];
            if (g.max < maxLat[a]) {
                g.max = maxLat[a];
                g.maxStart = maxStart[a];
                g.maxEnd = maxEnd[a];
            }
        }
        // perf inserts into the sorted tree from its merged tree (descending comm) or pid tree (descending tid)
        if (!perPid) groups.sort((x, y) -> compareBytes(y.comm, x.comm));
        final List<LatencyRow> rows = new ArrayList<>();
        for (final Acc g : groups) {
            g.pids.sort(null);
            rows.add(new LatencyRow(g.comm, g.tid, perPid ? 1 : Math.max(1, g.known), List.copyOf(g.pids), g.nb, g.runtime, g.total,
                g.nb == 0 ? 0 : g.total / g.nb, g.max, g.maxStart, g.maxEnd));
        }
        return rows;
    }

    /** A descending comparator over perf's sort keys (stable sort keeps perf's tie order). */
    public static Comparator<LatencyRow> comparator(final List<String> keys) {
        Comparator<LatencyRow> c = (x, y) -> 0;
        for (final String k : keys) {
            final Comparator<LatencyRow> one;
            switch (k.trim().toLowerCase(Locale.ROOT)) {
                case "avg": one = Comparator.comparingLong(LatencyRow::avgDelayNs); break;
                case "max": one = Comparator.comparingLong(LatencyRow::maxDelayNs); break;
                case "switch": case "switches": one = Comparator.comparingLong(LatencyRow::switches); break;
                case "runtime": one = Comparator.comparingLong(LatencyRow::runtimeNs); break;
                case "pid": one = Comparator.comparingInt(LatencyRow::pid); break;
                default: throw new IllegalArgumentException("unknown sort key '" + k + "' (avg, max, switch, runtime, pid)");
            }
            c = c.thenComparing(one.reversed());
        }
        return c;
    }

    /** The default sort: {@code avg, max, switch, runtime}. */
    public static final List<String> DEFAULT_SORT = List.of("avg", "max", "switch", "runtime");

    /** strcmp order of the UTF-8 bytes. */
    static int compareBytes(final String a, final String b) {
        final byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Arrays.compareUnsigned(x, y);
    }

    private static final class Acc {
        final String comm;
        final int tid;
        final List<Integer> pids = new ArrayList<>(1);
        int known;
        long runtime;
        long nb;
        long total;
        long max;
        long maxStart;
        long maxEnd;

        Acc(final String comm, final int tid) {
            this.comm = comm;
            this.tid = tid;
        }
    }
}
