package dev.whylate.format.text;

import static dev.whylate.format.text.Ascii.BAD;

import dev.whylate.model.Fields;

/**
 * The block layer's payloads as the kernel prints them (print fmt of {@code block:*}), decoded into the fields a
 * trace.dat gives the same events, so that filters and {@code --key sector} work alike on text and binary input:
 *
 * <pre>
 * block_rq_issue/insert/merge, block_io_start/done:  MAJ,MIN RWBS BYTES (CMD) SECTOR + NR [IOPRIO] [COMM]
 * block_rq_complete/error/requeue:                  MAJ,MIN RWBS (CMD) SECTOR + NR [IOPRIO] [ERROR]
 * block_bio_queue/backmerge/frontmerge, block_getrq: MAJ,MIN RWBS SECTOR + NR [COMM]
 * block_bio_complete:                               MAJ,MIN RWBS SECTOR + NR [ERROR]
 * block_split:                                      MAJ,MIN RWBS SECTOR / NEW_SECTOR [COMM]
 * block_bio_remap / block_rq_remap:                 MAJ,MIN RWBS SECTOR + NR &lt;- (MAJ,MIN) OLD_SECTOR [NR_BIOS]
 * block_plug / block_unplug:                        [COMM] [NR_RQ]
 * block_touch_buffer / block_dirty_buffer:          MAJ,MIN sector=N size=N
 * </pre>
 *
 * <p>Fields: {@code dev} (the kernel's dev_t, {@code MAJ << 20 | MIN}), {@code rwbs}, {@code bytes}, {@code cmd},
 * {@code sector}, {@code nr_sector}, {@code new_sector}, {@code ioprio} (printed {@code class,hint,level}, the class as a
 * name by the kernel and as a number by trace-cmd and perf: {@code class << 13 | hint << 3 | level}), {@code comm} or {@code error}, {@code old_dev}, {@code old_sector}, {@code nr_bios},
 * {@code nr_rq}. Older kernels print no ioprio; the parts are optional. A payload that does not start with
 * {@code MAJ,MIN} (nor {@code [} for plug/unplug) falls back to the generic rule.
 */
final class BlockPayloads {
    static final String DEV = "dev";
    static final String RWBS = "rwbs";
    static final String BYTES = "bytes";
    static final String CMD = "cmd";
    static final String SECTOR = "sector";
    static final String NR_SECTOR = "nr_sector";
    static final String NEW_SECTOR = "new_sector";
    static final String IOPRIO = "ioprio";
    static final String COMM = "comm";
    static final String ERROR = "error";
    static final String OLD_DEV = "old_dev";
    static final String OLD_SECTOR = "old_sector";
    static final String NR_BIOS = "nr_bios";
    static final String NR_RQ = "nr_rq";
    private static final String[] CLASSES = {"none", "rt", "be", "idle"};

    private BlockPayloads() {}

