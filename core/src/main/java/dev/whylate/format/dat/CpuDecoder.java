package dev.whylate.format.dat;

import dev.whylate.model.Ctx;
import dev.whylate.model.Lost;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one CPU's ring-buffer pages (as libtraceevent's kbuffer does): the page header (timestamp, commit
 * with the MISSING_EVENTS / MISSING_STORED bits and the stored lost count), then the events: type_len 1..28
 * (length in words), 0 (length in the next word), 29 padding (skipped by its length), 30 time extend, 31
 * absolute time stamp. Every event's bytes are checked against the page's commit size and the bytes present;
 * damage stops this CPU with a message, keeping the events before it.
 */
final class CpuDecoder {
    private static final long TS_MSB = 0xf8L << 56;
    private static final byte[] CTX = new byte[256];

    static {
        for (int f = 0; f < 256; f++) CTX[f] = (byte) Ctx.fromKernelFlags(f);
    }

    /**
     * What every CPU of a file shares.
     *
     * @param hp page header layout
     * @param formats event formats (id lookup)
     * @param comms per-format (comm, pid) field pairs to observe task names
     * @param common common field layout from {@link EventFormats#commonLayout()}
     * @param tscMult TSC2NSEC multiplier (0: timestamps are ns already)
     * @param tscShift TSC2NSEC shift
     * @param tsOffset ns added to every timestamp
     */
    record Config(HeaderPage hp, EventFormats formats, CommPairs comms, int[] common, long tscMult, int tscShift, long tsOffset) {}

    private CpuDecoder() {}

