package dev.whylate.format.text;

import dev.whylate.io.MappedBytes;
import dev.whylate.model.Ctx;
import dev.whylate.model.EventStore;
import dev.whylate.model.EventTypes;
import dev.whylate.model.TaskTable;
import dev.whylate.model.Trace;
import dev.whylate.model.Unparsed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses one chunk {@code [start, end)} of an ftrace-style text file (it starts at a line start) into its own
 * {@link EventStore.Builder} and task observations. Line numbers and lost-event times that depend on earlier
 * chunks are kept chunk-relative and fixed up by {@link FtraceTextEngine} when the chunks are joined.
 */
final class FtraceChunk {
    static final long NO_TS = Long.MIN_VALUE;
    private static final int MAX_BLOCK = 4 << 20;
    private static final byte[] FUNCTION_NAME = "function".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KSTACK_NAME = "kernel_stack".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USTACK_NAME = "user_stack".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SYS_ENTER = "sys_enter_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SYS_EXIT = "sys_exit_".getBytes(StandardCharsets.US_ASCII);

    private final MappedBytes bytes;
    private final long start;
    private final long end;
    private final boolean fileEnd;
    private final boolean html;
    private final TypeCache typeCache;
    private final PidComms columnComms = new PidComms();
    private final PidComms payloadComms = new PidComms();
    private final FtraceLine line = new FtraceLine();
    private final byte[] nameScratch = new byte[256];
    private final byte[] rtFlags = new byte[3];

    final EventStore.Builder events;
    final TaskTable.Builder tasks = TaskTable.builder();
    final List<Unparsed> unparsed = new ArrayList<>();
    final Map<String, String> meta = new LinkedHashMap<>();
    final Set<String> instances = new LinkedHashSet<>();
    final Set<Integer> bufferStarted = new LinkedHashSet<>();
    long unparsedCount;
    long lines;
    long firstTs = NO_TS;
    int cpus = -1;
    long firstBinaryLine = -1;
    long incompleteLastLine = -1;
    boolean endsWithoutNewline;
    int stacks;
    int relativeUs;
    int rawClock;
    int latencyLines;
    int flaggedLines;
    // lost markers: ts NO_TS until the next event is seen
    int lostN;
    long[] lostTs = new long[4];
    int[] lostCpu = new int[4];
    long[] lostCount = new long[4];
    private int lostPending;
    // multi-line payloads
    int multiN;
    long[] multiStart = new long[4];
    long[] multiEnd = new long[4];
    long continuationLines;

    private int[] lastIdx = new int[8];
    private long contRef = -1;
    private int stackTarget = -1;
    private final List<String> frames = new ArrayList<>();
    private int lastStackTarget = -1;
    private String[] lastStackFrames;
    private byte[] lastInstance = new byte[0];
    private boolean skipping;
    private long lineOffset;
    long firstUnparsedOffset = -1;

