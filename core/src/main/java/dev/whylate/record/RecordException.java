package dev.whylate.record;

/**
 * Recording cannot start or cannot finish, for a reason the user can fix: one clear sentence plus a
 * {@link Kind} the command line maps to its exit code. Never carries a stack trace to the user.
 */
public final class RecordException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely. */
    public enum Kind {
        /** The effective user is not root. */
        NOT_ROOT,
        /** tracefs is not mounted and could not be mounted. */
        NO_TRACEFS,
        /** An event name or preset is not available on this kernel. */
        UNKNOWN_EVENT,
        /** The output (or temporary) file system is full. */
        DISK_FULL,
        /** Bad settings (buffer size, file version, ...). */
        BAD_SETTING,
        /** The workload could not be started. */
        WORKLOAD,
        /** Any other I/O problem with tracefs or the output file. */
        IO
    }

    private final Kind kind;

    /** @param kind the category; @param message one sentence for the user */
    public RecordException(final Kind kind, final String message) {
        super(message);
        this.kind = kind;
    }

    /** Same, keeping the cause for debugging. */
    public RecordException(final Kind kind, final String message, final Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The category of the problem. */
    public Kind kind() {
        return kind;
    }
}
