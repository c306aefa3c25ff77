package dev.whylate.cli;

import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.model.Trace;
import dev.whylate.util.Durations;
import picocli.CommandLine.Option;

/**
 * Mixin: optional cycle options for commands that can also work without cycles ({@code report},
 * {@code export}); {@code --start} and {@code --end} come together or not at all.
 */
public final class CycleArgs {
    @Option(names = "--start", paramLabel = "FILTER", description = "Event that starts a cycle (EVENT[: EXPR], as in 'whylate cycles').")
    String start;

    @Option(names = "--end", paramLabel = "FILTER", description = "Event that ends it.")
    String end;

    @Option(names = "--deadline", paramLabel = "DUR", description = "A cycle longer than this is a miss (e.g. 3.5ms).")
    String deadline;

    @Option(names = "--give-up", paramLabel = "DUR", description = "A cycle with no end within this is lost (default: never).")
    String giveUp;

    @Option(names = "--any-thread", description = "An end on any thread closes the oldest open cycle.")
    boolean anyThread;

    /** Whether cycles were asked for; throws when only one of --start/--end was given or a duration is bad. */
    public boolean given() {
        if ((start == null) != (end == null)) throw new UsageException("--start and --end go together (give both, or neither for a report without cycles)");
        if (start == null && (deadline != null || giveUp != null || anyThread)) {
            throw new UsageException("--deadline, --give-up and --any-thread need --start and --end");
        }
        if (deadline != null) duration("--deadline", deadline);
        if (giveUp != null) duration("--give-up", giveUp);
        return start != null;
    }

    /** The cycle options for {@code t} (filters parsed against its event types). */
    public CycleOptions options(final Trace t, final CycleOptions.Explain mode, final int n) {
        return new CycleOptions(CyclesCommand.filter("--start", start, t), CyclesCommand.filter("--end", end, t),
            deadline == null ? -1 : duration("--deadline", deadline), giveUp == null ? -1 : duration("--give-up", giveUp), anyThread, mode, n);
    }

    /** Whether a deadline was given. */
    public boolean hasDeadline() {
        return deadline != null;
    }

    /** The --start text. */
    public String start() {
        return start;
    }

    /** The --end text. */
    public String end() {
        return end;
    }

    /** Whether --any-thread was given. */
    public boolean anyThread() {
        return anyThread;
    }

    private static long duration(final String opt, final String v) {
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(opt + ": " + e.getMessage());
        }
    }
}
