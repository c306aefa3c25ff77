package dev.whylate.format.dat;

import dev.whylate.io.MappedBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The address space that payload references point into: 40-bit virtual addresses. The input file occupies
 * {@code [0, file size)}, so a reference into uncompressed data is simply its file offset; the decompressed
 * CPU data of a compressed v7 file is placed above the file, each CPU at a 1 MiB-aligned base, held either in
 * direct (off-heap) buffers or, for data larger than a quarter of the heap, in temp files mapped and deleted
 * at once. Thread-safe for reads (absolute gets on shared buffers only).
 */
final class Space {
    /** Highest address a payload reference can hold. */
    static final long LIMIT = 1L << 40;
    private static final long ALIGN = 1 << 20;

    private final ByteOrder order;
    private final List<Segment> segs = new CopyOnWriteArrayList<>();

    /**
     * One contiguous range of the space, made of windows: buffers that each hold a whole number of pages (mapped
     * windows overlap by {@link MappedBytes#OVERLAP}, so any page starting in a window lies inside it).
     */
    abstract static class Segment {
        /** First address of the segment. */
        long base;
        /** Bytes in the segment. */
        final long size;
        /** The windows, in the file's byte order. */
        final ByteBuffer[] win;

        Segment(final long size, final ByteBuffer[] win) {
            this.size = size;
            this.win = win;
        }

        /** The window holding the page that starts at segment offset {@code off}. */
        abstract int window(long off);

        /** Segment offset of window {@code w}'s first byte. */
        abstract long windowBase(int w);

        /** Copies up to {@code len} bytes at segment offset {@code off}; returns how many were copied. */
        abstract int get(long off, byte[] dst, int len);
    }

    /** A mapped file. */
    static final class Mapped extends Segment {
        private final MappedBytes mb;

        Mapped(final MappedBytes mb, final ByteOrder order) {
            super(mb.size(), windows(mb, order));
            this.mb = mb;
        }

        private static ByteBuffer[] windows(final MappedBytes mb, final ByteOrder order) {
            final int n = mb.size() == 0 ? 0 : mb.window(mb.size() - 1) + 1;
            final ByteBuffer[] w = new ByteBuffer[n];
            for (int k = 0; k < n; k++) w[k] = mb.buffer(k).duplicate().order(order);
            return w;
        }

        @Override
        int window(final long off) {
            return mb.window(off);
        }

        @Override
        long windowBase(final int w) {
            return mb.base(w);
        }

        @Override
        int get(final long off, final byte[] dst, final int len) {
            return mb.get(off, dst, 0, len);
        }
    }

    /** Decompressed data in one direct (off-heap) buffer, so the garbage collector never copies it. */
    static final class Memory extends Segment {
        Memory(final ByteBuffer direct, final long size, final ByteOrder order) {
            super(size, new ByteBuffer[] {direct.duplicate().order(order)});
        }

        @Override
        int window(final long off) {
            return 0;
        }

        @Override
        long windowBase(final int w) {
            return 0;
        }

        @Override
        int get(final long off, final byte[] dst, final int len) {
            final int n = (int) Math.max(0, Math.min(len, size - off));
            win[0].get((int) off, dst, 0, n);
            return n;
        }
    }

    Space(final MappedBytes file, final ByteOrder order) {
        this.order = order;
        final Mapped f = new Mapped(file, order);
        f.base = 0;
        segs.add(f);
    }

    /** Byte order of the numbers in the data. */
    ByteOrder order() {
        return order;
    }

    /** The segment of the input file (base 0). */
    Segment file() {
        return segs.get(0);
    }

    /** A new segment over a mapped temp file. */
    Segment mapped(final MappedBytes mb) {
        return new Mapped(mb, order);
    }

    /** A new segment over the first {@code size} bytes of a direct buffer. */
    Segment memory(final ByteBuffer direct, final long size) {
        return new Memory(direct, size, order);
    }

    /** Places {@code g} above the others; returns it, or {@code null} when the 40-bit space is full. */
    synchronized Segment add(final Segment g) {
        final Segment last = segs.get(segs.size() - 1);
        final long base = (last.base + last.size + ALIGN - 1) / ALIGN * ALIGN;
        if (base + g.size > LIMIT) return null;
        g.base = base;
        segs.add(g);
        return g;
    }

    /** The segment holding {@code addr}, or {@code null}. */
    Segment segment(final long addr) {
        final List<Segment> s = segs;
        int lo = 0;
        int hi = s.size() - 1;
        while (lo < hi) {
            final int mid = (lo + hi + 1) >>> 1;
            if (s.get(mid).base <= addr) lo = mid;
            else hi = mid - 1;
        }
        final Segment g = s.get(lo);
        return addr >= g.base && addr < g.base + g.size ? g : null;
    }

    /**
     * Copies up to {@code len} bytes at {@code addr} into {@code dst}; returns how many exist (fewer at the end
     * of a segment).
     */
    static int copy(final Segment g, final long addr, final byte[] dst, final int len) {
        return g.get(addr - g.base, dst, (int) Math.min(len, g.base + g.size - addr));
    }
}
