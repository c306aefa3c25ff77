package dev.whylate.analysis.sched;

import dev.whylate.model.EventStore;
import dev.whylate.model.EventTypes;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.Fields;
import dev.whylate.model.PayloadDecoder;
import dev.whylate.model.Trace;

/**
 * One pass over the scheduler events of a trace: sched_switch, sched_waking, sched_wakeup, sched_wakeup_new,
 * sched_migrate_task and sched_stat_runtime are decoded once into a reused {@link SchedEvent} and handed to
 * every consumer in time order. Other events are skipped without decoding.
 */
public final class SchedScan {
    /** Receives the decoded events. */
    public interface Consumer {
        /** Called for every scheduler event, in (timestamp, CPU, input) order. */
        void on(SchedEvent e);

        /** Whether {@link #other} should be called for the events that are not scheduler events. */
        default boolean wantsOther() {
            return false;
        }

        /** Called, in order, for every other event (not decoded): index, time, CPU and current task. */
        default void other(int index, long ts, int cpu, int tid) {}
    }

    private final Trace trace;
    private final int[] kinds;
    private final boolean[] present = new boolean[7];

    /** Classifies the trace's event types (one cheap pass over the type column). */
    public SchedScan(final Trace trace) {
        this.trace = trace;
        final EventTypes types = trace.events().types();
        kinds = new int[types.size()];
        for (int t = 0; t < kinds.length; t++) kinds[t] = kindOf(types.name(t), types.system(t));
        final EventStore s = trace.events();
        final boolean[] seen = new boolean[kinds.length];
        int todo = 0;
        for (final int k : kinds) if (k != 0) todo++;
        for (int i = 0, n = s.size(); i < n && todo > 0; i++) {
            final int ty = s.type(i);
            if (!seen[ty]) {
                seen[ty] = true;
                if (kinds[ty] != 0) {
                    present[kinds[ty]] = true;
                    todo--;
                }
            }
        }
    }

    private static int kindOf(final String name, final String sys) {
        if (sys != null && !sys.equals("sched")) return 0;
        switch (name) {
            case "sched_switch": return SchedEvent.SWITCH;
            case "sched_waking": return SchedEvent.WAKING;
            case "sched_wakeup": return SchedEvent.WAKEUP;
            case "sched_wakeup_new": return SchedEvent.WAKEUP_NEW;
            case "sched_migrate_task": return SchedEvent.MIGRATE;
            case "sched_stat_runtime": return SchedEvent.RUNTIME;
            default: return 0;
        }
    }

    /** Whether the trace has at least one event of {@code kind}. */
    public boolean has(final int kind) {
        return present[kind];
    }

    /** The trace scanned. */
    public Trace trace() {
        return trace;
    }

    /** Feeds every scheduler event to {@code consumers}, in order. */
    public void run(final Consumer... consumers) {
        final EventStore s = trace.events();
        final FieldCursor cur = s.cursor();
        final PayloadDecoder dec = s.decoder();
        final Fields scratch = new Fields();
        final long[] v = new long[5];
        final long[][] dflt = new long[SchedEvent.DEFAULTS.length][];
        for (int k = 0; k < dflt.length; k++) dflt[k] = SchedEvent.DEFAULTS[k] == null ? null : SchedEvent.DEFAULTS[k].clone();
        final SchedEvent e = new SchedEvent();
        int wanting = 0;
        for (final Consumer c : consumers) if (c.wantsOther()) wanting++;
        final Consumer[] others = new Consumer[wanting];
        wanting = 0;
        for (final Consumer c : consumers) if (c.wantsOther()) others[wanting++] = c;
        for (int i = 0, n = s.size(); i < n; i++) {
            final int k = kinds[s.type(i)];
            if (k == 0) {
                for (final Consumer c : others) c.other(i, s.ts(i), s.cpu(i), s.tid(i));
                continue;
            }
            // only the numbers are decoded; a consumer that wants texts asks e.fields()
            final long ts = s.ts(i);
            final int cpu = s.cpu(i);
            final int tid = s.tid(i);
            dec.numbers(s, i, SchedEvent.NAMES[k], dflt[k], v, scratch);
            if (!e.loadNumbers(k, i, ts, cpu, tid, v, cur)) e.load(k, i, ts, cpu, tid, cur.load(i));
            for (final Consumer c : consumers) c.on(e);
        }
    }
}
