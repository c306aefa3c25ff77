package dev.whylate.format.sysdig;

import dev.whylate.format.text.Ascii;
import dev.whylate.model.Fields;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Splits and types the {@code %evt.info} arguments of a sysdig line and maps them to canonical fields.
 *
 * <p>Splitting: arguments are {@code key=value} separated by spaces. A space followed by text that does not
 * start a {@code key=} continues the previous value ({@code tuple=0->ffff88003c420800 /var/run/nscd/socket}).
 * {@code data=} (the I/O buffer, printed with its spaces) runs to the end of the line, except for a following
 * {@code tuple=} argument, the only one sysdig prints after it.
 *
 * <p>Values: {@code N} is a number; {@code N(text)} is number N with that text ({@code fd=3(<f>/etc/passwd)},
 * {@code res=-2(ENOENT)}, {@code next=17498(curl)}, {@code flags=4097(O_RDONLY|O_CLOEXEC)}); values of the
 * keys sysdig prints in hexadecimal without {@code 0x} ({@code addr}, {@code argument}, {@code request}, and
 * {@code res} of brk/mmap/mmap2/mremap), and any value made of hex digits with at least one of {@code A-F},
 * are hex numbers that keep their text; names, paths, data and similar keys stay text; anything else is text.
 */
final class SysdigArgs {
    /** How the event's arguments map to fields. */
    enum Kind { ENTER, EXIT, SWITCH, OTHER }

    private static final Set<String> HEX_KEYS = Set.of("addr", "argument", "request");
    private static final Set<String> HEX_RES = Set.of("brk", "mmap", "mmap2", "mremap");
    private static final Set<String> TEXT_KEYS = Set.of("data", "name", "exe", "args", "comm", "cwd", "path",
        "filename", "env", "cgroups", "tuple", "oldpath", "newpath", "target", "linkpath", "fds", "source", "fstype");
    private static final Set<String> COUNT_SIZE = Set.of("read", "write", "pread", "pwrite");

    private SysdigArgs() {}

    /** Receives one argument: key {@code b[ks..ke)}, value {@code b[vs..ve)}. */
    interface Visitor {
        void arg(byte[] b, int ks, int ke, int vs, int ve);
    }

    /** Calls {@code v} for each argument in {@code b[s..e)}. */
    static void split(final byte[] b, final int s, final int e, final Visitor v) {
        int i = s;
        while (i < e) {
            while (i < e && b[i] == ' ') i++;
            if (i >= e) return;
            final int ks = i;
            final int eq = keyEnd(b, i, e);
            if (eq < 0) {
                // not key=value (text before the first argument): skip this word
                while (i < e && b[i] != ' ') i++;
                continue;
            }
            final int vs = eq + 1;
            int ve;
            if (eq - ks == 4 && b[ks] == 'd' && b[ks + 1] == 'a' && b[ks + 2] == 't' && b[ks + 3] == 'a') {
                ve = lastIndexOf(b, vs, e, TUPLE);
                if (ve < 0) ve = e;
            } else {
                ve = vs;
                while (true) {
                    while (ve < e && b[ve] != ' ') ve++;
                    if (ve >= e || keyEnd(b, skip(b, ve, e), e) >= 0 || skip(b, ve, e) >= e) break;
                    ve++;
                }
            }
            int vt = ve;
            while (vt > vs && b[vt - 1] == ' ') vt--;
            v.arg(b, ks, eq, vs, vt);
            i = ve;
        }
    }

    private static final byte[] TUPLE = " tuple=".getBytes(StandardCharsets.US_ASCII);

    private static int skip(final byte[] b, final int p, final int e) {
        int q = p;
        while (q < e && b[q] == ' ') q++;
        return q;
    }

