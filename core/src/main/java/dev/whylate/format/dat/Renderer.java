package dev.whylate.format.dat;

import java.util.List;

/**
 * Evaluates print fmt arguments against one record and renders the event text the way libtraceevent (and so
 * {@code trace-cmd report -N}) does: numbers through C printf conversions, {@code %ps}/{@code %pS} through
 * kallsyms, {@code __print_flags}/{@code __print_symbolic} tables, {@code __get_str}, bitmasks and cpumasks,
 * {@code ?:} choices. Arithmetic is unsigned 64-bit and casts only mask, as there; unlike libtraceevent, fields
 * the format marks signed are sign-extended (C semantics, as the kernel prints them: an {@code s8} holding -5
 * prints {@code -5}, where trace-cmd prints {@code 251}), and {@code a & (b | c)} keeps its parentheses.
 */
final class Renderer {
    private final Symbols syms;

    Renderer(final Symbols syms) {
        this.syms = syms;
    }

    Symbols symbols() {
        return syms;
    }

    /** The whole text of a record. */
    String render(final PrintFmt pf, final Rec r) {
        final StringBuilder out = new StringBuilder(64);
        for (final PrintFmt.Piece p : pf.pieces) piece(p, r, out);
        return out.toString();
    }

    /** Appends one piece. */
    void piece(final PrintFmt.Piece p, final Rec r, final StringBuilder out) {
        final int star = p.width() == null ? -1 : (int) num(p.width(), r);
        switch (p.kind()) {
            case PrintFmt.LIT:
                out.append(p.text());
                return;
            case PrintFmt.NUM:
                formatInt(p.text(), num(p.arg(), r), p.ls(), p.conv(), star, out);
                return;
            case PrintFmt.CHR: {
                final StringBuilder s = new StringBuilder().append((char) (num(p.arg(), r) & 0xFF));
                pad(p.text(), s, star, out);
                return;
            }
            case PrintFmt.STR: {
                final StringBuilder s = new StringBuilder();
                str(p.arg(), r, s);
                pad(p.text(), s, star, out);
                return;
            }
            case PrintFmt.PTR:
                pointer(p, r, out);
                return;
            default:
                break;
        }
    }

    private void pointer(final PrintFmt.Piece p, final Rec r, final StringBuilder out) {
        if (p.arg() instanceof Expr.Str) {
            out.append(((Expr.Str) p.arg()).s);
            return;
        }
        final String ext = p.ext();
        final char e = ext.isEmpty() ? 0 : ext.charAt(0);
        switch (e) {
            case 'F': case 'f': case 'S': case 's': {
                final long v = num(p.arg(), r);
                final String s = syms.symbol(v, e == 'S' || e == 'F');
                out.append(s != null ? s : "0x" + Long.toHexString(v));
                return;
            }
            case 'M': case 'm': {
                final byte[] mac = bytesOf(p.arg(), r, 6);
                if (mac == null) break;
                for (int k = 0; k < 6; k++) {
                    if (k > 0 && e == 'M') out.append(':');
                    hex2(mac[k], out);
                }
                return;
            }
            case 'I': case 'i': {
                if (ext.length() > 1 && ext.charAt(1) == '4') {
                    final byte[] ip = bytesOf(p.arg(), r, 4);
                    if (ip == null) break;
                    for (int k = 0; k < 4; k++) {
                        if (k > 0) out.append('.');
                        out.append(ip[k] & 0xFF);
                    }
                    return;
                }
                break;
            }
            case 'h': {
                final byte[] buf = bytesOf(p.arg(), r, -1);
                if (buf == null) break;
                final String sep = ext.length() > 1 ? (ext.charAt(1) == 'C' ? ":" : ext.charAt(1) == 'D' ? "-" : "") : " ";
                for (int k = 0; k < buf.length; k++) {
                    if (k > 0) out.append(sep);
                    hex2(buf[k], out);
                }
                return;
            }
            default:
                break;
        }
        final long v = num(p.arg(), r);
        out.append(v == 0 ? "(nil)" : "0x" + Long.toHexString(v));
    }

    private static void hex2(final byte b, final StringBuilder out) {
        final String h = Integer.toHexString(b & 0xFF);
        if (h.length() < 2) out.append('0');
        out.append(h);
    }

