package dev.whylate.format.dat;

import java.util.ArrayList;
import java.util.List;

/**
 * For each event format, the (task name, pid) field pairs whose values name a task: {@code prev_comm}/
 * {@code prev_pid}, {@code next_comm}/{@code next_pid}, {@code comm}/{@code pid}, {@code child_comm}/
 * {@code child_pid}... (a fixed char array {@code X_comm} or {@code comm} next to a 4-byte {@code X_pid}).
 * Thread-safe; computed on first use per format.
 */
final class CommPairs {
    private static final int[] NONE = new int[0];
    private final EventFormats formats;
    private final int[][] cache;

    CommPairs(final EventFormats formats) {
        this.formats = formats;
        this.cache = new int[formats.size()][];
    }

    /** Triples {comm offset, comm size, pid offset} for format {@code k}. */
    synchronized int[] of(final int k) {
        int[] r = cache[k];
        if (r == null) {
            r = compute(formats.format(k));
            cache[k] = r;
        }
        return r;
    }

    private static int[] compute(final EventFormat f) {
        final List<Integer> out = new ArrayList<>();
        for (final FormatField c : f.fields()) {
            if (!c.string() || c.dynamic() || c.size() == 0 || c.size() > 64) continue;
            final String n = c.name();
            if (!n.equals("comm") && !n.endsWith("_comm")) continue;
            final FormatField p = f.field(n.substring(0, n.length() - 4) + "pid");
            if (p == null || p.size() != 4 || p.array()) continue;
            out.add(c.offset());
            out.add(c.size());
            out.add(p.offset());
        }
        if (out.isEmpty()) return NONE;
        final int[] r = new int[out.size()];
        for (int k = 0; k < r.length; k++) r[k] = out.get(k);
        return r;
    }
}
