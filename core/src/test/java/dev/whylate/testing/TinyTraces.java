package dev.whylate.testing;

import dev.whylate.model.Ctx;
import dev.whylate.model.EventStore;
import dev.whylate.model.EventTypes;
import dev.whylate.model.Fields;
import dev.whylate.model.PayloadDecoder;
import dev.whylate.model.TaskState;
import dev.whylate.model.TaskTable;
import dev.whylate.model.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test fixture: builds a {@link Trace} from a few hand-written ftrace-style lines
 * ({@code comm-pid [(tgid)] [cpu] flags secs.usecs: event: payload}), independently of the real readers, so timeline
 * and analysis tests do not depend on reader details. Payloads are {@code name=value} tokens; the
 * sched_switch {@code ==>} arrow and {@code prev_state} letters, {@code work struct=X} and
 * {@code vec=N [action=X]} are understood. Timestamps may also be written as plain microseconds
 * ({@code 12.5}) — they are seconds with up to 9 decimals.
 */
public final class TinyTraces {
    private static final Pattern LINE = Pattern.compile(
        "^\\s*(.+?)-(\\d+)\\s+(?:\\(\\s*(\\d+|-+)\\)\\s+)?\\[(\\d+)\\]\\s+(?:([a-zA-Z.]{2,3}[0-9a-f.]{1,5})\\s+)?(\\d+)\\.(\\d+):\\s+([\\w:]+):\\s*(.*)$");

    private TinyTraces() {}

    /** Parses the lines (blank lines and {@code #} comments skipped). */
    public static Trace parse(final String text) {
        final EventTypes types = new EventTypes();
        final EventStore.Builder b = EventStore.builder(types);
        final TaskTable.Builder tasks = TaskTable.builder();
        final List<String> payloads = new ArrayList<>();
        for (final String raw : text.split("\n")) {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            final Matcher m = LINE.matcher(line);
            if (!m.matches()) throw new IllegalArgumentException("bad tiny trace line: " + line);
            final String comm = m.group(1).strip();
            final int pid = Integer.parseInt(m.group(2));
            final int tgid = m.group(3) == null || m.group(3).startsWith("-") ? -1 : Integer.parseInt(m.group(3));
            final int cpu = Integer.parseInt(m.group(4));
            final String flags = m.group(5);
            final String frac = (m.group(7) + "000000000").substring(0, 9);
            final long ts = Long.parseLong(m.group(6)) * 1_000_000_000L + Long.parseLong(frac);
            String ev = m.group(8);
            String sys = null;
            if (ev.contains(":")) {
                sys = ev.substring(0, ev.indexOf(':'));
                ev = ev.substring(ev.indexOf(':') + 1);
            }
            final int type = types.intern(sys, ev);
            final int ctx = flags == null ? 0 : Ctx.fromFtraceFlags(flags.getBytes(), 0, flags.length());
            payloads.add(m.group(9));
            b.add(ts, cpu, pid, type, ctx, payloads.size() - 1);
            tasks.observe(pid, tgid, comm, ts);
        }
        final PayloadDecoder dec = new PayloadDecoder() {
            @Override
            public void decode(final EventStore store, final int index, final Fields out) {
                out.clear();
                fill(store.typeName(index), payloads.get((int) store.payload(index)), out);
            }

            @Override
            public String text(final EventStore store, final int index) {
                return payloads.get((int) store.payload(index));
            }
        };
        return new Trace("tiny", b.build(dec), tasks.build(), List.of(), List.of(), 0, 0, -1, Map.of(), null);
    }

    static void fill(final String event, final String payload, final Fields out) {
        final String p = payload.replace("==>", " ").replace("work struct=", "work=").replace(": function ", " function=").replace("work struct ", "work=")
            .replace("[action=", "action=").replace("]", "");
        for (final String tok : p.trim().split("\\s+")) {
            final int eq = tok.indexOf('=');
            if (eq <= 0) continue;
            final String name = tok.substring(0, eq).replace(":", "");
            String v = tok.substring(eq + 1);
            if (v.endsWith(":")) v = v.substring(0, v.length() - 1);
            if (name.equals("prev_state")) {
                out.add(name, TaskState.parse(v), v);
            } else if (name.equals("work") || name.equals("hrtimer")) {
                out.add(name, Long.parseUnsignedLong(v.replace("0x", ""), 16), v);
            } else if (v.startsWith("0x")) {
                out.add(name, Long.parseUnsignedLong(v.substring(2), 16), v);
            } else {
                try {
                    out.add(name, Long.parseLong(v));
                } catch (NumberFormatException e) {
                    out.add(name, v);
                }
            }
        }
    }
}
