package dev.whylate.format.dat;

import java.util.ArrayList;
import java.util.List;

/**
 * The argument expressions of an event's {@code print fmt} (a small C subset: numbers, strings, {@code REC->f},
 * casts, unary and binary operators, {@code ?:}, indexing, helper calls such as {@code __print_flags} with
 * their {@code { value, "text" }} tables). Parsed once per event format.
 */
abstract class Expr {
    /** A number literal (already evaluated). */
    static final class Num extends Expr {
        final long v;

        Num(final long v) {
            this.v = v;
        }
    }

    /** A string literal. */
    static final class Str extends Expr {
        final String s;

        Str(final String s) {
            this.s = s;
        }
    }

    /** {@code REC->name}, bound to the format's field when it exists. */
    static final class Field extends Expr {
        final String name;
        FormatField field;

        Field(final String name) {
            this.name = name;
        }
    }

    /** An identifier that is not a field (an enum name the kernel did not resolve). */
    static final class Ident extends Expr {
        final String name;

        Ident(final String name) {
            this.name = name;
        }
    }

    /** A unary operator: {@code - ! ~}. */
    static final class Unary extends Expr {
        final char op;
        final Expr e;

        Unary(final char op, final Expr e) {
            this.op = op;
            this.e = e;
        }
    }

    /** A binary operator. */
    static final class Binary extends Expr {
        final String op;
        final Expr a;
        final Expr b;

        Binary(final String op, final Expr a, final Expr b) {
            this.op = op;
            this.a = a;
            this.b = b;
        }
    }

    /** {@code c ? a : b}. */
    static final class Cond extends Expr {
        final Expr c;
        final Expr a;
        final Expr b;

        Cond(final Expr c, final Expr a, final Expr b) {
            this.c = c;
            this.a = a;
            this.b = b;
        }
    }

    /** {@code base[index]}. */
    static final class Index extends Expr {
        final Expr base;
        final Expr index;

        Index(final Expr base, final Expr index) {
            this.base = base;
            this.index = index;
        }
    }

    /** {@code (type) e}; {@code bytes} is the cast width (0 = unknown, no change), {@code signed} its sign. */
    static final class Cast extends Expr {
        final String type;
        final int bytes;
        final boolean signed;
        final Expr e;

        Cast(final String type, final int bytes, final boolean signed, final Expr e) {
            this.type = type;
            this.bytes = bytes;
            this.signed = signed;
            this.e = e;
        }
    }

    /** {@code name(args)}. */
    static final class Call extends Expr {
        final String name;
        final List<Expr> args;

        Call(final String name, final List<Expr> args) {
            this.name = name;
            this.args = args;
        }
    }

    /** A brace list {@code { a, b }} (the entries of flag and symbol tables). */
    static final class Braces extends Expr {
        final List<Expr> items;

        Braces(final List<Expr> items) {
            this.items = items;
        }
    }

