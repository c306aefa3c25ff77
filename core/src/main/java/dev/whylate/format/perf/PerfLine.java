package dev.whylate.format.perf;

import dev.whylate.format.text.Ascii;

/**
 * Parses one line of {@code perf script} text into reusable fields (no allocation on the event path).
 *
 * <p>Sample lines, all printed by perf's {@code "%16s %5d [%03d] %9lu.%06lu: %*s: %s"} family:
 * <pre>
 *             perf  7700 [000]   249.507445:       sched:sched_switch: prev_comm=perf ...   default
 *  C2 CompilerThre  7515/7549  [001]   249.513405: sched:...                                -F comm,pid,tid,...
 *             perf  7700 [000]   249.507445225: ...                                          --ns
 *             perf  7700 [000]   249.507431:      33259 sched:sched_stat_runtime: ...        -F +period
 * perf  8115 [000]   265.356005: sched:sched_switch: ...                                     -g (comm unpadded)
 *     perf  7598   0   496.607576:    sched:sched_waking: ...                                -L (%8.8s %5d %3d)
 *               dd  8019 [000]   527.915152: PERF_RECORD_LOST lost 40                         --show-lost-events
 * </pre>
 * The CPU token {@code [ddd]} anchors the line: the integer (or {@code pid/tid}) before it is the thread, and
 * everything before that, trimmed, is the comm (which may contain spaces or brackets). Lines without a
 * bracketed CPU are tried as {@code -L} lines (comm in the first 8 columns).
 */
final class PerfLine {
    /** Kinds of line. */
    static final int EVENT = 1;
    static final int LOST = 2;
    static final int SIDEBAND = 3;
    static final int FRAME = 4;
    static final int BLANK = 5;
    static final int COMMENT = 6;
    static final int BAD = 7;

