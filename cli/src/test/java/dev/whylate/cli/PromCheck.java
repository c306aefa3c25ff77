package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks Prometheus text exposition format line by line; returns the samples as "name{labels}" → value. */
final class PromCheck {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? "
        + "([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))");

    private PromCheck() {}

    static Map<String, Double> parse(final String text) {
        assertThat(text).endsWith("\n");
        final Map<String, Double> out = new LinkedHashMap<>();
        final Map<String, String> types = new LinkedHashMap<>();
        for (final String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) continue;
            if (line.startsWith("# TYPE ")) {
                final String[] t = line.split(" ");
                assertThat(t).hasSize(4);
                assertThat(t[3]).isIn("counter", "gauge", "histogram");
                assertThat(types.put(t[2], t[3])).as("family declared once: " + t[2]).isNull();
                continue;
            }
            final Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("sample line: " + line).isTrue();
            final String name = m.group(1);
            assertThat(types.containsKey(name) || types.containsKey(name.replaceAll("_(bucket|sum|count)$", ""))).as("TYPE before " + name).isTrue();
            out.put(name + (m.group(3) == null ? "" : "{" + m.group(3) + "}"), Double.parseDouble(m.group(4).replace("Inf", "Infinity")));
        }
        return out;
    }
}
