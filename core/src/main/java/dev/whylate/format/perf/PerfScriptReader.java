package dev.whylate.format.perf;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.TraceReader;
import dev.whylate.format.text.Ascii;
import dev.whylate.format.text.TextLineDecoder;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code perf script} text (format name {@code perf-script}).
 *
 * <p>Accepted: the default tracepoint line {@code "%16s %5d [%03d] %9lu.%06lu: %*s: %s"} (comm, tid, CPU,
 * time, right-aligned {@code system:event}, payload) and its variants: {@code -F} with {@code pid/tid},
 * {@code --ns} (9 decimals; any 1..9 decimals are scaled exactly, never through a double), {@code -F +period},
 * {@code -L}, {@code --header} comment lines (kept in {@link Trace#meta()}: {@code captured-on},
 * {@code hostname}, {@code kernel}, {@code perf-version}, {@code arch}, {@code cmdline}, {@code nrcpus-online},
 * and {@link Trace#cpus()} from {@code nrcpus online}), {@code -g} callchain blocks (frames
 * {@code \t%16lx sym+off (dso)} up to a blank line, attached to the event as its stack, innermost first),
 * and {@code --show-lost-events} lines ({@code PERF_RECORD_LOST lost N}, kept as {@link Lost} markers).
 * Other {@code PERF_RECORD_*} side-band lines are not events and are reported as unparsed with that reason.
 *
 * <p>Semantics: the thread column is the TID; {@code pid/tid} also gives the task's tgid. The idle task
 * is {@code swapper 0}. perf has no flags column, so every event's {@link dev.whylate.model.Ctx} is 0
 * ({@code KNOWN} unset). The event type is interned as ({@code system}, {@code name}); payloads are decoded
 * lazily by {@link TextLineDecoder} (the text readers' decoder: the payload reference is the file offset of the
 * text after {@code system:name: }, read to the end of its line).
 * Meta {@code precision} is {@code us}, {@code ns} or {@code mixed} after the timestamps' decimals.
 *
 * <p>Large inputs are split at line starts that are not callchain frames and parsed in parallel
 * ({@link ReadOptions#threads()}).
 */
public final class PerfScriptReader implements TraceReader {
    /** Smallest chunk handed to one thread. */
    static final long DEFAULT_MIN_CHUNK = 8L << 20;
    private final long minChunk;

    /** A reader with the default chunk size. */
    public PerfScriptReader() {
        this(DEFAULT_MIN_CHUNK);
    }

    /** A reader that splits inputs into chunks of at least {@code minChunk} bytes (tests use small ones). */
    PerfScriptReader(final long minChunk) {
        this.minChunk = Math.max(1, minChunk);
    }

    @Override
    public String name() {
        return "perf-script";
    }

    /**
     * 90 with a {@code --header} block and perf lines, 85 when the perf lines (tid and {@code [cpu]} with a
     * space between, {@code time:}, an event name ending in {@code :}) outnumber other lines at least four to
     * one, 40 when they are the majority, else 0. ftrace and trace-cmd lines ({@code comm-pid [cpu]}) and
     * sysdig lines do not parse as perf lines.
     */
    @Override
    public int sniff(final byte[] head) {
        final PerfLine pl = new PerfLine();
        int good = 0;
        int bad = 0;
        boolean header = false;
        int s = 0;
        int checked = 0;
        while (s < head.length && checked < 400) {
            int e = s;
            while (e < head.length && head[e] != '\n') e++;
            if (e == head.length && s > 0) break; // possibly cut last line
            int ee = e;
            if (ee > s && head[ee - 1] == '\r') ee--;
            final int k = pl.parse(head, s, ee);
            if (k == PerfLine.EVENT || k == PerfLine.LOST || k == PerfLine.SIDEBAND) good++;
            else if (k == PerfLine.BAD) bad++;
            else if (k == PerfLine.COMMENT && Ascii.startsWith(head, s, ee, "# captured on")) header = true;
            if (k != PerfLine.FRAME) checked++;
            s = e + 1;
        }
        if (good == 0) return 0;
        if (bad * 4 <= good) return header ? 90 : 85;
        return good > bad ? 40 : 0;
    }

    @Override
    public Trace read(final Input in, final ReadOptions opts) throws IOException, TraceFormatException {
        final MappedBytes bytes = in.bytes();
        final long size = bytes.size();
        final EventTypes types = new EventTypes();
        final long[] bounds = bounds(bytes, (int) Math.max(1, Math.min(opts.threads(), size / minChunk)));
        final int n = bounds.length - 1;
        final PerfChunk[] chunks = new PerfChunk[n];
        for (int i = 0; i < n; i++) chunks[i] = new PerfChunk(types);
        if (n == 1) {
            chunks[0].parse(bytes, 0, size);
        } else {
            parseParallel(bytes, bounds, chunks, opts.threads());
        }
        return join(in, bytes, chunks);
    }

    /** Chunk boundaries: line starts that are not callchain frames ({@code \t}), ascending, first 0, last size. */
    static long[] bounds(final MappedBytes bytes, final int n) {
        final long size = bytes.size();
        final long[] b = new long[n + 1];
        int k = 1;
        for (int i = 1; i < n; i++) {
            final long x = Math.max(size * i / n, b[k - 1]);
            final long at = splitAt(bytes, x);
            if (at > b[k - 1] && at < size) b[k++] = at;
        }
        b[k] = size;
        return java.util.Arrays.copyOf(b, k + 1);
    }

    private static long splitAt(final MappedBytes bytes, final long x) {
        final long size = bytes.size();
        long p = Math.max(0, x - 1);
        while (true) {
            while (p < size && bytes.get(p) != '\n') p++;
            if (p >= size) return size;
            p++;
            if (p >= size || bytes.get(p) != '\t') return p;
        }
    }

    private static void parseParallel(final MappedBytes bytes, final long[] bounds, final PerfChunk[] chunks,
                                      final int threads) throws IOException {
        final List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < chunks.length; i++) {
            final int c = i;
            tasks.add(() -> chunks[c].parse(bytes, bounds[c], bounds[c + 1]));
        }
        try {
            Parallel.run(tasks, threads, "whylate-perf-script");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while parsing", e);
        }
    }

    private Trace join(final Input in, final MappedBytes bytes, final PerfChunk[] chunks) throws TraceFormatException {
        final EventStore.Builder all = chunks[0].events;
        final TaskTable.Builder tasks = chunks[0].tasks;
        final List<Lost> lost = new ArrayList<>();
        final List<Unparsed> unparsed = new ArrayList<>();
        final Map<String, String> meta = new LinkedHashMap<>();
        long unparsedCount = 0;
        long lineBase = 0;
        int cpus = -1;
        int digits = 0;
        String truncated = null;
        long truncatedAt = -1;
        for (int i = 0; i < chunks.length; i++) {
            final PerfChunk c = chunks[i];
            if (i > 0) {
                all.appendAll(c.events);
                tasks.addAll(c.tasks);
            }
            lost.addAll(c.lost);
            for (final Unparsed u : c.unparsed) {
                if (unparsed.size() < Trace.MAX_UNPARSED_KEPT) unparsed.add(new Unparsed(u.line() + lineBase, u.reason(), u.text()));
            }
            unparsedCount += c.unparsedCount;
            for (final Map.Entry<String, String> m : c.meta.entrySet()) meta.putIfAbsent(m.getKey(), m.getValue());
            if (cpus < 0) cpus = c.cpus;
            digits |= c.digitsSeen;
            if (c.truncatedLine > 0 && truncated == null) {
                truncated = "input ends inside line " + (c.truncatedLine + lineBase) + " (no newline at the end); that line was dropped";
                truncatedAt = c.truncatedAt;
            }
            lineBase += c.lines;
        }
        if (all.size() == 0) {
            final String why = !unparsed.isEmpty() ? " (line " + unparsed.get(0).line() + ": " + unparsed.get(0).reason() + ")"
                : truncated != null ? " (" + truncated + ")" : "";
            throw new TraceFormatException(in.name() + ": no perf script events found" + why, truncatedAt >= 0 ? truncatedAt : 0);
        }
        lost.sort(Comparator.comparingLong(Lost::ts));
        if (digits == 1 << 6) meta.put("precision", "us");
        else if (digits == 1 << 9) meta.put("precision", "ns");
        else meta.put("precision", "mixed");
        final long outOfOrder = all.countOutOfOrder();
        final EventStore store = all.build(new TextLineDecoder(bytes));
        return new Trace(name(), store, tasks.build(), List.copyOf(lost), List.copyOf(unparsed), unparsedCount,
            outOfOrder, cpus, meta, truncated);
    }
}
