package dev.whylate.cli;

import dev.whylate.io.TraceFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns exceptions into one clear line on stderr and exit code 2. Only genuine bugs print a stack trace
 * (and only with {@code WHYLATE_DEBUG=1}).
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(final Exception ex, final CommandLine cl, final CommandLine.ParseResult pr) {
        final var err = cl.getErr();
        if (ex instanceof TraceFormatException tfe) {
            err.println("whylate: " + tfe.getMessage() + (tfe.offset() > 0 ? " (at byte " + tfe.offset() + ")" : ""));
        } else if (ex instanceof dev.whylate.analysis.cycles.CycleKey.MissingField) {
            err.println("whylate: --key: " + ex.getMessage());
        } else if (ex instanceof UsageException) {
            err.println("whylate: " + ex.getMessage());
        } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
            err.println("whylate: I/O error: " + ex.getMessage());
        } else {
            err.println("whylate: internal error: " + ex + " (set WHYLATE_DEBUG=1 for the stack trace)");
            if ("1".equals(System.getenv("WHYLATE_DEBUG"))) ex.printStackTrace(err);
        }
        err.flush();
        return Main.BAD_INPUT;
    }
}
