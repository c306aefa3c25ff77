package dev.whylate.format.text;

import dev.whylate.format.ReadOptions;
import dev.whylate.io.Input;
import dev.whylate.io.MappedBytes;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.EventStore;
import dev.whylate.model.EventTypes;
import dev.whylate.model.Lost;
import dev.whylate.model.TaskTable;
import dev.whylate.model.Trace;
import dev.whylate.model.Unparsed;
import dev.whylate.util.Parallel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads ftrace-style text (tracefs {@code trace}/{@code trace_pipe}, latency-format, {@code trace-cmd report}
 * text, the trace-data blocks of systrace HTML) from a mapped file into a {@link Trace}, in parallel.
 *
 * <p>Each region of the file (the whole file, or each HTML trace-data block) is cut into chunks at line
 * boundaries (moved forward to the next event line, so stack-trace blocks and multi-line payloads are never
 * split); chunks are parsed on {@link ReadOptions#threads()} threads into separate
 * {@link EventStore.Builder}s sharing one {@link EventTypes}, then joined in input order and sorted by time.
 * Payload references are byte offsets into the same mapped file ({@link TextLineDecoder}).
 *
 * <p>What becomes of each line: event lines ({@link FtraceLine}) become events; {@code #} header lines give
 * {@link Trace#cpus()} ({@code #P:N}) and meta; {@code CPU:N [LOST M EVENTS]} (and trace-cmd's
 * {@code [M EVENTS DROPPED]}) become {@link Lost} markers dated by the next event; {@code cpus=N},
 * {@code version = 6}, {@code CPU N is empty}, {@code TRACE:} are trace-cmd/atrace headers; {@code <stack trace>}
 * blocks attach their {@code " => "} frames to the event they belong to (same CPU and time) or become a
 * {@code kernel_stack}/{@code user_stack} event; a line that is not an event line directly after an event
 * continues that event's payload (prints with newlines). Anything else is unparsed, with its line number and
 * reason.
 *
 * <p>Meta keys set: {@code tracer}, {@code entries-in-buffer}, {@code entries-written}, {@code overwritten}
 * (written minus in-buffer when the ring buffer wrapped), {@code cpu-buffer-started} (CPUs whose buffer
 * wrapped: {@code ##### CPU N buffer started ####}), {@code enabled-events}, {@code latency-format},
 * {@code kernel}, {@code timestamps} ({@code relative-us} for latency-format), {@code clock}
 * ({@code raw-counter} when timestamps had no fraction), {@code instances} (trace-cmd buffer names),
 * {@code trace-cmd-file-version}, {@code empty-cpus}, {@code atrace}, {@code multi-line-payloads},
 * {@code stack-traces}, {@code final-newline} ({@code missing}), {@code compression}, and whatever the caller
 * adds.
 */
public final class FtraceTextEngine {
    private static final long MIN_CHUNK = 1L << 20;
    private static final long MAX_CHUNK = 32L << 20;

    /** A byte range {@code [start, end)} of the file that holds ftrace text. */
    public record Region(long start, long end) {}

    private FtraceTextEngine() {}

    /**
     * Reads {@code regions} of {@code in} as ftrace-style text.
     *
     * @param format the format name to report
     * @param html whether lines may carry the JavaScript {@code \n\} endings of old systrace HTML
     * @param extraMeta meta the caller already knows (kept first)
     * @param extraUnparsed inputs the caller already rejected (kept first)
     * @throws TraceFormatException when no event could be read but some lines were not understood
     */
    public static Trace read(final Input in, final ReadOptions opts, final String format, final List<Region> regions,
                             final boolean html, final Map<String, String> extraMeta, final List<Unparsed> extraUnparsed)
        throws TraceFormatException {
        final MappedBytes bytes = in.bytes();
        final EventTypes types = new EventTypes();
        final List<long[]> plan = plan(bytes, regions, Math.max(1, opts.threads()));
        final List<FtraceChunk> chunks = parse(bytes, plan, types, html, Math.max(1, opts.threads()));

        final EventStore.Builder all = EventStore.builder(types);
        final TaskTable.Builder tasks = TaskTable.builder();
        final List<Unparsed> unparsed = new ArrayList<>(extraUnparsed);
        long unparsedCount = extraUnparsed.size();
        final List<Lost> lost = new ArrayList<>();
        final List<long[]> pendingLost = new ArrayList<>();
        final Map<String, String> meta = new LinkedHashMap<>(extraMeta);
        final LinkedHashSet<String> instances = new LinkedHashSet<>();
        final TreeSet<Integer> started = new TreeSet<>();
        int cpus = -1;
        long firstBinary = -1;
        long firstBadOffset = -1;
        long incomplete = -1;
        long lineBase = 0;
        long regionStart = -1;
        long multi = 0;
        long contLines = 0;
        long stacks = 0;
        long rel = 0;
        long raw = 0;
        long latency = 0;
        boolean noFinalNewline = false;
        final List<long[]> multiRefs = new ArrayList<>();
        for (int k = 0; k < chunks.size(); k++) {
            final FtraceChunk c = chunks.get(k);
            final long[] p = plan.get(k);
            if (p[2] != regionStart) {
                regionStart = p[2];
                lineBase = p[3];
            }
            if (c.firstTs != FtraceChunk.NO_TS) {
                for (final long[] l : pendingLost) lost.add(new Lost(c.firstTs, (int) l[0], l[1]));
                pendingLost.clear();
            }
            for (int i = 0; i < c.lostN; i++) {
                if (i < c.lostPending()) lost.add(new Lost(c.lostTs[i], c.lostCpu[i], c.lostCount[i]));
                else pendingLost.add(new long[] {c.lostCpu[i], c.lostCount[i]});
            }
            all.appendAll(c.events);
            tasks.addAll(c.tasks);
            for (final Unparsed u : c.unparsed) {
                if (unparsed.size() < Trace.MAX_UNPARSED_KEPT) unparsed.add(new Unparsed(u.line() + lineBase, u.reason(), u.text()));
            }
            unparsedCount += c.unparsedCount;
            if (firstBadOffset < 0) firstBadOffset = c.firstUnparsedOffset;
            if (firstBinary < 0 && c.firstBinaryLine >= 0) firstBinary = c.firstBinaryLine + lineBase;
            if (c.incompleteLastLine >= 0) incomplete = c.incompleteLastLine + lineBase;
            if (c.endsWithoutNewline && p[1] == bytes.size()) noFinalNewline = true;
            for (final Map.Entry<String, String> m : c.meta.entrySet()) {
                if (m.getKey().equals("empty-cpus") && meta.containsKey("empty-cpus")) meta.put("empty-cpus", meta.get("empty-cpus") + "," + m.getValue());
                else meta.putIfAbsent(m.getKey(), m.getValue());
            }
            instances.addAll(c.instances);
            started.addAll(c.bufferStarted);
            if (cpus < 0) cpus = c.cpus;
            for (int i = 0; i < c.multiN; i++) multiRefs.add(new long[] {c.multiStart[i], c.multiEnd[i]});
            multi += c.multiN;
            contLines += c.continuationLines;
            stacks += c.stacks;
            rel += c.relativeUs;
            raw += c.rawClock;
            latency += c.latencyLines;
            lineBase += c.lines;
        }
        if (!pendingLost.isEmpty()) {
            final long last = all.size() == 0 ? 0 : all.ts(all.size() - 1);
            for (final long[] l : pendingLost) lost.add(new Lost(last, (int) l[0], l[1]));
        }
        lost.sort(Comparator.comparingLong(Lost::ts));
        if (all.size() == 0 && unparsedCount > 0) {
            final Unparsed u = unparsed.get(0);
            throw new TraceFormatException(in.name() + ": no " + format + " event lines; line " + u.line() + ": " + u.reason()
                + (u.text().isEmpty() ? "" : ": " + u.text()) + optionHint(u.text()), firstBadOffset);
        }
        if (!instances.isEmpty()) meta.put("instances", String.join(",", instances));
        if (!started.isEmpty()) meta.put("cpu-buffer-started", join(started));
        if (rel > 0) meta.put("timestamps", "relative-us");
        if (raw > 0) meta.put("clock", "raw-counter");
        if (latency > 0) meta.putIfAbsent("latency-format", "true");
        if (multi > 0) meta.put("multi-line-payloads", multi + " events, " + contLines + " continuation lines");
        if (stacks > 0) meta.put("stack-traces", Long.toString(stacks));
        if (noFinalNewline) meta.put("final-newline", "missing");
        if (in.compression() != null) meta.put("compression", in.compression());

        final long[] ms = new long[multiRefs.size()];
        final long[] me = new long[multiRefs.size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = multiRefs.get(i)[0];
            me[i] = multiRefs.get(i)[1];
        }
        final long outOfOrder = all.countOutOfOrder();
        final EventStore store = all.build(new TextLineDecoder(bytes, ms, me, html));
        String truncated = null;
        if (incomplete >= 0) truncated = "input ends in the middle of line " + incomplete;
        else if (firstBinary >= 0) truncated = "binary data at line " + firstBinary + " (damaged input; the lines around it were read)";
        return new Trace(format, store, tasks.build(), Collections.unmodifiableList(lost), Collections.unmodifiableList(unparsed),
            unparsedCount, outOfOrder, cpus, Collections.unmodifiableMap(meta), truncated);
    }

    private static String join(final TreeSet<Integer> s) {
        final StringBuilder b = new StringBuilder();
        for (final int i : s) {
            if (b.length() > 0) b.append(',');
            b.append(i);
        }
        return b.toString();
    }

    /** Chunks as {start, end, regionStart, linesBeforeRegion}. */
    private static List<long[]> plan(final MappedBytes bytes, final List<Region> regions, final int threads) {
        final List<long[]> out = new ArrayList<>();
        for (final Region r : regions) {
            final long start = Math.max(0, r.start());
            final long end = Math.min(bytes.size(), r.end());
            if (end <= start) continue;
            final long linesBefore = start == 0 ? 0 : countNewlines(bytes, 0, start);
            final long size = end - start;
            long chunk = threads == 1 ? MAX_CHUNK : size / (threads * 4L);
            chunk = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, chunk));
            long pos = start;
            while (pos < end) {
                long next = Math.min(end, pos + chunk);
                if (next < end) next = nextEventLine(bytes, next, end);
                out.add(new long[] {pos, next, start, linesBefore});
                pos = next;
            }
        }
        return out;
    }

    private static long countNewlines(final MappedBytes bytes, final long from, final long to) {
        final byte[] w = new byte[1 << 16];
        long n = 0;
        long pos = from;
        while (pos < to) {
            final int got = bytes.get(pos, w, 0, (int) Math.min(w.length, to - pos));
            if (got <= 0) break;
            for (int i = 0; i < got; i++) if (w[i] == '\n') n++;
            pos += got;
        }
        return n;
    }

    /**
     * The start of the first line at or after {@code p} that can begin a chunk: an event line that is not a
     * stack-trace marker, a header line or a blank line. Returns {@code end} when none is near.
     */
    private static long nextEventLine(final MappedBytes bytes, final long p, final long end) {
        final byte[] w = new byte[1 << 16];
        final int got = bytes.get(p - 1, w, 0, (int) Math.min(w.length, end - p + 1));
        final int first = Ascii.indexOfNewline(w, 0, got);
        if (first >= got) return end;
        final FtraceLine line = new FtraceLine();
        int ls = first + 1;
        final int firstStart = ls;
        for (int n = 0; n < 1000 && ls < got; n++) {
            final int nl = Ascii.indexOfNewline(w, ls, got);
            if (nl >= got) break;
            if (nl == ls || w[ls] == '#' || w[ls] == '\r') return p - 1 + ls;
            if (line.parse(w, ls, nl) && line.kind() != FtraceLine.KERNEL_STACK && line.kind() != FtraceLine.USER_STACK
                && !Ascii.equals(w, line.nameStart(), line.nameEnd(), "kernel_stack")
                && !Ascii.equals(w, line.nameStart(), line.nameEnd(), "user_stack")) {
                return p - 1 + ls;
            }
            ls = nl + 1;
        }
        return p - 1 + firstStart;
    }

    private static List<FtraceChunk> parse(final MappedBytes bytes, final List<long[]> plan, final EventTypes types,
                                           final boolean html, final int threads) {
        final List<FtraceChunk> chunks = new ArrayList<>(plan.size());
        for (final long[] p : plan) chunks.add(new FtraceChunk(bytes, p[0], p[1], types, html));
        try {
            Parallel.run(chunks.stream().map(c -> (Runnable) c::run).toList(), threads, "whylate-parse");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing", e);
        }
        return chunks;
    }

    // ---------------------------------------------------------------- sniffing

    /**
     * What the first bytes of an input look like as ftrace-style text.
     *
     * @param binary control bytes: not text
     * @param tracerHeader a {@code # tracer:} header (tracefs, atrace)
     * @param traceCmdHeader the first line is {@code cpus=N} or {@code version = N}
     * @param examined non-blank, non-header lines looked at
     * @param events of those, event lines
     * @param flagged event lines with a flags column
     * @param padded event lines whose name was padded with spaces (trace-cmd)
     * @param instanced event lines with a trace-cmd {@code instance:} prefix
     * @param perfLike event lines whose name looks like perf script's {@code subsystem:event:}
     */
    public record Head(boolean binary, boolean tracerHeader, boolean traceCmdHeader, int examined, int events,
                       int flagged, int padded, int instanced, int perfLike) {
        /** Share of examined lines that are event lines (0 when none was examined). */
        public double eventRatio() {
            return examined == 0 ? 0 : (double) events / examined;
        }
    }

    /** Looks at up to 200 lines of {@code head}. */
    public static Head scan(final byte[] head) {
        int ctrl = 0;
        final int lim = Math.min(head.length, 4096);
        for (int i = 0; i < lim; i++) {
            final int c = head[i] & 0xFF;
            if (c == 0) return new Head(true, false, false, 0, 0, 0, 0, 0, 0);
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != 0x1B) || c == 0x7F) ctrl++;
        }
        if (ctrl > lim / 100) return new Head(true, false, false, 0, 0, 0, 0, 0, 0);
        final FtraceLine line = new FtraceLine();
        boolean tracer = false;
        boolean tc = false;
        boolean firstLine = true;
        int examined = 0;
        int events = 0;
        int flagged = 0;
        int padded = 0;
        int inst = 0;
        int perf = 0;
        boolean afterEvent = false;
        int ls = 0;
        for (int n = 0; n < 400 && ls < head.length && examined < 200; n++) {
            int nl = Ascii.indexOfNewline(head, ls, head.length);
            if (nl >= head.length && head.length >= 65536) break; // cut line at the end of the head
            int e = nl;
            if (e > ls && head[e - 1] == '\r') e--;
            final int f = Ascii.skipSpaces(head, ls, e);
            if (f >= e) afterEvent = false;
            if (f < e) {
                if (firstLine && (Ascii.startsWith(head, f, e, "cpus=") || Ascii.startsWith(head, f, e, "version = "))) tc = true;
                final boolean wasFirst = firstLine;
                firstLine = false;
                if (head[ls] == '#') {
                    if (Ascii.startsWith(head, ls, e, "# tracer:")) tracer = true;
                } else if (Ascii.equals(head, f, e, "TRACE:") && wasFirst) {
                    firstLine = true;
                } else if (Ascii.startsWith(head, f, e, "cpus=") || Ascii.startsWith(head, f, e, "version = ")
                    || Ascii.startsWith(head, f, e, "=>") || (Ascii.startsWith(head, f, e, "CPU ") && Ascii.indexOf(head, f, e, " is empty") > 0)
                    || (Ascii.startsWith(head, f, e, "CPU:") && Ascii.indexOf(head, f, e, "EVENTS") > 0)) {
                    // headers, frames, lost markers
                } else if (line.parse(head, ls, e)) {
                    examined++;
                    events++;
                    afterEvent = true;
                    if (line.systemPrefixed()) perf++;
                    if (line.flagsLen() > 0) flagged++;
                    if (line.padded()) padded++;
                    if (line.instanceStart() >= 0) inst++;
                } else if (!(afterEvent && line.fail() == FtraceLine.FAIL_NO_COLUMNS)) {
                    // (a line right after an event may continue its payload)
                    examined++;
                    afterEvent = false;
                }
            }
            ls = nl + 1;
        }
        return new Head(false, tracer, tc, examined, events, flagged, padded, inst, perf);
    }

    /** Sniff score of tracefs-style ftrace text (see {@code TraceReader#sniff}). */
    public static int ftraceScore(final Head h) {
        if (h.binary()) return 0;
        if (h.traceCmdHeader()) return 20;
        if (h.tracerHeader()) return 95;
        if (h.events() == 0 || h.eventRatio() < 0.6 || h.perfLike() * 2 > h.events()) return 0;
        if (h.instanced() > 0) return 40;
        if (h.flagged() == 0 && h.padded() * 2 > h.events()) return 40;
        return h.flagged() > 0 ? 85 : 60;
    }

    /** Sniff score of {@code trace-cmd report} text. */
    public static int traceCmdScore(final Head h) {
        if (h.binary()) return 0;
        if (h.traceCmdHeader()) return 95;
        if (h.tracerHeader()) return 0;
        if (h.events() == 0 || h.eventRatio() < 0.6 || h.perfLike() * 2 > h.events()) return 0;
        if (h.instanced() > 0 || h.padded() * 2 > h.events()) return 80;
        return h.flagged() == 0 ? 50 : 20;
    }

    /** Finds the starts of a case-insensitive ASCII {@code needle} in the file, from {@code from}. */
    public static long find(final MappedBytes bytes, final String needle, final long from, final long to) {
        final int n = needle.length();
        final byte[] w = new byte[(1 << 16) + n];
        long pos = from;
        while (pos < to) {
            final int got = bytes.get(pos, w, 0, (int) Math.min(w.length, to - pos));
            if (got < n) return -1;
            outer:
            for (int i = 0; i + n <= got; i++) {
                for (int j = 0; j < n; j++) {
                    final int c = w[i + j] & 0xFF;
                    final int lc = c >= 'A' && c <= 'Z' ? c + 32 : c;
                    if (lc != Character.toLowerCase(needle.charAt(j))) continue outer;
                }
                return pos + i;
            }
            if (pos + got >= to) return -1;
            pos += got - n + 1;
        }
        return -1;
    }

    /** tracefs options that print lines whylate cannot read, recognised from the first bad line; else "". */
    static String optionHint(final String line) {
        final String t = line.strip();
        if (t.matches("[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ type: \\d+.*")) {
            return " (the trace was printed with tracefs options/raw, hex or bin on: print it with them off, e.g. echo 0 > options/raw)";
        }
        if (t.matches("[a-z_][a-z0-9_]*: .*")) {
            return " (the trace was printed with tracefs options/context-info off, so it has no task, CPU or time: echo 1 > options/context-info)";
        }
        return "";
    }
}
