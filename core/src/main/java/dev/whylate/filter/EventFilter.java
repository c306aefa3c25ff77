package dev.whylate.filter;

import dev.whylate.model.EventStore;
import dev.whylate.model.EventTypes;
import dev.whylate.model.Fields;
import dev.whylate.model.TaskTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compiled {@code EVENT[: EXPR]} filter. EVENT is an event name with or without subsystem
 * ({@code sys_enter_write}, {@code syscalls:sys_enter_write}, {@code syscalls/sys_enter_write}). EXPR follows
 * the ftrace filter syntax: comparisons {@code == != < <= > >=}, bit test {@code &}, glob match {@code ~}
 * ({@code *}, {@code ?}, {@code [...]}), combined with {@code && || !} and parentheses. Values are numbers
 * (decimal, negative, {@code 0x} hex), quoted strings, or bare words.
 *
 * <p>Fields are the event's canonical fields (docs/ARCHITECTURE.md) plus pseudo-fields: {@code comm} (the
 * current task's comm at the event), {@code tid}/{@code common_pid} (current thread), {@code pid} (its process
 * id when known, else the tid), {@code cpu}/{@code common_cpu}. An event field with the same name as a
 * pseudo-field wins, except for the {@code common_*} ones. A comparison on a field the event does not have is
 * false (and {@code !=} true). Numbers compare numerically when the field has a number, otherwise texts
 * compare as strings.
 *
 * <pre>{@code
 * EventFilter f = EventFilter.parse("sys_enter_write: comm == \"frobnicator\" && count == 7", store.types());
 * if (f.matches(store, i, cursor.load(i), tasks)) ...
 * }</pre>
 */
public final class EventFilter {
    private final String text;
    private final int type;
    private final Node root;

    private EventFilter(final String text, final int type, final Node root) {
        this.text = text;
        this.type = type;
        this.root = root;
    }