    /** Decodes the payload {@code [s, e)} of block event {@code event} into {@code out}; false when it is not in a known form. */
    static boolean decode(final String event, final byte[] b, final int s, final int e, final Fields out) {
        if (event.equals("block_plug") || event.equals("block_unplug")) return plug(b, s, e, out);
        int i = dev(b, s, e, out, DEV);
        if (i < 0) return false;
        // RWBS, or name=value pairs (block_touch_buffer/dirty_buffer: sector=N size=N)
        i = Ascii.skipSpaces(b, i, e);
        int w = TextPayloads.wordEnd(b, i, e);
        if (w == i) return true;
        if (Ascii.indexOf(b, i, w, (byte) '=') > i) {
            TextPayloads.generic(b, i, e, out, null, null);
            return true;
        }
        out.add(RWBS, Ascii.str(b, i, w));
        i = Ascii.skipSpaces(b, w, e);
        // BYTES before "(CMD)"
        w = TextPayloads.wordEnd(b, i, e);
        if (w > i && Ascii.isDigit(b[i]) && w + 1 < e && b[w + 1] == '(') {
            TextPayloads.addDec(out, BYTES, b, i, w);
            i = Ascii.skipSpaces(b, w, e);
        }
        if (i < e && b[i] == '(') {
            final int rp = Ascii.indexOf(b, i, e, (byte) ')');
            if (rp < 0) return true;
            out.add(CMD, Ascii.str(b, i + 1, rp));
            i = Ascii.skipSpaces(b, rp + 1, e);
        }
        // SECTOR + NR | SECTOR / NEW_SECTOR
        w = TextPayloads.wordEnd(b, i, e);
        if (w == i || !Ascii.isDigit(b[i])) return true;
        TextPayloads.addDec(out, SECTOR, b, i, w);
        i = Ascii.skipSpaces(b, w, e);
        if (i + 1 < e && (b[i] == '+' || b[i] == '/') && b[i + 1] == ' ') {
            final String name = b[i] == '+' ? NR_SECTOR : NEW_SECTOR;
            i = Ascii.skipSpaces(b, i + 1, e);
            w = TextPayloads.wordEnd(b, i, e);
            TextPayloads.addDec(out, name, b, i, w);
            i = Ascii.skipSpaces(b, w, e);
        }
        // IOPRIO: class,hint,level
        w = TextPayloads.wordEnd(b, i, e);
        if (w > i && b[i] != '[' && b[i] != '<') {
            ioprio(b, i, w, out);
            i = Ascii.skipSpaces(b, w, e);
        }
        // <- (MAJ,MIN) OLD_SECTOR [NR_BIOS]
        if (Ascii.startsWith(b, i, e, "<- (")) {
            final int rp = Ascii.indexOf(b, i, e, (byte) ')');
            if (rp < 0 || dev(b, i + 4, rp, out, OLD_DEV) != rp) return true;
            i = Ascii.skipSpaces(b, rp + 1, e);
            w = TextPayloads.wordEnd(b, i, e);
            TextPayloads.addDec(out, OLD_SECTOR, b, i, w);
            i = Ascii.skipSpaces(b, w, e);
            w = TextPayloads.wordEnd(b, i, e);
            if (w > i) TextPayloads.addDec(out, NR_BIOS, b, i, w);
            return true;
        }
        // [COMM] or [ERROR]
        if (i < e && b[i] == '[' && b[e - 1] == ']') {
            final boolean error = event.endsWith("_complete") || event.endsWith("_error") || event.endsWith("_requeue");
            if (error) TextPayloads.addDec(out, ERROR, b, i + 1, e - 1);
            else out.add(COMM, Ascii.str(b, i + 1, e - 1));
        }
        return true;
    }

    /** {@code [COMM]} and, for unplug, {@code NR_RQ}. */
    private static boolean plug(final byte[] b, final int s, final int e, final Fields out) {
        if (b[s] != '[') return false;
        final int rb = Ascii.lastIndexOf(b, s, e, (byte) ']');
        if (rb < 0) return false;
        out.add(COMM, Ascii.str(b, s + 1, rb));
        final int i = Ascii.skipSpaces(b, rb + 1, e);
        if (i < e) TextPayloads.addDec(out, NR_RQ, b, i, TextPayloads.wordEnd(b, i, e));
        return true;
    }

    /** {@code MAJ,MIN} at {@code s} as {@code name}; the index after it, or -1 when not there. */
    private static int dev(final byte[] b, final int s, final int e, final Fields out, final String name) {
        final int c = Ascii.indexOf(b, s, e, (byte) ',');
        if (c <= s) return -1;
        int m = c + 1;
        while (m < e && Ascii.isDigit(b[m])) m++;
        final long maj = Ascii.parseDec(b, s, c);
        final long min = Ascii.parseDec(b, c + 1, m);
        if (maj == BAD || min == BAD || m == c + 1 || maj < 0 || min < 0 || (m < e && b[m] != ' ')) return -1;
        out.add(name, (maj << 20) | min);
        return m;
    }

    private static void ioprio(final byte[] b, final int s, final int e, final Fields out) {
        final int c1 = Ascii.indexOf(b, s, e, (byte) ',');
        final int c2 = c1 < 0 ? -1 : Ascii.indexOf(b, c1 + 1, e, (byte) ',');
        if (c2 < 0) return;
        int cls = -1;
        for (int k = 0; k < CLASSES.length; k++) if (Ascii.equals(b, s, c1, CLASSES[k])) cls = k;
        if (cls < 0 && Ascii.equals(b, s, c1, "invalid")) cls = 7;
        if (cls < 0) {
            // trace-cmd and perf print the class as a number (0x2): they do not know the kernel's enum names
            final long v = Ascii.parseNumber(b, s, c1);
            if (v >= 0 && v < 8) cls = (int) v;
        }
        final long hint = Ascii.parseDec(b, c1 + 1, c2);
        final long level = Ascii.parseDec(b, c2 + 1, e);
        if (cls < 0 || hint == BAD || level == BAD) return;
        out.add(IOPRIO, ((long) cls << 13) | (hint << 3) | level, Ascii.str(b, s, e));
    }
}
