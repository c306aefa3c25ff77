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
            final List<String> l = new java.util.ArrayList<>(Arrays.asList(Arrays.copyOf(comms, n)));
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

        void add(final String comm, final long ts) {
            // a comm already seen is not a change, but its first sighting may come late (parallel readers observe
            // chunks in any order): keep the earliest time, in time order
            for (int i = n - 1; i >= 0; i--) {
                if (comms[i].equals(comm)) {
                    if (ts < since[i]) {
                        since[i] = ts;
                        for (int k = i; k > 0 && since[k - 1] > since[k]; k--) {
                            final long t = since[k];
                            since[k] = since[k - 1];
                            since[k - 1] = t;
                            final String c = comms[k];
                            comms[k] = comms[k - 1];
                            comms[k - 1] = c;
                        }
                    }
                    return;
                }
            }
            if (n == since.length) {
                since = Arrays.copyOf(since, n * 2);
                comms = Arrays.copyOf(comms, n * 2);
            }
            // keep the history ordered by time
            int at = n;
            while (at > 0 && since[at - 1] > ts) at--;
            System.arraycopy(since, at, since, at + 1, n - at);
            System.arraycopy(comms, at, comms, at + 1, n - at);
            since[at] = ts;
            comms[at] = comm;
            n++;
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
            return new TaskTable(new HashMap<>(tasks));
        }
    }
}
