package dev.whylate.format.text;

import static dev.whylate.format.text.Ascii.BAD;

import dev.whylate.model.TaskState;

/**
 * Numbers (and comms) of the frequent scheduler payloads read straight from the bytes, without building
 * {@link dev.whylate.model.Fields}: for {@link dev.whylate.model.PayloadDecoder#numbers} of text traces. Only
 * payloads in the kernel's own print form are accepted, and only when every token is one that
 * {@link TextPayloads#decode} reads as a plain number — sched_switch
 * {@code prev_comm=C prev_pid=N prev_prio=N prev_state=S ==> next_comm=C next_pid=N next_prio=N} and the
 * {@code comm=C pid=N name=N ... [ns]} form of wakeups, migrations and sched_stat_runtime; for anything else
 * {@link #parse} answers false and the caller decodes. What it reads is then exactly what the full decode
 * gives, field for field (a test checks every event of every text trace in testdata).
 *
 * <p>A {@link Row} is reusable scratch (one per thread): the fields of the last payload parsed, in decode order,
 * names and comms as ranges of the payload bytes.
 */
public final class FastPayloads {
    private FastPayloads() {}

    private static final byte[] PREV_COMM = bytes("prev_comm=");
    private static final byte[] PREV_PID = bytes(" prev_pid=");
    private static final byte[] PREV_STATE = bytes("prev_state=");
    private static final byte[] ARROW = bytes("==>");
    private static final byte[] NEXT_COMM = bytes("next_comm=");
    private static final byte[] NEXT_PID = bytes(" next_pid=");
    private static final byte[] COMM = bytes("comm=");
    private static final byte[] PID = bytes(" pid=");
    private static final byte[] NS = bytes("[ns]");
    private static final byte[] K_PREV_PID = bytes("prev_pid");
    private static final byte[] K_PREV_PRIO = bytes("prev_prio");
    private static final byte[] K_NEXT_PID = bytes("next_pid");
    private static final byte[] K_NEXT_PRIO = bytes("next_prio");