    /** The bytes an array-valued argument designates (a field or __get_dynamic_array), at most {@code n} (-1 all). */
    private byte[] bytesOf(final Expr e, final Rec r, final int n) {
        final FormatField f = arrayField(e);
        if (f == null) return null;
        final int[] sp = r.span(f);
        final int len = n < 0 ? sp[1] : n;
        if (sp[1] < len) return null;
        final byte[] out = new byte[len];
        System.arraycopy(r.b, sp[0], out, 0, len);
        return out;
    }

    private static FormatField arrayField(final Expr e) {
        Expr x = e;
        while (x instanceof Expr.Cast) x = ((Expr.Cast) x).e;
        if (x instanceof Expr.Field) return ((Expr.Field) x).field;
        if (x instanceof Expr.Call) {
            final Expr.Call c = (Expr.Call) x;
            if (c.name.startsWith("__get_") && !c.args.isEmpty() && c.args.get(0) instanceof Expr.Field) return ((Expr.Field) c.args.get(0)).field;
        }
        return null;
    }

    /** The numeric value of an expression (libtraceevent's eval_num_arg). */
    long num(final Expr e, final Rec r) {
        if (e instanceof Expr.Num) return ((Expr.Num) e).v;
        if (e instanceof Expr.Field) {
            final FormatField f = ((Expr.Field) e).field;
            return f == null ? 0 : f.signed() ? r.s(f.offset(), f.size()) : r.u(f.offset(), f.size());
        }
        if (e instanceof Expr.Cast) {
            final Expr.Cast c = (Expr.Cast) e;
            final long v = num(c.e, r);
            switch (c.bytes) {
                case 1: return v & 0xFF;
                case 2: return v & 0xFFFF;
                case 4: return v & 0xFFFFFFFFL;
                default: return v;
            }
        }
        if (e instanceof Expr.Unary) {
            final Expr.Unary u = (Expr.Unary) e;
            final long v = num(u.e, r);
            switch (u.op) {
                case '-': return -v;
                case '!': return v == 0 ? 1 : 0;
                case '~': return ~v;
                default: return v;
            }
        }
        if (e instanceof Expr.Binary) return binary((Expr.Binary) e, r);
        if (e instanceof Expr.Cond) {
            final Expr.Cond c = (Expr.Cond) e;
            return num(c.c, r) != 0 ? num(c.a, r) : num(c.b, r);
        }
        if (e instanceof Expr.Index) return index((Expr.Index) e, r);
        if (e instanceof Expr.Ident) return knownSymbol(((Expr.Ident) e).name, 0);
        if (e instanceof Expr.Call) {
            final Expr.Call c = (Expr.Call) e;
            final FormatField f = arrayField(c);
            if (c.name.equals("__get_dynamic_array_len") || c.name.equals("__get_rel_dynamic_array_len")) return f == null ? 0 : r.dyn(f)[1];
            if (c.name.equals("__get_dynamic_array") || c.name.equals("__get_rel_dynamic_array")) return f == null ? 0 : r.dyn(f)[0];
            return 0;
        }
        return 0;
    }

    private long binary(final Expr.Binary b, final Rec r) {
        final long x = num(b.a, r);
        final long y = num(b.b, r);
        switch (b.op) {
            case "+": return x + y;
            case "-": return x - y;
            case "*": return x * y;
            case "/": return y == 0 ? 0 : Long.divideUnsigned(x, y);
            case "%": return y == 0 ? 0 : Long.remainderUnsigned(x, y);
            case "<<": return x << (y & 63);
            case ">>": return x >>> (y & 63);
            case "&": return x & y;
            case "|": return x | y;
            case "^": return x ^ y;
            case "&&": return x != 0 && y != 0 ? 1 : 0;
            case "||": return x != 0 || y != 0 ? 1 : 0;
            case "==": return x == y ? 1 : 0;
            case "!=": return x != y ? 1 : 0;
            case "<": return Long.compareUnsigned(x, y) < 0 ? 1 : 0;
            case ">": return Long.compareUnsigned(x, y) > 0 ? 1 : 0;
            case "<=": return Long.compareUnsigned(x, y) <= 0 ? 1 : 0;
            case ">=": return Long.compareUnsigned(x, y) >= 0 ? 1 : 0;
            default: return 0;
        }
    }

