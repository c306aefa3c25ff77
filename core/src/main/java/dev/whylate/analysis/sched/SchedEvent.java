package dev.whylate.analysis.sched;

import dev.whylate.model.FieldCursor;
import dev.whylate.model.Fields;
import dev.whylate.model.TaskState;

/**
 * One scheduler event decoded into plain fields, reused for every event of a scan (no object per event).
 * Which fields are meaningful depends on {@link #kind}; the others are -1. Times are ns.
 */
public final class SchedEvent {
    /** sched_switch. */
    public static final int SWITCH = 1;
    /** sched_waking. */
    public static final int WAKING = 2;
    /** sched_wakeup. */
    public static final int WAKEUP = 3;
    /** sched_wakeup_new. */
    public static final int WAKEUP_NEW = 4;
    /** sched_migrate_task. */
    public static final int MIGRATE = 5;
    /** sched_stat_runtime. */
    public static final int RUNTIME = 6;
    /** A prio field the event did not carry (-1 is a real prio: deadline tasks). */
    public static final int NO_PRIO = Integer.MIN_VALUE;

    /** Event kind ({@link #SWITCH}...). */
    public int kind;
    /** Index in the {@link dev.whylate.model.EventStore}. */
    public int index;
    /** Timestamp, ns. */
    public long ts;
    /** CPU the event was emitted on. */
    public int cpu;
    /** Current task when the event was emitted (the sample's tid). */
    public int tid;
    /** sched_switch: prev_pid. */
    public int prevPid;
    /** sched_switch: next_pid. */
    public int nextPid;
    /** sched_switch: prev_state as canonical {@link TaskState} bits ({@link TaskState#UNKNOWN} when absent). */
    public int prevState;
    /** sched_switch: prev_prio ({@link #NO_PRIO} when absent). */
    public int prevPrio;
    /** sched_switch: next_prio ({@link #NO_PRIO} when absent). */
    public int nextPrio;
    /** wakeups, migrate, runtime: the pid field (the task acted on). */
    public int pid;
    /** wakeups and migrate: prio ({@link #NO_PRIO} when absent). */
    public int prio;
    /** wakeups: target_cpu. */
    public int targetCpu;
    /** migrate: orig_cpu. */
    public int origCpu;
    /** migrate: dest_cpu. */
    public int destCpu;
    /** sched_stat_runtime: runtime in ns. */
    public long runtime;
    /** The event's fields, decoded only when asked ({@link #fields()}). */
    private FieldCursor cursor;
    private Fields fields;

    /** The fields the event was decoded from (valid until the next event). */
    public Fields fields() {
        if (fields == null) fields = cursor.load(index);
        return fields;
    }

    /** Field names read by {@link #loadNumbers}, per kind, and their defaults. */
    static final String[][] NAMES = new String[7][];
    static final long[][] DEFAULTS = new long[7][];
    /** A default no decoder returns: the field was absent or not a number. */
    static final long ABSENT = Long.MIN_VALUE + 7;

    static {
        NAMES[SWITCH] = new String[] {"prev_pid", "next_pid", "prev_prio", "next_prio", "prev_state"};
        DEFAULTS[SWITCH] = new long[] {ABSENT, -1, NO_PRIO, NO_PRIO, ABSENT};
        for (final int k : new int[] {WAKING, WAKEUP, WAKEUP_NEW}) {
            NAMES[k] = new String[] {"pid", "prio", "target_cpu"};
            DEFAULTS[k] = new long[] {-1, NO_PRIO, -1};
        }
        NAMES[MIGRATE] = new String[] {"pid", "prio", "orig_cpu", "dest_cpu"};
        DEFAULTS[MIGRATE] = new long[] {-1, NO_PRIO, -1, -1};
        NAMES[RUNTIME] = new String[] {"pid", "runtime"};
        DEFAULTS[RUNTIME] = new long[] {-1, 0};
    }

    /**
     * Loads event {@code i} from the numbers of {@link #NAMES}{@code [k]} ({@code v}, as
     * {@link dev.whylate.model.PayloadDecoder#numbers} gives them with {@link #DEFAULTS}); the same as
     * {@link #load} of its fields. Returns false when a switch's prev_state is not a number (then call load).
     */
    boolean loadNumbers(final int k, final int i, final long t, final int c, final int current, final long[] v, final FieldCursor cur) {
        if (k == SWITCH && v[4] == ABSENT) return false;
        reset(k, i, t, c, current);
        cursor = cur;
        fields = null;
        switch (k) {
            case SWITCH:
                prevPid = v[0] == ABSENT ? current : (int) v[0];
                nextPid = (int) v[1];
                prevPrio = (int) v[2];
                nextPrio = (int) v[3];
                prevState = (int) v[4];
                break;
            case WAKING: case WAKEUP: case WAKEUP_NEW:
                pid = (int) v[0];
                prio = (int) v[1];
                targetCpu = (int) v[2];
                break;
            case MIGRATE:
                pid = (int) v[0];
                prio = (int) v[1];
                origCpu = (int) v[2];
                destCpu = (int) v[3];
                break;
            case RUNTIME:
                pid = (int) v[0];
                runtime = v[1];
                break;
            default: break;
        }
        return true;
    }

    private void reset(final int k, final int i, final long t, final int c, final int current) {
        kind = k;
        index = i;
        ts = t;
        cpu = c;
        tid = current;
        prevPid = -1;
        nextPid = -1;
        prevState = TaskState.UNKNOWN;
        prevPrio = NO_PRIO;
        nextPrio = NO_PRIO;
        pid = -1;
        prio = NO_PRIO;
        targetCpu = -1;
        origCpu = -1;
        destCpu = -1;
        runtime = 0;
    }

    void load(final int k, final int i, final long t, final int c, final int current, final Fields f) {
        reset(k, i, t, c, current);
        fields = f;
        switch (k) {
            case SWITCH: {
                prevPid = f.getInt("prev_pid", current);
                nextPid = f.getInt("next_pid", -1);
                prevPrio = f.getInt("prev_prio", NO_PRIO);
                nextPrio = f.getInt("next_prio", NO_PRIO);
                final int s = f.indexOf("prev_state");
                prevState = s < 0 ? TaskState.UNKNOWN : f.isNumber(s) ? (int) f.number(s) : TaskState.parse(f.text(s));
                break;
            }
            case WAKING: case WAKEUP: case WAKEUP_NEW:
                pid = f.getInt("pid", -1);
                prio = f.getInt("prio", NO_PRIO);
                targetCpu = f.getInt("target_cpu", -1);
                break;
            case MIGRATE:
                pid = f.getInt("pid", -1);
                prio = f.getInt("prio", NO_PRIO);
                origCpu = f.getInt("orig_cpu", -1);
                destCpu = f.getInt("dest_cpu", -1);
                break;
            case RUNTIME:
                pid = f.getInt("pid", -1);
                runtime = f.getLong("runtime", 0);
                break;
            default: break;
        }
    }

    /** The comm in the payload: next_comm for a switch, comm for the others, or {@code null}. */
    public String payloadComm(final boolean prev) {
        if (kind == SWITCH) return fields().getString(prev ? "prev_comm" : "next_comm");
        return fields().getString("comm");
    }
}
