package dev.whylate.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.whylate.model.EventStore;
import dev.whylate.testing.Needs;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Independent counting helpers for the text-reader tests (awk over the input). */
public final class TextCorpusTestSupport {
    private TextCorpusTestSupport() {}

    /** awk: event name = the field after the timestamp field; also the smallest and largest timestamp token. */
    public static final String AWK = String.join("\n",
        "BEGIN { inblock = html ? 0 : 1 }",
        "html && /<script class=\"trace-data\"/ { inblock = 1; next }",
        "html && /<\\/script>/ { inblock = 0; next }",
        "!inblock { next }",
        "/^#/ { next }",
        "{",
        "  for (i = 1; i <= NF; i++) {",
        "    j = 0; t = $i",
        "    if ($i ~ /^[0-9]+\\.[0-9]+:$/ || $i ~ /^[0-9]+us[^:]?:$/) j = i + 1",
        "    else if ($i ~ /^[0-9]+us$/ && $(i+1) ~ /^.?:$/) j = i + 2",
        "    if (j == 0) continue",
        "    if ($j ~ /^\\([+-][0-9]+\\)$/) j++",
        "    n = $j",
        "    if (n ~ /^sys_[a-z0-9_]+\\(/) { sub(/\\(.*/, \"\", n); sub(/^sys_/, \"sys_enter_\", n) }",
        "    else if (n ~ /:$/) { sub(/:$/, \"\", n) }",
        "    else if (n ~ /^sys_/ && $(j+1) == \"->\") { sub(/^sys_/, \"sys_exit_\", n) }",
        "    else n = \"?\" n",
        "    c[n]++",
        "    sub(/[^0-9.us]*:$/, \"\", t)",
        "    v = t; sub(/us$/, \"\", v); v = v + 0",
        "    if (!seen || v < minv) { minv = v; mint = t }",
        "    if (!seen || v > maxv) { maxv = v; maxt = t }",
        "    seen = 1",
        "    break",
        "  }",
        "}",
        "END { for (n in c) print \"E\", n, c[n]; if (seen) { print \"MIN\", mint; print \"MAX\", maxt } }");

    /** Number of events per type name. */
    public static Map<String, Long> byType(final EventStore s) {
        final Map<String, Long> m = new TreeMap<>();
        for (int i = 0; i < s.size(); i++) m.merge(s.typeName(i), 1L, Long::sum);
        return m;
    }

    /** A timestamp token as the input printed it ({@code 123.456789} s or {@code 123456us}) in ns. */
    public static long toNs(final String tok) {
        if (tok.endsWith("us")) return Long.parseLong(tok.substring(0, tok.length() - 2)) * 1000L;
        return new BigDecimal(tok).movePointRight(9).longValueExact();
    }

    /**
     * What {@link #AWK} counted.
     *
     * @param counts events per name
     * @param min the smallest timestamp token
     * @param max the largest timestamp token
     */
    public record Awk(Map<String, Long> counts, String min, String max) {}

    /** Runs {@link #AWK} over {@code p} ({@code html}: only inside systrace trace-data blocks); skips without awk. */
    public static Awk awk(final Path p, final boolean html) throws IOException, InterruptedException {
        assumeTrue(Needs.onPath("awk"), "needs awk for independent counts");
        final Process pr = new ProcessBuilder("awk", "-v", "html=" + (html ? 1 : 0), AWK, p.toString())
            .redirectErrorStream(true).start();
        final String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pr.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pr.exitValue()).as(out).isZero();
        final Map<String, Long> m = new TreeMap<>();
        String min = null;
        String max = null;
        for (final String l : out.split("\n")) {
            final String[] f = l.trim().split(" ");
            if (f[0].equals("E")) m.put(f[1], Long.parseLong(f[2]));
            else if (f[0].equals("MIN")) min = f[1];
            else if (f[0].equals("MAX")) max = f[1];
        }
        return new Awk(m, min, max);
    }
}
