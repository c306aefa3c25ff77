package dev.whylate.format.dat;

import java.util.ArrayList;
import java.util.List;

/**
 * An event's {@code print fmt}, split into literal text and conversions ({@code %d}, {@code %s}, {@code %pS},
 * ...) each bound to its argument expression, the way libtraceevent pairs them.
 */
final class PrintFmt {
    /** A literal piece of output. */
    static final int LIT = 0;
    /** An integer conversion (d i u x X o). */
    static final int NUM = 1;
    /** A pointer conversion ({@code %p} and its extensions). */
    static final int PTR = 2;
    /** A string conversion. */
    static final int STR = 3;
    /** A character conversion. */
    static final int CHR = 4;

    /**
     * One piece: literal text or one conversion.
     *
     * @param kind {@link #LIT}, {@link #NUM}, {@link #PTR}, {@link #STR} or {@link #CHR}
     * @param text the literal, or the conversion spec as written ({@code %-20s}, {@code %03d})
     * @param ls length modifier: -2 hh, -1 h, 0 none, 1 l/z, 2 ll/L
     * @param conv the conversion character ({@code d}, {@code s}, {@code p}, ...)
     * @param ext for pointers, the extension letters after {@code p} ({@code s}, {@code S}, {@code M}, ...)
     * @param arg the argument
     * @param width the {@code *} width argument, or {@code null}
     */
    record Piece(int kind, String text, int ls, char conv, String ext, Expr arg, Expr width) {}

    /** The pieces, in output order. */
    final List<Piece> pieces;
    /** The parsed arguments. */
    final List<Expr> args;
    /** Why the format could not be used, or {@code null}. */
    final String error;

    private PrintFmt(final List<Piece> pieces, final List<Expr> args, final String error) {
        this.pieces = pieces;
        this.args = args;
        this.error = error;
    }

    /** Parses {@code fmt.printFmt()} and binds its {@code REC->field} references to {@code fmt}'s fields. */
    static PrintFmt of(final EventFormat fmt) {
        final String text = fmt.printFmt();
        if (text == null || text.isEmpty()) return new PrintFmt(List.of(), List.of(), "no print fmt");
        try {
            final int[] end = new int[1];
            final String format = leadingString(text, end);
            String rest = text.substring(end[0]).strip();
            List<Expr> args = List.of();
            if (rest.startsWith(",")) args = Expr.parseArgs(rest.substring(1));
            else if (!rest.isEmpty()) throw new Expr.Bad("text after the format string: " + rest);
            if (args.isEmpty() && fmt.system().equals("ftrace")) {
                // old ftrace formats have no arguments: the fields are printed in order
                args = new ArrayList<>();
                for (final FormatField f : fmt.fields()) args.add(new Expr.Field(f.name()));
            }
            for (final Expr a : args) bind(a, fmt);
            final List<Piece> pieces = new ArrayList<>();
            final String err = split(format, args, pieces);
            return new PrintFmt(pieces, args, err);
        } catch (Expr.Bad e) {
            return new PrintFmt(List.of(), List.of(), e.getMessage());
        }
    }

    /** Parses a format string alone (bprint) with already evaluated arguments. */
    static PrintFmt ofFormat(final String format, final List<Expr> args) {
        final List<Piece> pieces = new ArrayList<>();
        final String err = split(format, args, pieces);
        return new PrintFmt(pieces, args, err);
    }

