package dev.whylate.format.dat;

import dev.whylate.model.Ctx;
import dev.whylate.model.Lost;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one CPU's ring-buffer pages (as libtraceevent's kbuffer does): the page header (timestamp, commit
 * with the MISSING_EVENTS / MISSING_STORED bits and the stored lost count), then the events: type_len 1..28
 * (length in words), 0 (length in the next word), 29 padding (skipped by its length), 30 time extend, 31
 * absolute time stamp. Every event's bytes are checked against the page's commit size and the bytes present;
 * damage stops this CPU with a message, keeping the events before it. Each page is copied into a small array
 * and read there.
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

    /** Page outcome: fine, cut short by the end of the data, or corrupt. */
    private static final int OK = 0;
    private static final int CUT = 1;
    private static final int BAD = 2;
    private static final int BIG_PAGE = 3;

    private final Config c;
    private final CpuEvents ev;
    private final boolean big;
    private final int cpu;
    private final int dataOff;
    private final int commitOff;
    private final int commitSize;
    private final int tsOff;
    private final int typeOff;
    private final int typeSize;
    private final int flagsOff;
    private final int pidOff;
    private final int pidSize;
    private final int need;
    private final int pageSize;
    private final int[][] pairs;
    private final CommCache cache = new CommCache();
    /** Where the walk stopped inside the page (data-relative), for messages. */
    private int stopAt;
    /** Claimed data size of the last page, for messages. */
    private int claimed;

    private CpuDecoder(final Config c, final CpuEvents ev, final boolean big, final int cpu, final int pageSize) {
        this.c = c;
        this.ev = ev;
        this.big = big;
        this.cpu = cpu;
        this.pageSize = pageSize;
        dataOff = c.hp.dataOffset();
        commitOff = c.hp.commitOffset();
        commitSize = c.hp.commitSize();
        tsOff = c.hp.timestampOffset();
        typeOff = c.common[0];
        typeSize = c.common[1];
        flagsOff = c.common[2];
        pidOff = c.common[3];
        pidSize = c.common[4];
        need = Math.max(Math.max(typeOff + typeSize, pidOff + pidSize), flagsOff + 1);
        pairs = new int[c.formats.size()][];
    }

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
        final boolean big = seg.win.length > 0 && seg.win[0].order() == ByteOrder.BIG_ENDIAN;
        final CpuDecoder d = new CpuDecoder(c, ev, big, cpu, pageSize);
        final byte[] pg = new byte[pageSize];
        for (long page = start; page < start + len; page += pageSize) {
            final int pageLen = (int) Math.min(pageSize, start + len - page);
            if (pageLen < d.dataOff) {
                d.fail(seg, page, where + ": data ends inside a page header at " + describe(seg, page) + truncation(len, declared));
                break;
            }
            final int got = seg.get(page - seg.base, pg, pageLen);
            final int r = d.page(pg, got, page);
            if (r == OK) continue;
            if (r == BIG_PAGE) {
                d.fail(seg, page, where + ": page at " + describe(seg, page) + " claims " + d.claimed + " bytes of events, more than a "
                    + pageSize + "-byte page holds");
            } else if (r == CUT) {
                d.fail(seg, page, where + ": data ends inside the page at " + describe(seg, page) + truncation(len, declared));
            } else {
                d.fail(seg, page, where + ": corrupt event header at " + describe(seg, page + d.dataOff + d.stopAt)
                    + " (the events before it are kept)");
            }
            break;
        }
        if (ev.damage == null && len < declared) {
            ev.damage = where + ": " + truncation(len, declared).strip();
            ev.damageOffset = seg.base == 0 ? start + len : -1;
        }
        return ev;
    }

    private void fail(final Space.Segment seg, final long page, final String msg) {
        ev.damage = msg;
        ev.damageOffset = seg.base == 0 ? page : -1;
    }

    private int u16(final byte[] a, final int p) {
        return big ? ((a[p] & 0xFF) << 8) | (a[p + 1] & 0xFF) : ((a[p + 1] & 0xFF) << 8) | (a[p] & 0xFF);
    }

    private int i32(final byte[] a, final int p) {
        return big ? ((a[p] & 0xFF) << 24) | ((a[p + 1] & 0xFF) << 16) | ((a[p + 2] & 0xFF) << 8) | (a[p + 3] & 0xFF)
            : ((a[p + 3] & 0xFF) << 24) | ((a[p + 2] & 0xFF) << 16) | ((a[p + 1] & 0xFF) << 8) | (a[p] & 0xFF);
    }

    private long i64(final byte[] a, final int p) {
        final long x = i32(a, p) & 0xFFFFFFFFL;
        final long y = i32(a, p + 4) & 0xFFFFFFFFL;
        return big ? (x << 32) | y : (y << 32) | x;
    }

    /** Decodes one page of {@code pageLen} bytes (copied in {@code a}) at address {@code page}. */
    private int page(final byte[] a, final int pageLen, final long page) {
        if (pageLen < dataOff) return CUT;
        final long pts = i64(a, tsOff);
        final long commit = commitSize == 8 ? i64(a, commitOff) : i32(a, commitOff) & 0xFFFFFFFFL;
        final int size = (int) (commit & HeaderPage.COMMIT_MASK);
        claimed = size;
        if (size > pageSize - dataOff) return BIG_PAGE;
        final int avail = pageLen - dataOff;
        final int lim = Math.min(size, avail);
        final boolean missing = (commit & HeaderPage.MISSING_EVENTS) != 0;
        long lostCount = -1;
        if (missing && (commit & HeaderPage.MISSING_STORED) != 0 && size + commitSize <= avail) {
            final int at = dataOff + size;
            lostCount = commitSize == 8 ? i64(a, at) : i32(a, at) & 0xFFFFFFFFL;
        }
        boolean first = true;
        long ts = pts;
        final int base = dataOff;
        final long vbase = page + dataOff;
        int i = 0;
        int result = OK;
        while (i < size) {
            if (i + 4 > lim) {
                result = CUT;
                break;
            }
            final int word = i32(a, base + i);
            final int tl;
            final int delta;
            if (big) {
                tl = word >>> 27;
                delta = word & 0x7FFFFFF;
            } else {
                tl = word & 31;
                delta = word >>> 5;
            }
            if (tl >= 29) {
                if (i + 8 > lim) {
                    result = size > avail ? CUT : OK;
                    break;
                }
                final long arr = i32(a, base + i + 4) & 0xFFFFFFFFL;
                if (tl == 29) {
                    ts += delta;
                    final long nx = i + 4 + arr;
                    i = nx > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) nx;
                } else if (tl == 30) {
                    ts += (arr << 27) + delta;
                    i += 8;
                } else {
                    ts = ((arr << 27) + delta) | (ts & TS_MSB);
                    i += 8;
                }
                continue;
            }
            final int ds;
            final int dlen;
            if (tl == 0) {
                if (i + 8 > lim) {
                    result = size > avail ? CUT : BAD;
                    break;
                }
                final long a0 = i32(a, base + i + 4) & 0xFFFFFFFFL;
                if (a0 < 4 || a0 > size) {
                    result = BAD;
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
                result = BAD;
                break;
            }
            if (ds + dlen > avail) {
                result = CUT;
                break;
            }
            final long tns = c.tscMult == 0 ? ts + c.tsOffset : toNs(c, ts);
            if (first) {
                if (missing) ev.lost.add(new Lost(tns, cpu, lostCount));
                first = false;
            }
            event(a, base + ds, dlen, tns, vbase + i);
            i = ds + dlen;
        }
        stopAt = i;
        if (first && missing) ev.lost.add(new Lost(toNs(c, pts), cpu, lostCount));
        return result;
    }

    /** One data record at {@code rec} of {@code dlen} bytes; {@code ref} is its header's address. */
    private void event(final byte[] a, final int rec, final int dlen, final long tns, final long ref) {
        if (dlen < need) {
            ev.unparsed(ref, "record of " + dlen + " bytes is shorter than its common fields", hex(a, rec, dlen));
            return;
        }
        final int type = typeSize == 2 ? u16(a, rec + typeOff) : typeSize == 1 ? a[rec + typeOff] & 0xFF : i32(a, rec + typeOff);
        final int fi = c.formats.indexOf(type);
        if (fi < 0) {
            ev.unparsed(ref, "unknown event id " + type, hex(a, rec, Math.min(dlen, 32)));
            return;
        }
        final int pid = pidSize == 4 ? i32(a, rec + pidOff) : (short) u16(a, rec + pidOff);
        final int flags = flagsOff >= 0 ? CTX[a[rec + flagsOff] & 0xFF] : 0;
        ev.add(tns, pid, type, flags, ref);
        int[] pr = pairs[fi];
        if (pr == null) {
            pr = c.comms.of(fi);
            pairs[fi] = pr;
        }
        for (int k = 0; k + 2 < pr.length; k += 3) observe(a, rec, dlen, pr[k], pr[k + 1], pr[k + 2], tns);
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

    /** Notes the task name of a (comm, pid) pair when it differs from the last one seen for that pid. */
    private void observe(final byte[] a, final int rec, final int dlen, final int commOff, final int commLen, final int pOff, final long tns) {
        if (commOff + commLen > dlen || pOff + 4 > dlen) return;
        final int pid = i32(a, rec + pOff);
        if (pid <= 0) return;
        // fast path: the 16 bytes of a TASK_COMM_LEN name compared as two longs
        final int at = rec + commOff;
        final long lo;
        final long hi;
        if (commLen >= 16) {
            lo = i64(a, at);
            hi = i64(a, at + 8);
            if (cache.same(pid, lo, hi)) return;
        } else {
            lo = 0;
            hi = 0;
        }
        int n = 0;
        while (n < commLen && a[at + n] != 0) n++;
        if (n == 0) return;
        if (commLen >= 16) cache.put(pid, lo, hi);
        ev.observe(pid, tns, new String(a, at, n, StandardCharsets.UTF_8));
    }

    private static String describe(final Space.Segment seg, final long addr) {
        return seg.base == 0 ? "file offset " + addr : "byte " + (addr - seg.base) + " of the decompressed data";
    }

    private static String hex(final byte[] a, final int at, final int n) {
        final StringBuilder s = new StringBuilder();
        for (int k = 0; k < Math.min(n, 32); k++) {
            if (k > 0) s.append(' ');
            s.append(String.format("%02x", a[at + k] & 0xFF));
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
