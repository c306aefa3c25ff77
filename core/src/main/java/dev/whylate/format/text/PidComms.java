package dev.whylate.format.text;

import dev.whylate.model.TaskTable;
import java.util.Arrays;

/**
 * Remembers, per thread id, the last comm bytes and tgid a text reader reported to its task table, so that a line
 * costs a hash lookup and a byte comparison, and a String is built and observed only when they change. Open
 * addressing over int keys; not thread-safe (one per parser or chunk).
 *
 * <pre>{@code
 * PidComms comms = new PidComms();
 * comms.observe(tasks, tid, tgid, line, commStart, commEnd, ts);   // per event line
 * }</pre>
 */
public final class PidComms {
    private int[] keys = new int[256];
    /** Comm bytes per slot; null marks a free slot (so every int is a valid key). */
    private byte[][] comms = new byte[256][];
    private int[] tgids = new int[256];
    private int size;

    /** An empty cache. */
    public PidComms() {
        // nothing cached yet
    }

    /**
     * Reports thread {@code tid} (process {@code tgid}, -1 when unknown) with the comm {@code b[s..e)} (UTF-8) at
     * {@code ts} ns to {@code tasks} when the comm or the tgid differs from what was reported for it before.
     */
    public void observe(final TaskTable.Builder tasks, final int tid, final int tgid, final byte[] b, final int s, final int e,
                        final long ts) {
        if (changed(tid, b, s, e, tgid)) tasks.observe(tid, tgid, Ascii.str(b, s, e), ts);
    }

    /**
     * Whether {@code pid} now has different comm bytes {@code [s, e)} or tgid than last time; records them.
     * A tgid of -1/-2 (unknown) never counts as a change of a known one.
     */
    public boolean changed(final int pid, final byte[] b, final int s, final int e, final int tgid) {
        int mask = keys.length - 1;
        int h = mix(pid) & mask;
        while (comms[h] != null) {
            if (keys[h] == pid) {
                final byte[] c = comms[h];
                final boolean same = Arrays.equals(c, 0, c.length, b, s, e);
                final boolean tgSame = tgid < 0 || tgid == tgids[h];
                if (same && tgSame) return false;
                if (!same) comms[h] = Arrays.copyOfRange(b, s, e);
                if (tgid >= 0) tgids[h] = tgid;
                return true;
            }
            h = (h + 1) & mask;
        }
        if (size * 2 >= keys.length) {
            grow();
            mask = keys.length - 1;
            h = mix(pid) & mask;
            while (comms[h] != null) h = (h + 1) & mask;
        }
        keys[h] = pid;
        comms[h] = Arrays.copyOfRange(b, s, e);
        tgids[h] = tgid;
        size++;
        return true;
    }

    private void grow() {
        final int[] ok = keys;
        final byte[][] oc = comms;
        final int[] ot = tgids;
        keys = new int[ok.length * 2];
        comms = new byte[keys.length][];
        tgids = new int[keys.length];
        final int mask = keys.length - 1;
        for (int i = 0; i < ok.length; i++) {
            if (oc[i] == null) continue;
            int h = mix(ok[i]) & mask;
            while (comms[h] != null) h = (h + 1) & mask;
            keys[h] = ok[i];
            comms[h] = oc[i];
            tgids[h] = ot[i];
        }
    }

    private static int mix(final int x) {
        final int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
