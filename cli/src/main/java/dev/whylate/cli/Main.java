package dev.whylate.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code whylate}: tells an engineer why latency-critical work on Linux was late.
 * Exit codes: 0 ok, 1 analysis found misses where the command reports them, 2 bad input or usage.
 */
@Command(name = "whylate", mixinStandardHelpOptions = true, version = "whylate 0.1.0",
    description = "Reads and records Linux kernel traces and explains latency.",
    subcommands = {DemoCommand.class, StatsCommand.class, CyclesCommand.class, DiffCommand.class, ExplainCommand.class, SchedCommand.class,
        IrqCommand.class, StacksCommand.class, ReportCommand.class, ExportCommand.class, RecordCommand.class, TopCommand.class, WatchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Success. */
    public static final int OK = 0;
    /** Bad input, bad usage or an environment problem (one clear line on stderr). */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with whylate's error handling; used by {@link #main} and tests. */
    public static CommandLine commandLine(final PrintWriter out, final PrintWriter err) {
        final CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        // the command descriptions are written as lines of up to ~120 characters: wrapping them at 80 made ragged text
        cl.setUsageHelpWidth(124);
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler((ex, args) -> {
            final CommandLine c = ex.getCommandLine();
            c.getErr().println("whylate: " + ex.getMessage());
            c.getErr().println("Try 'whylate " + (c.getCommandName().equals("whylate") ? "" : c.getCommandName() + " ") + "--help'.");
            c.getErr().flush();
            return BAD_INPUT;
        });
        return cl;
    }

    /** Runs whylate with {@code args} and exits with its exit code. */
    public static void main(final String[] args) {
        final PrintWriter out = new PrintWriter(System.out, false);
        final PrintWriter err = new PrintWriter(System.err, true);
        final int rc = commandLine(out, err).execute(args);
        out.flush();
        System.exit(rc);
    }
}
