package dev.whylate.format.dat;

/**
 * Constants of the trace.dat format shared by the reader and writers.
 */
public final class DatFormat {
    /**
     * Section id of whylate's saved tgids in v7 files: body {@code u64 size} + {@code "tid tgid\n"} lines; no
     * option points to it (trace-cmd skips unknown sections silently). Written by the recorder
     * ({@code dev.whylate.record.DatWriter#SEC_WHYLATE_TGIDS}), found by the reader by walking the sections.
     */
    public static final int SECTION_WHYLATE_TGIDS = 30000;

    /** The 10 bytes every trace.dat starts with: 0x17 0x08 0x44 "tracing". */
    public static byte[] magic() {
        return DatParser.MAGIC.clone();
    }

    private DatFormat() {}
}
