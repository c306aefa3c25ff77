package dev.whylate.io;

/**
 * The input is not a trace we can read, or is damaged. Carries the byte offset (or line number) where the
 * problem was found, so the CLI can print one clear line.
 */
public final class TraceFormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long offset;

    /** @param message what is wrong; @param offset byte offset in the input, or -1 when not applicable */
    public TraceFormatException(final String message, final long offset) {
        super(message);
        this.offset = offset;
    }

    /** Same, with a cause. */
    public TraceFormatException(final String message, final long offset, final Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    /** Byte offset of the problem, or -1. */
    public long offset() {
        return offset;
    }
}