    private long index(final Expr.Index ix, final Rec r) {
        final long i = num(ix.index, r);
        Expr base = ix.base;
        int castBytes = 0;
        while (base instanceof Expr.Cast) {
            if (castBytes == 0) castBytes = ((Expr.Cast) base).bytes;
            base = ((Expr.Cast) base).e;
        }
        long v;
        if (base instanceof Expr.Field && ((Expr.Field) base).field != null) {
            final FormatField f = ((Expr.Field) base).field;
            final int es = f.elementSize() > 0 ? f.elementSize() : r.longSize;
            v = r.u((int) (f.offset() + i * es), es);
        } else if (base instanceof Expr.Call && arrayField(base) != null) {
            final FormatField f = arrayField(base);
            final int[] d = r.dyn(f);
            final int es = f.elementSize() > 0 ? f.elementSize() : r.longSize;
            v = r.u((int) (d[0] + i), es);
        } else {
            return 0;
        }
        switch (castBytes) {
            case 1: return v & 0xFF;
            case 2: return v & 0xFFFF;
            case 4: return v & 0xFFFFFFFFL;
            default: return v;
        }
    }

    /** Enum names libtraceevent knows even when the kernel left them unresolved. */
    static long knownSymbol(final String name, final long dflt) {
        switch (name) {
            case "HI_SOFTIRQ": return 0;
            case "TIMER_SOFTIRQ": return 1;
            case "NET_TX_SOFTIRQ": return 2;
            case "NET_RX_SOFTIRQ": return 3;
            case "BLOCK_SOFTIRQ": return 4;
            case "IRQ_POLL_SOFTIRQ": return 5;
            case "TASKLET_SOFTIRQ": return 6;
            case "SCHED_SOFTIRQ": return 7;
            case "HRTIMER_SOFTIRQ": return 8;
            case "RCU_SOFTIRQ": return 9;
            case "HRTIMER_NORESTART": return 0;
            case "HRTIMER_RESTART": return 1;
            default: return dflt;
        }
    }

    /** A flag/symbol table value: a number, or a known enum name, or -1. */
    private long tableValue(final Expr e, final Rec r) {
        if (e instanceof Expr.Ident) return knownSymbol(((Expr.Ident) e).name, -1);
        return num(e, r);
    }

    /** Appends the string value of an expression (libtraceevent's print_str_arg). */
    void str(final Expr e, final Rec r, final StringBuilder out) {
        if (e instanceof Expr.Str) {
            out.append(unescape(((Expr.Str) e).s));
        } else if (e instanceof Expr.Ident) {
            out.append(((Expr.Ident) e).name);
        } else if (e instanceof Expr.Num) {
            out.append(((Expr.Num) e).v);
        } else if (e instanceof Expr.Field) {
            final FormatField f = ((Expr.Field) e).field;
            if (f == null) return;
            if (!f.array() && !f.dynamic() && f.size() == r.longSize) {
                final long a = r.u(f.offset(), f.size());
                final String s = syms.printk().get(a);
                out.append(s != null ? s : Long.toHexString(a));
                return;
            }
            final int[] sp = r.span(f);
            out.append(r.str(sp[0], sp[1]));
        } else if (e instanceof Expr.Cond) {
            final Expr.Cond c = (Expr.Cond) e;
            str(num(c.c, r) != 0 ? c.a : c.b, r, out);
        } else if (e instanceof Expr.Cast) {
            str(((Expr.Cast) e).e, r, out);
        } else if (e instanceof Expr.Call) {
            call((Expr.Call) e, r, out);
        }
    }

