package dev.whylate.live;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@code --start}/{@code --end} filter of {@code whylate watch} resolved against the running kernel's tracefs: which
 * event directory to enable, the name its lines carry in the text ({@code sys_enter_write} for the kernel's
 * {@code sys_write(...)} lines, {@code tracing_mark_write} for {@code ftrace/print}), and the expression part.
 *
 * @param ref the tracefs event
 * @param textName the event name as the stream's events are named
 * @param expression the ftrace filter expression after {@code EVENT:}, or empty
 * @param parseSpec the filter text to give {@link dev.whylate.filter.EventFilter#parse} ({@code textName: expression})
 */
public record LiveFilter(TracefsSession.EventRef ref, String textName, String expression, String parseSpec) {
    /** Checks arguments. */
    public LiveFilter {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(textName, "textName");
        Objects.requireNonNull(expression, "expression");
    }

    /** Whether the event is the trace-marker pseudo-event (always recorded, cannot be enabled or filtered). */
    public boolean marker() {
        return ref.system().equals("ftrace") && "print".equals(ref.name());
    }

    /**
     * Resolves {@code spec} ({@code EVENT[: EXPR]}, EVENT as {@code name}, {@code system:name} or {@code system/name})
     * under tracefs {@code root}: the event is the longest prefix ending before a {@code ':'} (or the whole text)
     * that names an existing event, as {@link dev.whylate.filter.EventFilter} does.
     *
     * @throws IllegalArgumentException when no prefix names an event of this kernel
     */
    public static LiveFilter resolve(final Path root, final String spec) {
        final String s = spec.strip();
        for (int p = s.length(); p > 0; p = s.lastIndexOf(':', p - 1)) {
            final String cand = s.substring(0, p).strip();
            if (!cand.isEmpty() && cand.matches("[A-Za-z0-9_:/.-]+")) {
                TracefsSession.EventRef ref = null;
                String text = null;
                if (cand.equals("tracing_mark_write") || cand.equals("print") || cand.equals("ftrace:print") || cand.equals("ftrace/print")) {
                    ref = new TracefsSession.EventRef("ftrace", "print");
                    text = "tracing_mark_write";
                } else {
                    ref = TracefsSession.findEvent(root, cand, false);
                    if (ref != null) text = ref.name();
                }
                if (ref != null) {
                    String rest = s.substring(p).strip();
                    if (rest.startsWith(":")) rest = rest.substring(1).strip();
                    return new LiveFilter(ref, text, rest, rest.isEmpty() ? text : text + ": " + rest);
                }
            }
            if (p == 0) break;
        }
        int end = 0;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || "_:/.-".indexOf(s.charAt(end)) >= 0)) end++;
        String ev = s.substring(0, end);
        if (ev.endsWith(":")) ev = ev.substring(0, ev.length() - 1);
        throw new IllegalArgumentException(ev.isEmpty() ? "expected an event name in '" + s + "'"
            : "this kernel has no trace event '" + ev + "' (see " + root.resolve("available_events") + ")");
    }
}
