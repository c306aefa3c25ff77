package dev.whylate.record;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * Everything a trace.dat holds besides the ring-buffer pages, as raw bytes from tracefs and /proc.
 *
 * @param order         byte order of the recording kernel (and of every number in the file)
 * @param longSize      size of the kernel's long (the header_page {@code commit} field), 4 or 8
 * @param pageSize      ring-buffer page size in bytes
 * @param headerPage    {@code events/header_page}
 * @param headerEvent   {@code events/header_event}
 * @param ftraceFormats the {@code events/ftrace/*}{@code /format} files
 * @param eventFormats  system name → its events' format files (iteration order is kept)
 * @param kallsyms      {@code /proc/kallsyms}, or empty when not saved
 * @param printk        {@code printk_formats}
 * @param cmdlines      {@code saved_cmdlines} text ("pid comm" lines)
 * @param clock         trace clock name, e.g. "local"
 * @param clockFile     the {@code trace_clock} file, e.g. "[local] global counter ..."
 * @param uname         "sysname nodename release machine"
 * @param version       the recorder's name and version
 * @param cpuStats      per CPU (index = position) the {@code per_cpu/cpuN/stats} text; saved as CPUSTAT options
 * @param cpuCount      number of CPUs of the machine
 * @param traceId       random id of this recording (TRACEID option)
 * @param bufferName    name of the buffer the pages are stored as; "" stores them as the top buffer
 * @param tgids         "tid tgid" lines (saved_tgids completed from /proc), or empty; v7 only, see
 *                      {@link DatWriter#SEC_WHYLATE_TGIDS}
 */
public record DatMetadata(ByteOrder order, int longSize, int pageSize, byte[] headerPage, byte[] headerEvent,
                          List<byte[]> ftraceFormats, Map<String, List<byte[]>> eventFormats, byte[] kallsyms,
                          byte[] printk, byte[] cmdlines, String clock, String clockFile, String uname,
                          String version, List<String> cpuStats, int cpuCount, long traceId, String bufferName,
                          byte[] tgids) {

    /** Validates the sizes the file format can express. */
    public DatMetadata {
        if (longSize != 4 && longSize != 8) throw new IllegalArgumentException("long size must be 4 or 8: " + longSize);
        if (pageSize < 64 || Integer.bitCount(pageSize) != 1) throw new IllegalArgumentException("page size " + pageSize);
        if (cpuCount < 0) throw new IllegalArgumentException("cpu count " + cpuCount);
    }

    /**
     * The kernel long size from a header_page text ({@code field: local_t commit; offset:8; size:8; ...}),
     * or 8 when it cannot be found.
     */
    public static int longSizeFromHeaderPage(final byte[] headerPage) {
        final String s = new String(headerPage, java.nio.charset.StandardCharsets.US_ASCII);
        final int c = s.indexOf(" commit;");
        if (c < 0) return 8;
        final int z = s.indexOf("size:", c);
        if (z < 0) return 8;
        int i = z + 5;
        int v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) v = v * 10 + (s.charAt(i++) - '0');
        return v == 4 ? 4 : 8;
    }
}