    /**
     * Parses {@code spec} against the event names of a trace.
     *
     * @throws FilterException with the column of the problem: bad syntax, or an event the trace does not have
     */
    public static EventFilter parse(final String spec, final EventTypes types) throws FilterException {
        final String s = spec.strip();
        int split = -1;
        int type = EventTypes.NONE;
        // the event is the longest prefix ending before a ':' (or the whole text) that names a known event
        for (int p = s.length(); p > 0; p = s.lastIndexOf(':', p - 1)) {
            final String cand = s.substring(0, p).strip();
            if (!cand.isEmpty() && cand.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '/' || c == '.' || c == '-')) {
                final int t = types.find(cand);
                if (t != EventTypes.NONE) {
                    type = t;
                    split = p;
                    break;
                }
            }
            if (p == 0) break;
        }
        if (type == EventTypes.NONE) {
            int end = 0;
            while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || "_:/.-".indexOf(s.charAt(end)) >= 0)) end++;
            String ev = s.substring(0, end);
            final int colon = ev.indexOf(": ");
            if (colon > 0) ev = ev.substring(0, colon);
            if (ev.endsWith(":")) ev = ev.substring(0, ev.length() - 1);
            if (ev.isEmpty()) throw new FilterException("expected an event name", s, 0);
            throw new FilterException("the trace has no event '" + ev + "'" + suggestion(ev, types), s, 0);
        }
        String rest = s.substring(split);
        int offset = split;
        if (rest.startsWith(":")) {
            rest = rest.substring(1);
            offset++;
        }
        final Node root;
        if (rest.isBlank()) {
            root = null;
        } else {
            final Parser p = new Parser(s, offset);
            root = p.parse();
        }
        return new EventFilter(s, type, root);
    }

    private static String suggestion(final String ev, final EventTypes types) {
        final String bare = ev.contains(":") ? ev.substring(ev.lastIndexOf(':') + 1) : ev.contains("/") ? ev.substring(ev.lastIndexOf('/') + 1) : ev;
        final List<String> close = new ArrayList<>();
        for (int t = 0; t < types.size() && close.size() < 5; t++) {
            final String n = types.name(t);
            if (n.contains(bare) || bare.contains(n) || commonPrefix(n, bare) >= Math.min(6, bare.length())) close.add(n);
        }
        return close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)";
    }

    private static int commonPrefix(final String a, final String b) {
        int k = 0;
        while (k < a.length() && k < b.length() && a.charAt(k) == b.charAt(k)) k++;
        return k;
    }

    /** The event type this filter selects. */
    public int type() {
        return type;
    }

    /** The filter text. */
    public String text() {
        return text;
    }

    /** Whether event {@code i} (whose fields are {@code f}) is of the filter's type and passes its expression. */
    public boolean matches(final EventStore store, final int i, final Fields f, final TaskTable tasks) {
        if (store.type(i) != type) return false;
        return root == null || root.test(new Env(store, i, f, tasks));
    }

    /** Whether the filter has an expression (otherwise every event of the type matches, no fields needed). */
    public boolean hasExpression() {
        return root != null;
    }

    /** Pseudo-fields every event has (see the class comment). */
    private static final java.util.Set<String> PSEUDO = java.util.Set.of("comm", "tid", "pid", "cpu", "common_pid", "common_cpu");
    /** How many events of the filter's type {@link #checkFields} looks at. */
    private static final int SAMPLE = 64;

    /**
     * Checks the filter's field names against the fields events of its type carry in {@code store} (the union
     * over its first {@value #SAMPLE} such events) and the pseudo-fields. A comparison on a field the event does
     * not have is false by definition, so a misspelt field ({@code rett > 0}) would silently match nothing: it is
     * an error instead. Nothing is checked when the store has no event of the type or their payloads decode to
     * no fields at all (nothing to compare with).
     *
     * @throws FilterException naming the field, at its column, with the fields the event has
     */
    public void checkFields(final EventStore store) throws FilterException {
        if (root == null) return;
        final java.util.Set<String> known = new java.util.TreeSet<>();
        // fields that held a plain number (its text a number too) in every sampled event
        final java.util.Set<String> textual = new java.util.HashSet<>();
        final Fields f = new Fields();
        int seen = 0;
        for (int i = 0; i < store.size() && seen < SAMPLE; i++) {
            if (store.type(i) != type) continue;
            seen++;
            store.decoder().decode(store, i, f);
            for (int k = 0; k < f.size(); k++) {
                known.add(f.name(k));
                if (!f.isNumber(k) || !plainNumber(f.text(k))) textual.add(f.name(k));
            }
        }
        if (known.isEmpty()) return;
        checkFields(known);
        // "prev_pid == (1" compares texts and can never hold: the kernel refuses such a value too
        final List<Cmp> cmps = new ArrayList<>();
        collect(root, cmps);
        for (final Cmp c : cmps) {
            if (c.isNum() || c.op().equals("~") || !known.contains(c.field()) || textual.contains(c.field())) continue;
            throw new FilterException("'" + c.field() + "' holds numbers: '" + c.text() + "' is not one", text, c.col());
        }
    }

    private static boolean plainNumber(final String t) {
        if (t == null || t.isEmpty()) return false;
        final String v = t.startsWith("-") ? t.substring(1) : t;
        if (v.startsWith("0x") || v.startsWith("0X")) return v.length() > 2 && v.substring(2).chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
        return !v.isEmpty() && v.chars().allMatch(Character::isDigit);
    }

    /**
     * As {@link #checkFields(EventStore)}, against a given field list (e.g. a tracefs format file's).
     *
     * @throws FilterException naming the first unknown field, at its column
     */
    public void checkFields(final java.util.Set<String> known) throws FilterException {
        final List<Cmp> cmps = new ArrayList<>();
        collect(root, cmps);
        for (final Cmp c : cmps) {
            if (known.contains(c.field()) || PSEUDO.contains(c.field())) continue;
            final List<String> shown = new ArrayList<>();
            for (final String k : known) if (!k.startsWith("common_")) shown.add(k);
            throw new FilterException("'" + c.field() + "' is not a field of this event (its fields: " + String.join(", ", shown)
                + "; and comm, tid, pid, cpu)", text, c.col());
        }
    }

    private static void collect(final Node n, final List<Cmp> out) {
        if (n instanceof Cmp c) out.add(c);
        else if (n instanceof And a) {
            collect(a.a(), out);
            collect(a.b(), out);
        } else if (n instanceof Or o) {
            collect(o.a(), out);
            collect(o.b(), out);
        } else if (n instanceof Not x) {
            collect(x.a(), out);
        }
    }

    /** What a node sees. */
    record Env(EventStore store, int i, Fields f, TaskTable tasks) {}

    /** An expression node. */
    interface Node {
        boolean test(Env e);
    }

    private record And(Node a, Node b) implements Node {
        public boolean test(final Env e) {
            return a.test(e) && b.test(e);
        }
    }

    private record Or(Node a, Node b) implements Node {
        public boolean test(final Env e) {
            return a.test(e) || b.test(e);
        }
    }

    private record Not(Node a) implements Node {
        public boolean test(final Env e) {
            return !a.test(e);
        }
    }

    /** One comparison. {@code num} is valid when {@code isNum}. */
    private record Cmp(String field, int col, String op, String text, boolean isNum, long num, java.util.regex.Pattern glob) implements Node {
        public boolean test(final Env e) {
            final Fields f = e.f();
            final int k = field.startsWith("common_") ? -1 : f.indexOf(field);
            boolean hasNum;
            long v = 0;
            String t;
            if (k >= 0) {
                hasNum = f.isNumber(k);
                v = f.number(k);
                t = f.text(k);
            } else {
                switch (field) {
                    case "comm": hasNum = false; t = e.tasks().commAt(e.store().tid(e.i()), e.store().ts(e.i())); break;
                    case "tid": case "common_pid": hasNum = true; v = e.store().tid(e.i()); t = Long.toString(v); break;
                    case "pid": {
                        final int tgid = e.tasks().tgid(e.store().tid(e.i()));
                        hasNum = true;
                        v = tgid > 0 ? tgid : e.store().tid(e.i());
                        t = Long.toString(v);
                        break;
                    }
                    case "cpu": case "common_cpu": hasNum = true; v = e.store().cpu(e.i()); t = Long.toString(v); break;
                    default: return op.equals("!=");
                }
            }
            if (op.equals("~")) return glob.matcher(t).matches();
            if (op.equals("&")) return hasNum && isNum && (v & num) != 0;
            final int c;
            if (hasNum && isNum) c = Long.compare(v, num);
            else c = t.compareTo(text);
            switch (op) {
                case "==": return c == 0;
                case "!=": return c != 0;
                case "<": return c < 0;
                case "<=": return c <= 0;
                case ">": return c > 0;
                case ">=": return c >= 0;
                default: return false;
            }
        }
    }

    /** Recursive-descent parser over the expression part, reporting columns in the whole filter text. */
    private static final class Parser {
        private final String s;
        private int p;

        Parser(final String s, final int from) {
            this.s = s;
            this.p = from;
        }

        Node parse() throws FilterException {
            final Node n = or();
            ws();
            if (p < s.length()) throw new FilterException("unexpected '" + s.charAt(p) + "'", s, p);
            return n;
        }

        private void ws() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++;
        }

        private boolean eat(final String tok) {
            ws();
            if (s.startsWith(tok, p)) {
                p += tok.length();
                return true;
            }
            return false;
        }

        private Node or() throws FilterException {
            Node a = and();
            while (eat("||")) a = new Or(a, and());
            return a;
        }

        private Node and() throws FilterException {
            Node a = unary();
            while (eat("&&")) a = new And(a, unary());
            return a;
        }

        private Node unary() throws FilterException {
            ws();
            if (p < s.length() && s.charAt(p) == '!' && !s.startsWith("!=", p)) {
                p++;
                return new Not(unary());
            }
            if (eat("(")) {
                final Node n = or();
                ws();
                if (!eat(")")) throw new FilterException("expected ')'", s, p);
                return n;
            }
            return cmp();
        }

        private Node cmp() throws FilterException {
            ws();
            final int fs = p;
            while (p < s.length() && (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '_')) p++;
            if (p == fs) throw new FilterException(p < s.length() ? "expected a field name, found '" + s.charAt(p) + "'" : "expected a field name", s, p);
            final String field = s.substring(fs, p);
            ws();
            final int os = p;
            String op = null;
            for (final String o : new String[] {"==", "!=", "<=", ">=", "<", ">", "&", "~"}) {
                if (s.startsWith(o, p) && !(o.equals("&") && s.startsWith("&&", p))) {
                    op = o;
                    break;
                }
            }
            if (op == null) throw new FilterException("expected an operator (== != < <= > >= & ~) after '" + field + "'", s, os);
            p += op.length();
            ws();
            final int vs = p;
            final String val;
            if (p < s.length() && (s.charAt(p) == '"' || s.charAt(p) == '\'')) {
                final char q = s.charAt(p++);
                final StringBuilder b = new StringBuilder();
                while (p < s.length() && s.charAt(p) != q) {
                    if (s.charAt(p) == '\\' && p + 1 < s.length()) p++;
                    b.append(s.charAt(p++));
                }
                if (p >= s.length()) throw new FilterException("unterminated string", s, vs);
                p++;
                val = b.toString();
            } else {
                while (p < s.length() && !Character.isWhitespace(s.charAt(p)) && s.charAt(p) != ')' && s.charAt(p) != '&' && s.charAt(p) != '|') p++;
                if (p == vs) throw new FilterException("expected a value after '" + op + "'", s, vs);
                val = s.substring(vs, p);
            }
            boolean isNum = false;
            long num = 0;
            try {
                final String v = val.toLowerCase(Locale.ROOT);
                if (v.startsWith("0x")) num = Long.parseUnsignedLong(v.substring(2), 16);
                else if (v.startsWith("-0x")) num = -Long.parseUnsignedLong(v.substring(3), 16);
                else num = Long.parseLong(v);
                isNum = true;
            } catch (NumberFormatException e) {
                isNum = false;
            }
            if (op.equals("&") && !isNum) throw new FilterException("'&' needs a number", s, vs);
            if ((op.equals("<") || op.equals(">") || op.equals("<=") || op.equals(">=")) && !isNum) {
                throw new FilterException("'" + op + "' needs a number", s, vs);
            }
            return new Cmp(field, fs, op, val, isNum, num, op.equals("~") ? glob(val) : null);
        }

        private static java.util.regex.Pattern glob(final String g) {
            final StringBuilder b = new StringBuilder();
            for (int i = 0; i < g.length(); i++) {
                final char c = g.charAt(i);
                switch (c) {
                    case '*': b.append(".*"); break;
                    case '?': b.append('.'); break;
                    case '[': {
                        final int end = g.indexOf(']', i + 1);
                        if (end < 0) {
                            b.append("\\[");
                        } else {
                            b.append('[').append(g, i + 1, end).append(']');
                            i = end;
                        }
                        break;
                    }
                    default: b.append(java.util.regex.Pattern.quote(String.valueOf(c)));
                }
            }
            return java.util.regex.Pattern.compile(b.toString(), java.util.regex.Pattern.DOTALL);
        }
    }
}