    /** Index of the {@code =} ending an identifier key at {@code p}, or -1. */
    private static int keyEnd(final byte[] b, final int p, final int e) {
        int q = p;
        while (q < e) {
            final byte c = b[q];
            if (c == '=') return q > p ? q : -1;
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) return -1;
            q++;
        }
        return -1;
    }

    private static int lastIndexOf(final byte[] b, final int s, final int e, final byte[] pat) {
        for (int i = e - pat.length; i >= s; i--) {
            int k = 0;
            while (k < pat.length && b[i + k] == pat[k]) k++;
            if (k == pat.length) return i;
        }
        return -1;
    }

    /**
     * Decodes the arguments {@code b[s..e)} of an event of {@code kind} whose sysdig type is {@code type}
     * into {@code out}, adding the canonical aliases: {@code ret} (the first argument of an exit event, which
     * sysdig always makes the return value: {@code res}, or {@code fd} for open/socket/accept...), {@code count}
     * (= {@code size} of read/write/pread/pwrite enter events), and for switches {@code next_pid} /
     * {@code next_comm} from {@code next}.
     */
    static void decode(final Kind kind, final String type, final byte[] b, final int s, final int e, final Fields out) {
        final boolean[] first = {true};
        split(b, s, e, (bb, ks, ke, vs, ve) -> {
            final String key = new String(bb, ks, ke - ks, StandardCharsets.US_ASCII).intern();
            final boolean isFirst = first[0];
            first[0] = false;
            if (kind == Kind.SWITCH && key.equals("next")) {
                final int paren = Ascii.indexOf(bb, vs, ve, (byte) '(');
                final long pid = parseDec(bb, vs, paren < 0 ? ve : paren);
                if (pid != Long.MIN_VALUE) out.add("next_pid", pid);
                if (paren >= 0 && ve > paren + 1 && bb[ve - 1] == ')') out.add("next_comm", Ascii.str(bb, paren + 1, ve - 1));
                return;
            }
            final int at = out.size();
            value(key, type, bb, vs, ve, out);
            if (out.size() == at) return;
            if (kind == Kind.EXIT && isFirst && out.isNumber(at) && !key.equals("ret")) out.add("ret", out.number(at));
            if (kind == Kind.ENTER && key.equals("size") && COUNT_SIZE.contains(type) && out.isNumber(at)) {
                out.add("count", out.number(at));
            }
        });
    }

    /** Adds the typed value of {@code key}. */
    private static void value(final String key, final String type, final byte[] b, final int vs, final int ve, final Fields out) {
        if (vs == ve) {
            out.add(key, "");
            return;
        }
        if (TEXT_KEYS.contains(key)) {
            out.add(key, Ascii.str(b, vs, ve));
            return;
        }
        if (HEX_KEYS.contains(key) || (key.equals("res") && HEX_RES.contains(type))) {
            final long h = parseHex(b, vs, ve);
            if (h != Long.MIN_VALUE) {
                out.add(key, h, Ascii.str(b, vs, ve));
                return;
            }
        }
        final int paren = Ascii.indexOf(b, vs, ve, (byte) '(');
        if (paren > vs && b[ve - 1] == ')') {
            final long n = parseDec(b, vs, paren);
            if (n != Long.MIN_VALUE) {
                out.add(key, n, Ascii.str(b, paren + 1, ve - 1));
                return;
            }
        }
        final long n = parseDec(b, vs, ve);
        if (n != Long.MIN_VALUE) {
            out.add(key, n);
            return;
        }
        if (upperHex(b, vs, ve)) {
            final long h = parseHex(b, vs, ve);
            if (h != Long.MIN_VALUE) {
                out.add(key, h, Ascii.str(b, vs, ve));
                return;
            }
        }
        out.add(key, Ascii.str(b, vs, ve));
    }

    private static boolean upperHex(final byte[] b, final int s, final int e) {
        boolean letter = false;
        for (int i = s; i < e; i++) {
            final byte c = b[i];
            if (c >= 'A' && c <= 'F') letter = true;
            else if (c < '0' || c > '9') return false;
        }
        return letter;
    }

    /** Decimal (optionally negative; unsigned 64-bit values above Long.MAX_VALUE wrap), or Long.MIN_VALUE. */
    static long parseDec(final byte[] b, final int s, final int e) {
        int p = s;
        final boolean neg = p < e && b[p] == '-';
        if (neg) p++;
        if (p == e || e - p > 20) return Long.MIN_VALUE;
        for (int i = p; i < e; i++) if (!Ascii.isDigit(b[i])) return Long.MIN_VALUE;
        try {
            final String d = new String(b, p, e - p, StandardCharsets.US_ASCII);
            final long v = neg ? Long.parseLong(d) : Long.parseUnsignedLong(d);
            return neg ? -v : v;
        } catch (NumberFormatException x) {
            return Long.MIN_VALUE;
        }
    }

    /** Hex digits (1..16, optional {@code 0x}), or Long.MIN_VALUE. */
    static long parseHex(final byte[] b, final int s, final int e) {
        int p = s;
        if (e - p > 2 && b[p] == '0' && (b[p + 1] == 'x' || b[p + 1] == 'X')) p += 2;
        if (p == e || e - p > 16) return Long.MIN_VALUE;
        long v = 0;
        for (int i = p; i < e; i++) {
            final int d = Character.digit(b[i], 16);
            if (d < 0) return Long.MIN_VALUE;
            v = (v << 4) | d;
        }
        return v;
    }

}