    private void call(final Expr.Call c, final Rec r, final StringBuilder out) {
        final List<Expr> a = c.args;
        switch (c.name) {
            case "__print_flags":
            case "__print_flags_u64": {
                if (a.size() < 2) return;
                long v = num(a.get(0), r);
                final StringBuilder delim = new StringBuilder();
                str(a.get(1), r, delim);
                boolean any = false;
                for (int k = 2; k < a.size(); k++) {
                    if (!(a.get(k) instanceof Expr.Braces)) continue;
                    final List<Expr> it = ((Expr.Braces) a.get(k)).items;
                    if (it.size() < 2) continue;
                    final long fv = tableValue(it.get(0), r);
                    if (v == 0 && fv < 0) {
                        str(it.get(1), r, out);
                        break;
                    }
                    if (fv > 0 && (v & fv) == fv) {
                        if (any) out.append(delim);
                        str(it.get(1), r, out);
                        any = true;
                        v &= ~fv;
                    }
                }
                if (v != 0) {
                    if (any) out.append(delim);
                    out.append("0x").append(Long.toHexString(v));
                }
                return;
            }
            case "__print_symbolic":
            case "__print_symbolic_u64": {
                if (a.isEmpty()) return;
                final long v = num(a.get(0), r);
                for (int k = 1; k < a.size(); k++) {
                    if (!(a.get(k) instanceof Expr.Braces)) continue;
                    final List<Expr> it = ((Expr.Braces) a.get(k)).items;
                    if (it.size() >= 2 && tableValue(it.get(0), r) == v) {
                        str(it.get(1), r, out);
                        return;
                    }
                }
                out.append("0x").append(Long.toHexString(v));
                return;
            }
            case "__get_str":
            case "__get_rel_str": {
                final FormatField f = arrayField(c);
                if (f == null) return;
                final int[] d = r.dyn(f);
                if (d[1] > 0) out.append(r.str(d[0], d[1]));
                return;
            }
            case "__get_bitmask":
            case "__get_rel_bitmask": {
                final FormatField f = arrayField(c);
                if (f != null) bitmask(r, r.dyn(f), out);
                return;
            }
            case "__get_cpumask":
            case "__get_rel_cpumask": {
                final FormatField f = arrayField(c);
                if (f != null) cpumask(r, r.dyn(f), out);
                return;
            }
            case "__print_hex":
            case "__print_hex_str": {
                if (a.size() < 2) return;
                final FormatField f = arrayField(a.get(0));
                if (f == null) return;
                final int[] sp = r.span(f);
                final long n = num(a.get(1), r);
                for (int k = 0; k < n && k < sp[1]; k++) {
                    if (k > 0 && c.name.equals("__print_hex")) out.append(' ');
                    hex2(r.b[sp[0] + k], out);
                }
                return;
            }
            case "__print_array": {
                if (a.size() < 3) return;
                final FormatField f = arrayField(a.get(0));
                if (f == null) return;
                final int[] sp = r.span(f);
                final long n = num(a.get(1), r);
                final int es = (int) num(a.get(2), r);
                for (int k = 0; k < n; k++) {
                    if (k > 0) out.append(' ');
                    if (es != 1 && es != 2 && es != 4 && es != 8) {
                        out.append("BAD SIZE:").append(es);
                        return;
                    }
                    out.append(Long.toUnsignedString(r.u(sp[0] + k * es, es)));
                }
                return;
            }
            default:
                // helpers registered by libtraceevent plugins are not known here
                return;
        }
    }

    /** The kernel's bitmask text: hex, most significant first, a comma every 32 bits. */
    static void bitmask(final Rec r, final int[] d, final StringBuilder out) {
        final int size = d[1];
        if (size == 0) return;
        final StringBuilder s = new StringBuilder();
        for (int k = size - 1, n = 0; k >= 0; k--, n++) {
            final int idx = r.big ? size - (k + 1) : k;
            if (n > 0 && ((size - n) & 3) == 0 && n < size) s.append(',');
            hex2(r.b[d[0] + idx], s);
        }
        out.append(s);
    }

    /** A cpumask as a CPU list ({@code 0-3,6}). */
    static void cpumask(final Rec r, final int[] d, final StringBuilder out) {
        final int size = d[1];
        final int bits = size * 8;
        int k = 0;
        boolean first = true;
        while (k < bits) {
            if (!bit(r, d, k)) {
                k++;
                continue;
            }
            int e = k;
            while (e + 1 < bits && bit(r, d, e + 1)) e++;
            if (!first) out.append(',');
            first = false;
            out.append(k);
            if (e > k) out.append('-').append(e);
            k = e + 1;
        }
    }

    private static boolean bit(final Rec r, final int[] d, final int k) {
        final int byteIdx = k >> 3;
        final int idx = r.big ? d[1] - (byteIdx + 1) : byteIdx;
        return ((r.b[d[0] + idx] >> (k & 7)) & 1) != 0;
    }

