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
        final Rec r = rec(out);
        final int fi = load(store.payload(index), r);
        if (fi < 0) return;
        final Plan p = plan(fi);
        for (int k = 0; k < p.fields.length; k++) field(p, k, r, out);
    }

    /** Answers from the record without decoding the other fields (same answer as {@link #decode} + getLong). */
    @Override
    public long number(final EventStore store, final int index, final String name, final long dflt, final Fields scratch) {
        final Rec r = rec(scratch);
        final long ref = store.payload(index);
        final int di = locate(ref, r);
        if (di >= 0) {
            final Plan p = plan(di);
            r.slow = false;
            final long v = directNumber(p, p.indexOf(name), r, dflt);
            if (!r.slow) return v;
        } else if (di == -1) {
            return dflt;
        }
        final int fi = load(ref, r);
        if (fi < 0) return dflt;
        final Plan p = plan(fi);
        return numberOf(p, p.indexOf(name), r, dflt);
    }

    /** Answers from the record without decoding the other fields (same answers as {@link #decode} + getLong). */
    @Override
    public void numbers(final EventStore store, final int index, final String[] names, final long[] dflt, final long[] out,
                        final Fields scratch) {
        final Rec r = rec(scratch);
        final long ref = store.payload(index);
        final int di = locate(ref, r);
        if (di >= 0) {
            final Plan p = plan(di);
            r.slow = false;
            final int[] pos = p.positions(names);
            for (int k = 0; k < names.length && !r.slow; k++) out[k] = directNumber(p, pos[k], r, dflt[k]);
            if (!r.slow) return;
        } else if (di == -1) {
            System.arraycopy(dflt, 0, out, 0, names.length);
            return;
        }
        final int fi = load(ref, r);
        if (fi < 0) {
            System.arraycopy(dflt, 0, out, 0, names.length);
            return;
        }
        final Plan p = plan(fi);
        for (int k = 0; k < names.length; k++) out[k] = numberOf(p, p.indexOf(names[k]), r, dflt[k]);
    }

    /**
     * Finds the record at {@code ref} in place, without copying it ({@code r.dbuf/dpos/dlen}): returns its
     * format index, -1 when {@link #load} would find no record either, -2 when only {@link #load} can tell
     * (end of a segment, unusual headers).
     */
    private int locate(final long ref, final Rec r) {
        Space.Segment g = r.seg;
        if (g == null || ref < g.base || ref >= g.base + g.size) {
            g = space.segment(ref);
            r.seg = g;
        }
        if (g == null) return -1;
        final long off = ref - g.base;
        final int w = g.window(off);
        if (w < 0 || w >= g.win.length) return -2;
        final java.nio.ByteBuffer bb = g.win[w];
        final long p = off - g.windowBase(w);
        final long end = Math.min(bb.limit(), g.size - g.windowBase(w));
        if (p < 0 || p + 8 > end) return -2;
        final int word = bb.getInt((int) p);
        final int tl = big ? word >>> 27 : word & 31;
        final long ds;
        final int dlen;
        if (tl == 0) {
            final long a0 = bb.getInt((int) p + 4) & 0xFFFFFFFFL;
            if (a0 < 4 || a0 > (1 << 24)) return -2;
            dlen = (int) ((a0 - 4 + 3) & ~3L);
            ds = p + 8;
        } else if (tl <= 28) {
            dlen = tl * 4;
            ds = p + 4;
        } else {
            return -2;
        }
        if (ds + dlen > end) return -2;
        r.dbuf = bb;
        r.dpos = (int) ds;
        r.dlen = dlen;
        return formats.indexOf((int) r.du(common[0], common[1]));
    }

    /** Numbers and texts from the record in place when it can (comms, cached symbols), else from a decode. */
    @Override
    public void numbersAndTexts(final EventStore store, final int index, final String[] numNames, final long[] dflt,
                                final long[] numOut, final String[] textNames, final String[] textOut, final Fields scratch) {
        final Rec r = rec(scratch);
        final int di = locate(store.payload(index), r);
        if (di >= 0) {
            final Plan p = plan(di);
            r.slow = false;
            final int[] np = p.positions(numNames);
            final int[] tp = p.positions(textNames);
            for (int k = 0; k < numNames.length && !r.slow; k++) numOut[k] = directNumber(p, np[k], r, dflt[k]);
            for (int k = 0; k < textNames.length && !r.slow; k++) textOut[k] = directText(p, tp[k], r);
            if (!r.slow) return;
        }
        PayloadDecoder.super.numbersAndTexts(store, index, numNames, dflt, numOut, textNames, textOut, scratch);
    }

    /**
     * {@link Fields#getString} of field {@code k} of the record found by {@link #locate} (null for k &lt; 0);
     * sets {@code r.slow} when only a decode can tell.
     */
    private String directText(final Plan p, final int k, final Rec r) {
        if (k < 0) return null;
        final FormatField f = p.fields[k];
        if (k == p.bprint || p.pieces[k] != null && p.kind[k] != SCALAR) {
            r.slow = true;
            return null;
        }
        switch (p.kind[k]) {
            case TEXT: {
                if (f.dynamic() || p.trimNewline) break;
                final int off = f.offset();
                if (off > r.dlen) return "";
                final int max = f.size() == 0 ? r.dlen - off : Math.min(f.size(), r.dlen - off);
                if (max == 16) {
                    // a comm: two reads, then the text made for the same bytes before
                    long lo = r.dbuf.getLong(r.dpos + off);
                    long hi = r.dbuf.getLong(r.dpos + off + 8);
                    if (big) {
                        lo = Long.reverseBytes(lo);
                        hi = Long.reverseBytes(hi);
                    }
                    return r.strCached16(lo, hi);
                }
                if (max > 64) break;
                final byte[] b = r.room(Math.max(max, 0));
                r.dbuf.get(r.dpos + off, b, 0, Math.max(max, 0));
                final int saved = r.len;
                r.len = max;
                final String t = r.strCached(0, max);
                r.len = saved;
                return t;
            }
            case SCALAR: {
                if (k == p.prevState) {
                    final State s = p.states.get(r.du(f.offset(), f.size()));
                    if (s == null) break;
                    return s.text;
                }
                if (p.printk[k]) break;
                if (p.sym[k] != 0 || p.pieces[k] != null) {
                    final String t = p.texts[k].get(r.du(f.offset(), f.size()));
                    if (t == null) break;
                    return t;
                }
                return Long.toString(r.dnum(f));
            }
            default:
                break;
        }
        r.slow = true;
        return null;
    }

    /** {@link #numberOf} of the record found by {@link #locate}; sets {@code r.slow} when it must be copied first. */
    private long directNumber(final Plan p, final int k, final Rec r, final long dflt) {
        if (k < 0 || k == p.bprint) return dflt;
        final FormatField f = p.fields[k];
        if (p.kind[k] != SCALAR) {
            if (p.kind[k] == MASK) r.slow = true;
            return dflt;
        }
        if (k != p.prevState) return r.dnum(f);
        final State s = p.states.get(r.du(f.offset(), f.size()));
        if (s == null) {
            r.slow = true;
            return dflt;
        }
        return s.state;
    }

    /** The number {@link #field} gives field {@code k}, or {@code dflt} when it gives none (or k &lt; 0). */
    private long numberOf(final Plan p, final int k, final Rec r, final long dflt) {
        if (k < 0 || k == p.bprint) return dflt;
        final FormatField f = p.fields[k];
        switch (p.kind[k]) {
            case SCALAR:
                return k == p.prevState ? prevState(p, k, r).state : r.num(f);
            case MASK: {
                final int[] d = r.span(f);
                return mask(r, d);
            }
            default:
                return dflt;
        }
    }

    /** The text of scalar field {@code k}: its symbol, printk string or computed text, or {@code null}. */
    private String scalarText(final Plan p, final int k, final Rec r) {
        final FormatField f = p.fields[k];
        if (p.sym[k] != 0) {
            // a symbol is a function of the address: cached per field
            final long a = r.u(f.offset(), f.size());
            String t = p.texts[k].get(a);
            if (t == null) {
                t = renderer.symbols().symbol(a, p.sym[k] == 2);
                if (t != null) p.texts[k].put(a, t);
            }
            return t;
        }
        if (p.printk[k]) return renderer.symbols().printk().get(r.u(f.offset(), f.size()));
        if (p.pieces[k] != null) {
            // a text computed from this one scalar is a function of its value: cached per field
            final long raw = r.u(f.offset(), f.size());
            String t = p.texts[k].get(raw);
            if (t == null) {
                t = pieces(p.pieces[k], r);
                p.texts[k].put(raw, t);
            }
            return t;
        }
        return null;
    }

    /** A prev_state's canonical bits and printed letters (a function of its raw value: cached). */
    private record State(int state, String text) {}

    private State prevState(final Plan p, final int k, final Rec r) {
        final FormatField f = p.fields[k];
        final long raw = r.u(f.offset(), f.size());
        State s = p.states.get(raw);
        if (s == null) {
            final String t = scalarText(p, k, r);
            int st = t == null ? TaskState.UNKNOWN : TaskState.parse(t);
            if (st == TaskState.UNKNOWN) st = TaskState.fromRawNumber(r.num(f));
            s = new State(st, t != null ? t : TaskState.render(st));
            p.states.put(raw, s);
        }
        return s;
    }

    private long mask(final Rec r, final int[] d) {
        long m = 0;
        final int bits = Math.min(64, d[1] * 8);
        for (int b = 0; b < bits; b++) {
            final int byteIdx = b >> 3;
            final int idx = big ? d[1] - (byteIdx + 1) : byteIdx;
            if (((r.b[d[0] + idx] >> (b & 7)) & 1) != 0) m |= 1L << b;
        }
        return m;
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

    /** The record scratch kept with {@code f} (one per Fields, so per thread at a time; no thread-local lookup). */
    private Rec rec(final Fields f) {
        final Object o = f.decoderState(this);
        if (o != null) return (Rec) o;
        final Rec r = new Rec();
        r.big = big;
        r.longSize = kernelLong;
        f.decoderState(this, r);
        return r;
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

    private Plan plan(final int fi) {
        final Plan p = plans[fi];
        // a Plan's fields are final, so a reference seen without the lock is a fully built Plan
        return p != null ? p : newPlan(fi);
    }

    private synchronized Plan newPlan(final int fi) {
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
                if (k == p.prevState) {
                    final State st = prevState(p, k, r);
                    out.add(name, st.state, st.text);
                    return;
                }
                final long v = r.num(f);
                final String t = scalarText(p, k, r);
                if (t != null) {
                    out.add(name, v, t);
                } else {
                    out.add(name, v);
                }
                return;
            }
            case TEXT: {
                String t;
                if (p.pieces[k] != null) {
                    t = pieces(p.pieces[k], r);
                } else if (!f.dynamic()) {
                    // fixed char arrays (comms): the same few texts again and again, cached by content per thread
                    t = f.offset() > r.len ? "" : r.strCached(f.offset(), f.size() == 0 ? r.len - f.offset() : Math.min(f.size(), r.len - f.offset()));
                } else {
                    final int[] sp = r.span(f);
                    t = r.str(sp[0], sp[1]);
                }
                if (p.trimNewline) while (t.endsWith("\n")) t = t.substring(0, t.length() - 1);
                out.add(name, t);
                return;
            }
            case MASK: {
                final int[] d = r.span(f);
                final long m = mask(r, d);
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
        /** Texts of scalar fields with pieces or symbols, by raw value. */
        final ValueCache<String>[] texts;
        /** prev_state texts and bits by raw value. */
        final ValueCache<State> states = new ValueCache<>();
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
            texts = new ValueCache[n];
            for (int k = 0; k < n; k++) texts[k] = new ValueCache<>();
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

        /** The field positions of a names array asked for recently (by identity). */
        private record Positions(String[] names, int[] pos) {}

        private volatile Positions[] recent = new Positions[0];

        /** {@link #indexOf} of each of {@code names}, remembered for the few arrays the analyses pass again and again. */
        int[] positions(final String[] names) {
            final Positions[] rs = recent;
            for (final Positions x : rs) if (x.names == names) return x.pos;
            final int[] pos = new int[names.length];
            for (int k = 0; k < names.length; k++) pos[k] = indexOf(names[k]);
            if (rs.length < 8) {
                final Positions[] n = java.util.Arrays.copyOf(rs, rs.length + 1);
                n[rs.length] = new Positions(names, pos);
                recent = n;
            }
            return pos;
        }

        /** Index of the first decoded field called {@code name} (as {@link Fields#indexOf} would find it), or -1. */
        int indexOf(final String name) {
            for (int k = 0; k < fields.length; k++) if (fields[k].name() == name && kind[k] != SKIP) return k;
            for (int k = 0; k < fields.length; k++) if (fields[k].name().equals(name) && kind[k] != SKIP) return k;
            return -1;
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
