package dev.whylate.format.ftrace;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.TraceReader;
import dev.whylate.format.text.FtraceTextEngine;
import dev.whylate.io.Input;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.Trace;
import java.util.List;
import java.util.Map;

/**
 * ftrace text as the kernel prints it: tracefs {@code trace}, {@code trace_pipe}, {@code per_cpu/cpuN/trace},
 * with any header variant (TGID column old and new, irq-info off, 4/5/7/8 flag characters, latency-format
 * with relative microseconds), plus Android atrace text dumps. Format name {@value #NAME}.
 *
 * <p>The line grammar is {@link dev.whylate.format.text.FtraceLine}; reading, meta keys and what happens to
 * non-event lines are described in {@link FtraceTextEngine}; payload fields in
 * {@link dev.whylate.format.text.TextPayloads}. Timestamps: {@code secs.usecs} become ns exactly (×1000);
 * latency-format microseconds are relative to the buffer start (meta {@code timestamps=relative-us}); raw
 * counter clocks are kept as counts (meta {@code clock=raw-counter}).
 */
public final class FtraceTextReader implements TraceReader {
    /** Format name. */
    public static final String NAME = "ftrace-text";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * 95 with a {@code # tracer:} header; 85 (60 without flags columns) when most of the first lines are
     * ftrace event lines; lower when they look like trace-cmd report (instance prefixes, padded names);
     * 0 for binary data, perf script and anything else.
     */
    @Override
    public int sniff(final byte[] head) {
        return FtraceTextEngine.ftraceScore(FtraceTextEngine.scan(head));
    }

    @Override
    public Trace read(final Input in, final ReadOptions opts) throws TraceFormatException {
        return FtraceTextEngine.read(in, opts, NAME, List.of(new FtraceTextEngine.Region(0, in.bytes().size())), false,
            Map.of(), List.of());
    }
}
