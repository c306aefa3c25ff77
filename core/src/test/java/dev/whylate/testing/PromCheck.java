package dev.whylate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks Prometheus text exposition format (whylate watch's metrics) for the core and cli tests. */
public final class PromCheck {
    /** One sample line of the text format: name, optional labels, a float value. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? "
        + "([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))");

    /**
     * Checks the Prometheus text format line by line and returns the samples as "name{labels}" → value. Every family
     * has HELP and TYPE before its samples; histogram buckets are cumulative and end with +Inf = _count.
     */
    public static Map<String, Double> parse(final String text) {
        assertThat(text).as("ends with a newline").endsWith("\n");
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
            final String family = name.replaceAll("_(bucket|sum|count)$", "");
            assertThat(types).as("TYPE before " + name).containsKey(types.containsKey(name) ? name : family);
            out.put(name + (m.group(3) == null ? "" : "{" + m.group(3) + "}"), Double.parseDouble(m.group(4).replace("Inf", "Infinity")));
        }
        for (final Map.Entry<String, String> e : types.entrySet()) {
            if (!e.getValue().equals("histogram")) continue;
            double prev = -1;
            double inf = -1;
            for (final Map.Entry<String, Double> s : out.entrySet()) {
                if (!s.getKey().startsWith(e.getKey() + "_bucket")) continue;
                assertThat(s.getValue()).as("cumulative buckets").isGreaterThanOrEqualTo(prev);
                prev = s.getValue();
                if (s.getKey().contains("le=\"+Inf\"")) inf = s.getValue();
            }
            final String labels = out.keySet().stream().filter(k -> k.startsWith(e.getKey() + "_count")).findFirst().orElseThrow();
            assertThat(inf).isEqualTo(out.get(labels));
        }
        return out;
    }

    private PromCheck() {}
}
