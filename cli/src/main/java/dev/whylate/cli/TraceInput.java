package dev.whylate.cli;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.EventStore;
import dev.whylate.model.Trace;
import dev.whylate.util.Units;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Mixin: the TRACE argument every analysis command takes, and how to read it. */
public final class TraceInput {
    @Parameters(index = "0", paramLabel = "TRACE",
        description = "Trace file (ftrace text, trace-cmd report text, trace.dat v6/v7, perf script text, sysdig text, "
            + "systrace HTML; .gz/.xz/.zst ok), or - for stdin.")
    String path;

    @Option(names = "--threads", paramLabel = "N", description = "Parser threads (default: all CPUs).")
    Integer threads;

    @Option(names = "--since", paramLabel = "TIME", description = "Analyse only events at or after TIME (trace seconds, or +OFFSET "
        + "from the first event, e.g. +2.5 or +300ms).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Analyse only events at or before TIME (same forms as --since).")
    String until;

    /** Reads the trace; warns on stderr about damage, lost events and unparsed lines; keeps the --since/--until window. */
    public Trace read(final PrintWriter err) throws IOException, TraceFormatException {
        checkWindow(since, until);
        return window(read(path, threads, err), since, until, "");
    }

    /** Checks the syntax of --since / --until (null when not given) before anything is read. */
    static void checkWindow(final String since, final String until) {
        if (since != null) Opts.timestamp("--since", since, null);
        if (until != null) Opts.timestamp("--until", until, null);
    }

    /**
     * The events of {@code t} between --since and --until (null when not given; +OFFSET counts from {@code t}'s first
     * event); {@code prefix} starts the error messages (e.g. the trace's path).
     */
    static Trace window(final Trace t, final String since, final String until, final String prefix) {
        if (since == null && until == null) return t;
        final long from = since == null ? Long.MIN_VALUE : Opts.timestamp("--since", since, t);
        final long to = until == null ? Long.MAX_VALUE : Opts.timestamp("--until", until, t);
        if (from > to) throw new UsageException(prefix + "--since is after --until");
        final Trace w = t.window(from, to);
        final EventStore s = t.events();
        if (w.events().size() == 0) throw new UsageException(prefix + "no events between --since and --until (the trace spans "
            + Units.ts(s.size() == 0 ? 0 : s.ts(0)) + " .. " + Units.ts(s.size() == 0 ? 0 : s.ts(s.size() - 1)) + ")");
        return w;
    }

    /** Reads the trace at {@code path} with {@code threads} parser threads (null: all CPUs), warning as {@link #read(PrintWriter)}. */
    public static Trace read(final String path, final Integer threads, final PrintWriter err) throws IOException, TraceFormatException {
        final ReadOptions o = threads == null ? ReadOptions.defaults() : new ReadOptions(Math.max(1, threads));
        final Trace t = Traces.read(path, o);
        if (t.truncated() != null) err.println("whylate: warning: " + t.truncated() + "; using the " + t.events().size() + " events before it");
        if (t.truncated() == null && "missing".equals(t.meta().get("final-newline"))) {
            err.println("whylate: warning: the input does not end with a newline; if it was cut, its last event may be incomplete");
        }
        if (t.lostEvents() > 0 || !t.lost().isEmpty()) err.println("whylate: warning: the trace reports " + t.lostEvents() + " lost events in " + t.lost().size() + " gaps; results near them may be incomplete");
        err.flush();
        return t;
    }

    /**
     * The exit code of a command that analysed {@code t}: {@link Main#BAD_INPUT} when the input was damaged (the
     * events before the damage were used and a warning said so), else {@link Main#OK}.
     */
    public static int exitCode(final Trace t) {
        return t.truncated() != null ? Main.BAD_INPUT : Main.OK;
    }

    /** The path as given. */
    public String path() {
        return path;
    }
}
