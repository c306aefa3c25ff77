package dev.whylate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Structural checks of a generated HTML report that hold whatever the trace was. */
public final class HtmlChecks {
    /** Every tag the report template and renderers write; anything else in the output came from the data. */
    private static final Set<String> TAGS = Set.of("html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "nav", "a",
        "main", "section", "div", "b", "span", "i", "table", "tr", "th", "td", "code", "pre", "br", "details", "summary", "svg", "rect",
        "line", "text", "path", "footer", "script");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>");
    private static final Pattern EVENT_ATTR = Pattern.compile("(?i)[\\s\"']on[a-z]+\\s*=");

    private HtmlChecks() {}

    /** No foreign tags, no event-handler attributes, balanced containers, nothing fetched from the network. */
    public static void assertWellFormedAndOffline(final String html) {
        final Matcher m = TAG.matcher(html);
        while (m.find()) {
            assertThat(TAGS).as("tag <%s> in %s", m.group(2), m.group()).contains(m.group(2).toLowerCase());
            assertThat(EVENT_ATTR.matcher(m.group(3)).find()).as("event handler attribute in %s", m.group()).isFalse();
        }
        for (final String t : new String[] {"section", "svg", "table", "details", "div", "script", "pre", "text", "title", "tr"}) {
            assertThat(count(html, "</" + t + ">")).as("closing </%s>", t).isEqualTo(count(html, "<" + t + ">") + count(html, "<" + t + " "));
        }
        assertThat(count(html, "<script")).as("only the template's two script elements").isEqualTo(2);
        assertThat(html).doesNotContain(" src=").doesNotContain("<link").doesNotContain("url(").doesNotContain("@import")
            .doesNotContain("href=\"http").doesNotContain("<iframe").doesNotContain("<img");
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
    }

    /** Occurrences of {@code needle}. */
    public static int count(final String s, final String needle) {
        int n = 0;
        for (int k = s.indexOf(needle); k >= 0; k = s.indexOf(needle, k + needle.length())) n++;
        return n;
    }

    /** The body of section {@code id} (from its opening tag to its closing tag), or fails. */
    public static String section(final String html, final String id) {
        final int a = html.indexOf("<section id=\"" + id + "\">");
        assertThat(a).as("section %s", id).isGreaterThanOrEqualTo(0);
        return html.substring(a, html.indexOf("</section>", a));
    }
}
