package dev.whylate.format.text;

import dev.whylate.model.TaskTable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Feeds the comm column of a text trace into a {@link TaskTable.Builder}, calling it only when a thread's
 * comm (or tgid) differs from the last one seen for that thread, so that a line costs a hash lookup and a byte
 * comparison, not a String. Not thread-safe; use one per parser.
 */
public final class CommTracker {
    private final TaskTable.Builder tasks;
    private int[] tids = new int[256];
    private int[] tgids = new int[256];
    private byte[][] comms = new byte[256][];
    private boolean[] used = new boolean[256];
    private int size;

    /** Reports observations to {@code tasks}. */
    public CommTracker(final TaskTable.Builder tasks) {
        this.tasks = tasks;
    }

    /**
     * Notes that thread {@code tid} (process {@code tgid}, -1 when unknown) had the comm {@code b[s..e)} at
     * {@code ts} ns.
     */
    public void observe(final int tid, final int tgid, final byte[] b, final int s, final int e, final long ts) {
        final int mask = tids.length - 1;
        int i = mix(tid) & mask;
        while (used[i]) {
            if (tids[i] == tid) {
                final byte[] c = comms[i];
                if (tgid == tgids[i] || tgid < 0) {
                    if (Arrays.equals(c, 0, c.length, b, s, e)) return;
                }
                comms[i] = Arrays.copyOfRange(b, s, e);
                if (tgid >= 0) tgids[i] = tgid;
                tasks.observe(tid, tgid, new String(b, s, e - s, StandardCharsets.UTF_8), ts);
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        tids[i] = tid;
        tgids[i] = tgid;
        comms[i] = Arrays.copyOfRange(b, s, e);
        size++;
        tasks.observe(tid, tgid, new String(b, s, e - s, StandardCharsets.UTF_8), ts);
        if (size * 2 > tids.length) grow();
    }

    private void grow() {
        final int[] ot = tids;
        final int[] og = tgids;
        final byte[][] oc = comms;
        final boolean[] ou = used;
        final int n = ot.length * 2;
        tids = new int[n];
        tgids = new int[n];
        comms = new byte[n][];
        used = new boolean[n];
        for (int j = 0; j < ot.length; j++) {
            if (!ou[j]) continue;
            int i = mix(ot[j]) & (n - 1);
            while (used[i]) i = (i + 1) & (n - 1);
            used[i] = true;
            tids[i] = ot[j];
            tgids[i] = og[j];
            comms[i] = oc[j];
        }
    }

    private static int mix(final int x) {
        final int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
