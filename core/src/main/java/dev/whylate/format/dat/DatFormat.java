package dev.whylate.format.dat;

/**
 * Constants of the trace.dat format shared by the reader and writers.
 */
public final class DatFormat {
    /**
     * Option id whylate uses for the text of tracefs {@code saved_tgids} ({@code "pid tgid\n"} lines, NUL
     * terminated), in v6 and v7 option lists. trace-cmd has no such option (it skips unknown options with a
     * warning), so the id is chosen far above trace-cmd's range (0..25 in trace-cmd 3.x).
     */
    public static final int OPTION_SAVED_TGIDS = 0x7E01;

    /** The 10 bytes every trace.dat starts with: 0x17 0x08 0x44 "tracing". */
    public static byte[] magic() {
        return DatParser.MAGIC.clone();
    }

    private DatFormat() {}
}