    private static byte[] bytes(final String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(final byte[] b, final int s, final int e, final byte[] k) {
        final int n = k.length;
        if (e - s < n) return false;
        for (int j = 0; j < n; j++) if (b[s + j] != k[j]) return false;
        return true;
    }

    private static int indexOf(final byte[] b, final int s, final int e, final byte[] k) {
        final int n = k.length;
        final byte first = k[0];
        outer:
        for (int i = s, last = e - n; i <= last; i++) {
            if (b[i] != first) continue;
            for (int j = 1; j < n; j++) if (b[i + j] != k[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** Whether {@link #parse} may accept payloads of {@code event}. */
    public static boolean handles(final String event) {
        switch (event) {
            case "sched_switch": case "sched_wakeup": case "sched_waking": case "sched_wakeup_new": case "sched_migrate_task":
            case "sched_stat_runtime": case "hrtimer_start": case "hrtimer_expire_entry":
                return true;
            default:
                return false;
        }
    }

    /** Whether {@link Row#getString} answers every one of {@code names} for the payload parsed last. */
    public static boolean answers(final Row row, final String[] names) {
        for (final String n : names) if (!row.hasText(n)) return false;
        return true;
    }

    /** The fields of one payload: interned names, numbers, comm ranges. */
    public static final class Row {
        private static final int MAX = 16;
        private byte[] b;
        private int n;
        private final String[] names = new String[MAX];
        private final long[] num = new long[MAX];
        private final boolean[] hasNum = new boolean[MAX];
        /** Text range of a comm field (-1 when the field is a number). */
        private final int[] textStart = new int[MAX];
        private final int[] textEnd = new int[MAX];

        private boolean add(final String name, final long v, final boolean isNum, final int ts, final int te) {
            if (n == MAX) return false;
            names[n] = name;
            num[n] = v;
            hasNum[n] = isNum;
            textStart[n] = ts;
            textEnd[n] = te;
            n++;
            return true;
        }

        private int indexOf(final String name) {
            for (int k = 0; k < n; k++) if (names[k] == name) return k;
            for (int k = 0; k < n; k++) if (names[k].equals(name)) return k;
            return -1;
        }

        /** {@link dev.whylate.model.Fields#getLong} of the payload parsed last. */
        public long getLong(final String name, final long dflt) {
            final int k = indexOf(name);
            return k >= 0 && hasNum[k] ? num[k] : dflt;
        }

        /**
         * Whether {@link #getString} can answer {@code name}: an absent field, or a comm (the texts of numbers are
         * left to the full decode).
         */
        public boolean hasText(final String name) {
            final int k = indexOf(name);
            return k < 0 || textStart[k] >= 0;
        }

        /** {@link dev.whylate.model.Fields#getString} for the names {@link #hasText} accepts. */
        public String getString(final String name) {
            final int k = indexOf(name);
            if (k < 0) return null;
            return text(textStart[k], textEnd[k]);
        }

        /** Recent texts (comms, function names) by content: the same few come again and again. */
        private final String[] cache = new String[256];

        private String text(final int ts, final int te) {
            final int len = te - ts;
            if (len <= 0 || len > 32) return Ascii.str(b, ts, te);
            int h = len;
            for (int i = ts; i < te; i++) h = 31 * h + b[i];
            final int slot = (h ^ (h >>> 8)) & 255;
            final String c = cache[slot];
            if (c != null && c.length() == len) {
                boolean same = true;
                for (int i = 0; i < len && same; i++) same = c.charAt(i) == (b[ts + i] & 0xFF) && b[ts + i] >= 0;
                if (same) return c;
            }
            final String t = Ascii.str(b, ts, te);
            cache[slot] = t;
            return t;
        }
    }

    /**
     * Parses the payload {@code [off, off + len)} of {@code event} into {@code row}; false when it is not in a
     * form this class reads exactly (then {@code row} is undefined).
     */
    public static boolean parse(final String event, final byte[] b, final int off, final int len, final Row row) {
        row.b = b;
        row.n = 0;
        final int e = Ascii.trimEnd(b, off, off + len);
        final int s = Ascii.skipSpaces(b, off, e);
        if (s >= e) return false;
        if (event.equals("sched_switch")) return schedSwitch(b, s, e, row);
        if (event.startsWith("hrtimer_")) return nameValues(b, s, e, row);
        return commAndNumbers(b, s, e, row);
    }

    /** {@code prev_comm=C prev_pid=N prev_prio=N prev_state=S ==> next_comm=C next_pid=N next_prio=N}. */
    private static boolean schedSwitch(final byte[] b, final int s, final int e, final Row row) {
        if (!startsWith(b, s, e, PREV_COMM)) return false;
        final int c1 = s + 10;
        final int c1e = indexOf(b, c1, e, PREV_PID);
        if (c1e < 0) return false;
        row.add(TextPayloads.PREV_COMM, 0, false, c1, c1e);
        int i = number(b, Ascii.skipSpaces(b, c1e, e), e, K_PREV_PID, TextPayloads.PREV_PID, row);
        if (i < 0) return false;
        i = number(b, Ascii.skipSpaces(b, i, e), e, K_PREV_PRIO, TextPayloads.PREV_PRIO, row);
        if (i < 0) return false;
        i = Ascii.skipSpaces(b, i, e);
        if (!startsWith(b, i, e, PREV_STATE)) return false;
        final int vs = i + 11;
        int ve = vs;
        while (ve < e && b[ve] != ' ') ve++;
        if (!state(b, i, vs, ve, row)) return false;
        i = Ascii.skipSpaces(b, ve, e);
        if (!startsWith(b, i, e, ARROW)) return false;
        i = Ascii.skipSpaces(b, i + 3, e);
        if (!startsWith(b, i, e, NEXT_COMM)) return false;
        final int c2 = i + 10;
        final int c2e = indexOf(b, c2, e, NEXT_PID);
        if (c2e < 0) return false;
        row.add(TextPayloads.NEXT_COMM, 0, false, c2, c2e);
        i = number(b, Ascii.skipSpaces(b, c2e, e), e, K_NEXT_PID, TextPayloads.NEXT_PID, row);
        if (i < 0) return false;
        i = number(b, Ascii.skipSpaces(b, i, e), e, K_NEXT_PRIO, TextPayloads.NEXT_PRIO, row);
        return i >= 0 && Ascii.skipSpaces(b, i, e) >= e;
    }

    /** {@code name=N} at {@code i} as {@link TextPayloads}' token reads it when N is a number; returns the word end or -1. */
    private static int number(final byte[] b, final int i, final int e, final byte[] name, final String interned, final Row row) {
        final int nl = name.length;
        if (!startsWith(b, i, e, name) || i + nl >= e || b[i + nl] != '=') return -1;
        return numberToken(b, interned, i + nl, e, row);
    }

    /** The token at {@code i} whose name ends at {@code k} (an {@code '='}): its number, or -1 when it is not one. */
    private static int numberToken(final byte[] b, final String name, final int k, final int e, final Row row) {
        int we = k;
        while (we < e && b[we] != ' ' && b[we] != '\t') we++;
        final int vs = k + 1;
        if (we > vs && b[we - 1] == ',') return -1;
        final long v = Ascii.parseNumber(b, vs, we);
        if (v == BAD) return -1;
        return row.add(name, v, true, -1, -1) ? we : -1;
    }

    /** prev_state as {@link TextPayloads} reads it (number, or text only, or absent); false when unsure. */
    private static boolean state(final byte[] b, final int ns, final int vs, final int ve, final Row row) {
        if (vs >= ve) return true; // the decoder adds no field
        if (Ascii.isDigit(b[vs])) {
            final long v = Ascii.parseNumber(b, vs, ve);
            if (v == BAD) return true; // no field either (the value has no space, so "first word" is the same)
            final int st = TaskState.fromRawNumber(v);
            return row.add(TextPayloads.PREV_STATE, st, true, -1, -1);
        }
        final int st = TaskState.parse(new String(b, vs, ve - vs, java.nio.charset.StandardCharsets.UTF_8));
        return row.add(TextPayloads.PREV_STATE, st, st != TaskState.UNKNOWN, -1, -1);
    }

    /**
     * Payloads of {@code name=value} tokens only ({@code hrtimer=.. function=.. expires=..}), read as
     * {@link TextPayloads}' generic rule reads them: a number when the value is one, else a text that absorbs the
     * following words up to the next one that starts a field. Any other token (brackets, {@code name: value},
     * a trailing comma) is left to the decoder.
     */
    private static boolean nameValues(final byte[] b, final int s, final int e, final Row row) {
        if (startsWith(b, s, e, COMM)) return false;
        int i = s;
        while (i < e) {
            if (b[i] == '[' || b[i] == '(') return false;
            int we = i;
            while (we < e && b[we] != ' ' && b[we] != '\t') we++;
            int k = i;
            while (k < we && Ascii.isIdent(b[k])) k++;
            if (k == i || k >= we || b[k] != '=') return false;
            final int vs = k + 1;
            if (we > vs && b[we - 1] == ',') return false;
            final String name = Names.intern(b, i, k);
            final long v = Ascii.parseNumber(b, vs, we);
            int next = we;
            if (v != BAD) {
                // a hexadecimal value keeps its text too: those texts are left to the decoder
                if (!row.add(name, v, true, Ascii.looksHex(b, vs, we) ? -2 : -1, -1)) return false;
            } else {
                int end = we;
                while (true) {
                    final int n = Ascii.skipSpaces(b, end, e);
                    if (n >= e || TextPayloads.startsField(b, n, e)) break;
                    end = TextPayloads.wordEnd(b, n, e);
                }
                if (!row.add(name, 0, false, vs, end == we ? we : end)) return false;
                next = end;
            }
            i = Ascii.skipSpaces(b, next, e);
        }
        return true;
    }

    /** {@code comm=C pid=N name=N ... [ns]}: the comm runs to {@code " pid="}; every other token a plain number. */
    private static boolean commAndNumbers(final byte[] b, final int s, final int e, final Row row) {
        if (!startsWith(b, s, e, COMM)) return false;
        final int cs = s + 5;
        final int ce = indexOf(b, cs, e, PID);
        if (ce < 0) return false;
        row.add(TextPayloads.COMM, 0, false, cs, ce);
        int i = Ascii.skipSpaces(b, ce, e);
        while (i < e) {
            if (b[i] == '[') {
                // "[ns]" adds nothing; any other bracketed token is left to the decoder
                if (!startsWith(b, i, e, NS) || (i + 4 < e && b[i + 4] != ' ' && b[i + 4] != '\t')) return false;
                i = Ascii.skipSpaces(b, i + 4, e);
                continue;
            }
            int k = i;
            while (k < e && Ascii.isIdent(b[k])) k++;
            if (k == i || k >= e || b[k] != '=') return false;
            i = numberToken(b, Names.intern(b, i, k), k, e, row);
            if (i < 0) return false;
            i = Ascii.skipSpaces(b, i, e);
        }
        return true;
    }
}
