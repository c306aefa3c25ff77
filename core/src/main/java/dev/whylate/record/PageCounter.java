package dev.whylate.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Walks ring-buffer pages as {@code trace_pipe_raw} returns them and counts what is in them: data events
 * (per event type id), pages, bytes of event data, and the lost-event marks the kernel leaves in page headers.
 * Also tracks the first and last event timestamp (trace-clock units). One instance per CPU; not thread safe.
 *
 * <p>Page layout: {@code u64 timestamp}, {@code commit} (kernel long), data. {@code commit & 0x7ffffff} is the
 * number of data bytes; bit 31 marks events lost before this page, bit 30 that their count is stored as a
 * kernel long right after the data. Event headers are {@code type_len:5 | time_delta:27}: 1..28 data of
 * type_len×4 bytes, 0 data with its length in the next word, 29 padding, 30 time extend, 31 absolute time.
 * Deltas of padding events count, and absolute times take their top 5 bits from the running time, as in
 * libtraceevent's kbuffer (what trace-cmd uses).
 */
public final class PageCounter {
    private static final int COMMIT_MASK = (1 << 27) - 1;
    private static final long MISSING_EVENTS = 1L << 31;
    private static final long MISSING_STORED = 1L << 30;

    private final int longSize;
    private final int dataOffset;
    private final ByteOrder order;
    private long[] byType = new long[1024];
    private long events;
    private long pages;
    private long dataBytes;
    private long pagesWithLoss;
    private long lostStored;
    private long firstTs = -1;
    private long lastTs = -1;
    private long badPages;

    /**
     * @param longSize kernel long size (commit field size), 4 or 8
     * @param order    byte order of the pages (the running kernel's)
     */
    public PageCounter(final int longSize, final ByteOrder order) {
        if (longSize != 4 && longSize != 8) throw new IllegalArgumentException("long size " + longSize);
        this.longSize = longSize;
        this.dataOffset = 8 + longSize;
        this.order = order;
    }

    /**
     * Counts one page of {@code pageSize} bytes starting at {@code off} in {@code buf} (absolute indexes;
     * position and limit are not used).
     *
     * @return the number of data bytes the page declares (its commit), used to tell partial pages
     */
    public int page(final ByteBuffer buf, final int off, final int pageSize) {
        final ByteBuffer b = buf.duplicate().order(order);
        pages++;
        final long pageTs = b.getLong(off);
        final long commitWord = longSize == 8 ? b.getLong(off + 8) : b.getInt(off + 8) & 0xffffffffL;
        int len = (int) (commitWord & COMMIT_MASK);
        final int room = pageSize - dataOffset;
        if (len > room) {
            badPages++;
            len = room;
        }
        if ((commitWord & MISSING_EVENTS) != 0) {
            pagesWithLoss++;
            if ((commitWord & MISSING_STORED) != 0 && len + longSize <= room) {
                final int at = off + dataOffset + len;
                lostStored += longSize == 8 ? b.getLong(at) : b.getInt(at) & 0xffffffffL;
            }
        }
        dataBytes += len;
        long ts = pageTs;
        int p = off + dataOffset;
        final int end = p + len;
        while (p + 4 <= end) {
            final int hdr = b.getInt(p);
            final int typeLen;
            final int delta;
            if (order == ByteOrder.LITTLE_ENDIAN) {
                typeLen = hdr & 31;
                delta = hdr >>> 5;
            } else {
                typeLen = hdr >>> 27;
                delta = hdr & COMMIT_MASK;
            }
            final int next;
            switch (typeLen) {
                case 29 -> {                                    // padding (discarded event), as libtraceevent's kbuffer
                    if (p + 8 > end) return len;
                    ts += delta;
                    next = p + 4 + b.getInt(p + 4);
                }
                case 30 -> {                                    // time extend
                    if (p + 8 > end) return len;
                    ts += ((long) b.getInt(p + 4) << 27) + delta;
                    next = p + 8;
                }
                case 31 -> {                                    // absolute timestamp
                    if (p + 8 > end) return len;
                    ts = (((long) b.getInt(p + 4) << 27) + delta) | (ts & (0x1fL << 59));
                    next = p + 8;
                }
                case 0 -> {
                    if (p + 8 > end) return len;
                    final int l = b.getInt(p + 4);
                    ts += delta;
                    count(b, p + 8, ts, l - 4);
                    next = p + 4 + ((l + 3) & ~3);
                }
                default -> {
                    ts += delta;
                    count(b, p + 4, ts, typeLen * 4);
                    next = p + 4 + typeLen * 4;
                }
            }
            if (next <= p) {
                badPages++;
                return len;
            }
            p = next;
        }
        return len;
    }

    private void count(final ByteBuffer b, final int at, final long ts, final int length) {
        if (length < 2) return;
        final int type = b.getShort(at) & 0xffff;
        if (type >= byType.length) byType = Arrays.copyOf(byType, Math.max(type + 1, byType.length * 2));
        byType[type]++;
        events++;
        if (firstTs < 0) firstTs = ts;
        lastTs = ts;
    }

    /** Data events counted. */
    public long events() {
        return events;
    }

    /** Pages counted. */
    public long pages() {
        return pages;
    }

    /** Bytes of event data (sum of page commits). */
    public long dataBytes() {
        return dataBytes;
    }

    /** Pages that carry the "events lost before this page" mark. */
    public long pagesWithLoss() {
        return pagesWithLoss;
    }

    /** Sum of the lost-event counts stored in pages (when the kernel had room to store them). */
    public long lostStored() {
        return lostStored;
    }

    /** Pages whose commit or event lengths did not fit the page (should stay 0). */
    public long badPages() {
        return badPages;
    }

    /** Timestamp of the first data event, or -1. */
    public long firstTs() {
        return firstTs;
    }

    /** Timestamp of the last data event, or -1. */
    public long lastTs() {
        return lastTs;
    }

    /** Events counted for one event type id. */
    public long ofType(final int type) {
        return type >= 0 && type < byType.length ? byType[type] : 0;
    }

    /** A copy of the per-type counts indexed by event type id. */
    public long[] byType() {
        return byType.clone();
    }
}
