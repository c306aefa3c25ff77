package dev.whylate.report.text;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table: left-aligned text columns, right-aligned numeric columns, a rule under the header.
 *
 * <pre>{@code
 * Table t = new Table("event", "count");
 * t.row("sched_switch", "1234");
 * t.print(out);
 * }</pre>
 */
public final class Table {
    private final String[] header;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    /** Columns whose header starts with {@code >} are right-aligned (the marker is not printed). */
    public Table(final String... header) {
        this.header = new String[header.length];
        this.right = new boolean[header.length];
        for (int i = 0; i < header.length; i++) {
            right[i] = header[i].startsWith(">");
            this.header[i] = right[i] ? header[i].substring(1) : header[i];
        }
    }

    /** Adds a row; missing cells print empty. */
    public Table row(final Object... cells) {
        final String[] r = new String[header.length];
        for (int i = 0; i < r.length; i++) r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        rows.add(r);
        return this;
    }

    /** Number of rows added. */
    public int size() {
        return rows.size();
    }

    /** Prints the table with a two-space indent. */
    public void print(final PrintWriter out) {
        final int[] w = new int[header.length];
        for (int i = 0; i < w.length; i++) w[i] = header[i].length();
        for (final String[] r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r[i].length());
        line(out, header, w);
        final StringBuilder rule = new StringBuilder("  ");
        for (int i = 0; i < w.length; i++) {
            if (i > 0) rule.append("  ");
            rule.append("-".repeat(w[i]));
        }
        out.println(rule);
        for (final String[] r : rows) line(out, r, w);
    }

    private void line(final PrintWriter out, final String[] cells, final int[] w) {
        final StringBuilder b = new StringBuilder("  ");
        for (int i = 0; i < w.length; i++) {
            if (i > 0) b.append("  ");
            final String c = cells[i];
            if (right[i]) b.append(" ".repeat(w[i] - c.length())).append(c);
            else if (i < w.length - 1) b.append(c).append(" ".repeat(w[i] - c.length()));
            else b.append(c);
        }
        out.println(b);
    }
}
