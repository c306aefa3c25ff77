package dev.whylate.record;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side decoder of ring-buffer pages, written separately from {@link PageCounter}: reads one CPU's data
 * out of a trace.dat at the offsets the writer reported (uncompressing v7 zstd chunks) and lists every data
 * event with its timestamp and type id, plus the lost-event marks of page headers. Little-endian, 64-bit
 * kernel (this machine).
 */
final class RawPages {
    /** One data event. */
    record Ev(int cpu, long ts, int type, int pid) {
    }

    /**
     * Decoded CPU data. {@code visibleMarks}: marked pages whose first entry is a data event, the only ones
     * trace-cmd reports (kbuffer gives missed events to the record at page offset 0 only).
     */
    record Cpu(List<Ev> events, int pages, int lossMarks, int visibleMarks) {
    }

    private RawPages() {
    }

    /** Reads {@code stored} bytes at {@code offset}; uncompresses when {@code zstd}. */
    static byte[] cpuData(final java.nio.file.Path dat, final long offset, final long stored, final long raw,
                          final boolean zstd) throws IOException {
        final byte[] b = new byte[Math.toIntExact(stored)];
        try (RandomAccessFile f = new RandomAccessFile(dat.toFile(), "r")) {
            f.seek(offset);
            f.readFully(b);
        }
        if (!zstd) return b;
        final ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        final int chunks = in.getInt();
        final byte[] out = new byte[Math.toIntExact(raw)];
        int at = 0;
        for (int i = 0; i < chunks; i++) {
            final int csize = in.getInt();
            final int usize = in.getInt();
            final byte[] c = new byte[csize];
            in.get(c);
            final byte[] u = Zstd.decompress(c, usize);
            if (u.length != usize) throw new IOException("chunk " + i + ": " + u.length + " != " + usize);
            System.arraycopy(u, 0, out, at, usize);
            at += usize;
        }
        if (at != raw || in.hasRemaining()) throw new IOException("zstd chunks: " + at + " bytes of " + raw + ", " + in.remaining() + " left");
        return out;
    }

    /** Decodes whole pages of {@code pageSize} bytes. */
    static Cpu decode(final int cpu, final byte[] data, final int pageSize) {
        final ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        final List<Ev> evs = new ArrayList<>();
        int marks = 0;
        int visible = 0;
        final int pages = data.length / pageSize;
        for (int pg = 0; pg < pages; pg++) {
            final int base = pg * pageSize;
            long time = b.getLong(base);
            final long commit = b.getLong(base + 8);
            final int size = (int) (commit & 0x7ffffff);
            int pos = base + 16;
            if ((commit & 0x80000000L) != 0) {
                marks++;
                final int k = size >= 4 ? b.getInt(pos) & 0x1f : 29;
                if (k < 29) visible++;
            }
            final int stop = pos + size;
            while (pos < stop) {
                final int word = b.getInt(pos);
                final int kind = word & 0x1f;
                final long delta = word >>> 5;
                if (kind == 30) {                      // extend
                    time += delta + ((long) b.getInt(pos + 4) << 27);
                    pos += 8;
                } else if (kind == 31) {               // absolute
                    time = (time & 0xf800000000000000L) | (delta + ((long) b.getInt(pos + 4) << 27));
                    pos += 8;
                } else if (kind == 29) {               // padding
                    time += delta;
                    pos += 4 + b.getInt(pos + 4);
                } else if (kind == 0) {                // long data
                    time += delta;
                    final int len = b.getInt(pos + 4) - 4;
                    evs.add(new Ev(cpu, time, b.getShort(pos + 8) & 0xffff, b.getInt(pos + 12)));
                    pos += 8 + ((len + 3) & ~3);
                } else {                               // short data
                    time += delta;
                    evs.add(new Ev(cpu, time, b.getShort(pos + 4) & 0xffff, b.getInt(pos + 8)));
                    pos += 4 + 4 * kind;
                }
            }
        }
        return new Cpu(evs, pages, marks, visible);
    }
}
