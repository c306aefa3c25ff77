package dev.whylate.format.dat;

import dev.whylate.model.Lost;
import dev.whylate.model.Unparsed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The events decoded from one CPU's ring-buffer pages, in page order, as primitive columns; the raw
 * {@code common_type} is kept so the reader can intern names in a deterministic order afterwards.
 */
final class CpuEvents {
    final int buffer;
    final int cpu;
    long[] ts;
    int[] tid;
    char[] id;
    byte[] ctx;
    /** Record addresses relative to {@link #base} (a slice is far smaller than 4 GiB). */
    int[] ref;
    /** Address the {@link #ref} offsets count from. */
    long base;
    int n;
    long outOfOrder;
    final List<Lost> lost = new ArrayList<>();
    final List<Unparsed> unparsed = new ArrayList<>();
    long unparsedCount;
    /** Why decoding stopped early, or {@code null}. */
    String damage;
    /** File offset of the damage, or -1 (inside decompressed data). */
    long damageOffset = -1;
    /** Task names seen in payloads (sched_switch, sched_wakeup...): pid, time, name. */
    int[] obsPid = new int[16];
    long[] obsTs = new long[16];
    String[] obsComm = new String[16];
    int obs;

    CpuEvents(final int buffer, final int cpu, final int capacity) {
        this.buffer = buffer;
        this.cpu = cpu;
        final int c = Math.max(64, capacity);
        ts = new long[c];
        tid = new int[c];
        id = new char[c];
        ctx = new byte[c];
        ref = new int[c];
    }

    void add(final long t, final int pid, final int type, final int flags, final long payload) {
        if (n == ts.length) {
            final int c = n + (n >> 1) + 16;
            ts = Arrays.copyOf(ts, c);
            tid = Arrays.copyOf(tid, c);
            id = Arrays.copyOf(id, c);
            ctx = Arrays.copyOf(ctx, c);
            ref = Arrays.copyOf(ref, c);
        }
        if (n > 0 && t < ts[n - 1]) outOfOrder++;
        ts[n] = t;
        tid[n] = pid;
        id[n] = (char) type;
        ctx[n] = (byte) flags;
        ref[n] = (int) (payload - base);
        n++;
    }

    void observe(final int pid, final long t, final String comm) {
        if (obs == obsPid.length) {
            final int c = obs * 2;
            obsPid = Arrays.copyOf(obsPid, c);
            obsTs = Arrays.copyOf(obsTs, c);
            obsComm = Arrays.copyOf(obsComm, c);
        }
        obsPid[obs] = pid;
        obsTs[obs] = t;
        obsComm[obs] = comm;
        obs++;
    }

    void unparsed(final long where, final String reason, final String text) {
        unparsedCount++;
        if (unparsed.size() < dev.whylate.model.Trace.MAX_UNPARSED_KEPT) unparsed.add(Unparsed.of(where, reason, text));
    }
}
