package dev.whylate.format.dat;

/**
 * The ring-buffer page header as described by {@code events/header_page} in the file:
 * {@code u64 timestamp}, the {@code commit} word (the kernel's {@code local_t}, 4 or 8 bytes) and where the
 * event data starts. Sizes and offsets come from the text; defaults (timestamp at 0, commit at 8 with the
 * file's long size, data right after it) are used only for fields the text does not describe.
 *
 * @param timestampOffset offset of the page timestamp
 * @param commitOffset offset of the commit word
 * @param commitSize size of the commit word (the traced kernel's long size)
 * @param dataOffset offset of the first event
 */
record HeaderPage(int timestampOffset, int commitOffset, int commitSize, int dataOffset) {
    /** Bytes of event data in a page: the low 27 bits of commit. */
    static final long COMMIT_MASK = (1L << 27) - 1;
    /** Commit flag: events were lost before this page. */
    static final long MISSING_EVENTS = 1L << 31;
    /** Commit flag: the lost count is stored after the page's data. */
    static final long MISSING_STORED = 1L << 30;

    /** Parses the header_page text; {@code longSize} is the file's long size, used only as a fallback. */
    static HeaderPage parse(final String text, final int longSize) {
        int ts = 0;
        int co = 8;
        int cs = -1;
        int data = -1;
        for (final String raw : text.split("\n")) {
            final FormatField f = FormatParser.field(raw.strip().replace("field: ", "field:"), longSize);
            if (f == null) continue;
            switch (f.name()) {
                case "timestamp": ts = f.offset(); break;
                case "commit": co = f.offset(); cs = f.size(); break;
                case "data": data = f.offset(); break;
                default: break;
            }
        }
        if (cs != 4 && cs != 8) cs = longSize;
        if (data < 0) data = co + cs;
        return new HeaderPage(ts, co, cs, data);
    }
}
