package dev.whylate.record;

/**
 * One CPU's {@code per_cpu/cpuN/stats} of a tracefs buffer. Counts are events except {@code bytes}.
 *
 * @param cpu           the CPU
 * @param entries       events in the buffer not yet read
 * @param overrun       events lost because the buffer wrapped (overwrite mode)
 * @param commitOverrun events lost because a nested writer overflowed a page
 * @param bytes         bytes of unread events
 * @param dropped       events dropped because the buffer was full (non-overwrite mode)
 * @param read          events consumed by readers so far
 * @param text          the file as read (saved in trace.dat CPUSTAT options)
 */
public record CpuStats(int cpu, long entries, long overrun, long commitOverrun, long bytes, long dropped, long read,
                       String text) {

    /** Events lost on this CPU: overrun + commit overrun + dropped. */
    public long lost() {
        return overrun + commitOverrun + dropped;
    }

    /** Parses the kernel's "key: value" lines; missing keys are 0. */
    public static CpuStats parse(final int cpu, final String text) {
        long entries = 0;
        long overrun = 0;
        long commitOverrun = 0;
        long bytes = 0;
        long dropped = 0;
        long read = 0;
        for (final String line : text.split("\n")) {
            final int c = line.indexOf(':');
            if (c < 0) continue;
            final String k = line.substring(0, c).trim();
            final long v = number(line.substring(c + 1).trim());
            switch (k) {
                case "entries" -> entries = v;
                case "overrun" -> overrun = v;
                case "commit overrun" -> commitOverrun = v;
                case "bytes" -> bytes = v;
                case "dropped events" -> dropped = v;
                case "read events" -> read = v;
                default -> { }
            }
        }
        return new CpuStats(cpu, entries, overrun, commitOverrun, bytes, dropped, read, text);
    }

    private static long number(final String s) {
        long v = 0;
        int i = 0;
        for (; i < s.length() && Character.isDigit(s.charAt(i)); i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return i == 0 ? 0 : v;
    }
}
