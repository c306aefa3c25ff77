package dev.whylate.format.text;

import dev.whylate.io.MappedBytes;
import java.util.Arrays;

/**
 * A reusable buffer for lazy payload decoders of text traces: copies the rest of a line (from a payload
 * offset to its {@code \n}) out of a {@link MappedBytes}. Not thread-safe; decoders keep one per thread.
 */
public final class LineScratch {
    private byte[] b = new byte[512];
    private int len;
    /** Bytes asked for by the first read of a line: most lines are short. */
    private static final int FIRST = 192;

    /**
     * Copies {@code src} from {@code off} up to (not including) the next {@code \n}, a trailing {@code \r}
     * dropped, at most {@link MappedBytes#OVERLAP} bytes. Returns the buffer; the length is {@link #length()}.
     */
    public byte[] readLine(final MappedBytes src, final long off) {
        int have = 0;
        while (true) {
            // most lines are short: the first read asks for a little, later ones for the rest of the buffer
            final int got = src.get(off + have, b, have, have == 0 ? Math.min(FIRST, b.length) : b.length - have);
            for (int i = have; i < have + got; i++) {
                if (b[i] == '\n') return done(i);
            }
            have += got;
            if (got == 0 || have >= MappedBytes.OVERLAP) return done(Math.min(have, MappedBytes.OVERLAP));
            if (have == b.length) b = Arrays.copyOf(b, Math.min(b.length * 2, MappedBytes.OVERLAP + 1));
        }
    }

    /** File offset of the start of the line that contains {@code off} (searching back at most 64 KiB). */
    public static long lineStart(final MappedBytes src, final long off) {
        final long lo = Math.max(0, off - 65536);
        long p = off;
        while (p > lo && src.get(p - 1) != '\n') p--;
        return p;
    }

    private byte[] done(final int end) {
        int e = end;
        if (e > 0 && b[e - 1] == '\r') e--;
        len = e;
        return b;
    }

    /** Length of the line read last. */
    public int length() {
        return len;
    }

    /** The buffer holding the line read last. */
    public byte[] bytes() {
        return b;
    }
}
