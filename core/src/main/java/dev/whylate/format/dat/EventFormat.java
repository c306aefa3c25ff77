package dev.whylate.format.dat;

import java.util.List;

/**
 * One event format as stored in a trace.dat ({@code events/<system>/<name>/format}).
 *
 * @param id the event id ({@code common_type} of its records)
 * @param system subsystem ({@code sched}, {@code ftrace} for the ftrace formats)
 * @param name event name
 * @param common the {@code common_*} fields
 * @param fields the event's own fields, in format order
 * @param printFmt the {@code print fmt:} text (format string and arguments), or empty
 */
public record EventFormat(int id, String system, String name, List<FormatField> common, List<FormatField> fields,
                          String printFmt) {
    /**
     * Parses a tracefs {@code events/<system>/<name>/format} text (sizes of long arrays as on a 64-bit kernel; the
     * field names do not depend on it).
     */
    public static EventFormat parse(final String system, final String formatText) {
        return FormatParser.parse(system, formatText, 8);
    }

    /** The field called {@code n} (own fields first, then common), or {@code null}. */
    public FormatField field(final String n) {
        for (final FormatField f : fields) if (f.name().equals(n)) return f;
        for (final FormatField f : common) if (f.name().equals(n)) return f;
        return null;
    }
}
