package dev.whylate.format.dat;

import dev.whylate.io.MappedBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The address space that payload references point into: 40-bit virtual addresses. The input file occupies
 * {@code [0, file size)}, so a reference into uncompressed data is simply its file offset; the decompressed
 * CPU data of a compressed v7 file is placed in temp files mapped above the file, each at a 1 MiB-aligned base.
 * Thread-safe for reads (absolute gets on shared buffers only).
 */
final class Space {
    /** Highest address a payload reference can hold. */
    static final long LIMIT = 1L << 40;
    private static final long ALIGN = 1 << 20;

    private final ByteOrder order;
    private final List<Segment> segs = new CopyOnWriteArrayList<>();

    /** One mapped file at a virtual base. */
    static final class Segment {
        final long base;
        final long size;
        final MappedBytes mb;
        final ByteBuffer[] win;

        Segment(final long base, final MappedBytes mb, final ByteOrder order) {
            this.base = base;
            this.size = mb.size();
            this.mb = mb;
            final int n = mb.size() == 0 ? 0 : mb.window(mb.size() - 1) + 1;
            win = new ByteBuffer[n];
            for (int w = 0; w < n; w++) win[w] = mb.buffer(w).duplicate().order(order);
        }
    }

    Space(final MappedBytes file, final ByteOrder order) {
        this.order = order;
        segs.add(new Segment(0, file, order));
    }

    /** Byte order of the numbers in the data. */
    ByteOrder order() {
        return order;
    }

    /** The segment of the input file (base 0). */
    Segment file() {
        return segs.get(0);
    }

    /** Adds a mapped temp file above the others; returns its segment, or {@code null} when the 40-bit space is full. */
    synchronized Segment add(final MappedBytes mb) {
        final Segment last = segs.get(segs.size() - 1);
        final long base = (last.base + last.size + ALIGN - 1) / ALIGN * ALIGN;
        if (base + mb.size() > LIMIT) return null;
        final Segment g = new Segment(base, mb, order);
        segs.add(g);
        return g;
    }

    /** The segment holding {@code addr}, or {@code null}. */
    Segment segment(final long addr) {
        final List<Segment> s = segs;
        for (int k = s.size() - 1; k >= 0; k--) {
            final Segment g = s.get(k);
            if (addr >= g.base) return addr < g.base + g.size ? g : null;
        }
        return null;
    }

    /**
     * Copies up to {@code len} bytes at {@code addr} into {@code dst}; returns how many exist (fewer at the end
     * of a segment).
     */
    static int copy(final Segment g, final long addr, final byte[] dst, final int len) {
        return g.mb.get(addr - g.base, dst, 0, (int) Math.min(len, g.base + g.size - addr));
    }
}
