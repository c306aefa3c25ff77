package dev.whylate.model;

/**
 * Context flags of one event, normalised from the ftrace flags column ({@code d.h1.}) or the binary
 * {@code common_flags}. Stored as one byte per event.
 *
 * <p>{@link #KNOWN} is set only when the input carried flags at all (ftrace text with irq-info, trace.dat,
 * {@code trace-cmd report -l}); perf script and plain {@code trace-cmd report} lines have no flags, and then
 * every other bit is meaningless.
 */
public final class Ctx {
    /** Interrupts were disabled ({@code d} or {@code D}). */
    public static final int IRQS_OFF = 0x01;
    /** A reschedule was pending ({@code N}, {@code n}, {@code p} and the lazy variants). */
    public static final int NEED_RESCHED = 0x02;
    /** The event was emitted in hardirq context ({@code h}, {@code H}, {@code Z}). */
    public static final int HARDIRQ = 0x04;
    /** The event was emitted in softirq context ({@code s}, {@code H}). */
    public static final int SOFTIRQ = 0x08;
    /** The event was emitted in NMI context ({@code z}, {@code Z}). */
    public static final int NMI = 0x10;
    /** Bottom halves were disabled ({@code b} or {@code D}). */
    public static final int BH_OFF = 0x20;
    /** Set when the flags above were present in the input. */
    public static final int KNOWN = 0x40;

    private Ctx() {}

    /**
     * Decodes the ftrace flags column. {@code s} points at the first flag character; {@code len} is 4..8.
     * Only the first three characters carry the bits kept here.
     */
    public static int fromFtraceFlags(final byte[] s, final int off, final int len) {
        int f = KNOWN;
        if (len > 0) {
            switch (s[off]) {
                case 'd': f |= IRQS_OFF; break;
                case 'D': f |= IRQS_OFF | BH_OFF; break;
                case 'b': f |= BH_OFF; break;
                default: break;
            }
        }
        if (len > 1) {
            final byte c = s[off + 1];
            if (c != '.') f |= NEED_RESCHED;
        }
        if (len > 2) {
            switch (s[off + 2]) {
                case 'h': f |= HARDIRQ; break;
                case 's': f |= SOFTIRQ; break;
                case 'H': f |= HARDIRQ | SOFTIRQ; break;
                case 'z': f |= NMI; break;
                case 'Z': f |= NMI | HARDIRQ; break;
                default: break;
            }
        }
        return f;
    }

    /** Decodes the kernel's binary {@code common_flags} byte (TRACE_FLAG_* bits). */
    public static int fromKernelFlags(final int kf) {
        int f = KNOWN;
        if ((kf & 0x01) != 0) f |= IRQS_OFF;
        if ((kf & (0x04 | 0x20)) != 0) f |= NEED_RESCHED;
        if ((kf & 0x08) != 0) f |= HARDIRQ;
        if ((kf & 0x10) != 0) f |= SOFTIRQ;
        if ((kf & 0x40) != 0) f |= NMI;
        if ((kf & 0x80) != 0) f |= BH_OFF;
        return f;
    }

    /** Renders the first three flag characters ({@code d.h}) or {@code ???} when unknown. */
    public static String render(final int f) {
        if ((f & KNOWN) == 0) return "???";
        final char a = (f & IRQS_OFF) != 0 ? ((f & BH_OFF) != 0 ? 'D' : 'd') : ((f & BH_OFF) != 0 ? 'b' : '.');
        final char b = (f & NEED_RESCHED) != 0 ? 'N' : '.';
        final char c;
        if ((f & NMI) != 0) c = (f & HARDIRQ) != 0 ? 'Z' : 'z';
        else if ((f & HARDIRQ) != 0) c = (f & SOFTIRQ) != 0 ? 'H' : 'h';
        else if ((f & SOFTIRQ) != 0) c = 's';
        else c = '.';
        return new String(new char[] {a, b, c});
    }
}