    /** Thrown on text that is not an expression we understand. */
    static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        Bad(final String m) {
            super(m, null, false, false);
        }
    }

    /** Parses the comma-separated argument list that follows the format string. */
    static List<Expr> parseArgs(final String text) throws Bad {
        final Parser p = new Parser(Lexer.lex(text));
        final List<Expr> out = new ArrayList<>();
        if (p.atEnd()) return out;
        while (true) {
            out.add(p.ternary());
            if (p.atEnd()) return out;
            p.expect(",");
        }
    }

    /** Tokens: identifiers, numbers, strings, chars and operators. */
    static final class Lexer {
        static final int ID = 0;
        static final int NUM = 1;
        static final int STR = 2;
        static final int OP = 3;

        private Lexer() {}

        static List<Object[]> lex(final String s) throws Bad {
            final List<Object[]> out = new ArrayList<>();
            int i = 0;
            final int n = s.length();
            while (i < n) {
                final char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (Character.isLetter(c) || c == '_') {
                    int j = i + 1;
                    while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                    out.add(new Object[] {ID, s.substring(i, j)});
                    i = j;
                } else if (Character.isDigit(c)) {
                    int j = i + 1;
                    while (j < n && (Character.isLetterOrDigit(s.charAt(j)))) j++;
                    out.add(new Object[] {NUM, number(s.substring(i, j))});
                    i = j;
                } else if (c == '"') {
                    final StringBuilder b = new StringBuilder();
                    int j = i + 1;
                    while (j < n && s.charAt(j) != '"') {
                        if (s.charAt(j) == '\\' && j + 1 < n) {
                            b.append(s.charAt(j)).append(s.charAt(j + 1));
                            j += 2;
                        } else {
                            b.append(s.charAt(j++));
                        }
                    }
                    if (j >= n) throw new Bad("unterminated string");
                    // adjacent literals concatenate
                    if (!out.isEmpty() && (int) out.get(out.size() - 1)[0] == STR) {
                        out.get(out.size() - 1)[1] = out.get(out.size() - 1)[1] + b.toString();
                    } else {
                        out.add(new Object[] {STR, b.toString()});
                    }
                    i = j + 1;
                } else if (c == '\'') {
                    int j = i + 1;
                    long v;
                    if (j < n && s.charAt(j) == '\\' && j + 1 < n) {
                        final char e = s.charAt(j + 1);
                        v = e == 'n' ? '\n' : e == 't' ? '\t' : e == '0' ? 0 : e;
                        j += 2;
                    } else if (j < n) {
                        v = s.charAt(j);
                        j++;
                    } else {
                        throw new Bad("bad char literal");
                    }
                    if (j >= n || s.charAt(j) != '\'') throw new Bad("bad char literal");
                    out.add(new Object[] {NUM, v});
                    i = j + 1;
                } else {
                    final String two = i + 1 < n ? s.substring(i, i + 2) : "";
                    switch (two) {
                        case "->": case "<<": case ">>": case "<=": case ">=": case "==": case "!=": case "&&": case "||":
                            out.add(new Object[] {OP, two});
                            i += 2;
                            continue;
                        default:
                            break;
                    }
                    if ("+-*/%<>&|^!~?:,()[]{}.".indexOf(c) < 0) throw new Bad("unexpected character '" + c + "'");
                    out.add(new Object[] {OP, String.valueOf(c)});
                    i++;
                }
            }
            return out;
        }

        /** A C integer literal with optional U/L suffixes. */
        static long number(final String t) throws Bad {
            String s = t;
            while (!s.isEmpty() && "uUlL".indexOf(s.charAt(s.length() - 1)) >= 0) s = s.substring(0, s.length() - 1);
            try {
                if (s.startsWith("0x") || s.startsWith("0X")) return Long.parseUnsignedLong(s.substring(2), 16);
                if (s.length() > 1 && s.charAt(0) == '0') return Long.parseUnsignedLong(s.substring(1), 8);
                return Long.parseUnsignedLong(s);
            } catch (NumberFormatException e) {
                throw new Bad("bad number " + t);
            }
        }
    }

    /** Precedence-climbing parser over the tokens. */
    static final class Parser {
        private final List<Object[]> t;
        private int p;

        Parser(final List<Object[]> t) {
            this.t = t;
        }

        boolean atEnd() {
            return p >= t.size();
        }

        private boolean isOp(final String s) {
            return p < t.size() && (int) t.get(p)[0] == Lexer.OP && t.get(p)[1].equals(s);
        }

        private boolean isOpAt(final int k, final String s) {
            return k < t.size() && (int) t.get(k)[0] == Lexer.OP && t.get(k)[1].equals(s);
        }

        void expect(final String s) throws Bad {
            if (!isOp(s)) throw new Bad("expected '" + s + "'");
            p++;
        }

        Expr ternary() throws Bad {
            final Expr c = binary(0);
            if (isOp("?")) {
                p++;
                final Expr a = ternary();
                expect(":");
                final Expr b = ternary();
                return new Cond(c, a, b);
            }
            return c;
        }

        private static int prec(final String op) {
            switch (op) {
                case "||": return 1;
                case "&&": return 2;
                case "|": return 3;
                case "^": return 4;
                case "&": return 5;
                case "==": case "!=": return 6;
                case "<": case ">": case "<=": case ">=": return 7;
                case "<<": case ">>": return 8;
                case "+": case "-": return 9;
                case "*": case "/": case "%": return 10;
                default: return -1;
            }
        }

        private Expr binary(final int min) throws Bad {
            Expr left = unary();
            while (p < t.size() && (int) t.get(p)[0] == Lexer.OP) {
                final String op = (String) t.get(p)[1];
                final int pr = prec(op);
                if (pr < 0 || pr <= min - 1 || pr < min) break;
                p++;
                final Expr right = binary(pr + 1);
                left = new Binary(op, left, right);
            }
            return left;
        }

        private Expr unary() throws Bad {
            if (isOp("-") || isOp("!") || isOp("~") || isOp("+")) {
                final char op = ((String) t.get(p)[1]).charAt(0);
                p++;
                final Expr e = unary();
                return op == '+' ? e : new Unary(op, e);
            }
            if (isOp("&")) {
                // address-of: keep the operand (rare; its value is meaningless to us)
                p++;
                return unary();
            }
            if (isOp("*")) {
                p++;
                return unary();
            }
            if (isOp("(") && isCast()) {
                p++;
                final StringBuilder type = new StringBuilder();
                while (!isOp(")")) {
                    if (type.length() > 0) type.append(' ');
                    type.append(t.get(p++)[1]);
                }
                p++;
                final String ty = type.toString();
                return new Cast(ty, castBytes(ty), castSigned(ty), unary());
            }
            return postfix(primary());
        }

        /** Whether the parenthesis at p starts a cast: only type words and '*' inside, and an operand follows. */
        private boolean isCast() {
            int k = p + 1;
            int words = 0;
            while (k < t.size() && !isOpAt(k, ")")) {
                final Object[] tok = t.get(k);
                if ((int) tok[0] == Lexer.ID) words++;
                else if (!((int) tok[0] == Lexer.OP && tok[1].equals("*"))) return false;
                k++;
            }
            if (k >= t.size() || words == 0) return false;
            final int after = k + 1;
            if (after >= t.size()) return false;
            final Object[] nx = t.get(after);
            if ((int) nx[0] != Lexer.OP) return true;
            final String o = (String) nx[1];
            // "(type)(x)", "(type)-1", "(type)!x", "(type)~x", "(type)*p", "(type)&x"
            if (o.equals("(") || o.equals("!") || o.equals("~")) return true;
            if (o.equals("-") || o.equals("*") || o.equals("&")) return looksLikeType(p + 1, k);
            return false;
        }

        private boolean looksLikeType(final int from, final int to) {
            for (int k = from; k < to; k++) {
                final Object[] tok = t.get(k);
                if ((int) tok[0] == Lexer.OP) return true;
                final String w = (String) tok[1];
                if (w.matches("(unsigned|signed|int|long|short|char|void|const|struct|enum|bool|u8|u16|u32|u64|s8|s16|s32|s64|size_t|pid_t|gfp_t|[a-z0-9_]+_t)")) return true;
            }
            return false;
        }

        private Expr primary() throws Bad {
            if (atEnd()) throw new Bad("expression ends early");
            final Object[] tok = t.get(p++);
            switch ((int) tok[0]) {
                case Lexer.NUM:
                    return new Num((Long) tok[1]);
                case Lexer.STR:
                    return new Str((String) tok[1]);
                case Lexer.ID: {
                    final String id = (String) tok[1];
                    if (id.equals("REC") && isOp("->")) {
                        p++;
                        if (atEnd() || (int) t.get(p)[0] != Lexer.ID) throw new Bad("REC-> without a field");
                        return new Field((String) t.get(p++)[1]);
                    }
                    if (id.equals("sizeof") && isOp("(")) {
                        p++;
                        final StringBuilder type = new StringBuilder();
                        int depth = 1;
                        while (!atEnd()) {
                            if (isOp("(")) depth++;
                            if (isOp(")") && --depth == 0) break;
                            if (type.length() > 0) type.append(' ');
                            type.append(t.get(p++)[1]);
                        }
                        expect(")");
                        final int b = castBytes(type.toString());
                        return new Num(b == 0 ? 8 : b);
                    }
                    if (isOp("(")) {
                        p++;
                        final List<Expr> args = new ArrayList<>();
                        if (!isOp(")")) {
                            while (true) {
                                args.add(ternary());
                                if (isOp(")")) break;
                                expect(",");
                            }
                        }
                        expect(")");
                        return new Call(id, args);
                    }
                    return new Ident(id);
                }
                default: {
                    final String op = (String) tok[1];
                    if (op.equals("(")) {
                        final Expr e = ternary();
                        // a comma expression inside parentheses keeps the last value
                        Expr last = e;
                        while (isOp(",")) {
                            p++;
                            last = ternary();
                        }
                        expect(")");
                        return last;
                    }
                    if (op.equals("{")) {
                        final List<Expr> items = new ArrayList<>();
                        if (!isOp("}")) {
                            while (true) {
                                items.add(ternary());
                                if (isOp("}")) break;
                                expect(",");
                                if (isOp("}")) break;
                            }
                        }
                        expect("}");
                        return new Braces(items);
                    }
                    throw new Bad("unexpected '" + op + "'");
                }
            }
        }

        private Expr postfix(final Expr base) throws Bad {
            Expr e = base;
            while (true) {
                if (isOp("[")) {
                    p++;
                    final Expr idx = ternary();
                    expect("]");
                    e = new Index(e, idx);
                } else if (isOp(".") || isOp("->")) {
                    p++;
                    if (atEnd()) throw new Bad("member access ends early");
                    final String m = String.valueOf(t.get(p++)[1]);
                    e = new Call("." + m, List.of(e));
                } else {
                    return e;
                }
            }
        }
    }

    /** Width of a cast type in bytes (0 = leave the value alone). Pointers and longs are 8 (the host's). */
    static int castBytes(final String type) {
        final String ty = type.replace("const", "").replace("volatile", "").strip();
        if (ty.contains("*")) return 8;
        switch (ty) {
            case "u8": case "s8": case "char": case "unsigned char": case "signed char": case "bool": case "__u8": case "__s8": case "uint8_t": case "int8_t":
                return 1;
            case "u16": case "s16": case "short": case "unsigned short": case "short int": case "__u16": case "__s16": case "uint16_t": case "int16_t":
                return 2;
            case "u32": case "s32": case "int": case "unsigned int": case "unsigned": case "signed": case "__u32": case "__s32": case "uint32_t": case "int32_t": case "pid_t":
                return 4;
            case "u64": case "s64": case "long": case "unsigned long": case "long long": case "unsigned long long": case "__u64": case "__s64": case "uint64_t": case "int64_t": case "size_t": case "ssize_t":
                return 8;
            default:
                return 0;
        }
    }

    /** Whether a cast type is signed. */
    static boolean castSigned(final String type) {
        final String ty = type.replace("const", "").strip();
        if (ty.contains("*") || ty.startsWith("unsigned") || ty.startsWith("u") || ty.startsWith("__u") || ty.equals("bool") || ty.equals("size_t")) return false;
        return true;
    }
}
