package dev.whylate.analysis.sched;

import java.util.Arrays;

/**
 * Dense ids for tids (open addressing, no boxing): {@link #of} gives 0, 1, 2... in first-seen order. Any int
 * is a valid key ({@link Integer#MIN_VALUE}, the empty-slot marker, is kept aside).
 */
final class TidIndex {
    private int minId = -1;
    private int[] keys = new int[1024];
    private int[] vals = new int[1024];
    private int[] byId = new int[256];
    private int n;

    TidIndex() {
        Arrays.fill(keys, Integer.MIN_VALUE);
    }

    /** Dense id of {@code tid}, assigning the next one when new. */
    int of(final int tid) {
        if (tid == Integer.MIN_VALUE) {
            if (minId < 0) minId = append(tid);
            return minId;
        }
        int h = mix(tid) & (keys.length - 1);
        while (true) {
            final int k = keys[h];
            if (k == tid) return vals[h];
            if (k == Integer.MIN_VALUE) break;
            h = (h + 1) & (keys.length - 1);
        }
        keys[h] = tid;
        vals[h] = append(tid);
        if (n * 2 > keys.length) rehash();
        return n - 1;
    }

    private int append(final int tid) {
        if (n == byId.length) byId = Arrays.copyOf(byId, n * 2);
        byId[n] = tid;
        return n++;
    }

    /** Dense id of {@code tid}, or -1 when never seen. */
    int find(final int tid) {
        if (tid == Integer.MIN_VALUE) return minId;
        int h = mix(tid) & (keys.length - 1);
        while (true) {
            final int k = keys[h];
            if (k == tid) return vals[h];
            if (k == Integer.MIN_VALUE) return -1;
            h = (h + 1) & (keys.length - 1);
        }
    }

    /** The tid with dense id {@code id}. */
    int tid(final int id) {
        return byId[id];
    }

    /** Number of tids. */
    int size() {
        return n;
    }

    private static int mix(final int x) {
        final int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void rehash() {
        final int[] ok = keys;
        final int[] ov = vals;
        keys = new int[ok.length * 2];
        vals = new int[ok.length * 2];
        Arrays.fill(keys, Integer.MIN_VALUE);
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] == Integer.MIN_VALUE) continue;
            int h = mix(ok[i]) & (keys.length - 1);
            while (keys[h] != Integer.MIN_VALUE) h = (h + 1) & (keys.length - 1);
            keys[h] = ok[i];
            vals[h] = ov[i];
        }
    }
}
