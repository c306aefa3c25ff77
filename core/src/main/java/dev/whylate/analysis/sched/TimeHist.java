package dev.whylate.analysis.sched;

import dev.whylate.model.TaskTable;
import dev.whylate.util.IntList;
import dev.whylate.util.LongList;
import dev.whylate.util.Names;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code perf sched timehist}: one row per sched_switch, for the task switched out (the CPU's idle task when
 * prev_pid is 0), computed as builtin-sched.c does:
 *
 * <ul>
 *   <li>run time = this switch − the previous sched_switch on the same CPU (0 for a CPU's first switch);</li>
 *   <li>wait time = the previous switch on the CPU − the task's own last switch-out (0 when unknown), split
 *       into preempt / iowait / sleep by the state it left in then;</li>
 *   <li>sch delay = the previous switch on the CPU − the task's first wakeup since its last switch-out
 *       (sched_waking preferred over sched_wakeup, sched_wakeup_new counts); with {@link PerfDialect#UPSTREAM}
 *       a runnable switch-out also starts it.</li>
 * </ul>
 *
 * <p>With a CPU set, rows are kept only for switches on those CPUs (perf's {@code -C}); the state machine
 * still sees every switch. {@link #rows(Pattern)} keeps the rows of matching tasks.
 */
public final class TimeHist implements SchedScan.Consumer {
    /** Wait kind: the task had slept (S, I, ... or unknown). */
    public static final int SLEEP = 0;
    /** Wait kind: uninterruptible (D). */
    public static final int IOWAIT = 1;
    /** Wait kind: runnable (R, R+ upstream). */
    public static final int PREEMPT = 2;

    private final PerfDialect dialect;
    private final boolean hasWaking;
    private final BitSet cpus;
    private final TaskTable tasks;
    private final TidIndex ids = new TidIndex();
    private long[] lastTime = new long[256];
    private int[] lastState = new int[256];
    private long[] ready = new long[256];
    private long[] idleLast = new long[8];
    private int[] idleState = new int[8];
    private long[] cpuLast = new long[8];
    private final Names comms = new Names();
    private final LongList ts = new LongList(1024);
    private final IntList cpu = new IntList(1024);
    private final IntList tid = new IntList(1024);
    private final IntList comm = new IntList(1024);
    private final LongList wait = new LongList(1024);
    private final IntList waitKind = new IntList(1024);
    private final LongList delay = new LongList(1024);
    private final LongList run = new LongList(1024);
    private final IntList stateOut = new IntList(1024);

    /**
     * @param dialect perf version rules
     * @param traceHasWaking whether the trace has sched_waking
     * @param cpus keep only switches on these CPUs; {@code null} for all
     * @param tasks the trace's task table (comms at the time of each row)
     */
    public TimeHist(final PerfDialect dialect, final boolean traceHasWaking, final BitSet cpus, final TaskTable tasks) {
        this.dialect = dialect;
        this.hasWaking = traceHasWaking;
        this.cpus = cpus;
        this.tasks = tasks;
    }

    private int id(final int t) {
        final int n = ids.size();
        final int id = ids.of(t);
        if (id == n && n == lastTime.length) {
            lastTime = Arrays.copyOf(lastTime, n * 2);
            lastState = Arrays.copyOf(lastState, n * 2);
            ready = Arrays.copyOf(ready, n * 2);
        }
        return id;
    }

    private void ensureCpu(final int c) {
        if (c < cpuLast.length) return;
        final int n = Math.max(c + 1, cpuLast.length * 2);
        cpuLast = Arrays.copyOf(cpuLast, n);
        idleLast = Arrays.copyOf(idleLast, n);
        idleState = Arrays.copyOf(idleState, n);
    }

    @Override
    public void on(final SchedEvent e) {
        if (e.kind == SchedEvent.SWITCH) {
            onSwitch(e);
        } else if (dialect.timehistWakeup(e.kind, hasWaking) && e.pid >= 0) {
            // perf keeps no wakeup state for the idle task: a wakeup of pid 0 lands on a separate thread
            if (e.pid == 0) return;
            final int a = id(e.pid);
            if (ready[a] == 0) ready[a] = e.ts;
        }
    }

    private void onSwitch(final SchedEvent e) {
        final int c = e.cpu;
        if (c < 0) return;
        ensureCpu(c);
        final boolean idle = e.prevPid == 0;
        final int task = idle ? 0 : (e.tid != 0 ? e.tid : e.prevPid);
        final int a = idle ? -1 : id(task);
        final long t = e.ts;
        final long tprev = cpuLast[c];
        final long last = idle ? idleLast[c] : lastTime[a];
        final int lastSt = idle ? idleState[c] : lastState[a];
        final long rtr = idle ? 0 : ready[a];
        if (cpus == null || cpus.get(c)) {
            long dRun = 0;
            long dDelay = 0;
            long dWait = 0;
            if (tprev != 0) {
                dRun = t - tprev;
                if (rtr != 0 && rtr <= tprev) dDelay = tprev - rtr;
                if (last != 0 && last <= tprev) dWait = tprev - last;
            }
            ts.add(t);
            cpu.add(c);
            tid.add(task);
            comm.add(comms.id(idle ? "<idle>" : commOf(task, t, e)));
            wait.add(dWait);
            waitKind.add(dialect.runnable(lastSt) ? PREEMPT : dialect.iowait(lastSt) ? IOWAIT : SLEEP);
            delay.add(dDelay);
            run.add(dRun);
            stateOut.add(e.prevState);
        }
        if (idle) {
            idleLast[c] = t;
            idleState[c] = e.prevState;
        } else {
            lastTime[a] = t;
            lastState[a] = e.prevState;
            ready[a] = dialect.timehistPreemptDelay() && dialect.runnable(e.prevState) ? t : 0;
        }
        cpuLast[c] = t;
    }

    private String commOf(final int task, final long t, final SchedEvent e) {
        final TaskTable.Task k = tasks.get(task);
        if (k != null && k.comm() != null) return k.commAt(t);
        final String p = e.payloadComm(true);
        return p != null ? p : ":" + task;
    }

    /** Number of rows. */
    public int size() {
        return ts.size();
    }

    /** Row {@code i}. */
    public TimeHistRow row(final int i) {
        final int t = tid.get(i);
        return new TimeHistRow(ts.get(i), cpu.get(i), t, t == 0 ? -1 : tasks.tgid(t), comms.get(comm.get(i)), wait.get(i),
            waitKind.get(i), delay.get(i), run.get(i), stateOut.get(i));
    }

    /** The rows whose comm matches {@code task} ({@code null}: all), as a list view. */
    public List<TimeHistRow> rows(final Pattern task) {
        if (task == null) {
            return new AbstractList<>() {
                @Override
                public TimeHistRow get(final int i) {
                    return row(i);
                }

                @Override
                public int size() {
                    return ts.size();
                }
            };
        }
        final boolean[] match = new boolean[comms.size()];
        for (int k = 0; k < match.length; k++) match[k] = task.matcher(comms.get(k)).find();
        final IntList keep = new IntList();
        for (int i = 0; i < ts.size(); i++) if (match[comm.get(i)] || task.matcher(Integer.toString(tid.get(i))).matches()) keep.add(i);
        return new AbstractList<>() {
            @Override
            public TimeHistRow get(final int i) {
                return row(keep.get(i));
            }

            @Override
            public int size() {
                return keep.size();
            }
        };
    }
}
