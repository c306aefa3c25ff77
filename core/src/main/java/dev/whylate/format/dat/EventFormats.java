package dev.whylate.format.dat;

import java.util.Arrays;
import java.util.List;

/**
 * The event-format registry of one trace.dat: event id to system, name and (parsed on first use) fields and
 * print fmt. Thread-safe.
 */
final class EventFormats {
    private final String[] systems;
    private final String[] names;
    private final String[] texts;
    private final int[] ids;
    private final int[] byId = new int[0x10000];
    private final EventFormat[] parsed;
    private final PrintFmt[] printFmts;
    private final int longSize;

    private EventFormats(final List<DatLayout.FormatText> formats, final int longSize) {
        final int n = formats.size();
        systems = new String[n];
        names = new String[n];
        texts = new String[n];
        ids = new int[n];
        parsed = new EventFormat[n];
        printFmts = new PrintFmt[n];
        this.longSize = longSize;
        Arrays.fill(byId, -1);
        for (int k = 0; k < n; k++) {
            final DatLayout.FormatText f = formats.get(k);
            texts[k] = f.text();
            systems[k] = f.system().intern();
            final String nm = FormatParser.header(f.text(), "name:");
            names[k] = nm == null ? null : nm.intern();
            ids[k] = FormatParser.id(f.text());
            // the first format for an id wins
            if (ids[k] >= 0 && names[k] != null && byId[ids[k]] < 0) byId[ids[k]] = k;
        }
    }

    /** Builds the registry; {@code longSize} is the traced kernel's long size. */
    static EventFormats of(final List<DatLayout.FormatText> formats, final int longSize) {
        return new EventFormats(formats, longSize);
    }

    /** Index of the format for event {@code id}, or -1. */
    int indexOf(final int id) {
        return id < 0 || id > 0xFFFF ? -1 : byId[id];
    }

    /** Number of formats. */
    int size() {
        return texts.length;
    }

    /** Event name of format {@code k}. */
    String name(final int k) {
        return names[k];
    }

    /** System of format {@code k}. */
    String system(final int k) {
        return systems[k];
    }

    /** Event id of format {@code k}. */
    int id(final int k) {
        return ids[k];
    }

    /** The parsed format {@code k}. */
    synchronized EventFormat format(final int k) {
        EventFormat f = parsed[k];
        if (f == null) {
            f = FormatParser.parse(systems[k], texts[k], longSize);
            parsed[k] = f;
        }
        return f;
    }

    /** The parsed print fmt of format {@code k}. */
    synchronized PrintFmt printFmt(final int k) {
        PrintFmt p = printFmts[k];
        if (p == null) {
            p = PrintFmt.of(format(k));
            printFmts[k] = p;
        }
        return p;
    }

    /** The parsed format of the event called {@code name} ({@code system:name} accepted), or {@code null}. */
    EventFormat find(final String name) {
        String sys = null;
        String n = name;
        final int c = name.indexOf(':');
        if (c >= 0) {
            sys = name.substring(0, c);
            n = name.substring(c + 1);
        }
        for (int k = 0; k < names.length; k++) {
            if (n.equals(names[k]) && (sys == null || sys.equals(systems[k])) && byId[Math.max(0, ids[k])] == k) return format(k);
        }
        return null;
    }

    /**
     * Where the common fields sit: {common_type offset, size, common_flags offset, common_pid offset, size},
     * from the first format that has them (the kernel's usual 0/2, 2, 4/4 otherwise).
     */
    int[] commonLayout() {
        for (int k = 0; k < texts.length; k++) {
            if (ids[k] < 0 || !texts[k].contains("common_type")) continue;
            final EventFormat f = format(k);
            final FormatField t = f.field("common_type");
            final FormatField fl = f.field("common_flags");
            final FormatField p = f.field("common_pid");
            if (t != null && p != null && (t.size() == 1 || t.size() == 2 || t.size() == 4)
                && (p.size() == 4 || p.size() == 2)) {
                return new int[] {t.offset(), t.size(), fl == null ? -1 : fl.offset(), p.offset(), p.size()};
            }
        }
        return new int[] {0, 2, 2, 4, 4};
    }
}
