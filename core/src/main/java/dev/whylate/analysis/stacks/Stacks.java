package dev.whylate.analysis.stacks;

import dev.whylate.filter.EventFilter;
import dev.whylate.model.EventStore;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates the stacks of events: the answer to "who schedules this tasklet", "who sends these IPIs",
 * "which path flushes the TLB".
 *
 * <p>An event's stack is the one the reader attached (perf {@code -g} callchains, ftrace {@code <stack trace>}
 * blocks), or else the {@code kernel_stack} record the kernel's {@code stacktrace} trigger wrote right after it
 * on the same CPU (trace.dat keeps these as separate records). The tracing frames at the top of kernel stacks
 * ({@code trace_event_raw_event_*}, {@code trace_*}, {@code perf_trace_*}) are dropped, and offsets are kept
 * as printed.
 *
 * <pre>{@code
 * StacksResult r = Stacks.run(trace, EventFilter.parse("softirq_raise: vec == 6", types), 10);
 * }</pre>
 */
public final class Stacks {
    /** How far after an event its kernel_stack record may come, ns. */
    static final long STACK_RECORD_WINDOW = 1_000_000;

    private Stacks() {}

    /** The {@code top} most frequent stacks of the events passing {@code filter} (null: every event with a stack). */
    public static StacksResult run(final Trace t, final EventFilter filter, final int top) {
        final EventStore s = t.events();
        final int stackType = s.types().find("kernel_stack");
        final FieldCursor cur = s.cursor();
        final Map<List<String>, long[]> counts = new HashMap<>();
        final Map<List<String>, String> eventOf = new HashMap<>();
        final Map<List<String>, Map<String, long[]>> comms = new HashMap<>();
        long matched = 0;
        long withStack = 0;
        final int[] nextOnCpu = stackType < 0 ? null : nextStackRecord(s, stackType);
        for (int i = 0; i < s.size(); i++) {
            final int type = s.type(i);
            if (type == stackType) continue;
            if (filter != null) {
                if (type != filter.type()) continue;
                if (filter.hasExpression() && !filter.matches(s, i, cur.load(i), t.tasks())) continue;
            }
            final String[] frames = stackOf(s, i, nextOnCpu);
            if (filter == null && frames == null) continue;
            matched++;
            if (frames == null || frames.length == 0) continue;
            withStack++;
            final List<String> key = List.of(frames);
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
            eventOf.putIfAbsent(key, s.typeName(i));
            final String who = t.tasks().commAt(s.tid(i), s.ts(i)) + "[" + s.tid(i) + "]";
            comms.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(who, k -> new long[1])[0]++;
        }
        final List<Map.Entry<List<String>, long[]>> all = new ArrayList<>(counts.entrySet());
        all.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        final List<StackRow> rows = new ArrayList<>();
        for (int k = 0; k < Math.min(top, all.size()); k++) {
            final List<String> key = all.get(k).getKey();
            final long n = all.get(k).getValue()[0];
            final List<Map.Entry<String, long[]>> cs = new ArrayList<>(comms.get(key).entrySet());
            cs.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
            final Map<String, Long> topComms = new LinkedHashMap<>();
            for (int c = 0; c < Math.min(5, cs.size()); c++) topComms.put(cs.get(c).getKey(), cs.get(c).getValue()[0]);
            rows.add(new StackRow(eventOf.get(key), n, withStack == 0 ? 0 : n / (double) withStack, key, topComms));
        }
        return new StacksResult(matched, withStack, counts.size(), rows);
    }

    /** For each event, the index of the kernel_stack record that follows it on its CPU (or -1). */
    private static int[] nextStackRecord(final EventStore s, final int stackType) {
        final int[] next = new int[s.size()];
        Arrays.fill(next, -1);
        final Map<Integer, Integer> lastOnCpu = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            final Integer prev = lastOnCpu.get(s.cpu(i));
            if (s.type(i) == stackType) {
                if (prev != null && s.ts(i) - s.ts(prev) <= STACK_RECORD_WINDOW) next[prev] = i;
            } else {
                lastOnCpu.put(s.cpu(i), i);
            }
        }
        return next;
    }

    private static String[] stackOf(final EventStore s, final int i, final int[] nextOnCpu) {
        final String[] own = s.stack(i);
        if (own != null) return trim(own);
        if (nextOnCpu == null || nextOnCpu[i] < 0) return null;
        // text readers attach the frames to the kernel_stack record itself; trace.dat records carry them as text
        final String[] attached = s.stack(nextOnCpu[i]);
        if (attached != null) return trim(attached);
        final List<String> frames = new ArrayList<>();
        for (final String line : s.decoder().text(s, nextOnCpu[i]).split("\n")) {
            final String l = line.strip();
            if (!l.startsWith("=>")) continue;
            String f = l.substring(2).strip();
            final int paren = f.indexOf(" (");
            if (paren > 0) f = f.substring(0, paren);
            frames.add(f);
        }
        return trim(frames.toArray(new String[0]));
    }

    /**
     * Drops the tracing machinery's own frames from the top of the stack, and the empty slots (address 0) a
     * fixed-size {@code kernel_stack} record carries after the last frame.
     */
    static String[] trim(final String[] frames) {
        int k = 0;
        while (k < frames.length && isTracingFrame(frames[k])) k++;
        int z = frames.length;
        while (z > k && (frames[z - 1].equals("0x0") || frames[z - 1].equals("0") || frames[z - 1].isEmpty())) z--;
        return k == 0 && z == frames.length ? frames : Arrays.copyOfRange(frames, k, z);
    }

    private static boolean isTracingFrame(final String f) {
        return f.startsWith("trace_event_raw_event_") || f.startsWith("perf_trace_") || f.startsWith("trace_")
            || f.startsWith("__traceiter_") || f.startsWith("ftrace_") || f.startsWith("__trace_stack") || f.startsWith("stack_trace_save");
    }
}
