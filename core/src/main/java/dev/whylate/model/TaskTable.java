package dev.whylate.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks as seen over the trace: pid (the kernel's tid) to comm and tgid, with every comm change and the
 * time it was first seen.
 *
 * <p>Sources, in the order a reader usually offers them: saved cmdlines/tgids of a trace.dat, the comm
 * column of text lines, and the comms inside sched_switch/sched_wakeup payloads. Observations at
 * {@link Long#MIN_VALUE} mean "known before the trace started".
 *
 * <pre>{@code
 * TaskTable.Builder b = TaskTable.builder();
 * b.observe(4163, 4163, "bash", 162_192_846_000L);
 * TaskTable t = b.build();
 * t.comm(4163); // "bash"
 * }</pre>
 */
public final class TaskTable {
    /** One task: its tgid (-1 when unknown) and comm history (times ascending). */
    public static final class Task {
        final int pid;
        int tgid = -1;
        String late;
        long[] since = new long[1];
        String[] comms = new String[1];
        int n;

        Task(final int pid) {
            this.pid = pid;
        }

        /** The pid (thread id). */
        public int pid() {
            return pid;
        }

        /** Thread group id (process id), or -1 when the trace never said. */
        public int tgid() {
            return tgid;
        }

        /** The comm the task had last: the read-time comm when the input gave one, else the last one seen in events. */
        public String comm() {
            if (late != null) return late;
            return n == 0 ? null : comms[n - 1];
        }

        /** Every comm seen, oldest first (the read-time comm last, when it differs). */
        public List<String> comms() {
            final List<String> l = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(Arrays.asList(Arrays.copyOf(comms, n))));
            if (late != null && !l.contains(late)) l.add(late);
            return l;
        }

        /**
         * The comm in effect at {@code ts}: the latest event-time comm seen at or before {@code ts} (the first one
         * when {@code ts} is earlier), else the read-time comm.
         */
        public String commAt(final long ts) {
            if (n == 0) return late;
            int lo = 0;
            int hi = n - 1;
            int best = 0;
            while (lo <= hi) {
                final int mid = (lo + hi) >>> 1;
                if (since[mid] <= ts) {
                    best = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return comms[best];
        }

        /**
         * One sighting of {@code comm} at {@code ts}. Sightings may arrive in any time order (parallel readers
         * observe chunks in any order), so all are kept, in time order, until {@link #compact} folds each run of
         * equal comms into its earliest sighting: a task that goes A, B, A (exec of a shell script that execs
         * the program again) keeps all three changes.
         */
        void add(final String comm, final long ts) {
            // the same sighting twice (merged builders) adds nothing
            if (n > 0 && since[n - 1] == ts && comms[n - 1].equals(comm)) return;
            if (n == since.length) {
                since = Arrays.copyOf(since, n * 2);
                comms = Arrays.copyOf(comms, n * 2);
            }
            // keep the sightings ordered by time (stable: equal times keep their arrival order)
            int at = n;
            while (at > 0 && since[at - 1] > ts) at--;
            System.arraycopy(since, at, since, at + 1, n - at);
            System.arraycopy(comms, at, comms, at + 1, n - at);
            since[at] = ts;
            comms[at] = comm;
            n++;
        }

        /** Folds runs of the same comm (in time order) into their first sighting. */
        void compact() {
            int w = 0;
            for (int r = 0; r < n; r++) {
                if (w > 0 && comms[w - 1].equals(comms[r])) continue;
                since[w] = since[r];
                comms[w] = comms[r];
                w++;
            }
            for (int k = w; k < n; k++) comms[k] = null;
            n = w;
        }
    }

    private final Map<Integer, Task> tasks;

    private TaskTable(final Map<Integer, Task> tasks) {
        this.tasks = tasks;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The task with this pid, or {@code null}. */
    public Task get(final int pid) {
        return tasks.get(pid);
    }

    /** Last comm of {@code pid}; {@code "<idle>"} for pid 0, {@code "<pid>"} when never seen. */
    public String comm(final int pid) {
        final Task t = tasks.get(pid);
        if (t != null && t.comm() != null) return t.comm();
        return pid == 0 ? "<idle>" : "<" + pid + ">";
    }

    /** Comm of {@code pid} at time {@code ts} (see {@link Task#commAt}). */
    public String commAt(final int pid, final long ts) {
        final Task t = tasks.get(pid);
        if (t != null) {
            final String c = t.commAt(ts);
            if (c != null) return c;
        }
        return comm(pid);
    }

    /** Thread group id of {@code pid}, or -1. */
    public int tgid(final int pid) {
        final Task t = tasks.get(pid);
        return t == null ? -1 : t.tgid;
    }

    /** Number of distinct pids seen. */
    public int size() {
        return tasks.size();
    }

    /** All tasks, in no particular order. */
    public List<Task> all() {
        return new ArrayList<>(tasks.values());
    }

    /** Collects observations; thread-safe so parallel chunk parsers can share one. */
    public static final class Builder {
        private final Map<Integer, Task> tasks = new HashMap<>();

        /**
         * Records that {@code pid} had {@code comm} (may be null) and {@code tgid} (-1 if unknown) at event time
         * {@code ts} (a payload comm, perf's comm column). Placeholder comms such as {@code <...>} are ignored.
         */
        public synchronized void observe(final int pid, final int tgid, final String comm, final long ts) {
            Task t = tasks.get(pid);
            if (t == null) {
                t = new Task(pid);
                tasks.put(pid, t);
            }
            if (tgid >= 0 && (t.tgid < 0 || tgid != 0)) t.tgid = tgid;
            if (comm != null && !comm.isEmpty() && !comm.equals("<...>")) t.add(comm, ts);
        }

        /**
         * Records the comm {@code pid} had when the input was written (ftrace's comm column and trace.dat's saved
         * cmdlines come from a cache read at the end, not at the event), used when no event-time comm is known.
         */
        public synchronized void observeLate(final int pid, final int tgid, final String comm) {
            Task t = tasks.get(pid);
            if (t == null) {
                t = new Task(pid);
                tasks.put(pid, t);
            }
            if (tgid >= 0 && (t.tgid < 0 || tgid != 0)) t.tgid = tgid;
            if (comm != null && !comm.isEmpty() && !comm.equals("<...>")) t.late = comm;
        }

        /** Merges another builder's observations into this one. */
        public synchronized void addAll(final Builder other) {
            for (final Task o : other.tasks.values()) {
                for (int i = 0; i < o.n; i++) observe(o.pid, o.tgid, o.comms[i], o.since[i]);
                if (o.n == 0) observe(o.pid, o.tgid, null, Long.MIN_VALUE);
                if (o.late != null) observeLate(o.pid, o.tgid, o.late);
            }
        }

        /** The finished table. */
        public synchronized TaskTable build() {
            for (final Task t : tasks.values()) t.compact();
            return new TaskTable(new HashMap<>(tasks));
        }
    }
}
