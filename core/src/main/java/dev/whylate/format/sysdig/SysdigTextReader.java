package dev.whylate.format.sysdig;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.TraceReader;
import dev.whylate.format.text.Ascii;
import dev.whylate.format.text.MappedLines;
import dev.whylate.format.text.PidComms;
import dev.whylate.format.text.SliceMap;
import dev.whylate.io.Input;
import dev.whylate.io.MappedBytes;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.EventStore;
import dev.whylate.model.EventTypes;
import dev.whylate.model.TaskTable;
import dev.whylate.model.Trace;
import dev.whylate.model.Unparsed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the default text output of {@code sysdig -r FILE} (format name {@code sysdig-text}):
 * {@code %evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info}.
 *
 * <p>Event mapping (so that filters and analyses see the same names as for kernel traces):
 * <ul>
 *   <li>{@code > TYPE} (enter) of a system call becomes {@code sys_enter_TYPE}, {@code < TYPE} (exit)
 *       {@code sys_exit_TYPE}, both in system {@code syscalls}, with sysdig's own syscall names
 *       ({@code open}, {@code pread}...).</li>
 *   <li>{@code switch} becomes {@code sched_switch} (system {@code sched}) with {@code prev_pid} = the line's
 *       tid, {@code prev_comm} = its process name, {@code next_pid} / {@code next_comm} from
 *       {@code next=17498(curl)} or {@code next=7}; there is no {@code prev_state} (sysdig does not say whether
 *       the task blocked or was preempted) and no prio fields.</li>
 *   <li>Other sysdig event types ({@code procexit}, {@code signaldeliver}, {@code page_fault}, {@code drop},
 *       {@code container}, ...) keep their name, in system {@code sysdig}.</li>
 *   <li>Arguments become fields as described in {@link SysdigArgs}: {@code fd=7(<f>/dev/ttyUSB2)} is fd 7 with
 *       that text; the first argument of an exit event (the return value, {@code res} or {@code fd}) is also
 *       {@code ret}, so {@code sys_exit_read: ret > 0} works as on kernel traces; {@code size} of read/write
 *       enter events is also {@code count}.</li>
 * </ul>
 *
 * <p>Time: the default {@code HH:MM:SS.nnnnnnnnn} is the wall clock of day in the time zone sysdig ran in;
 * it becomes ns since that midnight ({@link Trace#meta()} {@code clock=wall-clock-of-day}), and a time more
 * than 12 hours before the previous one is taken as the next day, so a trace crossing midnight keeps going
 * forward. {@code -t a} epoch times ({@code 1534527348.514632619}) give ns since the epoch
 * ({@code clock=wall-clock-epoch}). The comm of each thread is sysdig's process name ({@code %proc.name});
 * {@code tid=}/{@code pid=} arguments of clone/fork/vfork/execve exits give tgids, and {@code next=tid(comm)}
 * gives the comm of switched-in threads. There are no flags: ctx is 0. Input is read sequentially.
 */
public final class SysdigTextReader implements TraceReader {
    private static final long DAY = 86_400_000_000_000L;
    private static final Set<String> NOT_SYSCALLS = Set.of("switch", "procexit", "signaldeliver", "page_fault",
        "procinfo", "drop", "container", "cpu_hotplug", "notification", "infra", "k8s", "mesos", "tracer",
        "sysdigevent", "pluginevent", "asyncevent", "scapevent");
    private static final Set<String> TGID_EVENTS = Set.of("clone", "fork", "vfork", "execve", "clone3", "execveat");

    @Override
    public String name() {
        return "sysdig-text";
    }

    /** 85 when sysdig lines outnumber other lines at least four to one in {@code head}, 40 when they are the majority. */
    @Override
    public int sniff(final byte[] head) {
        final SysdigLine l = new SysdigLine();
        int good = 0;
        int bad = 0;
        int s = 0;
        while (s < head.length && good + bad < 200) {
            int e = s;
            while (e < head.length && head[e] != '\n') e++;
            if (e == head.length && s > 0) break;
            int ee = e;
            if (ee > s && head[ee - 1] == '\r') ee--;
            if (ee > s) {
                if (l.parse(head, s, ee)) good++;
                else bad++;
            }
            s = e + 1;
        }
        if (good == 0) return 0;
        if (bad * 4 <= good) return 85;
        return good > bad ? 40 : 0;
    }

    @Override
    public Trace read(final Input in, final ReadOptions opts) throws IOException, TraceFormatException {
        final MappedBytes bytes = in.bytes();
        final EventTypes types = new EventTypes();
        final EventStore.Builder events = EventStore.builder(types);
        final TaskTable.Builder tasks = TaskTable.builder();
        final PidComms comms = new PidComms();
        final SliceMap typeIds = new SliceMap();
        final List<Unparsed> unparsed = new ArrayList<>();
        long unparsedCount = 0;
        final MappedLines lines = new MappedLines(bytes, 0, bytes.size(), MappedBytes.OVERLAP);
        final SysdigLine l = new SysdigLine();
        final Side side = new Side(tasks);
        long dayOffset = 0;
        long prev = Long.MIN_VALUE;
        int clocks = 0; // bit 0 wall clock of day, bit 1 epoch
        String truncated = null;
        long truncatedAt = -1;
        while (lines.next()) {
            final byte[] b = lines.buf();
            final int s = lines.start();
            final int e = lines.end();
            if (isBlank(b, s, e)) continue;
            if (!lines.terminated()) {
                truncated = "input ends inside line " + lines.lineNo() + " (no newline at the end); that line was dropped";
                truncatedAt = lines.offset(s);
                break;
            }
            final String why = lines.tooLong() ? "line longer than " + MappedBytes.OVERLAP + " bytes"
                : !l.parse(b, s, e) ? l.reason
                : l.cpu > 0xFFFF ? "CPU number out of range" : null;
            if (why != null) {
                unparsedCount++;
                if (unparsed.size() < Trace.MAX_UNPARSED_KEPT) {
                    unparsed.add(Unparsed.of(lines.lineNo(), why, new String(b, s, Math.min(e - s, 256), StandardCharsets.UTF_8)));
                }
                continue;
            }
            long ts;
            if (l.epoch) {
                ts = l.ts;
                clocks |= 2;
            } else {
                ts = l.ts + dayOffset;
                if (prev != Long.MIN_VALUE && ts < prev - DAY / 2) {
                    dayOffset += DAY;
                    ts += DAY;
                }
                clocks |= 1;
            }
            prev = ts;
            // key "< open" / "> switch": direction and type together
            int type = typeIds.get(b, l.dirAt, l.typeEnd);
            if (type < 0) {
                type = intern(types, l.dir, Ascii.str(b, l.typeStart, l.typeEnd));
                typeIds.put(b, l.dirAt, l.typeEnd, type);
            }
            final long payload = lines.offset(l.argsStart);
            if ((payload >>> 40) != 0) throw new TraceFormatException(in.name() + ": input larger than 1 TiB", payload);
            events.add(ts, l.cpu, l.tid, type, 0, payload);
            comms.observe(tasks, l.tid, -1, b, l.commStart, l.commEnd, ts);
            sideFacts(b, l, e, ts, side);
        }
        if (events.size() == 0) {
            final String why = !unparsed.isEmpty() ? " (line " + unparsed.get(0).line() + ": " + unparsed.get(0).reason() + ")"
                : truncated != null ? " (" + truncated + ")" : "";
            throw new TraceFormatException(in.name() + ": no sysdig events found" + why, Math.max(0, truncatedAt));
        }
        final Map<String, String> meta = new LinkedHashMap<>();
        meta.put("clock", clocks == 1 ? "wall-clock-of-day" : clocks == 2 ? "wall-clock-epoch" : "mixed");
        if (dayOffset > 0) meta.put("midnight-crossings", Long.toString(dayOffset / DAY));
        final long outOfOrder = events.countOutOfOrder();
        final EventStore store = events.build(new SysdigPayloadDecoder(bytes));
        return new Trace(name(), store, tasks.build(), List.of(), List.copyOf(unparsed), unparsedCount, outOfOrder, -1,
            meta, truncated);
    }

    private static int intern(final EventTypes types, final byte dir, final String t) {
        if (t.equals("switch")) return types.intern("sched", "sched_switch");
        if (NOT_SYSCALLS.contains(t)) return types.intern("sysdig", t);
        return types.intern("syscalls", (dir == '>' ? "sys_enter_" : "sys_exit_") + t);
    }

    /** Task facts carried in arguments: the switched-in thread's comm, tgids from clone/execve exits. */
    private static void sideFacts(final byte[] b, final SysdigLine l, final int e, final long ts, final Side side) {
        final int n = l.typeEnd - l.typeStart;
        if (l.dir == '>' && n == 6 && b[l.typeStart] == 's' && b[l.typeStart + 1] == 'w' && b[l.typeStart + 2] == 'i') {
            side.reset(ts);
            SysdigArgs.split(b, l.argsStart, e, side::next);
        } else if (l.dir == '<' && TGID_EVENTS.contains(Ascii.str(b, l.typeStart, l.typeEnd))) {
            side.reset(ts);
            SysdigArgs.split(b, l.argsStart, e, side::ids);
            side.flushIds();
        }
    }

    private static boolean isBlank(final byte[] b, final int s, final int e) {
        for (int i = s; i < e; i++) if (b[i] != ' ' && b[i] != '\t') return false;
        return true;
    }

    /** Collects task facts from one line's arguments. */
    private static final class Side {
        private final TaskTable.Builder tasks;
        /** Comms of switch targets reported so far: observed only when they change. */
        private final PidComms nextComms = new PidComms();
        private long ts;
        private long tid;
        private long pid;

        Side(final TaskTable.Builder tasks) {
            this.tasks = tasks;
        }

        void reset(final long t) {
            ts = t;
            tid = Long.MIN_VALUE;
            pid = Long.MIN_VALUE;
        }

        /** {@code next=17498(curl)}. */
        void next(final byte[] b, final int ks, final int ke, final int vs, final int ve) {
            if (ke - ks != 4 || b[ks] != 'n' || b[ks + 1] != 'e' || b[ks + 2] != 'x' || b[ks + 3] != 't') return;
            final int paren = Ascii.indexOf(b, vs, ve, (byte) '(');
            if (paren < 0 || b[ve - 1] != ')' || ve - 1 <= paren + 1) return;
            final long t = SysdigArgs.parseDec(b, vs, paren);
            if (t == Long.MIN_VALUE || t <= 0 || t > Integer.MAX_VALUE) return;
            nextComms.observe(tasks, (int) t, -1, b, paren + 1, ve - 1, ts);
        }

        /** {@code tid=17497(curl) pid=17497(curl)}. */
        void ids(final byte[] b, final int ks, final int ke, final int vs, final int ve) {
            final int n = ke - ks;
            if (n != 3 || b[ks + 1] != 'i' || b[ks + 2] != 'd' || (b[ks] != 't' && b[ks] != 'p')) return;
            final int paren = Ascii.indexOf(b, vs, ve, (byte) '(');
            final long v = SysdigArgs.parseDec(b, vs, paren < 0 ? ve : paren);
            if (v == Long.MIN_VALUE || v <= 0 || v > Integer.MAX_VALUE) return;
            if (b[ks] == 't') tid = v;
            else pid = v;
        }

        void flushIds() {
            if (tid != Long.MIN_VALUE && pid != Long.MIN_VALUE) tasks.observe((int) tid, (int) pid, null, ts);
        }
    }
}
