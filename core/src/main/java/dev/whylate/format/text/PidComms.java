package dev.whylate.format.text;

import java.util.Arrays;

/**
 * Remembers, per pid, the last comm bytes and tgid reported to the task table, so a reader only builds a
 * String and observes when they change. Open addressing over int keys; not thread-safe (one per chunk).
 */
final class PidComms {
    private int[] keys = new int[256];
    private byte[][] comms = new byte[256][];
    private int[] tgids = new int[256];
    private int size;

    PidComms() {
        Arrays.fill(keys, Integer.MIN_VALUE);
    }

    /**
     * Whether {@code pid} now has different comm bytes {@code [s, e)} or tgid than last time; records them.
     * A tgid of -1/-2 (unknown) never counts as a change of a known one.
     */
    boolean changed(final int pid, final byte[] b, final int s, final int e, final int tgid) {
        int mask = keys.length - 1;
        int h = mix(pid) & mask;
        while (keys[h] != Integer.MIN_VALUE) {
            if (keys[h] == pid) {
                final byte[] c = comms[h];
                boolean same = c.length == e - s;
                for (int i = 0; same && i < c.length; i++) same = c[i] == b[s + i];
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
            while (keys[h] != Integer.MIN_VALUE) h = (h + 1) & mask;
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
        Arrays.fill(keys, Integer.MIN_VALUE);
        comms = new byte[keys.length][];
        tgids = new int[keys.length];
        final int mask = keys.length - 1;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] == Integer.MIN_VALUE) continue;
            int h = mix(ok[i]) & mask;
            while (keys[h] != Integer.MIN_VALUE) h = (h + 1) & mask;
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
