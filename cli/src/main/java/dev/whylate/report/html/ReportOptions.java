package dev.whylate.report.html;

/**
 * What the report was asked for, shown in its header and summary.
 *
 * @param source the trace as named on the command line
 * @param startFilter the {@code --start} filter text, or null for a report without cycles
 * @param endFilter the {@code --end} filter text, or null
 * @param anyThread whether an end on any thread closed a cycle
 * @param maxExplained at most this many explained cycles get a chain chart (the slowest first)
 * @param generator program name and version for the footer
 */
public record ReportOptions(String source, String startFilter, String endFilter, boolean anyThread, int maxExplained,
                            String generator) {
    /** Default cap on explained cycles drawn. */
    public static final int DEFAULT_MAX_EXPLAINED = 50;

    /** Options for a report without cycles. */
    public static ReportOptions overview(final String source) {
        return new ReportOptions(source, null, null, false, DEFAULT_MAX_EXPLAINED, "whylate");
    }
}
