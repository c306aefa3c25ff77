package dev.whylate.format.text;

/**
 * Parses the context columns of one ftrace-style event line, as printed by tracefs ({@code trace},
 * {@code trace_pipe}, {@code per_cpu/cpuN/trace}, latency-format) and by {@code trace-cmd report}
 * (default, {@code -l}, {@code -t}, {@code --ts-diff}, instance prefixes):
 *
 * <pre>
 * [instance: ]  COMM-PID  [(TGID)]  [CPU]  [FLAGS]  SECS.FRAC: [(+DIFF)]  EVENT: PAYLOAD
 *               COMM-PID  CPUFLAGS  NNNNus[mark]: EVENT: PAYLOAD          (latency-format, trace-cmd -l)
 * </pre>
 *
 * The comm is everything before the first {@code -PID} that is followed by spaces and a {@code [CPU]},
 * {@code (TGID)} or latency {@code CPU+FLAGS} column, so comms with spaces, dashes, colons, {@code <...>} or
 * {@code <pid>} work, with or without left padding. The TGID column may be {@code (%5d)}, {@code (%7d)} or
 * dashes. Flags are 1 to 8 characters ({@code d.h1}, {@code d..2.}, PREEMPT_RT {@code dN.h4..}) or absent.
 * Timestamps are {@code secs.frac} (any number of fraction digits; scaled to ns exactly), a raw counter
 * (digits only, kept as is) or latency-format relative microseconds ({@code 16486us}, scaled by 1000).
 * After the timestamp comes the event name and {@code ':'}; two kernel special forms take its place:
 * per-syscall {@code sys_read(fd: 3, ...)} / {@code sys_read -> 0x10}, the function tracer's
 * {@code func <-parent} and the {@code <stack trace>} / {@code <user stack trace>} markers.
 *
 * <p>A mutable, reusable parser: fields describe the last line parsed successfully. Not thread-safe.
 */
public final class FtraceLine {
    private static final byte[] K_STACK = Ascii.key("<stack trace");
    private static final byte[] K_USER_STACK = Ascii.key("<user stack trace");
    private static final byte[] K_SYS = Ascii.key("sys_");
    private static final byte[] K_ARROW = Ascii.key(" -> ");
    private static final byte[] K_PARENT = Ascii.key(" <-");

    /** An ordinary {@code name: payload} event. */
    public static final int EVENT = 0;
    /** Kernel text per-syscall entry {@code sys_NAME(args)}: {@link #nameStart()} is NAME. */
    public static final int SYS_ENTER = 1;
    /** Kernel text per-syscall exit {@code sys_NAME -> ret}: {@link #nameStart()} is NAME. */
    public static final int SYS_EXIT = 2;
    /** Function tracer line {@code func <-parent}. */
    public static final int FUNCTION = 3;
    /** {@code <stack trace>} marker (frames follow on {@code " => "} lines). */
    public static final int KERNEL_STACK = 4;
    /** {@code <user stack trace>} marker. */
    public static final int USER_STACK = 5;

    /** Timestamp was {@code secs.frac}. */
    public static final int TS_ABSOLUTE = 0;
    /** Timestamp was a raw counter (counter / x86-tsc clocks). */
    public static final int TS_RAW = 1;
    /** Timestamp was latency-format microseconds relative to the buffer start. */
    public static final int TS_RELATIVE_US = 2;

