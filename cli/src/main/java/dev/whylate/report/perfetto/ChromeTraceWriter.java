package dev.whylate.report.perfetto;

import java.io.OutputStream;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams Chrome trace-event JSON ({@code {"traceEvents":[...],"otherData":{...}}}) as ui.perfetto.dev and
 * chrome://tracing read it. Timestamps and durations are written in µs with three decimals (exact ns).
 * Strings are stripped of control characters (Perfetto's JSON tokenizer rejects them and {@code \}{@code u}
 * escapes). No {@code displayTimeUnit} is written: Perfetto would reinterpret every {@code ts} in that unit.
 *
 * <pre>{@code
 * try (ChromeTraceWriter w = new ChromeTraceWriter(out)) {
 *     w.threadName(1, 2, "worker");
 *     w.complete(1, 2, startNs, durNs, "run", "sched", "tid", 2);
 * }
 * }</pre>
 */
public final class ChromeTraceWriter implements AutoCloseable {
    private final JsonGenerator g;
    private final Map<String, String> otherData;
    private long events;

    /** Starts the document on {@code out}; {@code otherData} (string → string) is written at the end. */
    public ChromeTraceWriter(final OutputStream out, final JsonMapper mapper, final Map<String, String> otherData) {
        g = mapper.createGenerator(out);
        this.otherData = otherData;
        g.writeStartObject();
        g.writeName("traceEvents");
        g.writeStartArray();
    }

    /** Events written so far. */
    public long events() {
        return events;
    }

    /** {@code ns} as µs with exactly three decimals, e.g. {@code 1404467.254}. */
    public static String us(final long ns) {
        final long q = Math.floorDiv(ns, 1000);
        final long r = Math.floorMod(ns, 1000);
        final StringBuilder b = new StringBuilder(24).append(q).append('.');
        if (r < 100) b.append('0');
        if (r < 10) b.append('0');
        return b.append(r).toString();
    }

    /** {@code s} without control characters (they become {@code ?}). */
    static String clean(final String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validPair(s, i)) {
                if (b == null) b = new StringBuilder(s.substring(0, i));
                b.append('?');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean validPair(final String s, final int i) {
        final char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private void head(final String ph, final int pid, final int tid, final long tsNs) {
        events++;
        g.writeRaw('\n');
        g.writeStartObject();
        g.writeStringProperty("ph", ph);
        g.writeNumberProperty("pid", pid);
        g.writeNumberProperty("tid", tid);
        g.writeName("ts");
        g.writeNumber(us(tsNs));
    }

    /** {@code process_name} metadata. */
    public void processName(final int pid, final String name) {
        meta(pid, pid, "process_name", "name", clean(name));
    }

    /** {@code process_sort_index} metadata. */
    public void processSortIndex(final int pid, final int index) {
        meta(pid, pid, "process_sort_index", "sort_index", index);
    }

    /** {@code thread_name} metadata. */
    public void threadName(final int pid, final int tid, final String name) {
        meta(pid, tid, "thread_name", "name", clean(name));
    }

    /** {@code thread_sort_index} metadata. */
    public void threadSortIndex(final int pid, final int tid, final int index) {
        meta(pid, tid, "thread_sort_index", "sort_index", index);
    }

    private void meta(final int pid, final int tid, final String name, final String key, final Object value) {
        head("M", pid, tid, 0);
        g.writeStringProperty("name", name);
        g.writeName("args");
        g.writeStartObject();
        if (value instanceof Integer) g.writeNumberProperty(key, (Integer) value);
        else g.writeStringProperty(key, (String) value);
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * A complete slice ({@code ph:"X"}); {@code args} alternate keys and values (String, Integer, Long,
     * Boolean, Double).
     */
    public void complete(final int pid, final int tid, final long tsNs, final long durNs, final String name, final String cat, final Object... args) {
        head("X", pid, tid, tsNs);
        g.writeName("dur");
        g.writeNumber(us(Math.max(0, durNs)));
        g.writeStringProperty("name", clean(name));
        g.writeStringProperty("cat", cat);
        args(args);
        g.writeEndObject();
    }

    /** Flow start ({@code ph:"s"}): binds to the innermost slice open on the thread at {@code tsNs}. */
    public void flowStart(final int pid, final int tid, final long tsNs, final long id, final String name, final String cat) {
        head("s", pid, tid, tsNs);
        g.writeNumberProperty("id", id);
        g.writeStringProperty("name", name);
        g.writeStringProperty("cat", cat);
        g.writeEndObject();
    }

    /** Flow end ({@code ph:"f"}, {@code bp:"e"}): binds to the slice enclosing {@code tsNs} on the thread. */
    public void flowEnd(final int pid, final int tid, final long tsNs, final long id, final String name, final String cat) {
        head("f", pid, tid, tsNs);
        g.writeNumberProperty("id", id);
        g.writeStringProperty("bp", "e");
        g.writeStringProperty("name", name);
        g.writeStringProperty("cat", cat);
        g.writeEndObject();
    }

    /** Async slice begin ({@code ph:"b"}), matched by ({@code cat}, {@code id}, {@code name}) with its end. */
    public void asyncBegin(final int pid, final int tid, final long tsNs, final String id, final String name, final String cat, final Object... args) {
        head("b", pid, tid, tsNs);
        g.writeStringProperty("id", id);
        g.writeStringProperty("name", name);
        g.writeStringProperty("cat", cat);
        args(args);
        g.writeEndObject();
    }

    /** Async slice end ({@code ph:"e"}). */
    public void asyncEnd(final int pid, final int tid, final long tsNs, final String id, final String name, final String cat) {
        head("e", pid, tid, tsNs);
        g.writeStringProperty("id", id);
        g.writeStringProperty("name", name);
        g.writeStringProperty("cat", cat);
        g.writeEndObject();
    }

    private void args(final Object[] args) {
        if (args.length == 0) return;
        g.writeName("args");
        g.writeStartObject();
        for (int k = 0; k + 1 < args.length; k += 2) {
            final String key = (String) args[k];
            final Object v = args[k + 1];
            if (v == null) continue;
            if (v instanceof Integer) g.writeNumberProperty(key, (Integer) v);
            else if (v instanceof Long) g.writeNumberProperty(key, (Long) v);
            else if (v instanceof Boolean) g.writeBooleanProperty(key, (Boolean) v);
            else if (v instanceof Double) g.writeNumberProperty(key, (Double) v);
            else g.writeStringProperty(key, clean(v.toString()));
        }
        g.writeEndObject();
    }

    /** Ends the array, writes {@code otherData} and closes the generator (not the stream's owner's buffer). */
    @Override
    public void close() {
        g.writeRaw('\n');
        g.writeEndArray();
        if (otherData != null && !otherData.isEmpty()) {
            g.writeName("otherData");
            g.writeStartObject();
            for (final Map.Entry<String, String> e : otherData.entrySet()) g.writeStringProperty(e.getKey(), clean(e.getValue()));
            g.writeEndObject();
        }
        g.writeEndObject();
        g.close();
    }
}
