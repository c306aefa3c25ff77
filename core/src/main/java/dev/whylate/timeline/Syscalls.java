package dev.whylate.timeline;

import dev.whylate.util.IntList;
import dev.whylate.util.LongList;

/**
 * Syscall intervals per task, from {@code sys_enter_NAME}/{@code sys_exit_NAME} or raw
 * {@code sys_enter}/{@code sys_exit}: task {@code tid} was inside syscall {@code name} (name id; for raw
 * events without a name table, {@code "syscall_NR"}) during {@code [start, end)}. Missing enter → start
 * {@link Works#NONE}; missing exit → end {@link Long#MAX_VALUE}, or, when a later entry or another syscall's exit
 * of the task shows it had ended, that event's time with {@link #endKnown} false (it ended at or before then).
 */
public final class Syscalls {
    final int[] tid;
    final int[] nr;
    final int[] name;
    final long[] start;
    final long[] end;
    final long[] ret;
    /** Intervals closed by their own exit event. */
    final java.util.BitSet exited;
    final dev.whylate.util.Groups.Index byTid;

    Syscalls(final Builder b) {
        tid = b.tid.takeArray();
        nr = b.nr.takeArray();
        name = b.name.takeArray();
        start = b.start.takeArray();
        end = b.end.takeArray();
        ret = b.ret.takeArray();
        exited = b.exited;
        // intervals whose entry was not traced cannot place the task inside them at any instant: left out of the
        // index, which then stays sorted by start (entries come in time order per task)
        final long[] st = start;
        byTid = dev.whylate.util.Groups.index(tid, i -> st[i] != Works.NONE);
    }

    /** Number of intervals. */
    public int size() {
        return tid.length;
    }

    /** Task. */
    public int tid(final int i) {
        return tid[i];
    }

    /** Syscall number, or -1 when only the name is known. */
    public int nr(final int i) {
        return nr[i];
    }

    /** Name id in {@link Timeline#names()}. */
    public int name(final int i) {
        return name[i];
    }

    /** Entry time or {@link Works#NONE}. */
    public long start(final int i) {
        return start[i];
    }

    /** Exit time or {@link Long#MAX_VALUE}. */
    public long end(final int i) {
        return end[i];
    }

    /** Whether interval {@code i} ended at its own traced exit (false: no exit, or an end inferred from a later event). */
    public boolean endKnown(final int i) {
        return exited.get(i);
    }

    /** Return value, or {@link Long#MIN_VALUE} when the exit was not seen. */
    public long ret(final int i) {
        return ret[i];
    }

    /** The syscall {@code tid} was inside at {@code t} (among those whose entry was traced), or -1. */
    public int at(final int t, final long ts) {
        final int[] a = byTid.get(t);
        if (a == null) return -1;
        final int best = dev.whylate.util.Search.lastAtOrBefore(a, start, ts);
        if (best < 0) return -1;
        final int i = a[best];
        return ts < end[i] ? i : -1;
    }

    /** Collects syscalls. */
    static final class Builder {
        final IntList tid = new IntList();
        final IntList nr = new IntList();
        final IntList name = new IntList();
        final LongList start = new LongList();
        final LongList end = new LongList();
        final LongList ret = new LongList();
        /** Intervals closed by their own exit event. */
        final java.util.BitSet exited = new java.util.BitSet();

        /** Makes room for {@code n} entries in every column. */
        void reserve(final int n) {
            tid.reserve(n);
            nr.reserve(n);
            name.reserve(n);
            start.reserve(n);
            end.reserve(n);
            ret.reserve(n);
        }

        int add(final int t, final int number, final int nm, final long s) {
            tid.add(t);
            nr.add(number);
            name.add(nm);
            start.add(s);
            end.add(Long.MAX_VALUE);
            return ret.add(Long.MIN_VALUE);
        }
    }
}
