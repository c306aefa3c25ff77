package dev.whylate.format.dat;

import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import dev.whylate.model.PayloadDecoder;
import dev.whylate.model.TaskState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes trace.dat event payloads from their records. A payload reference is the 40-bit address (see
 * {@link Space}) of the event's ring-buffer header, so the record is found again without any per-event
 * state. Fields come from the event's own format: integers of every size (signed as the format says), char
 * arrays and {@code __data_loc}/{@code __rel_loc} strings as text, other arrays as {@code {0x1,0x2}} text,
 * cpumasks as a number (low 64 CPUs) and the kernel's CPU list. Where the print fmt prints a field through
 * {@code %ps}/{@code %pS}, the text is the kallsyms symbol ({@code name} or {@code name+0xoff}); where it
 * prints it through {@code __print_symbolic}, {@code __print_flags} or {@code ?:}, the text is what that
 * prints ({@code vec} → {@code TIMER}, {@code ret} → {@code handled}). {@code sched_switch prev_state}
 * carries the canonical {@link TaskState} bits decoded from this trace's own letters; {@code bprint buf} is the
 * formatted message. Unsigned pointer-sized fields named like code addresses ({@code function}, {@code func},
 * {@code callback}, {@code ip}, ...) get their symbol as text even when the print fmt shows a bare number.
 * Common fields ({@code common_*}) are left out. Thread-safe.
 */
public final class DatPayloads implements PayloadDecoder {
    private static final int SCALAR = 0;
    private static final int TEXT = 1;
    private static final int ARRAY = 2;
    private static final int MASK = 3;
    private static final int BYTES = 4;
    private static final int SKIP = 5;
    /** Names of pointer fields that hold a code address (resolved through kallsyms even without %ps). */
    private static final java.util.regex.Pattern FUNCTION_LIKE =
        java.util.regex.Pattern.compile("function|func|fn|callback|callsite|call_site|ip|caller|handler|action");

    private final Space space;
    private final EventFormats formats;
    private final Renderer renderer;
    private final int[] common;
    private final int kernelLong;
    private final boolean big;
    private final Plan[] plans;
    private final long[] regionStart;
    private final long[] regionEnd;
    private final int[] regionBuffer;
    private final List<String> bufferNames;
    private final ThreadLocal<Rec> recs;

    DatPayloads(final Space space, final EventFormats formats, final Symbols syms, final int[] common, final int kernelLong,
                final long[] regionStart, final long[] regionEnd, final int[] regionBuffer, final List<String> bufferNames) {
        this.space = space;
        this.formats = formats;
        this.renderer = new Renderer(syms);
        this.common = common;
        this.kernelLong = kernelLong;
        this.big = space.order() == java.nio.ByteOrder.BIG_ENDIAN;
        this.plans = new Plan[formats.size()];
        this.regionStart = regionStart;
        this.regionEnd = regionEnd;
        this.regionBuffer = regionBuffer;
        this.bufferNames = List.copyOf(bufferNames);
        this.recs = ThreadLocal.withInitial(() -> {
            final Rec r = new Rec();
            r.big = big;
            r.longSize = kernelLong;
            return r;
        });
    }

    /** Names of the buffers (instances) in the file, top instance ({@code ""}) first. */
    public List<String> bufferNames() {
        return bufferNames;
    }