    private static void bind(final Expr e, final EventFormat fmt) {
        if (e instanceof Expr.Field) {
            final Expr.Field f = (Expr.Field) e;
            f.field = fmt.field(f.name);
        } else if (e instanceof Expr.Unary) {
            bind(((Expr.Unary) e).e, fmt);
        } else if (e instanceof Expr.Binary) {
            bind(((Expr.Binary) e).a, fmt);
            bind(((Expr.Binary) e).b, fmt);
        } else if (e instanceof Expr.Cond) {
            bind(((Expr.Cond) e).c, fmt);
            bind(((Expr.Cond) e).a, fmt);
            bind(((Expr.Cond) e).b, fmt);
        } else if (e instanceof Expr.Index) {
            bind(((Expr.Index) e).base, fmt);
            bind(((Expr.Index) e).index, fmt);
        } else if (e instanceof Expr.Cast) {
            bind(((Expr.Cast) e).e, fmt);
        } else if (e instanceof Expr.Call) {
            final Expr.Call c = (Expr.Call) e;
            for (final Expr a : c.args) bind(a, fmt);
            // helpers name fields bare: __get_str(name), __get_dynamic_array(name), __print_array(REC->x, ...)
            if (!c.args.isEmpty() && c.args.get(0) instanceof Expr.Ident) {
                final FormatField f = fmt.field(((Expr.Ident) c.args.get(0)).name);
                if (f != null && c.name.startsWith("__get_")) {
                    final Expr.Field bound = new Expr.Field(f.name());
                    bound.field = f;
                    c.args.set(0, bound);
                }
            }
        } else if (e instanceof Expr.Braces) {
            for (final Expr a : ((Expr.Braces) e).items) bind(a, fmt);
        }
    }

