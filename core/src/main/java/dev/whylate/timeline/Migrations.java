package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/** sched_migrate_task: task {@code tid} moved from {@code orig} to {@code dest} at {@code ts}. */
public final class Migrations {
    final long[] ts;
    final int[] tid;
    final int[] orig;
    final int[] dest;
    final dev.whylate.util.Groups.Index byTid;

    Migrations(final Builder b) {
        ts = b.ts.takeArray();
        tid = b.tid.takeArray();
        orig = b.orig.takeArray();
        dest = b.dest.takeArray();
        byTid = dev.whylate.util.Groups.index(tid);
    }

    /** Number of migrations. */
    public int size() {
        return ts.length;
    }

    /** Time. */
    public long ts(final int m) {
        return ts[m];
    }

    /** Task. */
    public int tid(final int m) {
        return tid[m];
    }

    /** Source CPU. */
    public int orig(final int m) {
        return orig[m];
    }

    /** Destination CPU. */
    public int dest(final int m) {
        return dest[m];
    }

    /** Migrations of {@code t} in time order. */
    public int[] ofTask(final int t) {
        final int[] a = byTid.get(t);
        return a == null ? new int[0] : a;
    }

    /** Collects migrations. */
    static final class Builder {
        final LongList ts = new LongList();
        final IntList tid = new IntList();
        final IntList orig = new IntList();
        final IntList dest = new IntList();

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            ts.reserve(n);
            tid.reserve(n);
            orig.reserve(n);
            dest.reserve(n);
        }

        void add(final long t, final int task, final int o, final int d) {
            ts.add(t);
            tid.add(task);
            orig.add(o);
            dest.add(d);
        }
    }
}
