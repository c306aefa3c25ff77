package dev.whylate.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesMarkupQuotesAndControlCharacters() {
        assertThat(Html.esc("<script>alert(\"x\")</script>&'")).isEqualTo("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
        assertThat(Html.esc("kworker/0:1H")).isEqualTo("kworker/0:1H");
        assertThat(Html.esc(null)).isEmpty();
        assertThat(Html.esc("a\u0000b\u001bc\u007fd")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
        assertThat(Html.esc("tab\tnl\n")).isEqualTo("tab\tnl\n");
        // a lone surrogate is not valid text; a pair is kept
        assertThat(Html.esc("x\uD800y")).isEqualTo("x\uFFFDy");
        assertThat(Html.esc("\uD83D\uDE00<")).isEqualTo("\uD83D\uDE00&lt;");
    }

    @Test
    void scriptJsonCannotCloseTheScriptElement() {
        final String s = Html.scriptJson("{\"a\":\"</script><script>x&\u2028\"}");
        assertThat(s).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028");
        assertThat(s).isEqualTo("{\"a\":\"\\u003c/script\\u003e\\u003cscript\\u003ex\\u0026\\u2028\"}");
    }

    @Test
    void numbersDropTrailingZeros() {
        assertThat(Html.num(12.50, 2)).isEqualTo("12.5");
        assertThat(Html.num(3.0, 1)).isEqualTo("3");
        assertThat(Html.num(-0.04, 1)).isEqualTo("0");
        assertThat(Html.num(0.125, 3)).isEqualTo("0.125");
        assertThat(Html.px(1234.56)).isEqualTo("1234.6");
    }

    @Test
    void markersAreFilledOnceAndInsertedTextIsNotRescanned() {
        final String out = HtmlReport.fill("a<!--@x-->b<!--@y-->c", Map.of("x", "<!--@y-->", "y", "Y"));
        assertThat(out).isEqualTo("a<!--@y-->bYc");
        assertThatThrownBy(() -> HtmlReport.fill("<!--@nope-->", Map.of())).hasMessageContaining("nope");
    }

    @Test
    void scriptHashCoversExactlyTheInlineScript() throws Exception {
        final String t = "<script type=\"application/json\">{}</script><script>var a=1;</script>";
        // echo -n 'var a=1;' | openssl dgst -sha256 -binary | base64
        final byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest("var a=1;".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(HtmlReport.scriptHash(t)).isEqualTo("sha256-" + java.util.Base64.getEncoder().encodeToString(h));
    }

    @Test
    void aFailingSectionBecomesANoteAndTheRestIsStillWritten() {
        final dev.whylate.model.Trace t = new dev.whylate.model.Trace("empty",
            dev.whylate.model.EventStore.builder(new dev.whylate.model.EventTypes()).build(dev.whylate.model.PayloadDecoder.NONE),
            dev.whylate.model.TaskTable.builder().build(), java.util.List.of(), java.util.List.of(), 0, 0, -1, Map.of(), null);
        final ReportContext ctx = new ReportContext(t, dev.whylate.timeline.Timeline.of(t), null, ReportOptions.overview("<empty>"));
        final Section bad = new Section() {
            @Override
            public String id() {
                return "bad";
            }

            @Override
            public String title() {
                return "Bad";
            }

            @Override
            public boolean applies(final ReportContext c) {
                return true;
            }

            @Override
            public void render(final ReportContext c, final StringBuilder out) {
                out.append("<table><tr>half");
                throw new IllegalStateException("boom <b>");
            }
        };
        final String html = HtmlReport.render(ctx, java.util.List.of(new SummarySection(), bad));
        assertThat(html).contains("<section id=\"bad\">\n<h2>Bad</h2>\n<p class=\"err\">This section could not be drawn: java.lang.IllegalStateException: boom &lt;b&gt;</p>")
            .doesNotContain("half").contains("<section id=\"summary\">");
        assertThat(ctx.problems()).hasSize(1);
        dev.whylate.testing.HtmlChecks.assertWellFormedAndOffline(html);
    }

    @Test
    void niceAxisSteps() {
        assertThat(Svg.niceStep(0.17)).isEqualTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Svg.niceStep(3.1)).isEqualTo(5, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Svg.niceCeil(10.5)).isEqualTo(12, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(Svg.linear(0, 12, 0, 100).ticks(6)).containsExactly(0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0);
    }
}