    /** The buffer (instance) name of event {@code i}: {@code ""} for the top instance. */
    public String buffer(final EventStore store, final int i) {
        final long ref = store.payload(i);
        int lo = 0;
        int hi = regionStart.length - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            if (ref < regionStart[mid]) hi = mid - 1;
            else if (ref >= regionEnd[mid]) lo = mid + 1;
            else return bufferNames.get(regionBuffer[mid]);
        }
        return "";
    }

    /** The format of event {@code i}, or {@code null} when its record cannot be read. */
    public EventFormat format(final EventStore store, final int i) {
        final Rec r = recs.get();
        final int fi = load(store.payload(i), r);
        return fi < 0 ? null : formats.format(fi);
    }

    /** The format of the event called {@code name} ({@code system:name} accepted), or {@code null}. */
    public EventFormat format(final String name) {
        return formats.find(name);
    }

    /** A private copy of event {@code i}'s record (for tests and tools), or {@code null}. */
    Rec record(final EventStore store, final int i) {
        final Rec r = new Rec();
        r.big = big;
        r.longSize = kernelLong;
        return load(store.payload(i), r) < 0 ? null : r;
    }

    /** The parsed print fmt of event {@code i}'s format, or {@code null}. */
    PrintFmt printFmt(final EventStore store, final int i) {
        final Rec r = recs.get();
        final int fi = load(store.payload(i), r);
        return fi < 0 ? null : formats.printFmt(fi);
    }

    /** The renderer (symbols, printf). */
    Renderer renderer() {
        return renderer;
    }

    @Override
    public void decode(final EventStore store, final int index, final Fields out) {
        out.clear();
        final Rec r = recs.get();
        final int fi = load(store.payload(index), r);
        if (fi < 0) return;
        final Plan p = plan(fi);
        for (int k = 0; k < p.fields.length; k++) field(p, k, r, out);
    }

    @Override
    public String text(final EventStore store, final int index) {
        final Rec r = recs.get();
        final int fi = load(store.payload(index), r);
        if (fi < 0) return "";
        final Plan p = plan(fi);
        String s;
        if (p.bprint >= 0) {
            s = bprint(p, r, true);
        } else if (p.pf.error == null) {
            s = renderer.render(p.pf, r);
        } else {
            final Fields f = new Fields();
            for (int k = 0; k < p.fields.length; k++) field(p, k, r, f);
            s = f.toString();
        }
        while (s.endsWith("\n")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /** Copies the record at {@code ref} into {@code r}; returns its format index or -1. */
    private int load(final long ref, final Rec r) {
        Space.Segment g = r.seg;
        if (g == null || ref < g.base || ref >= g.base + g.size) {
            g = space.segment(ref);
            r.seg = g;
        }
        r.len = 0;
        if (g == null) return -1;
        final byte[] h = r.room(16);
        final int got = Space.copy(g, ref, h, 8);
        if (got < 4) return -1;
        final long word = big ? ((h[0] & 0xFFL) << 24) | ((h[1] & 0xFFL) << 16) | ((h[2] & 0xFFL) << 8) | (h[3] & 0xFFL)
            : ((h[3] & 0xFFL) << 24) | ((h[2] & 0xFFL) << 16) | ((h[1] & 0xFFL) << 8) | (h[0] & 0xFFL);
        final int tl = (int) (big ? word >>> 27 : word & 31);
        final long ds;
        final int dlen;
        if (tl == 0) {
            if (got < 8) return -1;
            final long a0 = big ? ((h[4] & 0xFFL) << 24) | ((h[5] & 0xFFL) << 16) | ((h[6] & 0xFFL) << 8) | (h[7] & 0xFFL)
                : ((h[7] & 0xFFL) << 24) | ((h[6] & 0xFFL) << 16) | ((h[5] & 0xFFL) << 8) | (h[4] & 0xFFL);
            if (a0 < 4 || a0 > (1 << 24)) return -1;
            dlen = (int) ((a0 - 4 + 3) & ~3L);
            ds = ref + 8;
        } else if (tl <= 28) {
            dlen = tl * 4;
            ds = ref + 4;
        } else {
            return -1;
        }
        final byte[] b = r.room(dlen);
        r.len = Space.copy(g, ds, b, dlen);
        final int type = (int) r.u(common[0], common[1]);
        return formats.indexOf(type);
    }

    private synchronized Plan plan(final int fi) {
        Plan p = plans[fi];
        if (p == null) {
            p = new Plan(formats.format(fi), formats.printFmt(fi), kernelLong);
            plans[fi] = p;
        }
        return p;
    }

    private void field(final Plan p, final int k, final Rec r, final Fields out) {
        final FormatField f = p.fields[k];
        final String name = f.name();
        if (k == p.bprint) {
            out.add(name, bprint(p, r, false));
            return;
        }
        switch (p.kind[k]) {
            case SKIP:
                return;
            case SCALAR: {
                final long v = r.num(f);
                String t = null;
                if (p.sym[k] != 0) {
                    t = renderer.symbols().symbol(r.u(f.offset(), f.size()), p.sym[k] == 2);
                } else if (p.printk[k]) {
                    t = renderer.symbols().printk().get(r.u(f.offset(), f.size()));
                } else if (p.pieces[k] != null) {
                    // a text computed from this one scalar is a function of its value: remember the few values seen
                    final java.util.Map<Long, String> memo = p.memo[k];
                    final long raw = r.u(f.offset(), f.size());
                    t = memo.get(raw);
                    if (t == null) {
                        t = pieces(p.pieces[k], r);
                        if (memo.size() < 1024) memo.put(raw, t);
                    }
                }
                if (k == p.prevState) {
                    int st = t == null ? TaskState.UNKNOWN : TaskState.parse(t);
                    if (st == TaskState.UNKNOWN) st = TaskState.fromRawNumber(v);
                    out.add(name, st, t != null ? t : TaskState.render(st));
                } else if (t != null) {
                    out.add(name, v, t);
                } else {
                    out.add(name, v);
                }
                return;
            }
            case TEXT: {
                final int[] sp = r.span(f);
                String t = p.pieces[k] != null ? pieces(p.pieces[k], r) : r.str(sp[0], sp[1]);
                if (p.trimNewline) while (t.endsWith("\n")) t = t.substring(0, t.length() - 1);
                out.add(name, t);
                return;
            }
            case MASK: {
                final int[] d = r.span(f);
                long m = 0;
                final int bits = Math.min(64, d[1] * 8);
                for (int b = 0; b < bits; b++) {
                    final int byteIdx = b >> 3;
                    final int idx = big ? d[1] - (byteIdx + 1) : byteIdx;
                    if (((r.b[d[0] + idx] >> (b & 7)) & 1) != 0) m |= 1L << b;
                }
                final StringBuilder s = new StringBuilder();
                if (p.pieces[k] != null) s.append(pieces(p.pieces[k], r));
                else Renderer.cpumask(r, d, s);
                out.add(name, m, s.toString());
                return;
            }
            case ARRAY: {
                if (p.pieces[k] != null) {
                    out.add(name, pieces(p.pieces[k], r));
                    return;
                }
                final int[] sp = r.span(f);
                final int es = f.elementSize() == 1 || f.elementSize() == 2 || f.elementSize() == 4 || f.elementSize() == 8 ? f.elementSize() : 1;
                final StringBuilder s = new StringBuilder("{");
                for (int o = 0; o + es <= sp[1]; o += es) {
                    if (o > 0) s.append(',');
                    s.append("0x").append(Long.toHexString(r.u(sp[0] + o, es)));
                }
                out.add(name, s.append('}').toString());
                return;
            }
            default: {
                final int[] sp = r.span(f);
                final StringBuilder s = new StringBuilder();
                for (int o = 0; o < sp[1]; o++) {
                    final String h = Integer.toHexString(r.b[sp[0] + o] & 0xFF);
                    if (h.length() < 2) s.append('0');
                    s.append(h);
                }
                out.add(name, s.toString());
            }
        }
    }

    private String pieces(final List<PrintFmt.Piece> ps, final Rec r) {
        final StringBuilder s = new StringBuilder();
        for (final PrintFmt.Piece pc : ps) renderer.piece(pc, r, s);
        return s.toString();
    }

    /**
     * A bprint record's message: the printk format its {@code fmt} points at, applied to the binary arguments
     * in {@code buf} (each aligned to 4 bytes; {@code %s} arguments stored inline), as trace-cmd does.
     */
    private String bprint(final Plan p, final Rec r, final boolean withIp) {
        final FormatField fmtF = p.fmt.field("fmt");
        final FormatField ipF = p.fmt.field("ip");
        final FormatField bufF = p.fields[p.bprint];
        final long ip = ipF == null ? 0 : r.u(ipF.offset(), ipF.size());
        final long fa = fmtF == null ? 0 : r.u(fmtF.offset(), fmtF.size());
        final String f = renderer.symbols().printk().get(fa);
        final StringBuilder out = new StringBuilder();
        if (withIp) {
            final String sym = renderer.symbols().symbol(ip, false);
            out.append(sym != null ? sym : "0x" + Long.toHexString(ip)).append(": ");
        }
        if (f == null) {
            out.append("(NO FORMAT FOUND at ").append(Long.toHexString(fa)).append(')');
            return out.toString();
        }
        final List<Expr> args = new ArrayList<>();
        int at = bufF.offset();
        final int end = r.len;
        for (int i = 0; i < f.length() && at < end; i++) {
            if (f.charAt(i) != '%') continue;
            int ls = 0;
            i++;
            boolean again = true;
            while (again && i < f.length()) {
                again = false;
                final char c = f.charAt(i);
                switch (c) {
                    case '%':
                        break;
                    case 'l': ls++; i++; again = true; break;
                    case 'L': ls = 2; i++; again = true; break;
                    case 'z': case 'Z': ls = 1; i++; again = true; break;
                    case '.': case '#': case '-': case '+': case ' ':
                    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
                        i++;
                        again = true;
                        break;
                    case '*': {
                        at = (at + 3) & ~3;
                        args.add(new Expr.Num(r.u(at, 4)));
                        at += 4;
                        i++;
                        again = true;
                        break;
                    }
                    case 's': {
                        final String s = r.str(at, end - at);
                        args.add(new Expr.Str(s));
                        at += s.getBytes(StandardCharsets.UTF_8).length + 1;
                        break;
                    }
                    case 'p': {
                        if (i + 1 < f.length() && Character.isLetterOrDigit(f.charAt(i + 1))) {
                            final char x = f.charAt(i + 1);
                            final boolean sym = x == 's' || x == 'S' || x == 'x' || ((x == 'f' || x == 'F') && !(i + 2 < f.length() && f.charAt(i + 2) == 'w'));
                            // older kernels store the text a special pointer points at, when it is printable
                            if (!sym && at < end && r.b[at] >= 32 && r.b[at] < 127) {
                                final String s = r.str(at, end - at);
                                args.add(new Expr.Str(s));
                                at += s.getBytes(StandardCharsets.UTF_8).length + 1;
                                break;
                            }
                        }
                        at = number(r, args, at, kernelLong);
                        break;
                    }
                    case 'd': case 'u': case 'i': case 'x': case 'X': case 'o':
                        at = number(r, args, at, ls == 0 ? 4 : ls == 1 ? kernelLong : 8);
                        break;
                    default:
                        break;
                }
            }
        }
        final PrintFmt pf = PrintFmt.ofFormat(f, args);
        if (pf.error != null) {
            out.append(f);
            return out.toString();
        }
        final Rec none = new Rec();
        none.big = big;
        none.longSize = kernelLong;
        final String msg = renderer.render(pf, none);
        String m = msg;
        if (!withIp) while (m.endsWith("\n")) m = m.substring(0, m.length() - 1);
        out.append(m);
        return out.toString();
    }

    /** Appends the {@code size}-byte number at {@code at} (aligned to 4) of a bprint buffer; returns the next position. */
    private static int number(final Rec r, final List<Expr> args, final int at, final int size) {
        final int a = (at + 3) & ~3;
        args.add(new Expr.Num(r.u(a, size)));
        return a + size;
    }

    /** How to decode each field of one format, worked out once from its fields and print fmt. */
    private static final class Plan {
        final EventFormat fmt;
        final PrintFmt pf;
        final FormatField[] fields;
        final int[] kind;
        /** 0 none, 1 %ps (name), 2 %pS (name+0xoff). */
        final int[] sym;
        final boolean[] printk;
        final List<PrintFmt.Piece>[] pieces;
        /** Texts of scalar fields with pieces, by raw value. */
        final java.util.Map<Long, String>[] memo;
        final int prevState;
        final int bprint;
        final boolean trimNewline;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Plan(final EventFormat fmt, final PrintFmt pf, final int kernelLong) {
            this.fmt = fmt;
            this.pf = pf;
            fields = fmt.fields().toArray(new FormatField[0]);
            final int n = fields.length;
            kind = new int[n];
            sym = new int[n];
            printk = new boolean[n];
            pieces = new List[n];
            memo = new java.util.Map[n];
            for (int k = 0; k < n; k++) memo[k] = new java.util.concurrent.ConcurrentHashMap<>();
            int ps = -1;
            int bp = -1;
            final boolean isBprint = fmt.name().equals("bprint") && fmt.field("fmt") != null;
            for (int k = 0; k < n; k++) {
                final FormatField f = fields[k];
                if (f.name().equals("prev_state") && fmt.name().equals("sched_switch")) ps = k;
                if (isBprint && f.name().equals("buf")) bp = k;
                if (f.dynamic() && f.type().contains("cpumask")) kind[k] = MASK;
                else if (f.string() || (f.dynamic() && f.type().contains("char"))) kind[k] = TEXT;
                else if (f.array() || f.dynamic()) kind[k] = ARRAY;
                else if (f.size() == 1 || f.size() == 2 || f.size() == 4 || f.size() == 8) kind[k] = SCALAR;
                else if (f.size() == 0) kind[k] = SKIP;
                else kind[k] = BYTES;
            }
            prevState = ps;
            bprint = bp;
            trimNewline = fmt.name().equals("print") || fmt.system().equals("ftrace");
            if (pf.error == null) {
                for (final PrintFmt.Piece p : pf.pieces) {
                    if (p.kind() == PrintFmt.LIT) continue;
                    final FormatField direct = PrintFmt.directField(p.arg());
                    final int k = indexOf(direct);
                    if (p.kind() == PrintFmt.PTR && k >= 0) {
                        final String e = p.ext();
                        if (e.startsWith("s") || e.startsWith("f")) sym[k] = 1;
                        else if (e.startsWith("S") || e.startsWith("F")) sym[k] = 2;
                        continue;
                    }
                    if (p.kind() == PrintFmt.STR && k >= 0) {
                        if (kind[k] == SCALAR && f(k).size() == kernelLong && !f(k).array()) printk[k] = true;
                        continue;
                    }
                    if (p.kind() != PrintFmt.STR || k >= 0) continue;
                    // a string computed from one field: __print_symbolic, __print_flags, ?:, __get_cpumask ...
                    final List<FormatField> used = new ArrayList<>();
                    PrintFmt.fieldsOf(p.arg(), used);
                    if (used.size() != 1) continue;
                    final int u = indexOf(used.get(0));
                    if (u < 0) continue;
                    if (pieces[u] == null) pieces[u] = new ArrayList<>();
                    pieces[u].add(p);
                    if (kind[u] == ARRAY && p.arg() instanceof Expr.Call
                        && ((Expr.Call) p.arg()).name.matches("__get_(rel_)?(bitmask|cpumask)")) kind[u] = MASK;
                }
            }
            // function-like pointers the print fmt shows as plain numbers still get their symbol as text
            for (int k = 0; k < n; k++) {
                final FormatField f = fields[k];
                if (kind[k] == SCALAR && sym[k] == 0 && !printk[k] && pieces[k] == null && f.size() == kernelLong
                    && !f.signed() && FUNCTION_LIKE.matcher(f.name()).matches()) sym[k] = 1;
            }
        }

        private FormatField f(final int k) {
            return fields[k];
        }

        private int indexOf(final FormatField f) {
            if (f == null) return -1;
            for (int k = 0; k < fields.length; k++) if (fields[k] == f) return k;
            return -1;
        }

        @Override
        public String toString() {
            return fmt.name() + Arrays.toString(kind);
        }
    }
}
