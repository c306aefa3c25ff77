package dev.whylate.cli;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.Trace;
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

    /** Reads the trace; warns on stderr about damage, lost events and unparsed lines. */
    public Trace read(final PrintWriter err) throws IOException, TraceFormatException {
        if (since != null) Opts.timestamp("--since", since, null);
        if (until != null) Opts.timestamp("--until", until, null);
        final Trace t = read(path, threads, err);
        if (since == null && until == null) return t;
        final long from = since == null ? Long.MIN_VALUE : Opts.timestamp("--since", since, t);
        final long to = until == null ? Long.MAX_VALUE : Opts.timestamp("--until", until, t);
        if (from > to) throw new UsageException("--since is after --until");
        final Trace w = t.window(from, to);
        if (w.events().size() == 0) throw new UsageException("no events between --since and --until (the trace spans "
            + dev.whylate.util.Units.ts(t.events().size() == 0 ? 0 : t.events().ts(0)) + " .. "
            + dev.whylate.util.Units.ts(t.events().size() == 0 ? 0 : t.events().ts(t.events().size() - 1)) + ")");
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
