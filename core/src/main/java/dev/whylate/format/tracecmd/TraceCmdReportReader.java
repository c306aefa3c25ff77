package dev.whylate.format.tracecmd;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.TraceReader;
import dev.whylate.format.text.FtraceTextEngine;
import dev.whylate.io.Input;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.Trace;
import java.util.List;
import java.util.Map;

/**
 * The text of {@code trace-cmd report}: default, {@code -R} (raw fields, numeric prev_state), {@code -l}
 * (latency flags, CPU digit first), {@code -t} (ns timestamps), {@code --ts-diff} ({@code (+150)} after the
 * timestamp), instance prefixes {@code name: } (all instances kept; their names in meta {@code instances}),
 * the {@code cpus=N} / {@code version = 6} / {@code CPU N is empty} headers, event names padded to 20
 * characters, tab-indented or unsorted lines (sorted by time, counted in {@link Trace#outOfOrder()}), and the
 * libtraceevent plugin forms of sched_switch and sched_wakeup. Format name {@value #NAME}.
 *
 * <p>Shares the line grammar and payload decoding with the ftrace text reader
 * ({@link FtraceTextEngine}); trace-cmd prints no flags unless {@code -l}, so {@link dev.whylate.model.Ctx}
 * is unknown for those events.
 */
public final class TraceCmdReportReader implements TraceReader {
    /** Format name. */
    public static final String NAME = "trace-cmd-report";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * 95 when the text starts with {@code cpus=N} or {@code version = N}; 80 when its event lines carry
     * instance prefixes or padded event names; 50 for flag-less event lines (which plain ftrace with irq-info
     * off also prints, and claims with 60); 0 for binary data, tracefs headers and anything else.
     */
    @Override
    public int sniff(final byte[] head) {
        return FtraceTextEngine.traceCmdScore(FtraceTextEngine.scan(head));
    }

    @Override
    public Trace read(final Input in, final ReadOptions opts) throws TraceFormatException {
        return FtraceTextEngine.read(in, opts, NAME, List.of(new FtraceTextEngine.Region(0, in.bytes().size())), false,
            Map.of(), List.of());
    }
}