    FtraceChunk(final MappedBytes bytes, final long start, final long end, final EventTypes types, final boolean html) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
        this.fileEnd = end == bytes.size();
        this.html = html;
        this.typeCache = new TypeCache(types);
        this.events = EventStore.builder(types);
        Arrays.fill(lastIdx, -1);
    }

    /** Parses the whole chunk. */
    FtraceChunk run() {
        byte[] buf = new byte[(int) Math.min(MAX_BLOCK, Math.max(64, end - start + 8))];
        long pos = start;
        int carry = 0;
        while (true) {
            final int want = (int) Math.min(buf.length - carry, end - pos);
            if (want > 0) bytes.get(pos, buf, carry, want);
            pos += want;
            final int filled = carry + want;
            final long base = pos - filled;
            int ls = 0;
            while (true) {
                final int nl = Ascii.indexOfNewline(buf, ls, filled);
                if (nl >= filled) break;
                if (skipping) skipping = false;
                else line(buf, ls, nl, base, false);
                ls = nl + 1;
            }
            if (pos >= end) {
                if (ls < filled && !skipping) {
                    endsWithoutNewline = true;
                    line(buf, ls, filled, base, fileEnd);
                }
                break;
            }
            carry = filled - ls;
            if (carry == buf.length) {
                if (skipping) {
                    carry = 0;
                } else if (buf.length < MAX_BLOCK) {
                    buf = Arrays.copyOf(buf, (int) Math.min(MAX_BLOCK, buf.length * 2L));
                } else {
                    lines++;
                    unparsed(lines, "line longer than " + (MAX_BLOCK >> 20) + " MiB", buf, 0, 200);
                    skipping = true;
                    carry = 0;
                }
                continue;
            }
            System.arraycopy(buf, ls, buf, 0, carry);
        }
        flushStack();
        return this;
    }

    private void line(final byte[] b, final int s, final int e0, final long base, final boolean last) {
        final long lineNo = ++lines;
        lineOffset = base + s;
        int e = e0;
        if (e > s && b[e - 1] == '\r') e--;
        if (html && e - s >= 3 && b[e - 1] == '\\' && b[e - 2] == 'n' && b[e - 3] == '\\') e -= 3;
        if (s < e && b[s] == '#') {
            flushStack();
            contRef = -1;
            header(b, s, e);
            return;
        }
        if (line.parse(b, s, e)) {
            event(b, e, base);
            return;
        }
        final int f = Ascii.skipSpaces(b, s, e);
        if (f >= Ascii.trimEnd(b, s, e)) {
            // blank
            flushStack();
            contRef = -1;
            return;
        }
        if (binary(b, s, e)) {
            flushStack();
            contRef = -1;
            if (firstBinaryLine < 0) firstBinaryLine = lineNo;
            unparsed(lineNo, "binary data", b, s, e);
            return;
        }
        if (e - f >= 2 && b[f] == '=' && b[f + 1] == '>') {
            if (stackTarget >= 0) {
                frames.add(Ascii.str(b, Ascii.skipSpaces(b, f + 2, e), Ascii.trimEnd(b, f, e)));
            } else {
                unparsed(lineNo, "stack frame without a <stack trace> line", b, s, e);
            }
            return;
        }
        flushStack();
        if (special(b, f, Ascii.trimEnd(b, f, e))) {
            contRef = -1;
            return;
        }
        if (last) {
            incompleteLastLine = lineNo;
            unparsed(lineNo, "incomplete last line (" + FtraceLine.reason(line.fail()) + ")", b, s, e);
            return;
        }
        if (line.fail() == FtraceLine.FAIL_NO_COLUMNS && contRef >= 0) {
            // continuation of a payload printed over several lines
            continuationLines++;
            final long lineEnd = base + e;
            if (multiN > 0 && multiStart[multiN - 1] == contRef) {
                multiEnd[multiN - 1] = lineEnd;
            } else {
                if (multiN == multiStart.length) {
                    multiStart = Arrays.copyOf(multiStart, multiN * 2);
                    multiEnd = Arrays.copyOf(multiEnd, multiN * 2);
                }
                multiStart[multiN] = contRef;
                multiEnd[multiN] = lineEnd;
                multiN++;
            }
            return;
        }
        contRef = -1;
        unparsed(lineNo, FtraceLine.reason(line.fail()), b, s, e);
    }

    private void event(final byte[] b, final int e, final long base) {
        final int cpu = line.cpu();
        final long ts = line.ts();
        final int type;
        int sem = TypeCache.OTHER;
        switch (line.kind()) {
            case FtraceLine.EVENT:
                type = typeCache.id(b, line.nameStart(), line.nameEnd());
                sem = typeCache.lastSem();
                if (sem == TypeCache.STACK) {
                    stackMarker(b, base, type);
                    return;
                }
                break;
            case FtraceLine.SYS_ENTER:
                type = prefixed(SYS_ENTER, b, line.nameStart(), line.nameEnd());
                break;
            case FtraceLine.SYS_EXIT:
                type = prefixed(SYS_EXIT, b, line.nameStart(), line.nameEnd());
                break;
            case FtraceLine.FUNCTION:
                type = typeCache.id(FUNCTION_NAME, 0, FUNCTION_NAME.length);
                break;
            case FtraceLine.KERNEL_STACK:
                stackMarker(b, base, typeCache.id(KSTACK_NAME, 0, KSTACK_NAME.length));
                return;
            default:
                stackMarker(b, base, typeCache.id(USTACK_NAME, 0, USTACK_NAME.length));
                return;
        }
        flushStack();
        add(b, base, type, cpu, ts);
        contRef = base + line.payloadStart();
        observeColumns(b, ts);
        if (sem != TypeCache.OTHER) observePayload(sem, b, line.payloadStart(), e, ts);
    }

    private int add(final byte[] b, final long base, final int type, final int cpu, final long ts) {
        final int fl = line.flagsLen();
        final int ctx;
        if (fl >= 7) {
            // PREEMPT_RT layout: irqs-off, need-resched, need-resched-lazy, hardirq/softirq, depths...
            final int fs = line.flagsStart();
            rtFlags[0] = b[fs];
            rtFlags[1] = b[fs + 1] != '.' || b[fs + 2] != '.' ? (byte) 'N' : (byte) '.';
            rtFlags[2] = b[fs + 3];
            ctx = Ctx.fromFtraceFlags(rtFlags, 0, 3);
        } else {
            ctx = fl > 0 ? Ctx.fromFtraceFlags(b, line.flagsStart(), fl) : 0;
        }
        if (fl > 0) flaggedLines++;
        if (line.latency()) latencyLines++;
        if (line.tsKind() == FtraceLine.TS_RELATIVE_US) relativeUs++;
        else if (line.tsKind() == FtraceLine.TS_RAW) rawClock++;
        final int idx = events.add(ts, cpu, line.pid(), type, ctx, base + line.payloadStart());
        if (cpu >= lastIdx.length) {
            final int old = lastIdx.length;
            lastIdx = Arrays.copyOf(lastIdx, Math.max(cpu + 1, old * 2));
            Arrays.fill(lastIdx, old, lastIdx.length, -1);
        }
        lastIdx[cpu] = idx;
        if (firstTs == NO_TS) firstTs = ts;
        while (lostPending < lostN) lostTs[lostPending++] = ts;
        final int is = line.instanceStart();
        if (is >= 0) {
            final int ie = line.instanceEnd();
            if (!same(lastInstance, b, is, ie)) {
                lastInstance = Arrays.copyOfRange(b, is, ie);
                instances.add(new String(lastInstance, StandardCharsets.UTF_8));
            }
        }
        return idx;
    }

    private int prefixed(final byte[] prefix, final byte[] b, final int s, final int e) {
        final int n = prefix.length + e - s;
        if (n > nameScratch.length) return typeCache.id(b, s, e);
        System.arraycopy(prefix, 0, nameScratch, 0, prefix.length);
        System.arraycopy(b, s, nameScratch, prefix.length, e - s);
        return typeCache.id(nameScratch, 0, n);
    }

    private void stackMarker(final byte[] b, final long base, final int stackType) {
        flushStack();
        contRef = -1;
        final int cpu = line.cpu();
        final long ts = line.ts();
        final int li = cpu < lastIdx.length ? lastIdx[cpu] : -1;
        if (li >= 0 && events.ts(li) == ts) {
            stackTarget = li;
        } else {
            stackTarget = add(b, base, stackType, cpu, ts);
            observeColumns(b, ts);
        }
        frames.clear();
    }

    private void flushStack() {
        if (stackTarget < 0) return;
        String[] f = frames.toArray(new String[0]);
        if (stackTarget == lastStackTarget && lastStackFrames != null) {
            // a user stack after the kernel stack of the same event: one list, kernel frames first
            final String[] both = Arrays.copyOf(lastStackFrames, lastStackFrames.length + f.length);
            System.arraycopy(f, 0, both, lastStackFrames.length, f.length);
            f = both;
        } else {
            stacks++;
        }
        events.stack(stackTarget, f);
        lastStackTarget = stackTarget;
        lastStackFrames = f;
        stackTarget = -1;
        frames.clear();
    }

    private void observeColumns(final byte[] b, final long ts) {
        final int pid = line.pid();
        if (pid <= 0) return;
        final int cs = line.commStart();
        final int ce = line.commEnd();
        int tgid = line.tgid();
        if (tgid < 0) tgid = -1;
        final boolean placeholder = ce - cs >= 2 && b[cs] == '<' && b[ce - 1] == '>';
        // latency format truncates comms to 8 characters: those may not be the real comm
        final boolean truncated = line.latency() && ce - cs >= 8;
        if (placeholder || truncated || ce == cs) {
            if (tgid >= 0 && columnComms.changed(pid, b, cs, cs, tgid)) tasks.observe(pid, tgid, null, ts);
            return;
        }
        if (columnComms.changed(pid, b, cs, ce, tgid)) tasks.observeLate(pid, tgid, Ascii.str(b, cs, ce));
    }

    private static final byte[] K_PREV_COMM = Ascii.key("prev_comm=");
    private static final byte[] K_PREV_PID = Ascii.key(" prev_pid=");
    private static final byte[] K_NEXT_COMM = Ascii.key("next_comm=");
    private static final byte[] K_NEXT_PID = Ascii.key(" next_pid=");
    private static final byte[] K_ARROW = Ascii.key(" ==> ");
    private static final byte[] K_COMM = Ascii.key("comm=");
    private static final byte[] K_PID = Ascii.key(" pid=");
    private static final byte[] K_CHILD_COMM = Ascii.key("child_comm=");
    private static final byte[] K_CHILD_PID = Ascii.key(" child_pid=");
    private static final byte[] K_BRACKET = Ascii.key(" [");

    private void observePayload(final int sem, final byte[] b, final int s, final int e, final long ts) {
        switch (sem) {
            case TypeCache.SWITCH:
                if (Ascii.startsWith(b, s, e, K_PREV_COMM)) {
                    final int pe = Ascii.indexOf(b, s + 10, e, K_PREV_PID);
                    if (pe < 0) return;
                    observeComm(b, s + 10, pe, digits(b, pe + 10, e), ts);
                    final int n = Ascii.indexOf(b, pe, e, K_NEXT_COMM);
                    if (n < 0) return;
                    final int ne = Ascii.indexOf(b, n + 10, e, K_NEXT_PID);
                    if (ne > 0) observeComm(b, n + 10, ne, digits(b, ne + 10, e), ts);
                } else {
                    final int sep = Ascii.indexOf(b, s, e, K_ARROW);
                    if (sep < 0) return;
                    colonComm(b, s, sep, ts);
                    colonComm(b, sep + 5, e, ts);
                }
                return;
            case TypeCache.WAKEUP:
                if (Ascii.startsWith(b, s, e, K_COMM)) {
                    final int pe = Ascii.indexOf(b, s + 5, e, K_PID);
                    if (pe > 0) observeComm(b, s + 5, pe, digits(b, pe + 5, e), ts);
                } else {
                    colonComm(b, s, e, ts);
                }
                return;
            case TypeCache.FORK: {
                final int c = Ascii.indexOf(b, s, e, K_CHILD_COMM);
                if (c < 0) return;
                final int pe = Ascii.indexOf(b, c + 11, e, K_CHILD_PID);
                if (pe > 0) observeComm(b, c + 11, pe, digits(b, pe + 11, e), ts);
                return;
            }
            default:
        }
    }

    /** {@code comm:pid [prio]...} in {@code [s, e)}. */
    private void colonComm(final byte[] b, final int s0, final int e, final long ts) {
        final int s = Ascii.skipSpaces(b, s0, e);
        final int lb = Ascii.indexOf(b, s, e, K_BRACKET);
        if (lb < 0) return;
        final int c = Ascii.lastIndexOf(b, s, lb, (byte) ':');
        if (c < 0) return;
        observeComm(b, s, c, digits(b, c + 1, lb), ts);
    }

    private void observeComm(final byte[] b, final int s, final int e, final int pid, final long ts) {
        if (pid <= 0 || e <= s) return;
        if (payloadComms.changed(pid, b, s, e, -1)) tasks.observe(pid, -1, Ascii.str(b, s, e), ts);
    }

    private static int digits(final byte[] b, int i, final int e) {
        int v = 0;
        final int s = i;
        while (i < e && Ascii.isDigit(b[i]) && i - s < 10) v = v * 10 + (b[i++] - '0');
        return i == s ? -1 : v;
    }

    private static boolean same(final byte[] k, final byte[] b, final int s, final int e) {
        if (k.length != e - s) return false;
        for (int i = 0; i < k.length; i++) if (k[i] != b[s + i]) return false;
        return true;
    }

    /** Header and comment lines ({@code #...}): facts go to meta, nothing is unparsed. */
    private void header(final byte[] b, final int s, final int e) {
        if (Ascii.startsWith(b, s, e, "# tracer: ")) {
            meta.putIfAbsent("tracer", Ascii.str(b, s + 10, Ascii.trimEnd(b, s, e)));
        } else if (Ascii.startsWith(b, s, e, "##### CPU ")) {
            final int c = digits(b, s + 10, e);
            if (c >= 0) bufferStarted.add(c);
            return;
        } else if (Ascii.startsWith(b, s, e, "# enabled events:")) {
            meta.putIfAbsent("enabled-events", Ascii.str(b, Ascii.skipSpaces(b, s + 17, e), Ascii.trimEnd(b, s, e)));
        }
        final int ew = Ascii.indexOf(b, s, e, "entries-in-buffer/entries-written:");
        if (ew >= 0) {
            int i = Ascii.skipSpaces(b, ew + 34, e);
            final int a0 = i;
            while (i < e && Ascii.isDigit(b[i])) i++;
            final long inBuf = Ascii.parseDec(b, a0, i);
            if (i < e && b[i] == '/') {
                final int w0 = ++i;
                while (i < e && Ascii.isDigit(b[i])) i++;
                final long written = Ascii.parseDec(b, w0, i);
                if (inBuf != Ascii.BAD && written != Ascii.BAD) {
                    meta.putIfAbsent("entries-in-buffer", Long.toString(inBuf));
                    meta.putIfAbsent("entries-written", Long.toString(written));
                    if (written > inBuf) meta.putIfAbsent("overwritten", Long.toString(written - inBuf));
                }
            }
        }
        final int p = Ascii.indexOf(b, s, e, "#P:");
        if (p >= 0) {
            final int n = digits(b, p + 3, e);
            if (n > 0 && cpus < 0) cpus = n;
        }
        final int lt = Ascii.indexOf(b, s, e, " latency trace v");
        if (lt >= 0) {
            meta.putIfAbsent("latency-format", "true");
            final int on = Ascii.indexOf(b, lt, e, " on ");
            if (on >= 0) meta.putIfAbsent("kernel", Ascii.str(b, on + 4, Ascii.trimEnd(b, on, e)));
        }
    }

    /** Non-event lines that are known and harmless: lost markers, trace-cmd headers, atrace banners. */
    private boolean special(final byte[] b, final int s, final int e) {
        if (Ascii.startsWith(b, s, e, "CPU:")) {
            int i = s + 4;
            final int c = digits(b, i, e);
            if (c < 0) return false;
            while (i < e && Ascii.isDigit(b[i])) i++;
            i = Ascii.skipSpaces(b, i, e);
            if (i >= e || b[i] != '[') return false;
            i++;
            long count = -1;
            if (Ascii.startsWith(b, i, e, "LOST ")) i += 5;
            final int n0 = i;
            while (i < e && Ascii.isDigit(b[i])) i++;
            if (i > n0) count = Ascii.parseDec(b, n0, i);
            final int rest = Ascii.skipSpaces(b, i, e);
            if (!Ascii.startsWith(b, rest, e, "EVENTS")) return false;
            addLost(c, count);
            return true;
        }
        if (Ascii.startsWith(b, s, e, "cpus=")) {
            final int n = digits(b, s + 5, e);
            if (n < 0) return false;
            if (cpus < 0) cpus = n;
            return true;
        }
        if (Ascii.startsWith(b, s, e, "version = ")) {
            meta.putIfAbsent("trace-cmd-file-version", Ascii.str(b, s + 10, e));
            return true;
        }
        if (Ascii.startsWith(b, s, e, "CPU ") && Ascii.indexOf(b, s, e, " is empty") > 0) {
            final int c = digits(b, s + 4, e);
            if (c < 0) return false;
            final String prev = meta.get("empty-cpus");
            meta.put("empty-cpus", prev == null ? Integer.toString(c) : prev + "," + c);
            return true;
        }
        if (Ascii.equals(b, s, e, "TRACE:")) {
            meta.putIfAbsent("atrace", "true");
            return true;
        }
        return false;
    }

    private void addLost(final int cpu, final long count) {
        if (lostN == lostTs.length) {
            lostTs = Arrays.copyOf(lostTs, lostN * 2);
            lostCpu = Arrays.copyOf(lostCpu, lostN * 2);
            lostCount = Arrays.copyOf(lostCount, lostN * 2);
        }
        lostTs[lostN] = NO_TS;
        lostCpu[lostN] = cpu;
        lostCount[lostN] = count;
        lostN++;
    }

    /** Index of the first lost marker still waiting for an event to date it. */
    int lostPending() {
        return lostPending;
    }

    private static boolean binary(final byte[] b, final int s, final int e) {
        for (int i = s; i < e; i++) {
            final int c = b[i] & 0xFF;
            if (c < 0x20 && c != '\t' && c != '\r' && c != 0x1B) return true;
            if (c == 0x7F) return true;
        }
        return false;
    }

    private void unparsed(final long lineNo, final String reason, final byte[] b, final int s, final int e) {
        unparsedCount++;
        if (firstUnparsedOffset < 0) firstUnparsedOffset = lineOffset;
        if (unparsed.size() < Trace.MAX_UNPARSED_KEPT) {
            final int n = Math.min(e - s, 400);
            final StringBuilder t = new StringBuilder(n);
            for (int i = s; i < s + n; i++) {
                final int c = b[i] & 0xFF;
                t.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
            }
            unparsed.add(Unparsed.of(lineNo, reason, t.toString()));
        }
    }
}