    /** The leading C string literal(s) of {@code text}, escapes kept; {@code end[0]} is set past it. */
    private static String leadingString(final String text, final int[] end) throws Expr.Bad {
        final StringBuilder b = new StringBuilder();
        int i = 0;
        final int n = text.length();
        boolean any = false;
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) i++;
            if (i >= n || text.charAt(i) != '"') break;
            any = true;
            i++;
            while (i < n && text.charAt(i) != '"') {
                if (text.charAt(i) == '\\' && i + 1 < n) {
                    b.append(text, i, i + 2);
                    i += 2;
                } else {
                    b.append(text.charAt(i++));
                }
            }
            if (i >= n) throw new Expr.Bad("unterminated format string");
            i++;
        }
        if (!any) throw new Expr.Bad("print fmt does not start with a string");
        end[0] = i;
        return b.toString();
    }

    /** Splits a format (escapes still in it) into pieces; returns an error text or {@code null}. */
    private static String split(final String f, final List<Expr> args, final List<Piece> out) {
        final StringBuilder lit = new StringBuilder();
        int argi = 0;
        int i = 0;
        final int n = f.length();
        while (i < n) {
            final char c = f.charAt(i);
            if (c == '\\' && i + 1 < n) {
                final char e = f.charAt(i + 1);
                lit.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
                i += 2;
                continue;
            }
            if (c != '%') {
                lit.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && f.charAt(i + 1) == '%') {
                lit.append('%');
                i += 2;
                continue;
            }
            if (lit.length() > 0) {
                out.add(new Piece(LIT, lit.toString(), 0, ' ', "", null, null));
                lit.setLength(0);
            }
            final int start = i;
            i++;
            int ls = 0;
            Expr width = null;
            boolean done = false;
            while (i < n && !done) {
                final char k = f.charAt(i);
                switch (k) {
                    case '#': case '.': case '-': case '+': case ' ':
                    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
                        i++;
                        break;
                    case 'h':
                        ls--;
                        i++;
                        break;
                    case 'l':
                        ls++;
                        i++;
                        break;
                    case 'L': case 'q':
                        ls = 2;
                        i++;
                        break;
                    case 'z': case 'Z': case 'j': case 't':
                        ls = 1;
                        i++;
                        break;
                    case '*':
                        if (argi >= args.size()) return "not enough arguments for " + f.substring(start, i + 1);
                        width = args.get(argi++);
                        i++;
                        break;
                    case 'p': {
                        if (argi >= args.size()) return "not enough arguments for " + f.substring(start, i + 1);
                        final int extLen = pointerExt(f, i + 1);
                        final String ext = f.substring(i + 1, i + 1 + extLen);
                        i += 1 + extLen;
                        out.add(new Piece(PTR, f.substring(start, i), ls, 'p', ext, args.get(argi++), width));
                        done = true;
                        break;
                    }
                    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
                        if (argi >= args.size()) return "not enough arguments for " + f.substring(start, i + 1);
                        i++;
                        out.add(new Piece(NUM, f.substring(start, i), ls, k, "", args.get(argi++), width));
                        done = true;
                        break;
                    case 's':
                        if (argi >= args.size()) return "not enough arguments for " + f.substring(start, i + 1);
                        i++;
                        out.add(new Piece(STR, f.substring(start, i), ls, 's', "", args.get(argi++), width));
                        done = true;
                        break;
                    case 'c':
                        if (argi >= args.size()) return "not enough arguments for " + f.substring(start, i + 1);
                        i++;
                        out.add(new Piece(CHR, f.substring(start, i), ls, 'c', "", args.get(argi++), width));
                        done = true;
                        break;
                    default:
                        // unknown conversion: print it as text, like libtraceevent's ">c<"
                        i++;
                        out.add(new Piece(LIT, f.substring(start, i), 0, ' ', "", null, null));
                        done = true;
                }
            }
            if (!done) lit.append(f, start, n);
        }
        if (lit.length() > 0) out.add(new Piece(LIT, lit.toString(), 0, ' ', "", null, null));
        return null;
    }

    /** Number of extension letters after {@code %p} (libtraceevent's rules). */
    private static int pointerExt(final String f, final int at) {
        if (at >= f.length()) return 0;
        final char c = f.charAt(at);
        final char c1 = at + 1 < f.length() ? f.charAt(at + 1) : 0;
        switch (c) {
            case 'F': case 'S': case 'f': case 's':
                return 1;
            case 'M': case 'm':
                return (c1 == 'R' || c1 == 'F') ? 2 : 1;
            case 'I': case 'i': {
                int r = 1;
                if (c1 == '4' || c1 == '6' || c1 == 'S') {
                    r = 2;
                    while (at + r < f.length() && "hnblpfsc".indexOf(f.charAt(at + r)) >= 0) r++;
                }
                return r;
            }
            case 'U':
                return ("LlBb".indexOf(c1) >= 0 && c1 != 0) ? 2 : 1;
            case 'h':
                return ("CDN".indexOf(c1) >= 0 && c1 != 0) ? 2 : 1;
            case 'K': case 'B': case 'x':
                return 1;
            default:
                return 0;
        }
    }

    /** The first plain field an argument refers to (through casts), or {@code null}. */
    static FormatField directField(final Expr e) {
        Expr x = e;
        while (x instanceof Expr.Cast) x = ((Expr.Cast) x).e;
        return x instanceof Expr.Field ? ((Expr.Field) x).field : null;
    }

    /** Collects the fields an expression reads. */
    static void fieldsOf(final Expr e, final List<FormatField> out) {
        if (e instanceof Expr.Field) {
            final FormatField f = ((Expr.Field) e).field;
            if (f != null && !out.contains(f)) out.add(f);
        } else if (e instanceof Expr.Unary) {
            fieldsOf(((Expr.Unary) e).e, out);
        } else if (e instanceof Expr.Binary) {
            fieldsOf(((Expr.Binary) e).a, out);
            fieldsOf(((Expr.Binary) e).b, out);
        } else if (e instanceof Expr.Cond) {
            fieldsOf(((Expr.Cond) e).c, out);
            fieldsOf(((Expr.Cond) e).a, out);
            fieldsOf(((Expr.Cond) e).b, out);
        } else if (e instanceof Expr.Index) {
            fieldsOf(((Expr.Index) e).base, out);
            fieldsOf(((Expr.Index) e).index, out);
        } else if (e instanceof Expr.Cast) {
            fieldsOf(((Expr.Cast) e).e, out);
        } else if (e instanceof Expr.Call) {
            for (final Expr a : ((Expr.Call) e).args) fieldsOf(a, out);
        } else if (e instanceof Expr.Braces) {
            for (final Expr a : ((Expr.Braces) e).items) fieldsOf(a, out);
        }
    }
}
