package dev.whylate.cli;

/** A bad option value found after parsing (a filter that does not parse, a bad duration): exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the one line to print */
    public UsageException(final String message) {
        super(message);
    }
}
