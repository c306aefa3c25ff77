package dev.whylate.report.html;

import dev.whylate.analysis.cycles.CyclesResult;
import dev.whylate.model.Trace;
import dev.whylate.timeline.Timeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a {@link Section} may render: the trace, its timeline, the cycles result (null for a report
 * without {@code --start/--end}) and the options. Derived views shared by sections are computed once through
 * {@link #memo}.
 */
public final class ReportContext {
    private final Trace trace;
    private final Timeline timeline;
    private final CyclesResult cycles;
    private final ReportOptions options;
    private final Map<String, Object> memo = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * @param trace the trace
     * @param timeline its timeline
     * @param cycles the cycles analysis, or null
     * @param options what was asked
     */
    public ReportContext(final Trace trace, final Timeline timeline, final CyclesResult cycles, final ReportOptions options) {
        this.trace = Objects.requireNonNull(trace, "trace");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.cycles = cycles;
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The trace. */
    public Trace trace() {
        return trace;
    }

    /** Its timeline. */
    public Timeline timeline() {
        return timeline;
    }

    /** The cycles result, or null when the report has no cycles. */
    public CyclesResult cycles() {
        return cycles;
    }

    /** The options. */
    public ReportOptions options() {
        return options;
    }

    /** The value stored under {@code key}, computed by {@code f} on first use. */
    @SuppressWarnings("unchecked")
    public <T> T memo(final String key, final Supplier<T> f) {
        Object v = memo.get(key);
        if (v == null) {
            v = f.get();
            memo.put(key, v);
        }
        return (T) v;
    }

    /** Records a section that failed to render (the report shows a note instead). */
    void problem(final String p) {
        problems.add(p);
    }

    /** Sections that failed to render, as messages. */
    public List<String> problems() {
        return List.copyOf(problems);
    }
}
