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
    private final DatLayout.FormatText[] texts;
    private final int[] ids;
    private final int[] byId = new int[0x10000];
    private final EventFormat[] parsed;
    private final PrintFmt[] printFmts;
    private final int longSize;

    private EventFormats(final List<DatLayout.FormatText> formats, final int longSize) {
        final int n = formats.size();
        systems = new String[n];
        names = new String[n];
        texts = new DatLayout.FormatText[n];
        ids = new int[n];
        parsed = new EventFormat[n];
        printFmts = new PrintFmt[n];
        this.longSize = longSize;
        Arrays.fill(byId, -1);
        for (int k = 0; k < n; k++) {
            final DatLayout.FormatText f = formats.get(k);
            texts[k] = f;
            systems[k] = f.system().intern();
            final String nm = header(f, NAME);
            names[k] = nm == null ? null : nm.intern();
            ids[k] = id(header(f, ID));
            // the first format for an id wins
            if (ids[k] >= 0 && names[k] != null && byId[ids[k]] < 0) byId[ids[k]] = k;
        }
    }

    private static final byte[] NAME = "name:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ID = "ID:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] FORMAT = "format:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The value after {@code key} on the first line that starts with it, before "format:"; {@code null} if none. */
    static String header(final DatLayout.FormatText f, final byte[] key) {
        final byte[] a = f.data();
        final int end = f.off() + f.len();
        int p = f.off();
        while (p < end) {
            int s = p;
            while (s < end && (a[s] == ' ' || a[s] == '\t')) s++;
            int e = s;
            while (e < end && a[e] != '\n') e++;
            if (startsWith(a, s, e, FORMAT)) return null;
            if (startsWith(a, s, e, key)) {
                int v = s + key.length;
                while (v < e && (a[v] == ' ' || a[v] == '\t')) v++;
                int w = e;
                while (w > v && (a[w - 1] == ' ' || a[w - 1] == '\t' || a[w - 1] == '\r')) w--;
                return new String(a, v, w - v, java.nio.charset.StandardCharsets.UTF_8);
            }
            p = e + 1;
        }
        return null;
    }

    private static boolean startsWith(final byte[] a, final int s, final int e, final byte[] key) {
        if (e - s < key.length) return false;
        for (int k = 0; k < key.length; k++) if (a[s + k] != key[k]) return false;
        return true;
    }

    private static int id(final String v) {
        if (v == null) return -1;
        try {
            final long id = Long.parseLong(v);
            return id < 0 || id > 0xFFFF ? -1 : (int) id;
        } catch (NumberFormatException e) {
            return -1;
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
            f = FormatParser.parse(systems[k], texts[k].text(), longSize);
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
            if (ids[k] < 0) continue;
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
