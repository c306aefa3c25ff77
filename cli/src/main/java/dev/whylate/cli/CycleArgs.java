package dev.whylate.cli;

import dev.whylate.analysis.cycles.CycleKey;
import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.model.Trace;
import picocli.CommandLine.Option;

/**
 * Mixins: the options that define cycles, as {@code cycles}, {@code watch}, {@code report} and {@code export} take them:
 * {@code --start}, {@code --end} (required in {@link Required}, optional together in {@link Optional}),
 * {@code --deadline}, {@code --give-up}, {@code --any-thread}. Times are ns, -1 when not given.
 */
public abstract class CycleArgs {
    @Option(names = "--deadline", paramLabel = "DUR", description = "A cycle longer than this is a miss (e.g. 3.5ms).")
    String deadline;

    @Option(names = "--give-up", paramLabel = "DUR", description = "A cycle with no end within this is lost (default: never).")
    String giveUp;

    @Option(names = "--any-thread", description = "An end on any thread closes the oldest open cycle.")
    boolean anyThread;

    @Option(names = "--key", paramLabel = "FIELD[,FIELD]", description = "Pair starts and ends by this field's value instead of "
        + "by thread (START_FIELD,END_FIELD when they differ; tid and cpu also work), e.g. --key sector for block_rq_issue -> "
        + "block_rq_complete.")
    String key;

    /** The --start text. */
    public abstract String start();

    /** The --end text. */
    public abstract String end();

    /** The deadline in ns, -1 when none was given; throws {@link UsageException} for a bad duration. */
    public long deadlineNs() {
        return deadline == null ? -1 : Opts.duration("--deadline", deadline);
    }

    /** The give-up time in ns, -1 when none was given; throws {@link UsageException} for a bad duration. */
    public long giveUpNs() {
        return giveUp == null ? -1 : Opts.duration("--give-up", giveUp);
    }

    /** Whether a deadline was given. */
    public boolean hasDeadline() {
        return deadline != null;
    }

    /** Whether --any-thread was given. */
    public boolean anyThread() {
        return anyThread;
    }

    /** The --key pairing, or null (by thread); throws {@link UsageException} when malformed or given with --any-thread. */
    public CycleKey key() {
        if (key == null) return null;
        if (anyThread) throw new UsageException("--key and --any-thread exclude each other");
        try {
            return CycleKey.parse(key);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--key: " + e.getMessage());
        }
    }

    /** The cycle options for {@code t} (filters parsed against its event types). */
    public CycleOptions options(final Trace t, final CycleOptions.Explain mode, final int n) {
        return new CycleOptions(Opts.filter("--start", start(), t), Opts.filter("--end", end(), t), deadlineNs(), giveUpNs(), anyThread,
            mode, n, key());
    }

    /** For commands that measure cycles ({@code cycles}, {@code watch}): --start and --end are required. */
    public static final class Required extends CycleArgs {
        @Option(names = "--start", required = true, paramLabel = "FILTER", description = "Event that starts a cycle, EVENT[: EXPR].")
        String start;

        @Option(names = "--end", required = true, paramLabel = "FILTER", description = "Event that ends it.")
        String end;

        @Override
        public String start() {
            return start;
        }

        @Override
        public String end() {
            return end;
        }
    }

    /**
     * For commands that can also work without cycles ({@code report}, {@code export}): {@code --start} and {@code --end}
     * come together or not at all.
     */
    public static final class Optional extends CycleArgs {
        @Option(names = "--start", paramLabel = "FILTER", description = "Event that starts a cycle (EVENT[: EXPR], as in 'whylate cycles').")
        String start;

        @Option(names = "--end", paramLabel = "FILTER", description = "Event that ends it.")
        String end;

        @Override
        public String start() {
            return start;
        }

        @Override
        public String end() {
            return end;
        }

        /** Whether cycles were asked for; throws when only one of --start/--end was given or a duration is bad. */
        public boolean given() {
            if ((start == null) != (end == null)) throw new UsageException("--start and --end go together (give both, or neither for a report without cycles)");
            if (start == null && (deadline != null || giveUp != null || anyThread)) {
                throw new UsageException("--deadline, --give-up and --any-thread need --start and --end");
            }
            deadlineNs();
            giveUpNs();
            return start != null;
        }
    }
}
