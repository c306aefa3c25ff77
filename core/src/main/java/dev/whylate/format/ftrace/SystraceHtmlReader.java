package dev.whylate.format.ftrace;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.TraceReader;
import dev.whylate.format.text.FtraceTextEngine;
import dev.whylate.io.Input;
import dev.whylate.io.MappedBytes;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.Trace;
import dev.whylate.model.Unparsed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Android systrace / catapult HTML: the ftrace text inside {@code <script class="trace-data" ...>} blocks
 * (several blocks are read in file order; payload references still point into the same mapped file).
 * Blocks that hold JSON (Chrome trace events) are skipped and counted in meta {@code html-json-blocks};
 * compressed (zlib + base64) blocks are not supported and are reported as unparsed. Old catapult files whose
 * lines end in a JavaScript {@code \n\} are read too. Format name {@value #NAME}.
 */
public final class SystraceHtmlReader implements TraceReader {
    /** Format name. */
    public static final String NAME = "systrace-html";
    private static final String OPEN = "<script class=\"trace-data\"";
    private static final String CLOSE = "</script>";

    @Override
    public String name() {
        return NAME;
    }

    /** 96 for HTML with a trace-data block in the head, 45 for other HTML, 0 otherwise. */
    @Override
    public int sniff(final byte[] head) {
        int i = 0;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) i = 3;
        while (i < head.length && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) i++;
        final String start = new String(head, i, Math.min(32, head.length - i), StandardCharsets.ISO_8859_1).toLowerCase();
        if (!start.startsWith("<!doctype html") && !start.startsWith("<html")) return 0;
        final String all = new String(head, StandardCharsets.ISO_8859_1);
        return all.contains(OPEN) ? 96 : 45;
    }

    @Override
    public Trace read(final Input in, final ReadOptions opts) throws TraceFormatException {
        final MappedBytes bytes = in.bytes();
        final long size = bytes.size();
        final List<FtraceTextEngine.Region> regions = new ArrayList<>();
        final List<Unparsed> rejected = new ArrayList<>();
        final Map<String, String> meta = new LinkedHashMap<>();
        int json = 0;
        int compressed = 0;
        long pos = 0;
        while (pos < size) {
            final long open = FtraceTextEngine.find(bytes, OPEN, pos, size);
            if (open < 0) break;
            final long gt = FtraceTextEngine.find(bytes, ">", open, size);
            if (gt < 0) break;
            final long cs = gt + 1;
            long close = FtraceTextEngine.find(bytes, CLOSE, cs, size);
            if (close < 0) close = size;
            final byte[] first = new byte[256];
            final int got = bytes.get(cs, first, 0, (int) Math.min(first.length, close - cs));
            int f = 0;
            while (f < got && (first[f] == ' ' || first[f] == '\n' || first[f] == '\r' || first[f] == '\t')) f++;
            if (f < got && (first[f] == '{' || first[f] == '[')) {
                json++;
            } else if (f < got && base64(first, f, got)) {
                compressed++;
                rejected.add(Unparsed.of(lineOf(bytes, cs + f), "compressed (zlib+base64) trace-data block is not supported",
                    new String(first, f, Math.min(60, got - f), StandardCharsets.ISO_8859_1)));
            } else if (f < got) {
                regions.add(new FtraceTextEngine.Region(cs, close));
            }
            pos = close + CLOSE.length();
        }
        if (json > 0) meta.put("html-json-blocks", Integer.toString(json));
        if (compressed > 0) meta.put("html-compressed-blocks", Integer.toString(compressed));
        if (regions.isEmpty()) {
            throw new TraceFormatException(in.name() + ": HTML without ftrace text in a trace-data block"
                + (json + compressed > 0 ? " (" + json + " JSON, " + compressed + " compressed blocks)" : ""), -1);
        }
        meta.put("html-trace-blocks", Integer.toString(regions.size()));
        return FtraceTextEngine.read(in, opts, NAME, regions, true, meta, rejected);
    }

    private static boolean base64(final byte[] b, final int s, final int e) {
        if (e - s < 16) return false;
        for (int i = s; i < e; i++) {
            final byte c = b[i];
            final boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=' || c == '\n' || c == '\r' || c == ' ' || c == '\t';
            if (!ok) return false;
        }
        return true;
    }

    private static long lineOf(final MappedBytes bytes, final long off) {
        final byte[] w = new byte[1 << 16];
        long n = 1;
        long pos = 0;
        while (pos < off) {
            final int got = bytes.get(pos, w, 0, (int) Math.min(w.length, off - pos));
            if (got <= 0) break;
            for (int i = 0; i < got; i++) if (w[i] == '\n') n++;
            pos += got;
        }
        return n;
    }
}
