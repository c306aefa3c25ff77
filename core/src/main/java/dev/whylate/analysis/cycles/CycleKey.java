package dev.whylate.analysis.cycles;

import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import java.util.Locale;

/**
 * Pairs the start and end of a cycle by a value instead of by thread: a field of the start event and a field of
 * the end event (the same name when one is given), e.g. {@code sector} for {@code block_rq_issue} →
 * {@code block_rq_complete}, or {@code pid,next_pid} for {@code sched_waking} → {@code sched_switch}. Besides the
 * event's own fields, {@code tid} (also {@code pid}, {@code common_pid}) and {@code cpu} name the event's thread
 * and CPU — but an event field of that name wins ({@code sched_waking}'s {@code pid} is the wakee).
 *
 * <pre>{@code
 * CycleKey k = CycleKey.parse("pid,next_pid");
 * }</pre>
 *
 * @param startField the start event's field
 * @param endField the end event's field
 */
public record CycleKey(String startField, String endField) {
    /** Parses {@code FIELD} or {@code START_FIELD,END_FIELD}; throws IllegalArgumentException when malformed. */
    public static CycleKey parse(final String spec) {
        final String[] p = spec.split(",", -1);
        if (p.length > 2 || p[0].isBlank() || (p.length == 2 && p[1].isBlank())) {
            throw new IllegalArgumentException("expected FIELD or START_FIELD,END_FIELD, got '" + spec + "'");
        }
        final String a = p[0].strip();
        final String b = p.length == 2 ? p[1].strip() : a;
        for (final String f : new String[] {a, b}) {
            if (!f.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new IllegalArgumentException("not a field name: '" + f + "'");
        }
        return new CycleKey(a, b);
    }

    /**
     * The key value of event {@code i} (decoded as {@code f}): a Long for numbers, a String for texts, or null when
     * the event has no such field.
     */
    public static Object value(final EventStore s, final int i, final Fields f, final String field) {
        final int k = f.indexOf(field);
        if (k >= 0) return f.isNumber(k) ? (Object) f.number(k) : f.text(k);
        switch (field.toLowerCase(Locale.ROOT)) {
            case "tid": case "pid": case "common_pid": return (long) s.tid(i);
            case "cpu": return (long) s.cpu(i);
            default: return null;
        }
    }

    /** A matching start or end event lacks the key field: the key does not fit these events. */
    public static final class MissingField extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MissingField(final String message) {
            super(message);
        }
    }
}
