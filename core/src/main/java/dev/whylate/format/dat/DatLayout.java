package dev.whylate.format.dat;

import java.util.List;
import java.util.Map;

/**
 * The structure of one trace.dat as found by {@link DatParser}: the initial header, the metadata sections
 * (header page, event formats, kallsyms, printk formats, cmdlines) and where each buffer's per-CPU ring-buffer
 * data lives. Nothing here is decoded per event yet.
 *
 * @param version file version (6 or 7)
 * @param bigEndian byte order of every number in the file
 * @param longSize sizeof(long) of the recording user space (4 or 8)
 * @param pageSize page size of the traced machine in bytes
 * @param compression {@code none}, {@code zstd} or {@code zlib} (v6: {@code none})
 * @param compressionVersion version string of the compression library that wrote the file (may be empty)
 * @param headerPage text of {@code events/header_page}
 * @param headerEvent text of {@code events/header_event}
 * @param formats every event format text with its system ({@code ftrace} for the ftrace formats)
 * @param kallsyms the kallsyms section, loaded on first use
 * @param printk the printk formats section, loaded on first use
 * @param cmdlines saved_cmdlines text ({@code "pid comm"} lines), empty when absent
 * @param tgids saved_tgids text ({@code "pid tgid"} lines), empty when absent
 * @param cpus CPU count the file declares (CPUCOUNT option, v6 header), or -1
 * @param buffers the buffers (instances) with flyrecord data, top instance first
 * @param latencyText true when the file holds latency-format text instead of ring-buffer pages
 * @param meta options and facts to show ({@code clock}, {@code uname}, {@code trace-cmd-version}, ...)
 * @param tsOffset ns added to every timestamp (OFFSET option), as trace-cmd report does
 * @param tscMult TSC2NSEC multiplier, 0 when absent
 * @param tscShift TSC2NSEC shift
 */
record DatLayout(int version, boolean bigEndian, int longSize, int pageSize, String compression, String compressionVersion,
                 String headerPage, String headerEvent, List<FormatText> formats, Lazy kallsyms, Lazy printk,
                 String cmdlines, String tgids, int cpus, List<Buffer> buffers, boolean latencyText,
                 Map<String, String> meta, long tsOffset, long tscMult, int tscShift) {

    /** One format file: its system and its bytes (decoded to text only when the format is needed). */
    record FormatText(String system, byte[] data, int off, int len) {
        /** The format text. */
        String text() {
            return new String(data, off, len, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * One CPU's ring-buffer data.
     *
     * @param cpu CPU number
     * @param offset file offset of the data (for compressed buffers: of the chunk list)
     * @param size bytes at {@code offset} in the file
     */
    record CpuData(int cpu, long offset, long size) {}

    /**
     * One buffer (tracefs instance).
     *
     * @param name instance name, {@code ""} for the top instance
     * @param clock trace clock, or {@code null} when the file did not say
     * @param pageSize ring-buffer page (sub-buffer) size in bytes
     * @param cpus per-CPU data
     * @param compressed v7 chunked compression of the CPU data
     */
    record Buffer(String name, String clock, int pageSize, List<CpuData> cpus, boolean compressed) {}

    /** A section loaded on first use; a damaged one reads as empty. */
    interface Lazy {
        /** The section's bytes, or an empty array when absent or damaged. */
        byte[] get();
    }
}