    /** C escapes in string literal arguments. */
    static String unescape(final String s) {
        if (s.indexOf('\\') < 0) return s;
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                final char e = s.charAt(++i);
                b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ printf

    /** Parsed {@code %[flags][width][.prec]}: {minus, zero, plus, space, alt, width, prec}. */
    private static int[] spec(final String spec, final int star) {
        int i = 1;
        int minus = 0;
        int zero = 0;
        int plus = 0;
        int space = 0;
        int alt = 0;
        for (; i < spec.length(); i++) {
            final char c = spec.charAt(i);
            if (c == '-') minus = 1;
            else if (c == '0') zero = 1;
            else if (c == '+') plus = 1;
            else if (c == ' ') space = 1;
            else if (c == '#') alt = 1;
            else break;
        }
        int width = -1;
        if (i < spec.length() && spec.charAt(i) == '*') {
            width = star;
            if (width < 0) {
                minus = 1;
                width = -width;
            }
            i++;
        } else {
            int w = 0;
            boolean any = false;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                w = w * 10 + (spec.charAt(i++) - '0');
                any = true;
            }
            if (any) width = w;
        }
        int prec = -1;
        if (i < spec.length() && spec.charAt(i) == '.') {
            i++;
            if (i < spec.length() && spec.charAt(i) == '*') {
                prec = Math.max(0, star);
                i++;
            } else {
                int pr = 0;
                while (i < spec.length() && Character.isDigit(spec.charAt(i))) pr = pr * 10 + (spec.charAt(i++) - '0');
                prec = pr;
            }
        }
        return new int[] {minus, zero, plus, space, alt, Math.min(width, 4096), Math.min(prec, 4096)};
    }

    /** Formats an integer conversion of {@code v} narrowed by the length modifier {@code ls}. */
    static void formatInt(final String spec, final long v, final int ls, final char conv, final int star, final StringBuilder out) {
        final int[] s = spec(spec, star);
        final int bits = ls <= -2 ? 8 : ls == -1 ? 16 : ls == 0 ? 32 : 64;
        final boolean signedConv = conv == 'd' || conv == 'i';
        long x = v;
        if (bits < 64) {
            final long mask = (1L << bits) - 1;
            x = signedConv ? (x << (64 - bits)) >> (64 - bits) : x & mask;
        }
        String digits;
        String prefix = "";
        boolean neg = false;
        switch (conv) {
            case 'd': case 'i':
                neg = x < 0;
                digits = neg ? (x == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(-x)) : Long.toString(x);
                break;
            case 'u':
                digits = Long.toUnsignedString(x);
                break;
            case 'x':
                digits = Long.toHexString(x);
                if (s[4] == 1 && x != 0) prefix = "0x";
                break;
            case 'X':
                digits = Long.toHexString(x).toUpperCase();
                if (s[4] == 1 && x != 0) prefix = "0X";
                break;
            case 'o':
                digits = Long.toOctalString(x);
                if (s[4] == 1 && !digits.startsWith("0")) prefix = "0";
                break;
            default:
                digits = Long.toString(x);
        }
        if (s[6] >= 0) {
            if (s[6] == 0 && x == 0) digits = "";
            final StringBuilder d = new StringBuilder();
            for (int k = digits.length(); k < s[6]; k++) d.append('0');
            digits = d.append(digits).toString();
        }
        if (neg) prefix = "-";
        else if (signedConv && s[2] == 1) prefix = "+";
        else if (signedConv && s[3] == 1) prefix = " ";
        final int len = prefix.length() + digits.length();
        final int w = s[5];
        if (w > len) {
            if (s[0] == 1) {
                out.append(prefix).append(digits);
                for (int k = len; k < w; k++) out.append(' ');
            } else if (s[1] == 1 && s[6] < 0) {
                out.append(prefix);
                for (int k = len; k < w; k++) out.append('0');
                out.append(digits);
            } else {
                for (int k = len; k < w; k++) out.append(' ');
                out.append(prefix).append(digits);
            }
        } else {
            out.append(prefix).append(digits);
        }
    }

    /** Applies a {@code %s}-style width and precision. */
    static void pad(final String spec, final CharSequence str, final int star, final StringBuilder out) {
        final int[] s = spec(spec, star);
        CharSequence t = str;
        if (s[6] >= 0 && t.length() > s[6]) t = t.subSequence(0, s[6]);
        final int w = s[5];
        if (w > t.length() && s[0] == 0) for (int k = t.length(); k < w; k++) out.append(' ');
        out.append(t);
        if (w > t.length() && s[0] == 1) for (int k = t.length(); k < w; k++) out.append(' ');
    }
}
