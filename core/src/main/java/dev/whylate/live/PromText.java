package dev.whylate.live;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): {@code # HELP} and {@code # TYPE} lines, then
 * samples {@code name{label="value",...} value}. Label values are escaped ({@code \\}, {@code \"}, newline); times in
 * ns are written as seconds in plain decimal ({@code 0.0035}).
 *
 * <pre>{@code
 * PromText p = new PromText(Map.of("watch", "pty"));
 * p.family("whylate_watch_cycles_total", "counter", "Completed cycles.");
 * p.sample("whylate_watch_cycles_total", null, 42);
 * String text = p.toString();
 * }</pre>
 */
public final class PromText {
    /** The HTTP Content-Type of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder b = new StringBuilder(4096);
    private final String common;

    /** A writer whose samples all carry {@code labels} (may be empty). */
    public PromText(final Map<String, String> labels) {
        final StringBuilder c = new StringBuilder();
        for (final Map.Entry<String, String> e : labels.entrySet()) {
            if (!validName(e.getKey()) || e.getKey().startsWith("__")) throw new IllegalArgumentException("bad label name: " + e.getKey());
            if (c.length() > 0) c.append(',');
            c.append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
        }
        common = c.toString();
    }

    /** Whether {@code n} is a valid metric or label name ({@code [a-zA-Z_][a-zA-Z0-9_]*}). */
    public static boolean validName(final String n) {
        return n != null && n.matches("[a-zA-Z_][a-zA-Z0-9_]*");
    }

    /** Starts a metric family. */
    public PromText family(final String name, final String type, final String help) {
        b.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A sample with an integer value; {@code label} is {@code key=value} text already escaped, or null. */
    public PromText sample(final String name, final String label, final long value) {
        return raw(name, label, Long.toString(value));
    }

    /** A sample with a value in seconds given in ns. */
    public PromText seconds(final String name, final String label, final long ns) {
        return raw(name, label, seconds(ns));
    }

    /** A sample without extra labels whose value is already formatted (Prometheus float syntax). */
    PromText formatted(final String name, final String value) {
        return raw(name, null, value);
    }

    private PromText raw(final String name, final String label, final String value) {
        b.append(name);
        if (!common.isEmpty() || label != null) {
            b.append('{').append(common);
            if (label != null) {
                if (!common.isEmpty()) b.append(',');
                b.append(label);
            }
            b.append('}');
        }
        b.append(' ').append(value).append('\n');
        return this;
    }

    /** {@code key="value"} with the value escaped. */
    public static String label(final String key, final String value) {
        return key + "=\"" + escape(value) + "\"";
    }

    /** ns as seconds in plain decimal: 3500000 → {@code 0.0035}. */
    public static String seconds(final long ns) {
        if (ns == 0) return "0";
        return BigDecimal.valueOf(ns).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    /** Escapes a label value. */
    public static String escape(final String v) {
        final StringBuilder s = new StringBuilder(v.length());
        for (int k = 0; k < v.length(); k++) {
            final char c = v.charAt(k);
            switch (c) {
                case '\\': s.append("\\\\"); break;
                case '"': s.append("\\\""); break;
                case '\n': s.append("\\n"); break;
                default: s.append(c);
            }
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return b.toString();
    }

    /**
     * Writes {@code text} to {@code file} atomically, node_exporter textfile style: into a temporary file in the same
     * directory, then renamed over {@code file}, so a reader never sees half a file.
     */
    public static void writeAtomic(final Path file, final String text) throws IOException {
        final Path abs = file.toAbsolutePath();
        final Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
