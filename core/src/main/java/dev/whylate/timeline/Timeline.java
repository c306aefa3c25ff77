package dev.whylate.timeline;

import dev.whylate.model.Trace;
import dev.whylate.util.Names;

/**
 * Everything the analyses need to know about who ran where, reconstructed once from a {@link Trace}.
 *
 * <pre>{@code
 * Timeline tl = Timeline.of(trace);
 * int s = tl.slices().atCpu(1, t);            // which task ran on CPU 1 at t
 * int irq = tl.intervals().innermostAt(1, t); // inside which handler, if any
 * }</pre>
 *
 * @see TimelineBuilder for the exact rules
 */
public final class Timeline {
    /** Softirq action names indexed by vec, as /proc/softirqs spells them. */
    public static final String[] SOFTIRQ_NAMES = {"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU"};

    private final Trace trace;
    private final Slices slices;
    private final Intervals intervals;
    private final Wakeups wakeups;
    private final Works works;
    private final Raises raises;
    private final Ipis ipis;
    private final Syscalls syscalls;
    private final Timers timers;
    private final Migrations migrations;
    private final Csds csds;
    private final Tlbs tlbs;
    private final Names names;
    private final long[] cpuFirst;
    private final long[] cpuLast;
    private final long[] lostFrom;
    private final boolean hasSwitches;
    private final boolean hasVectors;
    private final boolean hasCsd;

    Timeline(final Trace trace, final Slices slices, final Intervals intervals, final Wakeups wakeups, final Works works,
             final Raises raises, final Ipis ipis, final Syscalls syscalls, final Timers timers, final Migrations migrations,
             final Csds csds, final Tlbs tlbs, final Names names, final long[] cpuFirst, final long[] cpuLast,
             final long[] lostFrom, final boolean hasSwitches, final boolean hasVectors, final boolean hasCsd) {
        this.trace = trace;
        this.slices = slices;
        this.intervals = intervals;
        this.wakeups = wakeups;
        this.works = works;
        this.raises = raises;
        this.ipis = ipis;
        this.syscalls = syscalls;
        this.timers = timers;
        this.migrations = migrations;
        this.csds = csds;
        this.tlbs = tlbs;
        this.names = names;
        this.cpuFirst = cpuFirst;
        this.cpuLast = cpuLast;
        this.lostFrom = lostFrom;
        this.hasSwitches = hasSwitches;
        this.hasVectors = hasVectors;
        this.hasCsd = hasCsd;
    }

    /**
     * Events the kernel dropped in gaps that overlap {@code (lo, hi)}: a gap runs from its CPU's last event before
     * a lost-events marker to the marker. The sum of the known counts; -1 when gaps overlap but none says how
     * many events it lost; 0 when no gap overlaps.
     */
    public long lostBetween(final long lo, final long hi) {
        final java.util.List<dev.whylate.model.Lost> lost = trace.lost();
        long n = 0;
        boolean any = false;
        for (int k = 0; k < lost.size(); k++) {
            final dev.whylate.model.Lost l = lost.get(k);
            if (l.ts() <= lo) continue;
            if (lostFrom[k] >= hi) continue;
            any = true;
            if (l.count() > 0) n += l.count();
        }
        return n > 0 ? n : any ? -1 : 0;
    }

    /** Builds the timeline of {@code trace} (one pass over its events). */
    public static Timeline of(final Trace trace) {
        return new TimelineBuilder(trace).build();
    }

    /** The trace this was built from. */
    public Trace trace() {
        return trace;
    }

    /** Task slices. */
    public Slices slices() {
        return slices;
    }

    /** Non-task contexts. */
    public Intervals intervals() {
        return intervals;
    }

    /** Wakeup edges. */
    public Wakeups wakeups() {
        return wakeups;
    }

    /** Work items. */
    public Works works() {
        return works;
    }

    /** Softirq raises. */
    public Raises raises() {
        return raises;
    }

    /** IPI edges. */
    public Ipis ipis() {
        return ipis;
    }