    int kind;
    int commStart;
    int commEnd;
    int tid;
    /** Process id from {@code pid/tid}, or -1. */
    int pid;
    int cpu;
    long ts;
    /** Number of fraction digits of the timestamp. */
    int tsDigits;
    int evStart;
    int evEnd;
    int payStart;
    long lostCount;
    /** For {@link #FRAME}: index of the address and of the text after it. */
    int frameAddrStart;
    int frameAddrEnd;
    int frameTextStart;
    String reason;

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L};
    private static final byte[] PERF_RECORD = "PERF_RECORD_".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Parses {@code b[s..e)}; sets {@link #kind} and the fields of that kind. */
    int parse(final byte[] b, final int s, final int e) {
        reason = null;
        if (s >= e) return kind = BLANK;
        final byte c0 = b[s];
        if (c0 == '\t') return frame(b, s, e);
        if (c0 == '#') return kind = COMMENT;
        int p = s;
        while (p < e && (b[p] == ' ' || b[p] == '\t')) p++;
        if (p == e) return kind = BLANK;
        // find the [cpu] anchor; a comm that itself contains " 12 [3] " makes a candidate fail later: go on
        String firstFailure = null;
        for (int q = s + 1; q < e; q++) {
            if (b[q] != '[' || b[q - 1] != ' ') continue;
            int r = q + 1;
            int cpu = 0;
            while (r < e && r - q <= 6 && Ascii.isDigit(b[r])) cpu = cpu * 10 + (b[r++] - '0');
            if (r == q + 1 || r - q > 6 || r >= e || b[r] != ']' || (r + 1 < e && b[r + 1] != ' ')) continue;
            if (!threadBefore(b, s, q - 1)) continue;
            this.cpu = cpu;
            if (afterCpu(b, r + 1, e) != BAD) return kind;
            if (firstFailure == null) firstFailure = reason;
        }
        if (firstFailure != null) return bad(firstFailure);
        return latencyLine(b, s, e);
    }

    /**
     * Reads the {@code tid} or {@code pid/tid} token that ends just before {@code last} (inclusive, spaces
     * allowed between) and sets the comm bounds.
     */
    private boolean threadBefore(final byte[] b, final int s, final int last) {
        int t = last;
        while (t >= s && b[t] == ' ') t--;
        if (t < s) return false;
        final int te = t + 1;
        int ts = te;
        while (ts > s && b[ts - 1] != ' ') ts--;
        if (!thread(b, ts, te)) return false;
        setComm(b, s, ts);
        return true;
    }

    private void setComm(final byte[] b, final int s, final int e) {
        int cs = s;
        int ce = e;
        while (cs < ce && b[cs] == ' ') cs++;
        while (ce > cs && b[ce - 1] == ' ') ce--;
        commStart = cs;
        commEnd = ce;
    }

    /** Parses {@code tid}, {@code -1} or {@code pid/tid} in {@code b[s..e)}. */
    private boolean thread(final byte[] b, final int s, final int e) {
        final int slash = Ascii.indexOf(b, s, e, (byte) '/');
        if (slash < 0) {
            final long t = parseInt(b, s, e);
            if (t == Long.MIN_VALUE) return false;
            tid = (int) t;
            pid = -1;
            return true;
        }
        final long p = parseInt(b, s, slash);
        final long t = parseInt(b, slash + 1, e);
        if (p == Long.MIN_VALUE || t == Long.MIN_VALUE) return false;
        pid = (int) p;
        tid = (int) t;
        return true;
    }

    /** {@code -L}: {@code "%8.8s %5d %3d"} then the time. */
    private int latencyLine(final byte[] b, final int s, final int e) {
        if (e - s > 9 && b[s + 8] == ' ') {
            int p = s + 9;
            while (p < e && b[p] == ' ') p++;
            int q = p;
            while (q < e && b[q] != ' ') q++;
            if (q < e && thread(b, p, q)) {
                p = q;
                while (p < e && b[p] == ' ') p++;
                q = p;
                while (q < e && Ascii.isDigit(b[q])) q++;
                if (q > p && q - p <= 5 && q < e && b[q] == ' ') {
                    final long cpu = parseInt(b, p, q);
                    final int tsAt = skipSpaces(b, q, e);
                    if (timeAt(b, tsAt, e) > 0) {
                        setComm(b, s, s + 8);
                        this.cpu = (int) cpu;
                        return afterCpu(b, q, e);
                    }
                }
            }
        }
        return bad(noCpuReason(b, s, e));
    }

    private static String noCpuReason(final byte[] b, final int s, final int e) {
        // distinguish "a perf line without a CPU column" from "not a perf line at all"
        for (int i = s; i + 1 < e; i++) {
            if (b[i] == ':' && b[i + 1] == ' ' && i > s && Ascii.isDigit(b[i - 1])) {
                int j = i - 1;
                while (j > s && Ascii.isDigit(b[j])) j--;
                if (b[j] == '.') return "perf sample without a CPU column (record with -a, or print -F ...,cpu,...)";
                break;
            }
        }
        return "not a perf script line (no [CPU] column)";
    }

    /** Parses the time, optional period and event name starting at {@code p} (just after the CPU). */
    private int afterCpu(final byte[] b, final int from, final int e) {
        final int p = skipSpaces(b, from, e);
        final int after = timeAt(b, p, e);
        if (after < 0) return bad("no timestamp after the CPU column");
        int q = skipSpaces(b, after, e);
        // optional period (-F +period): a number followed by a space
        int r = q;
        while (r < e && Ascii.isDigit(b[r])) r++;
        if (r > q && r < e && b[r] == ' ') q = skipSpaces(b, r, e);
        if (q >= e) return bad("no event name");
        if (startsWith(b, q, e, PERF_RECORD)) return sideband(b, q, e);
        int x = q;
        while (x < e) {
            final byte c = b[x];
            if (c == ' ') return bad("no event name (expected 'system:name:')");
            if (c == ':' && (x + 1 == e || b[x + 1] == ' ')) break;
            x++;
        }
        if (x == e || x == q) return bad("no event name (expected 'system:name:')");
        evStart = q;
        evEnd = x;
        payStart = Math.min(x + 2, e);
        return kind = EVENT;
    }

    private int sideband(final byte[] b, final int q, final int e) {
        int x = q;
        while (x < e && b[x] != ' ' && b[x] != ':' && b[x] != '(') x++;
        evStart = q;
        evEnd = x;
        final int n = x - q;
        if ((n == 16 || n == 24) && b[q + 12] == 'L' && b[q + 13] == 'O' && b[q + 14] == 'S' && b[q + 15] == 'T') {
            // PERF_RECORD_LOST lost 40 / PERF_RECORD_LOST_SAMPLES lost 3
            int d = x;
            while (d < e && !Ascii.isDigit(b[d])) d++;
            int de = d;
            while (de < e && Ascii.isDigit(b[de])) de++;
            long n2 = -1;
            if (de > d && de - d <= 18) {
                n2 = 0;
                for (int i = d; i < de; i++) n2 = n2 * 10 + (b[i] - '0');
            }
            lostCount = n2;
            return kind = LOST;
        }
        return kind = SIDEBAND;
    }

    /**
     * Parses {@code secs.frac:} at {@code p}; sets {@link #ts} (ns) and {@link #tsDigits}. Returns the index
     * after the colon, or -1.
     */
    private int timeAt(final byte[] b, final int p, final int e) {
        int q = p;
        long secs = 0;
        while (q < e && Ascii.isDigit(b[q])) {
            if (q - p >= 10) return -1;
            secs = secs * 10 + (b[q++] - '0');
        }
        if (q == p || q >= e || b[q] != '.') return -1;
        final int fs = ++q;
        long frac = 0;
        while (q < e && Ascii.isDigit(b[q])) {
            if (q - fs >= 9) return -1;
            frac = frac * 10 + (b[q++] - '0');
        }
        final int nd = q - fs;
        if (nd == 0 || q >= e || b[q] != ':' || (q + 1 < e && b[q + 1] != ' ')) return -1;
        if (secs > 9_000_000_000L) return -1;
        ts = secs * 1_000_000_000L + frac * POW10[9 - nd];
        tsDigits = nd;
        return q + 1;
    }

    /** {@code \t%16lx sym+off (dso)}. */
    private int frame(final byte[] b, final int s, final int e) {
        int p = s;
        while (p < e && (b[p] == '\t' || b[p] == ' ')) p++;
        if (p == e) return kind = BLANK;
        int q = p;
        while (q < e && Ascii.hexValue(b[q]) >= 0) q++;
        if (q == p || q - p > 16 || (q < e && b[q] != ' ')) return bad("indented line that is not a callchain frame");
        frameAddrStart = p;
        frameAddrEnd = q;
        frameTextStart = Math.min(q + 1, e);
        return kind = FRAME;
    }

    private int bad(final String why) {
        reason = why;
        return kind = BAD;
    }

    static int skipSpaces(final byte[] b, final int p, final int e) {
        int q = p;
        while (q < e && b[q] == ' ') q++;
        return q;
    }

    private static boolean startsWith(final byte[] b, final int s, final int e, final byte[] prefix) {
        if (e - s < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[s + i] != prefix[i]) return false;
        return true;
    }

    /** A decimal int (optionally negative) filling {@code b[s..e)}, or {@link Long#MIN_VALUE}. */
    static long parseInt(final byte[] b, final int s, final int e) {
        int p = s;
        boolean neg = false;
        if (p < e && b[p] == '-') {
            neg = true;
            p++;
        }
        if (p == e || e - p > 10) return Long.MIN_VALUE;
        long v = 0;
        for (; p < e; p++) {
            if (!Ascii.isDigit(b[p])) return Long.MIN_VALUE;
            v = v * 10 + (b[p] - '0');
        }
        if (v > Integer.MAX_VALUE) return Long.MIN_VALUE;
        return neg ? -v : v;
    }
}
