package dev.whylate.format.text;

import dev.whylate.io.MappedBytes;

/**
 * Iterates the lines of a byte range of a {@link MappedBytes} through a refilled {@code byte[]} window, so
 * that line parsers work on plain arrays with int indexes. Not thread-safe; parallel readers use one per chunk.
 *
 * <p>After {@link #next()} returned {@code true}, the current line is {@code buf()[start() .. end())}, without
 * its {@code \n} and without a trailing {@code \r}; {@link #offset(int)} turns an index into a file offset.
 * A line longer than {@code maxLine} bytes is returned cut to {@code maxLine} bytes with {@link #tooLong()} set,
 * and the rest of it is skipped.
 *
 * <pre>{@code
 * MappedLines l = new MappedLines(bytes, 0, bytes.size(), MappedBytes.OVERLAP);
 * while (l.next()) parse(l.buf(), l.start(), l.end());
 * }</pre>
 */
public final class MappedLines {
    private final MappedBytes src;
    private final long to;
    private final int maxLine;
    private byte[] buf;
    private byte[] head;
    private byte[] lineBuf;
    private long lineBase;
    private long bufBase;
    private long nextRead;
    private int pos;
    private int lim;
    private int start;
    private int end;
    private boolean terminated;
    private boolean tooLong;
    private long lineNo;

    /**
     * Lines of {@code [from, to)}; {@code from} should be a line start.
     *
     * @param maxLine longest line kept whole, in bytes (at least 16)
     */
    public MappedLines(final MappedBytes src, final long from, final long to, final int maxLine) {
        this(src, from, to, maxLine, 4 << 20);
    }

    /** Same, with a buffer of about {@code bufferSize} bytes (at least twice {@code maxLine}; tests use small ones). */
    MappedLines(final MappedBytes src, final long from, final long to, final int maxLine, final int bufferSize) {
        if (from < 0 || to > src.size() || from > to) throw new IllegalArgumentException("bad range " + from + ".." + to);
        this.src = src;
        this.to = to;
        this.maxLine = Math.max(16, maxLine);
        final long len = to - from;
        this.buf = new byte[(int) Math.max(64, Math.min(len, Math.max(bufferSize, 2L * this.maxLine)))];
        this.bufBase = from;
        this.nextRead = from;
    }

    /** Advances to the next line; {@code false} at the end of the range. */
    public boolean next() {
        tooLong = false;
        int scan = pos;
        while (true) {
            for (int i = scan; i < lim; i++) {
                if (buf[i] == '\n') {
                    if (i - pos > maxLine) {
                        setLine(buf, bufBase, pos, pos + maxLine, true);
                        tooLong = true;
                    } else {
                        setLine(buf, bufBase, pos, i, true);
                    }
                    pos = i + 1;
                    return true;
                }
            }
            if (lim - pos > maxLine) {
                // no newline within maxLine bytes: keep the head, skip to after the next newline
                if (head == null) head = new byte[maxLine];
                System.arraycopy(buf, pos, head, 0, maxLine);
                final long lineOff = bufBase + pos;
                final boolean term = skipRestOfLine();
                setLine(head, lineOff, 0, maxLine, term);
                tooLong = true;
                return true;
            }
            if (nextRead >= to) {
                if (pos < lim) {
                    setLine(buf, bufBase, pos, lim, false);
                    pos = lim;
                    return true;
                }
                return false;
            }
            scan = lim - pos;
            refill();
        }
    }

    /** Skips to after the next newline; false when the range ended first. */
    private boolean skipRestOfLine() {
        int i = pos;
        while (true) {
            for (; i < lim; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    return true;
                }
            }
            if (nextRead >= to) {
                pos = lim;
                return false;
            }
            pos = lim;
            refill();
            i = 0;
        }
    }

    private void refill() {
        final int keep = lim - pos;
        if (keep > 0 && pos > 0) System.arraycopy(buf, pos, buf, 0, keep);
        bufBase += pos;
        pos = 0;
        lim = keep;
        final int want = (int) Math.min(buf.length - lim, to - nextRead);
        final int got = src.get(nextRead, buf, lim, want);
        nextRead += got;
        lim += got;
    }

    private void setLine(final byte[] b, final long base, final int s, final int e, final boolean term) {
        int ee = e;
        if (ee > s && b[ee - 1] == '\r') ee--;
        lineBuf = b;
        lineBase = base;
        start = s;
        end = ee;
        terminated = term;
        lineNo++;
    }

    /** The buffer that holds the current line. */
    public byte[] buf() {
        return lineBuf;
    }

    /** Index of the first byte of the current line. */
    public int start() {
        return start;
    }

    /** Index after the last byte of the current line (excluding {@code \n} and a trailing {@code \r}). */
    public int end() {
        return end;
    }

    /** File offset of buffer index {@code i}. */
    public long offset(final int i) {
        return lineBase + i;
    }

    /** Whether the current line ended with {@code \n} (false only for a last line without one). */
    public boolean terminated() {
        return terminated;
    }

    /** Whether the current line was longer than {@code maxLine} and has been cut. */
    public boolean tooLong() {
        return tooLong;
    }

    /** 1-based number of the current line within the range. */
    public long lineNo() {
        return lineNo;
    }
}