    /** Syscall intervals. */
    public Syscalls syscalls() {
        return syscalls;
    }

    /** hrtimer expiries. */
    public Timers timers() {
        return timers;
    }

    /** Task migrations. */
    public Migrations migrations() {
        return migrations;
    }

    /** Cross-CPU function calls (csd events). */
    public Csds csds() {
        return csds;
    }

    /** tlb_flush events. */
    public Tlbs tlbs() {
        return tlbs;
    }

    /** Whether the trace has csd_function_entry events (then every cross-CPU call run is visible). */
    public boolean hasCsd() {
        return hasCsd;
    }

    /** Names of handlers, functions, workqueues, syscalls (ids used by the tables). */
    public Names names() {
        return names;
    }

    /** Name for an id, or {@code "?"} for -1. */
    public String name(final int id) {
        final String s = names.get(id);
        return s == null ? "?" : s;
    }

    /** Number of CPUs seen (highest CPU + 1). */
    public int cpus() {
        return cpuFirst.length;
    }

    /** Time of the first event on {@code cpu} ({@link Works#NONE} if none). */
    public long cpuFirst(final int cpu) {
        return cpu < cpuFirst.length ? cpuFirst[cpu] : Works.NONE;
    }

    /** Time of the last event on {@code cpu} ({@link Works#NONE} if none). */
    public long cpuLast(final int cpu) {
        return cpu < cpuLast.length ? cpuLast[cpu] : Works.NONE;
    }

    /** Whether the trace has sched_switch events (without them there are no slices). */
    public boolean hasSwitches() {
        return hasSwitches;
    }

    /** Whether the trace has irq vector or ipi entry events (needed to call an IPI undelivered). */
    public boolean hasVectors() {
        return hasVectors;
    }

    /** Comm of {@code tid} at {@code ts} from the task table ({@code swapper/N} style for idle is {@code <idle>}). */
    public String comm(final int tid, final long ts) {
        return trace.tasks().commAt(tid, ts);
    }

    /**
     * The last comm of {@code tid}: from its last sched_switch payload when there is one (the name it had then,
     * e.g. after a prctl rename), else the task table's last comm.
     */
    public String lastComm(final int tid) {
        final String known = lastComms.get(tid);
        if (known != null) return known;
        String c = null;
        final int[] a = slices.ofTask(tid);
        for (int k = a.length - 1; k >= 0 && c == null; k--) {
            final int s = a[k];
            // the switch payloads, decoded only here: the timeline pass reads their numbers
            if (slices.outEvent(s) >= 0) c = switchComm(slices.outEvent(s), "prev_comm");
            if (c == null && slices.inEvent(s) >= 0) c = switchComm(slices.inEvent(s), "next_comm");
        }
        if (c == null) c = trace.tasks().comm(tid);
        if (c != null) lastComms.put(tid, c);
        return c;
    }

    /** Comms found by {@link #lastComm}, per tid. */
    private final java.util.Map<Integer, String> lastComms = new java.util.concurrent.ConcurrentHashMap<>();

    private String switchComm(final int event, final String field) {
        final String c = trace.events().cursor().load(event).getString(field);
        return c == null || c.isEmpty() ? null : c;
    }

    /** A short label for interval {@code i}: {@code hardirq 36 virtio1-req.0}, {@code softirq NET_RX}, ... */
    public String label(final int i) {
        final int k = intervals.kind(i);
        switch (k) {
            case Intervals.HARDIRQ: return "hardirq " + intervals.id(i) + " " + name(intervals.name(i));
            case Intervals.SOFTIRQ: return "softirq " + name(intervals.name(i));
            case Intervals.VECTOR: return "vector " + name(intervals.name(i));
            case Intervals.TASKLET: return "tasklet " + name(intervals.name(i));
            case Intervals.HRTIMER: return "hrtimer " + name(intervals.name(i));
            default: return Intervals.KIND_NAMES[k] + " " + name(intervals.name(i));
        }
    }
}
