package dev.whylate.report.html;

/**
 * One section of the HTML report: a heading, an anchor in the navigation bar, and its body. Sections only
 * render: they read the trace, timeline and analysis results from the {@link ReportContext} (computing a
 * derived view through {@link ReportContext#memo} when several sections share it) and append HTML. New
 * analyses add a section by implementing this and listing it in {@link HtmlReport#defaultSections()}.
 *
 * <pre>{@code
 * final class SchedSection implements Section {
 *     public String id() { return "sched"; }
 *     public String title() { return "Scheduling latency"; }
 *     public boolean applies(ReportContext c) { return c.timeline().hasSwitches(); }
 *     public void render(ReportContext c, StringBuilder out) { out.append("<p>...</p>"); }
 * }
 * }</pre>
 */
public interface Section {
    /** Anchor id, unique in a report ({@code [a-z0-9-]+}). */
    String id();

    /** Heading and navigation label. */
    String title();

    /** Whether the section has something to show for this report (otherwise it is left out). */
    boolean applies(ReportContext ctx);

    /**
     * Appends the section body (without the heading). Every string taken from the trace must go through
     * {@link Html#esc}.
     */
    void render(ReportContext ctx, StringBuilder out);
}