    /** Failure: no {@code COMM-PID [CPU]} columns. */
    public static final int FAIL_NO_COLUMNS = 1;
    /** Failure: the flags column is malformed. */
    public static final int FAIL_FLAGS = 2;
    /** Failure: the timestamp is malformed. */
    public static final int FAIL_TIMESTAMP = 3;
    /** Failure: no event name after the timestamp. */
    public static final int FAIL_NAME = 4;

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L};
    private static final long MAX_SECS = Long.MAX_VALUE / 1_000_000_000L - 1;

    private int instS;
    private int instE;
    private int commS;
    private int commE;
    private int pid;
    private int tgid;
    private int cpu;
    private int flagsS;
    private int flagsLen;
    private long ts;
    private int tsKind;
    private int nameS;
    private int nameE;
    private int kind;
    private int payS;
    private boolean padded;
    private boolean latency;
    private boolean tsDiff;
    private boolean systemPrefixed;
    private int fail;

    /** Human-readable reason for a failure code. */
    public static String reason(final int fail) {
        switch (fail) {
            case FAIL_NO_COLUMNS: return "not an event line: no 'COMM-PID [CPU]' columns";
            case FAIL_FLAGS: return "bad flags column";
            case FAIL_TIMESTAMP: return "bad timestamp";
            case FAIL_NAME: return "no event name after the timestamp";
            default: return "unparsable line";
        }
    }

    /**
     * Parses the line {@code [s, e)} (no line terminator). Returns false, with {@link #fail()} set, when it is
     * not an event line.
     */
    public boolean parse(final byte[] b, final int s, final int e) {
        fail = 0;
        int i = s;
        instS = -1;
        instE = -1;
        if (i < e && b[i] != ' ' && b[i] != '\t') {
            int k = i;
            while (k < e && b[k] != ' ' && b[k] != '\t') k++;
            if (k < e && k - i >= 2 && b[k - 1] == ':') {
                instS = i;
                instE = k - 1;
                i = k;
            }
        }
        i = Ascii.skipSpaces(b, i, e);
        final int cs = i;
        // find the first "-PID<spaces>" followed by a CPU column
        int d = i;
        int k;
        while (true) {
            while (d < e && b[d] != '-') d++;
            if (d >= e) return fail(FAIL_NO_COLUMNS);
            int j = d + 1;
            int p = 0;
            final int ps = j;
            while (j < e && Ascii.isDigit(b[j]) && j - ps < 10) p = p * 10 + (b[j++] - '0');
            if (j == ps || j >= e || (b[j] != ' ' && b[j] != '\t')) {
                d++;
                continue;
            }
            k = Ascii.skipSpaces(b, j, e);
            if (k >= e) return fail(FAIL_NO_COLUMNS);
            tgid = -2;
            latency = false;
            if (b[k] == '(') {
                int t = Ascii.skipSpaces(b, k + 1, e);
                if (t < e && b[t] == '-') {
                    while (t < e && b[t] == '-') t++;
                    tgid = -1;
                } else {
                    int g = 0;
                    final int gs = t;
                    while (t < e && Ascii.isDigit(b[t]) && t - gs < 10) g = g * 10 + (b[t++] - '0');
                    if (t == gs) {
                        d++;
                        continue;
                    }
                    tgid = g;
                }
                t = Ascii.skipSpaces(b, t, e);
                if (t >= e || b[t] != ')') {
                    d++;
                    continue;
                }
                k = Ascii.skipSpaces(b, t + 1, e);
                if (k >= e || b[k] != '[') {
                    d++;
                    continue;
                }
            }
            if (b[k] == '[') {
                int t = k + 1;
                int c = 0;
                final int cst = t;
                while (t < e && Ascii.isDigit(b[t]) && t - cst < 6) c = c * 10 + (b[t++] - '0');
                if (t == cst || t >= e || b[t] != ']') {
                    d++;
                    continue;
                }
                cpu = c;
                k = t + 1;
                flagsLen = 0;
                pid = p;
                break;
            }
            if (Ascii.isDigit(b[k])) {
                // latency format: CPU digits glued to the flags
                int t = k;
                int c = 0;
                while (t < e && Ascii.isDigit(b[t]) && t - k < 6) c = c * 10 + (b[t++] - '0');
                final int fs = t;
                while (t < e && isFlag(b[t])) t++;
                if (t - fs < 3 || t - fs > 8 || t >= e || b[t] != ' ' || Ascii.isDigit(b[fs])) {
                    d++;
                    continue;
                }
                cpu = c;
                flagsS = fs;
                flagsLen = t - fs;
                latency = true;
                k = t;
                pid = p;
                break;
            }
            d++;
        }
        commS = cs;
        commE = Ascii.trimEnd(b, cs, d);
        k = Ascii.skipSpaces(b, k, e);
        if (k >= e) return fail(FAIL_TIMESTAMP);
        if (!latency && !Ascii.isDigit(b[k])) {
            final int fs = k;
            while (k < e && b[k] != ' ') {
                if (!isFlag(b[k])) return fail(FAIL_FLAGS);
                k++;
            }
            if (k - fs > 8) return fail(FAIL_FLAGS);
            flagsS = fs;
            flagsLen = k - fs;
            k = Ascii.skipSpaces(b, k, e);
        }
        // timestamp
        final int ts0 = k;
        long secs = 0;
        while (k < e && Ascii.isDigit(b[k])) {
            if (k - ts0 >= 19) return fail(FAIL_TIMESTAMP);
            secs = secs * 10 + (b[k++] - '0');
        }
        if (k == ts0 || k >= e) return fail(FAIL_TIMESTAMP);
        if (b[k] == '.') {
            k++;
            final int fs = k;
            long frac = 0;
            while (k < e && Ascii.isDigit(b[k])) {
                if (k - fs < 9) frac = frac * 10 + (b[k] - '0');
                k++;
            }
            final int nd = Math.min(k - fs, 9);
            if (nd == 0 || secs > MAX_SECS) return fail(FAIL_TIMESTAMP);
            ts = secs * 1_000_000_000L + frac * POW10[9 - nd];
            tsKind = TS_ABSOLUTE;
        } else if (b[k] == 'u' && k + 1 < e && b[k + 1] == 's') {
            k += 2;
            if (k < e && b[k] != ':') k++; // the delay mark
            if (secs > Long.MAX_VALUE / 1000) return fail(FAIL_TIMESTAMP);
            ts = secs * 1000L;
            tsKind = TS_RELATIVE_US;
        } else {
            ts = secs;
            tsKind = TS_RAW;
        }
        if (k >= e || b[k] != ':') return fail(FAIL_TIMESTAMP);
        k++;
        k = Ascii.skipSpaces(b, k, e);
        tsDiff = false;
        if (k + 1 < e && b[k] == '(' && (b[k + 1] == '+' || b[k + 1] == '-')) {
            // trace-cmd --ts-diff
            final int r = Ascii.indexOf(b, k, e, (byte) ')');
            if (r < 0) return fail(FAIL_NAME);
            tsDiff = true;
            k = Ascii.skipSpaces(b, r + 1, e);
        }
        // event name
        systemPrefixed = false;
        final int ns = k;
        if (k < e && b[k] == '<') {
            if (Ascii.startsWith(b, k, e, K_STACK)) return special(ns, e, KERNEL_STACK);
            if (Ascii.startsWith(b, k, e, K_USER_STACK)) return special(ns, e, USER_STACK);
        }
        while (k < e && (Ascii.isIdent(b[k]) || b[k] == '.')) k++;
        if (k == ns || k >= e) return fail(FAIL_NAME);
        final byte c = b[k];
        if (c == ':') {
            kind = EVENT;
            nameS = ns;
            nameE = k;
            int p = k + 1;
            final int p0 = p;
            // perf script prints "subsystem:event:" with no space after the first colon
            systemPrefixed = p < e && Ascii.isIdent(b[p]);
            p = Ascii.skipSpaces(b, p, e);
            padded = p - p0 >= 2;
            payS = p;
            return true;
        }
        final boolean sys = k - ns > 4 && Ascii.startsWith(b, ns, k, K_SYS);
        if (c == '(' && sys) {
            kind = SYS_ENTER;
            nameS = ns + 4;
            nameE = k;
            payS = ns;
            padded = false;
            return true;
        }
        if (c == ' ' && sys && Ascii.startsWith(b, k, e, K_ARROW)) {
            kind = SYS_EXIT;
            nameS = ns + 4;
            nameE = k;
            payS = ns;
            padded = false;
            return true;
        }
        int w = k;
        while (w < e && b[w] != ' ') w++;
        if (Ascii.startsWith(b, w, e, K_PARENT)) {
            kind = FUNCTION;
            nameS = ns;
            nameE = w;
            payS = ns;
            padded = false;
            return true;
        }
        return fail(FAIL_NAME);
    }

    private boolean special(final int ns, final int e, final int k) {
        kind = k;
        nameS = ns;
        nameE = e;
        payS = ns;
        padded = false;
        return true;
    }

    private boolean fail(final int f) {
        fail = f;
        return false;
    }

    private static boolean isFlag(final byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.';
    }

    /** Failure code of the last {@link #parse} that returned false. */
    public int fail() {
        return fail;
    }

    /** Start of the instance prefix ({@code rtrc: }), or -1. */
    public int instanceStart() {
        return instS;
    }

    /** End (exclusive, before the ':') of the instance prefix, or -1. */
    public int instanceEnd() {
        return instE;
    }

    /** Start of the comm column. */
    public int commStart() {
        return commS;
    }

    /** End (exclusive) of the comm column. */
    public int commEnd() {
        return commE;
    }

    /** Pid (thread id) column. */
    public int pid() {
        return pid;
    }

    /** TGID column: the value, -1 for dashes, -2 when there is no TGID column. */
    public int tgid() {
        return tgid;
    }

    /** CPU column. */
    public int cpu() {
        return cpu;
    }

    /** Start of the flags column. */
    public int flagsStart() {
        return flagsS;
    }

    /** Length of the flags column, 0 when absent. */
    public int flagsLen() {
        return flagsLen;
    }

    /** Timestamp in ns (or raw counter units for {@link #TS_RAW}). */
    public long ts() {
        return ts;
    }

    /** {@link #TS_ABSOLUTE}, {@link #TS_RAW} or {@link #TS_RELATIVE_US}. */
    public int tsKind() {
        return tsKind;
    }

    /** Line kind: {@link #EVENT}, {@link #SYS_ENTER}, {@link #SYS_EXIT}, {@link #FUNCTION}, stack markers. */
    public int kind() {
        return kind;
    }

    /** Start of the event name (for syscalls: the syscall name after {@code sys_}). */
    public int nameStart() {
        return nameS;
    }

    /** End (exclusive) of the event name. */
    public int nameEnd() {
        return nameE;
    }

    /** Where the payload starts (for syscalls, function and stack lines: the whole text after the time). */
    public int payloadStart() {
        return payS;
    }

    /** Whether the event name was followed by two or more spaces (trace-cmd pads it to 20 characters). */
    public boolean padded() {
        return padded;
    }

    /** Whether the line had the latency-format CPU+flags column. */
    public boolean latency() {
        return latency;
    }

    /**
     * Whether the event name was directly followed by {@code ':'} and another name, as perf script prints
     * {@code sched:sched_switch:}; ftrace and trace-cmd put a space after the event name's colon.
     */
    public boolean systemPrefixed() {
        return systemPrefixed;
    }

    /** Whether a trace-cmd {@code --ts-diff} {@code (+N)} column followed the timestamp. */
    public boolean tsDiff() {
        return tsDiff;
    }
}
