package dev.whylate.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.analysis.cycles.Cycles;
import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.filter.EventFilter;
import dev.whylate.model.Trace;
import dev.whylate.testing.HtmlChecks;
import dev.whylate.testing.SyntheticTrace;
import dev.whylate.timeline.Timeline;
import org.junit.jupiter.api.Test;

/** The report of a million-event trace stays a few MB: plots are decimated per pixel, chains are capped. */
class ReportSizeTest {
    @Test
    void millionEventTraceGivesASmallReportSeed20261122() throws Exception {
        final SyntheticTrace s = SyntheticTrace.generate(20261122L, 1_000_000);
        final Trace t = s.trace();
        assertThat(t.events().size()).isBetween(950_000, 1_000_000);
        final Timeline tl = Timeline.of(t);
        final long deadline = 3_000_000;
        final CyclesResult r = Cycles.run(t, tl, new CycleOptions(EventFilter.parse(SyntheticTrace.START, t.events().types()),
            EventFilter.parse(SyntheticTrace.END, t.events().types()), deadline, -1, false, CycleOptions.Explain.MISSES, 0));
        // the pipeline finds exactly the cycles and misses the generator made
        assertThat(r.cycles()).isEqualTo(s.cycles());
        assertThat(r.misses()).isEqualTo(s.misses(deadline)).isGreaterThan(100);
        final String html = HtmlReport.render(new ReportContext(t, tl, r, new ReportOptions("synthetic", SyntheticTrace.START, SyntheticTrace.END,
            false, ReportOptions.DEFAULT_MAX_EXPLAINED, "whylate test")), HtmlReport.defaultSections());
        assertThat(html.length()).as("report chars").isLessThan(3_000_000);
        HtmlChecks.assertWellFormedAndOffline(html);
        assertThat(HtmlChecks.count(html, "class=\"miss\" id=\"cycle-")).isEqualTo(ReportOptions.DEFAULT_MAX_EXPLAINED);
        assertThat(html).contains("data-cycles=\"" + s.cycles() + "\"");
        final String overview = HtmlReport.render(new ReportContext(t, tl, null, ReportOptions.overview("synthetic")), HtmlReport.defaultSections());
        assertThat(overview.length()).as("overview chars").isLessThan(500_000);
        HtmlChecks.assertWellFormedAndOffline(overview);
    }
}
