package dev.whylate.format.perf;

import dev.whylate.format.text.Ascii;
import dev.whylate.format.text.MappedLines;
import dev.whylate.format.text.PidComms;
import dev.whylate.format.text.SliceMap;
import dev.whylate.io.MappedBytes;
import dev.whylate.model.EventStore;
import dev.whylate.model.EventTypes;
import dev.whylate.model.Lost;
import dev.whylate.model.TaskTable;
import dev.whylate.model.Trace;
import dev.whylate.model.Unparsed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one line-aligned byte range of a perf script file (a whole file, or one chunk of it that starts at
 * a line that is not a callchain frame). Results use chunk-local line numbers; {@link PerfScriptReader}
 * joins the chunks.
 */
final class PerfChunk {
    final EventStore.Builder events;
    final TaskTable.Builder tasks = TaskTable.builder();
    final List<Lost> lost = new ArrayList<>();
    final List<Unparsed> unparsed = new ArrayList<>();
    final Map<String, String> meta = new LinkedHashMap<>();
    long unparsedCount;
    long lines;
    int cpus = -1;
    /** Chunk-local number of a last line without newline (dropped: it may be cut short), or 0. */
    long truncatedLine;
    long truncatedAt = -1;
    /** Bit {@code d} set when a timestamp with {@code d} fraction digits was seen. */
    int digitsSeen;

    private final EventTypes types;
    private final SliceMap names = new SliceMap();
    private final SliceMap frameIds = new SliceMap();
    private final List<String> frameTexts = new ArrayList<>();
    private final List<String> stack = new ArrayList<>();
    private int stackOwner = -1;

    PerfChunk(final EventTypes types) {
        this.types = types;
        this.events = EventStore.builder(types);
    }

    void parse(final MappedBytes bytes, final long from, final long to) {
        final MappedLines in = new MappedLines(bytes, from, to, MappedBytes.OVERLAP);
        final PerfLine pl = new PerfLine();
        final PidComms comms = new PidComms();
        while (in.next()) {
            final byte[] b = in.buf();
            final int s = in.start();
            final int e = in.end();
            final long no = in.lineNo();
            lines = no;
            final int kind = in.tooLong() ? PerfLine.BAD : pl.parse(b, s, e);
            if (!in.terminated() && kind != PerfLine.BLANK && kind != PerfLine.COMMENT) {
                endStack();
                truncatedLine = no;
                truncatedAt = in.offset(s);
                break;
            }
            if (in.tooLong()) {
                endStack();
                unparsed(no, "line longer than " + MappedBytes.OVERLAP + " bytes", b, s, e);
                continue;
            }
            switch (kind) {
                case PerfLine.EVENT:
                    endStack();
                    event(pl, b, in, comms);
                    break;
                case PerfLine.FRAME:
                    if (stackOwner < 0) unparsed(no, "callchain frame without a sample line before it", b, s, e);
                    else stack.add(frame(pl, b, s, e));
                    break;
                case PerfLine.BLANK:
                    endStack();
                    break;
                case PerfLine.COMMENT:
                    endStack();
                    comment(b, s, e);
                    break;
                case PerfLine.LOST:
                    endStack();
                    if (pl.cpu > 0xFFFF) unparsed(no, "CPU number out of range", b, s, e);
                    else lost.add(new Lost(pl.ts, pl.cpu, pl.lostCount));
                    break;
                case PerfLine.SIDEBAND:
                    endStack();
                    unparsed(no, "perf side-band record " + Ascii.str(b, pl.evStart, pl.evEnd) + ", not a trace event", b, s, e);
                    break;
                default:
                    endStack();
                    unparsed(no, pl.reason, b, s, e);
                    break;
            }
        }
        endStack();
    }

