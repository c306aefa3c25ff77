package dev.whylate.format.sysdig;

import dev.whylate.format.text.Ascii;

/**
 * Parses the header of one default {@code sysdig -r} line into reusable fields:
 * <pre>
 * 954 17:35:48.518509730 0 curl (17497) &gt; switch next=7 pgft_maj=0 ...
 * 211 1534527348.514632619 0 curl (17497) &lt; execve res=0 exe=curl ...       (-t a)
 * </pre>
 * i.e. {@code %evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info}. The
 * process name may contain spaces; the first {@code " (tid) > "} or {@code " (tid) < "} after the CPU anchors it.
 */
final class SysdigLine {
    long num;
    /** Nanoseconds since midnight (wall clock of day) or since the epoch ({@link #epoch}). */
    long ts;
    boolean epoch;
    int cpu;
    int commStart;
    int commEnd;
    int tid;
    /** {@code '>'} (enter) or {@code '<'} (exit). */
    byte dir;
    int dirAt;
    int typeStart;
    int typeEnd;
    int argsStart;
    String reason;

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L};

    /** Parses {@code b[s..e)}; returns false (with {@link #reason}) when it is not a sysdig event line. */
    boolean parse(final byte[] b, final int s, final int e) {
        reason = null;
        int p = s;
        final int ns = p;
        long n = 0;
        while (p < e && Ascii.isDigit(b[p]) && p - ns < 19) n = n * 10 + (b[p++] - '0');
        if (p == ns || p >= e || b[p] != ' ') return bad("no event number");
        num = n;
        p++;
        final int te = Ascii.indexOf(b, p, e, (byte) ' ');
        if (te < 0 || !time(b, p, te)) return bad("no time (HH:MM:SS.nnnnnnnnn or epoch seconds.nnnnnnnnn)");
        p = te + 1;
        final int cs = p;
        int c = 0;
        while (p < e && Ascii.isDigit(b[p]) && p - cs < 6) c = c * 10 + (b[p++] - '0');
        if (p == cs || p >= e || b[p] != ' ') return bad("no CPU number");
        cpu = c;
        p++;
        // anchor: " (tid) > " or " (tid) < "
        for (int q = p; q < e; q++) {
            if (b[q] != '(' || b[q - 1] != ' ') continue;
            int r = q + 1;
            boolean neg = false;
            if (r < e && b[r] == '-') {
                neg = true;
                r++;
            }
            final int ds = r;
            long t = 0;
            while (r < e && Ascii.isDigit(b[r]) && r - ds < 10) t = t * 10 + (b[r++] - '0');
            if (r == ds || r + 2 >= e || b[r] != ')' || b[r + 1] != ' ' || (b[r + 2] != '>' && b[r + 2] != '<')) continue;
            if (r + 3 < e && b[r + 3] != ' ') continue;
            if (t > Integer.MAX_VALUE) continue;
            tid = (int) (neg ? -t : t);
            commStart = p;
            int ce = q - 1;
            while (ce > p && b[ce - 1] == ' ') ce--;
            commEnd = ce;
            dirAt = r + 2;
            dir = b[dirAt];
            final int ts0 = Math.min(r + 4, e);
            int x = ts0;
            while (x < e && b[x] != ' ') x++;
            if (x == ts0) return bad("no event type after the direction");
            typeStart = ts0;
            typeEnd = x;
            argsStart = Math.min(x + 1, e);
            return true;
        }
        return bad("no '(tid) >' or '(tid) <' after the process name");
    }

    /** {@code HH:MM:SS.frac} (sets {@link #epoch} false) or {@code secs.frac} (true). */
    private boolean time(final byte[] b, final int s, final int e) {
        final int dot = Ascii.indexOf(b, s, e, (byte) '.');
        if (dot < 0) return false;
        final int nd = e - dot - 1;
        if (nd < 1 || nd > 9) return false;
        long frac = 0;
        for (int i = dot + 1; i < e; i++) {
            if (!Ascii.isDigit(b[i])) return false;
            frac = frac * 10 + (b[i] - '0');
        }
        frac *= POW10[9 - nd];
        final int c1 = Ascii.indexOf(b, s, dot, (byte) ':');
        if (c1 < 0) {
            if (dot - s < 1 || dot - s > 10) return false;
            long secs = 0;
            for (int i = s; i < dot; i++) {
                if (!Ascii.isDigit(b[i])) return false;
                secs = secs * 10 + (b[i] - '0');
            }
            if (secs > 9_000_000_000L) return false;
            ts = secs * 1_000_000_000L + frac;
            epoch = true;
            return true;
        }
        final int c2 = Ascii.indexOf(b, c1 + 1, dot, (byte) ':');
        if (c2 < 0) return false;
        final long h = small(b, s, c1);
        final long m = small(b, c1 + 1, c2);
        final long sec = small(b, c2 + 1, dot);
        if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return false;
        ts = ((h * 60 + m) * 60 + sec) * 1_000_000_000L + frac;
        epoch = false;
        return true;
    }

    private static long small(final byte[] b, final int s, final int e) {
        if (e - s < 1 || e - s > 2) return -1;
        long v = 0;
        for (int i = s; i < e; i++) {
            if (!Ascii.isDigit(b[i])) return -1;
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private boolean bad(final String why) {
        reason = why;
        return false;
    }

}
