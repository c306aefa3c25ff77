package dev.whylate.format.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.EventStore;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.Fields;
import dev.whylate.model.TaskState;
import dev.whylate.model.Trace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares everything whylate reads from a trace.dat with trace-cmd's own report of it:
 * <ul>
 * <li>every event (ns timestamp, CPU, pid, event name, buffer) with {@code trace-cmd report -t -R};</li>
 * <li>every field's printed value with the same {@code -R} output: trace-cmd prints a field through the
 * print fmt conversion that prints it directly (walking the print fmt as libtraceevent does) or else raw
 * ({@code %d}, {@code 0x%llx} for longs and pointers, {@code ARRAY[..]}); the expected text is built from the
 * record bytes and our renderer and must equal trace-cmd's exactly, and our decoded {@link Fields} must hold
 * the same number or text;</li>
 * <li>every event's text with {@code trace-cmd report -t -N} (the kernel print fmt, no plugins);</li>
 * <li>{@code sched_switch prev_state}: our letters equal the {@code -N} letters and our number is
 * {@link TaskState#parse} of them;</li>
 * <li>the lost-event markers ({@code CPU:N [M EVENTS DROPPED]}) and ours, by CPU and count.</li>
 * </ul>
 * Not comparable, and skipped: {@code bprint buf} in {@code -R} (trace-cmd prints the raw first word, we the
 * formatted message, which the {@code -N} text check covers).
 *
 * <p>Known deviation of trace-cmd 3.1.6 / libtraceevent 1.7.1, where whylate follows C (and the kernel's own
 * text): {@code timer_start} prints {@code flags=%s} of {@code __print_flags(REC->flags & (M | D | P | I), ...)};
 * libtraceevent evaluates the mask as {@code (flags & M) | D | P | I} and so always prints {@code D|P|I}. For
 * that event the flags are left out of the comparison. libtraceevent also reads signed 1- and 2-byte fields
 * unsigned ({@code %d} of an {@code s8} -5 prints 251); whylate prints -5 like the kernel; the {@code -R} model
 * below mirrors trace-cmd's reading for those fields, and the synthetic {@code whylate_kinds} test event's
 * small signed fields are left out of the text comparison.
 */
final class DatCompare {
    /** Events whose text trace-cmd renders wrongly: the parts matching the pattern are blanked on both sides. */
    static final Map<String, Pattern> KNOWN_TEXT_DEVIATIONS = Map.of(
        "timer:timer_start", Pattern.compile(" flags=.*$"),
        "whylate:whylate_kinds", Pattern.compile("\\b[ac]=-?\\d+"));

    private DatCompare() {}

    /** What was compared. */
    record Summary(int events, long fields, long texts, Map<String, Integer> textMismatchByEvent, List<String> textExamples) {}

    /** Reads {@code dat} with whylate and trace-cmd and asserts they agree; returns the counts. */
    static Summary compareAll(final Path dat) throws Exception {
        final Trace t = Traces.read(dat.toString(), new ReadOptions(2));
        assertThat(t.format()).startsWith("trace.dat v");
        assertThat(t.truncated()).as("damage reported for " + dat).isNull();
        assertThat(t.unparsedCount()).as("unparsed records in " + dat).isZero();
        final EventStore s = t.events();
        final DatPayloads d = (DatPayloads) s.decoder();
        final List<String> buffers = d.bufferNames();
        final TraceCmd.Report raw = report(dat, "-R", buffers, s.size());
        final TraceCmd.Report txt = report(dat, "-N", buffers, s.size());
        assertThat(s.size()).as("events in " + dat).isEqualTo(raw.lines().size());
        assertThat(txt.lines()).hasSize(raw.lines().size());

        // align: both sides in (ts, cpu, buffer) order, ties kept in their own order
        final int n = s.size();
        final Integer[] ours = new Integer[n];
        final Integer[] theirs = new Integer[n];
        for (int k = 0; k < n; k++) {
            ours[k] = k;
            theirs[k] = k;
        }
        java.util.Arrays.sort(ours, Comparator.<Integer>comparingLong(s::ts).thenComparingInt(s::cpu)
            .thenComparingInt(i -> buffers.indexOf(d.buffer(s, i))));
        java.util.Arrays.sort(theirs, Comparator.<Integer>comparingLong(k -> raw.lines().get(k).ts())
            .thenComparingInt(k -> raw.lines().get(k).cpu()).thenComparingInt(k -> buffers.indexOf(raw.lines().get(k).buffer())));

        final List<String> bad = new ArrayList<>();
        final FieldCursor cur = s.cursor();
        long fields = 0;
        long texts = 0;
        final Map<String, Integer> textBad = new TreeMap<>();
        final List<String> textEx = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            final int i = ours[k];
            final TraceCmd.Line l = raw.lines().get(theirs[k]);
            final TraceCmd.Line tl = txt.lines().get(theirs[k]);
            final String where = dat.getFileName() + " event " + k + " (" + l.ts() + " cpu " + l.cpu() + " " + l.name() + ")";
            if (s.ts(i) != l.ts() || s.cpu(i) != l.cpu() || s.tid(i) != l.pid() || !s.typeName(i).equals(l.name())
                || !d.buffer(s, i).equals(l.buffer())) {
                bad.add(where + ": whylate has " + s.ts(i) + " cpu " + s.cpu(i) + " pid " + s.tid(i) + " " + s.typeName(i)
                    + " buffer '" + d.buffer(s, i) + "'; trace-cmd has pid " + l.pid() + " buffer '" + l.buffer() + "'");
                if (bad.size() > 10) break;
                continue;
            }
            final EventFormat fmt = d.format(s, i);
            final Rec rec = d.record(s, i);
            final PrintFmt pf = d.printFmt(s, i);
            final Fields f = cur.load(i);
            fields += compareFields(where, fmt, pf, rec, d.renderer(), f, l.payload(), bad);
            // the whole text against -N
            final String mine = d.text(s, i);
            final String theirsText = TraceCmd.textPayload(tl);
            texts++;
            final Pattern cut = KNOWN_TEXT_DEVIATIONS.get(fmt.system() + ":" + fmt.name());
            final boolean same = cut == null ? mine.equals(theirsText)
                : cut.matcher(mine).replaceAll("~").equals(cut.matcher(theirsText).replaceAll("~"));
            if (!same) {
                textBad.merge(fmt.system() + ":" + fmt.name(), 1, Integer::sum);
                if (textEx.size() < 10) textEx.add(where + "\n   whylate:   " + mine + "\n   trace-cmd: " + theirsText);
            }
            if (fmt.name().equals("sched_switch") && fmt.field("prev_state") != null) {
                final Matcher m = Pattern.compile("prev_state=(\\S+)").matcher(theirsText);
                if (m.find()) {
                    final String letters = m.group(1);
                    if (!letters.equals(f.getString("prev_state")) || f.getLong("prev_state", -99) != TaskState.parse(letters)) {
                        bad.add(where + ": prev_state " + f.getString("prev_state") + "/" + f.getLong("prev_state", -99) + " but trace-cmd -N shows " + letters);
                    }
                }
            }
            if (bad.size() > 10) break;
        }
        assertThat(bad).as("differences from trace-cmd in " + dat).isEmpty();
        // lost-event markers: trace-cmd prints one per record that follows a gap
        final List<String> theirDrops = new ArrayList<>();
        for (final long[] x : raw.dropped()) theirDrops.add("cpu " + x[0] + " count " + x[1]);
        final List<String> ourDrops = new ArrayList<>();
        for (final dev.whylate.model.Lost x : t.lost()) ourDrops.add("cpu " + x.cpu() + " count " + x.count());
        assertThat(ourDrops).as("lost-event markers in " + dat).containsExactlyInAnyOrderElementsOf(theirDrops);
        return new Summary(n, fields, texts, textBad, textEx);
    }

    /**
     * {@code trace-cmd report -t MODE}, parsed. On the shared test machine trace-cmd twice printed nothing (exit
     * code 0); a report with fewer events than expected is therefore retried up to three times, and the last
     * output's head goes into the failure message.
     */
    private static TraceCmd.Report report(final Path dat, final String mode, final List<String> buffers, final int expect) throws Exception {
        TraceCmd.Report r = null;
        String out = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            out = TraceCmd.run("report", "-t", mode, dat.toString());
            r = TraceCmd.parse(out, buffers);
            if (r.lines().size() == expect) return r;
            Thread.sleep(200);
        }
        System.out.println("trace-cmd report -t " + mode + " " + dat + " gave " + r.lines().size() + " events, " + out.length()
            + " characters: " + out.substring(0, Math.min(500, out.length())));
        return r;
    }

    /** Compares each field; returns how many were compared. */
    private static int compareFields(final String where, final EventFormat fmt, final PrintFmt pf, final Rec rec, final Renderer rd,
                                     final Fields f, final String payload, final List<String> bad) {
        final List<FormatField> fs = fmt.fields();
        final String[] tokens = new String[fs.size()];
        int pos = 0;
        int prevEnd = -1;
        for (int k = 0; k < fs.size(); k++) {
            final String key = " " + fs.get(k).name() + "=";
            final int at = payload.indexOf(key, pos);
            if (at < 0) {
                bad.add(where + ": field " + fs.get(k).name() + " not in trace-cmd -R output: " + payload);
                return 0;
            }
            if (k > 0) tokens[k - 1] = payload.substring(prevEnd, at);
            prevEnd = at + key.length();
            pos = prevEnd;
        }
        if (!fs.isEmpty()) tokens[fs.size() - 1] = payload.substring(prevEnd);
        final boolean bprint = fmt.system().equals("ftrace") && fmt.name().equals("bprint");
        int compared = 0;
        int parse = pf.error == null && !bprint && !pf.pieces.isEmpty() ? 0 : -1;
        for (int k = 0; k < fs.size(); k++) {
            final FormatField ff = fs.get(k);
            String expected;
            final int[] walk = {parse};
            final PrintFmt.Piece piece = bprint ? null : printedBy(pf, ff, walk);
            parse = walk[0];
            if (piece != null) {
                final StringBuilder sb = new StringBuilder();
                if (has0x(pf, piece)) sb.append("0x");
                if (piece.kind() == PrintFmt.NUM && ff.signed() && ff.size() < 4 && piece.width() == null) {
                    // libtraceevent reads every field unsigned
                    Renderer.formatInt(piece.text(), rec.u(ff.offset(), ff.size()), piece.ls(), piece.conv(), -1, sb);
                } else {
                    rd.piece(piece, rec, sb);
                }
                expected = sb.toString();
            } else {
                expected = rawToken(ff, rec);
            }
            if (bprint && ff.name().equals("buf")) continue;
            compared++;
            // the report's line ends where a trailing newline of the last field would be
            if (k == fs.size() - 1) while (expected.endsWith("\n")) expected = expected.substring(0, expected.length() - 1);
            if (!expected.equals(tokens[k])) {
                bad.add(where + ": field " + ff.name() + " whylate expects '" + expected + "', trace-cmd printed '" + tokens[k] + "'");
                continue;
            }
            // our decoded field against the record
            if (!f.has(ff.name())) {
                if (ff.size() != 0 || ff.array()) bad.add(where + ": field " + ff.name() + " missing from the decoded fields");
                continue;
            }
            if (!ff.array() && !ff.dynamic() && (ff.size() == 1 || ff.size() == 2 || ff.size() == 4 || ff.size() == 8)) {
                final long v = rec.num(ff);
                final boolean isState = ff.name().equals("prev_state") && fmt.name().equals("sched_switch");
                if (!isState && f.getLong(ff.name(), v ^ 1) != v) {
                    bad.add(where + ": field " + ff.name() + " decoded as " + f.getLong(ff.name(), -1) + ", the record holds " + v);
                }
                if (piece != null && piece.kind() == PrintFmt.PTR && (piece.ext().startsWith("s") || piece.ext().startsWith("S"))
                    && !expected.startsWith("0x") && !expected.equals(f.getString(ff.name()))) {
                    bad.add(where + ": field " + ff.name() + " text " + f.getString(ff.name()) + ", trace-cmd prints " + expected);
                }
            } else if (ff.string() && !ff.dynamic() && !tokens[k].startsWith("ARRAY[")) {
                if (!tokens[k].equals(f.getString(ff.name()))) {
                    bad.add(where + ": field " + ff.name() + " text '" + f.getString(ff.name()) + "', trace-cmd prints '" + tokens[k] + "'");
                }
            }
        }
        return compared;
    }

    /**
     * The print fmt piece trace-cmd -R prints field {@code ff} with, or {@code null} for raw printing: the
     * conversion whose argument is that field (through casts), searched from the piece after the last one used,
     * wrapping around once; arrays and strings are always raw, and once the last piece was used the rest is raw.
     */
    private static PrintFmt.Piece printedBy(final PrintFmt pf, final FormatField ff, final int[] walk) {
        int p = walk[0];
        if (p < 0 || ff.array() || ff.string()) return null;
        final int n = pf.pieces.size();
        final int start = p;
        do {
            final PrintFmt.Piece pc = pf.pieces.get(p);
            if (pc.kind() != PrintFmt.LIT && pc.kind() != PrintFmt.CHR && PrintFmt.directField(pc.arg()) == ff) {
                walk[0] = p + 1 < n ? p + 1 : -1;
                return pc;
            }
            p = p + 1 < n ? p + 1 : 0;
        } while (p != start);
        return null;
    }

    /** Whether the literal right before {@code piece} ends with "0x" (trace-cmd then prints the prefix). */
    private static boolean has0x(final PrintFmt pf, final PrintFmt.Piece piece) {
        final int k = pf.pieces.indexOf(piece);
        if (k <= 0) return false;
        final PrintFmt.Piece prev = pf.pieces.get(k - 1);
        return prev.kind() == PrintFmt.LIT && prev.text().length() > 1 && prev.text().endsWith("0x");
    }

    /** libtraceevent's raw printing of a field. */
    static String rawToken(final FormatField f, final Rec r) {
        if (f.array()) {
            int off;
            int len;
            if (f.dynamic()) {
                final int[] dd = r.dyn(f);
                off = dd[0];
                len = dd[1];
            } else {
                off = f.offset();
                len = f.size();
            }
            if (f.string() && printable(r, off, len)) {
                int e = off;
                while (e < r.len && r.b[e] != 0) e++;
                return new String(r.b, off, Math.max(0, e - off), StandardCharsets.UTF_8);
            }
            final StringBuilder b = new StringBuilder("ARRAY[");
            for (int k = 0; k < len; k++) {
                if (k > 0) b.append(", ");
                b.append(String.format("%02x", off + k < r.len ? r.b[off + k] & 0xFF : 0));
            }
            return b.append(']').toString();
        }
        final long v = r.u(f.offset(), f.size());
        if (f.pointer()) return "0x" + Long.toHexString(v);
        if (f.signed()) {
            switch (f.size()) {
                case 4: return f.isLong() ? "0x" + Integer.toHexString((int) v) : Integer.toString((int) v);
                case 2: return String.format("%2d", (short) v);
                case 1: return String.format("%1d", (byte) v);
                default: return Long.toString(v);
            }
        }
        return f.isLong() ? "0x" + Long.toHexString(v) : Long.toUnsignedString(v);
    }

    private static boolean printable(final Rec r, final int off, final int len) {
        for (int k = 0; k < len && off + k < r.len && r.b[off + k] != 0; k++) {
            final int c = r.b[off + k] & 0xFF;
            final boolean print = c >= 0x20 && c < 0x7F;
            final boolean space = c == ' ' || (c >= 9 && c <= 13);
            if (!print && !space) return false;
        }
        return true;
    }

    static String summary(final Path p, final Summary s) {
        return p.getFileName() + ": " + s.events() + " events, " + s.fields() + " fields, " + s.texts() + " texts compared"
            + (s.textMismatchByEvent().isEmpty() ? "" : "; text differs for " + s.textMismatchByEvent());
    }
}