    private void event(final PerfLine pl, final byte[] b, final MappedLines in, final PidComms comms) {
        if (pl.cpu > 0xFFFF) {
            unparsed(in.lineNo(), "CPU number out of range", b, in.start(), in.end());
            return;
        }
        int type = names.get(b, pl.evStart, pl.evEnd);
        if (type < 0) {
            type = intern(Ascii.str(b, pl.evStart, pl.evEnd));
            names.put(b, pl.evStart, pl.evEnd, type);
        }
        final long payload = in.offset(pl.payStart);
        if ((payload >>> 40) != 0) throw new IllegalStateException("perf script input larger than 1 TiB");
        stackOwner = events.add(pl.ts, pl.cpu, pl.tid, type, 0, payload);
        comms.observe(tasks, pl.tid, pl.pid, b, pl.commStart, pl.commEnd, pl.ts);
        digitsSeen |= 1 << pl.tsDigits;
    }

    /**
     * {@code sched:sched_switch} is interned as name {@code sched_switch} in system {@code sched}; names that
     * are not {@code system:name} (hardware/software events such as {@code cycles} or {@code cpu-clock:ppp})
     * are kept whole without a system.
     */
    private int intern(final String full) {
        final int c = full.indexOf(':');
        if (c > 0 && c < full.length() - 1 && full.indexOf(':', c + 1) < 0 && !isModifiers(full, c + 1)) {
            return types.intern(full.substring(0, c), full.substring(c + 1));
        }
        return types.intern(full);
    }

    /** perf event modifiers ({@code :u}, {@code :ppp}, {@code :k}...), which are not tracepoint names. */
    private static boolean isModifiers(final String s, final int from) {
        if (s.length() - from > 8) return false;
        for (int i = from; i < s.length(); i++) {
            if ("ukhIGHpPSDWeb".indexOf(s.charAt(i)) < 0) return false;
        }
        return true;
    }

    /**
     * One frame as {@code sym+off (dso)}; frames whose symbol is {@code [unknown]} keep their address:
     * {@code 0x7d30 [unknown] (/usr/bin/dd)}.
     */
    private String frame(final PerfLine pl, final byte[] b, final int s, final int e) {
        final int id = frameIds.get(b, s, e);
        if (id >= 0) return frameTexts.get(id);
        final String text = Ascii.str(b, pl.frameTextStart, e);
        final String f = text.startsWith("[unknown]") || text.isEmpty()
            ? "0x" + Ascii.str(b, pl.frameAddrStart, pl.frameAddrEnd) + (text.isEmpty() ? "" : " " + text)
            : text;
        frameIds.put(b, s, e, frameTexts.size());
        frameTexts.add(f);
        return f;
    }

    private void endStack() {
        if (stackOwner >= 0 && !stack.isEmpty()) events.stack(stackOwner, stack.toArray(new String[0]));
        stack.clear();
        stackOwner = -1;
    }

    /** {@code perf script --header} lines: {@code # key : value}. */
    private void comment(final byte[] b, final int s, final int e) {
        final String line = new String(b, s, Math.min(e - s, 4096), StandardCharsets.UTF_8);
        final int colon = line.indexOf(" : ");
        if (colon < 0) return;
        final String key = line.substring(1, colon).trim();
        final String value = line.substring(colon + 3).trim();
        switch (key) {
            case "captured on": meta.putIfAbsent("captured-on", value); break;
            case "hostname": meta.putIfAbsent("hostname", value); break;
            case "os release": meta.putIfAbsent("kernel", value); break;
            case "perf version": meta.putIfAbsent("perf-version", value); break;
            case "arch": meta.putIfAbsent("arch", value); break;
            case "cmdline": meta.putIfAbsent("cmdline", value); break;
            case "nrcpus avail":
                meta.putIfAbsent("nrcpus-avail", value);
                break;
            case "nrcpus online":
                meta.putIfAbsent("nrcpus-online", value);
                try {
                    cpus = Integer.parseInt(value);
                } catch (NumberFormatException ignored) {
                    // not a number: keep the text in meta only
                }
                break;
            default: break;
        }
    }

    private void unparsed(final long line, final String reason, final byte[] b, final int s, final int e) {
        unparsedCount++;
        if (unparsed.size() < Trace.MAX_UNPARSED_KEPT) {
            unparsed.add(Unparsed.of(line, reason, new String(b, s, Math.min(e - s, 256), StandardCharsets.UTF_8)));
        }
    }

}