    /**
     * Decodes {@code len} bytes of pages at virtual address {@code start} of segment {@code seg}.
     *
     * @param declared the size the file declared (more than {@code len} when the file is cut short)
     * @param where how to name this data in messages
     */
    static CpuEvents decode(final Config c, final Space.Segment seg, final long start, final long len, final long declared,
                            final int pageSize, final int buffer, final int cpu, final String where) {
        final CpuEvents ev = new CpuEvents(buffer, cpu, (int) Math.min(1 << 22, len / 48));
        ev.base = start;
        final HeaderPage hp = c.hp;
        final int dataOff = hp.dataOffset();
        final int typeOff = c.common[0];
        final int typeSize = c.common[1];
        final int flagsOff = c.common[2];
        final int pidOff = c.common[3];
        final int pidSize = c.common[4];
        final int need = Math.max(Math.max(typeOff + typeSize, pidOff + pidSize), flagsOff + 1);
        final boolean big = seg.win.length > 0 && seg.win[0].order() == ByteOrder.BIG_ENDIAN;
        final int[][] pairs = new int[c.formats.size()][];
        final CommCache cache = new CommCache();
        ByteBuffer heap = null;
        final long[] damageAt = {Long.MAX_VALUE};
        for (long page = start; page < start + len; page += pageSize) {
            final int pageLen = (int) Math.min(pageSize, start + len - page);
            damageAt[0] = page;
            if (pageLen < dataOff) {
                ev.damage = where + ": data ends inside a page header at " + describe(seg, page) + truncation(len, declared);
                break;
            }
            // locate the page in one mapped window (copy it when it straddles windows)
            final long so = page - seg.base;
            final int w = seg.window(so);
            ByteBuffer b = seg.win[w];
            int p = (int) (so - seg.windowBase(w));
            if (p + pageLen > b.limit()) {
                if (heap == null || heap.capacity() < pageSize) heap = ByteBuffer.allocate(pageSize).order(b.order());
                final byte[] tmp = heap.array();
                seg.get(so, tmp, pageLen);
                b = heap;
                p = 0;
            }
            final long pts = b.getLong(p + hp.timestampOffset());
            final long commit = hp.commitSize() == 8 ? b.getLong(p + hp.commitOffset()) : b.getInt(p + hp.commitOffset()) & 0xFFFFFFFFL;
            final int size = (int) (commit & HeaderPage.COMMIT_MASK);
            if (size > pageSize - dataOff) {
                ev.damage = where + ": page at " + describe(seg, page) + " claims " + size + " bytes of events, more than a "
                    + pageSize + "-byte page holds";
                break;
            }
            final int avail = pageLen - dataOff;
            final int lim = Math.min(size, avail);
            final boolean missing = (commit & HeaderPage.MISSING_EVENTS) != 0;
            long lostCount = -1;
            if (missing && (commit & HeaderPage.MISSING_STORED) != 0 && size + hp.commitSize() <= avail) {
                final int at = p + dataOff + size;
                lostCount = hp.commitSize() == 8 ? b.getLong(at) : b.getInt(at) & 0xFFFFFFFFL;
            }
            boolean first = true;
            long ts = pts;
            final int base = p + dataOff;
            final long vbase = page + dataOff;
            String stop = null;
            int i = 0;
            while (i < size) {
                if (i + 4 > lim) {
                    stop = "cut";
                    break;
                }
                final int word = b.getInt(base + i);
                final int tl;
                final int delta;
                if (big) {
                    tl = word >>> 27;
                    delta = word & 0x7FFFFFF;
                } else {
                    tl = word & 31;
                    delta = word >>> 5;
                }
                final int next;
                if (tl >= 29) {
                    if (i + 8 > lim) {
                        stop = size > avail ? "cut" : null;
                        break;
                    }
                    final long arr = b.getInt(base + i + 4) & 0xFFFFFFFFL;
                    if (tl == 29) {
                        ts += delta;
                        final long nx = i + 4 + arr;
                        next = nx > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) nx;
                    } else if (tl == 30) {
                        ts += (arr << 27) + delta;
                        next = i + 8;
                    } else {
                        ts = ((arr << 27) + delta) | (ts & TS_MSB);
                        next = i + 8;
                    }
                    i = next;
                    continue;
                }
                final int ds;
                final int dlen;
                if (tl == 0) {
                    if (i + 8 > lim) {
                        stop = size > avail ? "cut" : "bad";
                        break;
                    }
                    final long a0 = b.getInt(base + i + 4) & 0xFFFFFFFFL;
                    if (a0 < 4 || a0 > size) {
                        stop = "bad";
                        break;
                    }
                    dlen = (int) ((a0 - 4 + 3) & ~3L);
                    ds = i + 8;
                } else {
                    dlen = tl * 4;
                    ds = i + 4;
                }
                ts += delta;
                if (ds + dlen > size) {
                    stop = "bad";
                    break;
                }
                if (ds + dlen > avail) {
                    stop = "cut";
                    break;
                }
                final int rec = base + ds;
                final long tns = toNs(c, ts);
                if (first) {
                    if (missing) ev.lost.add(new Lost(tns, cpu, lostCount));
                    first = false;
                }
                if (dlen < need) {
                    ev.unparsed(where(seg, vbase + i), "record of " + dlen + " bytes is shorter than its common fields", hex(b, rec, dlen));
                } else {
                    final int type = typeSize == 2 ? b.getShort(rec + typeOff) & 0xFFFF
                        : typeSize == 1 ? b.get(rec + typeOff) & 0xFF : b.getInt(rec + typeOff);
                    final int fi = c.formats.indexOf(type);
                    if (fi < 0) {
                        ev.unparsed(where(seg, vbase + i), "unknown event id " + type, hex(b, rec, Math.min(dlen, 32)));
                    } else {
                        final int pid = pidSize == 4 ? b.getInt(rec + pidOff) : b.getShort(rec + pidOff);
                        final int flags = flagsOff >= 0 ? CTX[b.get(rec + flagsOff) & 0xFF] : 0;
                        ev.add(tns, pid, type, flags, vbase + i);
                        int[] pr = pairs[fi];
                        if (pr == null) {
                            pr = c.comms.of(fi);
                            pairs[fi] = pr;
                        }
                        for (int k = 0; k + 2 < pr.length; k += 3) observe(ev, cache, b, rec, dlen, pr[k], pr[k + 1], pr[k + 2], tns);
                    }
                }
                i = ds + dlen;
            }
            if (first && missing) ev.lost.add(new Lost(toNs(c, pts), cpu, lostCount));
            if (stop != null) {
                if (stop.equals("cut")) {
                    ev.damage = where + ": data ends inside the page at " + describe(seg, page) + truncation(len, declared);
                } else {
                    ev.damage = where + ": corrupt event header at " + describe(seg, vbase + i) + " (the events before it are kept)";
                }
                break;
            }
        }
        if (ev.damage != null && seg.base == 0 && ev.damageOffset < 0) ev.damageOffset = Math.min(start + len, damageAt[0]);
        if (ev.damage == null && len < declared) {
            ev.damageOffset = seg.base == 0 ? start + len : -1;
            ev.damage = where + ": " + truncation(len, declared).strip();
        }
        return ev;
    }

    private static String truncation(final long len, final long declared) {
        return len < declared ? " (the file holds " + len + " of its " + declared + " bytes; truncated?)" : "";
    }

    /** Trace-clock units to ns: TSC2NSEC when the file has it, then the OFFSET option. */
    static long toNs(final Config c, final long t) {
        long v = t;
        if (c.tscMult != 0) v = mulShr(v, c.tscMult, c.tscShift);
        return v + c.tsOffset;
    }

    /** (a * mul) >> shift without overflow for shift &lt;= 32, as the kernel's mul_u64_u32_shr. */
    static long mulShr(final long a, final long mul, final int shift) {
        final long ah = a >>> 32;
        final long al = a & 0xFFFFFFFFL;
        long r = (al * mul) >>> shift;
        if (ah != 0) r += shift <= 32 ? (ah * mul) << (32 - shift) : (ah * mul) >>> (shift - 32);
        return r;
    }

    private static void observe(final CpuEvents ev, final CommCache cache, final ByteBuffer b, final int rec, final int dlen,
                                final int commOff, final int commLen, final int pidOff, final long tns) {
        if (commOff + commLen > dlen || pidOff + 4 > dlen) return;
        final int pid = b.getInt(rec + pidOff);
        if (pid <= 0) return;
        // fast path: the 16 bytes of a TASK_COMM_LEN name compared as two longs
        final long lo;
        final long hi;
        if (commLen >= 16) {
            lo = b.getLong(rec + commOff);
            hi = b.getLong(rec + commOff + 8);
            if (cache.same(pid, lo, hi)) return;
        } else {
            lo = 0;
            hi = 0;
        }
        int n = 0;
        while (n < commLen && b.get(rec + commOff + n) != 0) n++;
        if (n == 0) return;
        final byte[] s = new byte[n];
        for (int k = 0; k < n; k++) s[k] = b.get(rec + commOff + k);
        if (commLen >= 16) cache.put(pid, lo, hi);
        ev.observe(pid, tns, new String(s, StandardCharsets.UTF_8));
    }

    private static String describe(final Space.Segment seg, final long addr) {
        return seg.base == 0 ? "file offset " + addr : "byte " + (addr - seg.base) + " of the decompressed data";
    }

    private static long where(final Space.Segment seg, final long addr) {
        return seg.base == 0 ? addr : addr - seg.base;
    }

    private static String hex(final ByteBuffer b, final int at, final int n) {
        final StringBuilder s = new StringBuilder();
        for (int k = 0; k < Math.min(n, 32); k++) {
            if (k > 0) s.append(' ');
            s.append(String.format("%02x", b.get(at + k) & 0xFF));
        }
        return s.toString();
    }

    /** pid to the last 16 comm bytes seen, as two longs (open addressing), so names are built only when they change. */
    static final class CommCache {
        private int[] keys = new int[512];
        private long[] vals = new long[1024];
        private boolean[] used = new boolean[512];
        private int count;

        boolean same(final int pid, final long lo, final long hi) {
            final int m = keys.length - 1;
            for (int h = mix(pid) & m; used[h]; h = (h + 1) & m) {
                if (keys[h] == pid) return vals[2 * h] == lo && vals[2 * h + 1] == hi;
            }
            return false;
        }

        void put(final int pid, final long lo, final long hi) {
            if ((count + 1) * 2 > keys.length) grow();
            final int m = keys.length - 1;
            int h = mix(pid) & m;
            while (used[h] && keys[h] != pid) h = (h + 1) & m;
            if (!used[h]) {
                used[h] = true;
                keys[h] = pid;
                count++;
            }
            vals[2 * h] = lo;
            vals[2 * h + 1] = hi;
        }

        private void grow() {
            final int[] ok = keys;
            final long[] ov = vals;
            final boolean[] ou = used;
            keys = new int[ok.length * 2];
            vals = new long[ov.length * 2];
            used = new boolean[ou.length * 2];
            count = 0;
            for (int k = 0; k < ok.length; k++) if (ou[k]) put(ok[k], ov[2 * k], ov[2 * k + 1]);
        }

        private static int mix(final int x) {
            final int h = x * 0x9E3779B9;
            return h ^ (h >>> 16);
        }
    }
}
