package dev.whylate.live;

import dev.whylate.record.Tracefs;
import java.io.IOException;
import java.util.Objects;

/**
 * A {@code --start}/{@code --end} filter of {@code whylate watch} resolved against the running kernel's tracefs: which
 * event to enable, the name its lines carry in the text ({@code sys_enter_write} for the kernel's
 * {@code sys_write(...)} lines, {@code tracing_mark_write} for {@code ftrace/print}), and the expression part.
 *
 * @param event the tracefs event as {@code system:event}
 * @param textName the event name as the stream's events are named
 * @param expression the ftrace filter expression after {@code EVENT:}, or empty
 * @param parseSpec the filter text to give {@link dev.whylate.filter.EventFilter#parse} ({@code textName: expression})
 */
public record LiveFilter(String event, String textName, String expression, String parseSpec) {
    /** The trace-marker pseudo-event. */
    static final String MARKER = "ftrace:print";

    /** Checks arguments. */
    public LiveFilter {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(textName, "textName");
        Objects.requireNonNull(expression, "expression");
        if (event.indexOf(':') <= 0) throw new IllegalArgumentException("event must be system:event, not " + event);
    }

    /** Whether the event is the trace-marker pseudo-event (always recorded, cannot be enabled or filtered). */
    public boolean marker() {
        return event.equals(MARKER);
    }

    /** The event's subsystem. */
    public String system() {
        return event.substring(0, event.indexOf(':'));
    }

    /**
     * Resolves {@code spec} ({@code EVENT[: EXPR]}, EVENT as {@code name}, {@code system:name} or {@code system/name})
     * against tracefs {@code fs}: the event is the longest prefix ending before a {@code ':'} (or the whole text)
     * that names an existing event ({@link Tracefs#event}), as {@link dev.whylate.filter.EventFilter} does.
     *
     * @throws IllegalArgumentException when no prefix names an event of this kernel
     * @throws IOException when tracefs' list of events cannot be read
     */
    public static LiveFilter resolve(final Tracefs fs, final String spec) throws IOException {
        final String s = spec.strip();
        for (int p = s.length(); p > 0; p = s.lastIndexOf(':', p - 1)) {
            final String cand = s.substring(0, p).strip();
            if (!cand.isEmpty() && cand.matches("[A-Za-z0-9_:/.-]+")) {
                String event = null;
                String text = null;
                if (cand.equals("tracing_mark_write") || cand.equals("print") || cand.equals("ftrace:print") || cand.equals("ftrace/print")) {
                    event = MARKER;
                    text = "tracing_mark_write";
                } else {
                    event = fs.event(cand);
                    if (event != null) text = event.substring(event.indexOf(':') + 1);
                }
                if (event != null) {
                    String rest = s.substring(p).strip();
                    if (rest.startsWith(":")) rest = rest.substring(1).strip();
                    return new LiveFilter(event, text, rest, rest.isEmpty() ? text : text + ": " + rest);
                }
            }
            if (p == 0) break;
        }
        int end = 0;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || "_:/.-".indexOf(s.charAt(end)) >= 0)) end++;
        String ev = s.substring(0, end);
        if (ev.endsWith(":")) ev = ev.substring(0, ev.length() - 1);
        throw new IllegalArgumentException(ev.isEmpty() ? "expected an event name in '" + s + "'"
            : "this kernel has no trace event '" + ev + "' (see " + fs.root().resolve("available_events") + ")");
    }
}
