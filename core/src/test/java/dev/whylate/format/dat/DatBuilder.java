package dev.whylate.format.dat;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Writes small synthetic trace.dat files (v6 or v7; either byte order; 32- or 64-bit kernel long; v7
 * compressed with zstd or zlib) from hand-made ring-buffer pages, for tests that need inputs trace-cmd cannot
 * produce here (big endian, zlib, hostile encodings). Offsets of interesting fields are recorded in
 * {@link #marks} for corruption tests.
 */
final class DatBuilder {
    boolean big;
    int version = 6;
    int longSize = 8;
    int kernelLong = 8;
    int pageSize = 4096;
    String compression = "none";
    String clock = "local";
    String cmdlines = "";
    String kallsyms = "";
    String printk = "";
    final List<String[]> formats = new ArrayList<>();
    final List<String[]> ftrace = new ArrayList<>();
    /** buffer name ("" = top) to cpu to pages. */
    final Map<String, Map<Integer, Pages>> buffers = new LinkedHashMap<>();
    /** Extra options {id, data} written in the options list. */
    final List<Object[]> options = new ArrayList<>();
    /** v7: "tid tgid" lines for whylate's tgid section (as the recorder writes it), or {@code null}. */
    String tgids;
    /** v6: write a "latency" block (this text) instead of flyrecord data. */
    String latency;
    /** name to file offset, filled by {@link #build}. */
    final Map<String, Long> marks = new LinkedHashMap<>();

    /** Ring-buffer pages of one CPU, written in the file's byte order. */
    final class Pages {
        final List<byte[]> done = new ArrayList<>();
        private byte[] page;
        private int at;
        private long lost = -2;

        /** Starts a page with timestamp {@code ts}; {@code lost}: -2 none, -1 missing (count unknown), else the stored count. */
        Pages page(final long ts, final long lostEvents) {
            flush();
            page = new byte[pageSize];
            put(page, 0, ts, 8);
            at = kernelLong == 8 ? 16 : 12;
            lost = lostEvents;
            return this;
        }

        private int data() {
            return kernelLong == 8 ? 16 : 12;
        }

        /** An event with {@code delta} ts units after the previous one; {@code forceLong} uses type_len 0. */
        Pages event(final int delta, final byte[] payload, final boolean forceLong) {
            final int len = (payload.length + 3) & ~3;
            if (!forceLong && len <= 28 * 4 && len > 0) {
                header(len / 4, delta);
                System.arraycopy(payload, 0, page, at, payload.length);
                at += len;
            } else {
                header(0, delta);
                put(page, at, len + 4, 4);
                at += 4;
                System.arraycopy(payload, 0, page, at, payload.length);
                at += len;
            }
            return this;
        }

        Pages event(final int delta, final byte[] payload) {
            return event(delta, payload, false);
        }

        /** A time extend of {@code delta} (more than 27 bits). */
        Pages extend(final long delta) {
            header(30, (int) (delta & ((1 << 27) - 1)));
            put(page, at, delta >>> 27, 4);
            at += 4;
            return this;
        }

        /** An absolute time stamp (low 59 bits of {@code ts}). */
        Pages absolute(final long ts) {
            header(31, (int) (ts & ((1 << 27) - 1)));
            put(page, at, (ts >>> 27) & 0xFFFFFFFFL, 4);
            at += 4;
            return this;
        }

        /** A discarded event (padding with a length) of {@code bytes} payload bytes and ts delta {@code delta}. */
        Pages discarded(final int delta, final int bytes) {
            header(29, delta);
            put(page, at, bytes, 4);
            at += bytes;
            return this;
        }

        /** Byte offset of the next event within the page (for corruption marks). */
        int position() {
            return at;
        }

        private void header(final int typeLen, final int delta) {
            final long w = big ? ((long) typeLen << 27) | (delta & 0x7FFFFFFL) : ((long) delta << 5) | typeLen;
            put(page, at, w, 4);
            at += 4;
        }

        void flush() {
            if (page == null) return;
            long commit = at - data();
            if (lost >= -1) commit |= HeaderPage.MISSING_EVENTS;
            if (lost >= 0 && at + kernelLong <= pageSize) {
                commit |= HeaderPage.MISSING_STORED;
                put(page, at, lost, kernelLong);
            }
            put(page, 8, commit, kernelLong);
            done.add(page);
            page = null;
        }

        byte[] bytes() {
            flush();
            final ByteArrayOutputStream o = new ByteArrayOutputStream();
            for (final byte[] p : done) o.writeBytes(p);
            return o.toByteArray();
        }
    }

    /** A NUL-terminated text option. */
    DatBuilder option(final int id, final String text) {
        final byte[] t = (text + "\0").getBytes(StandardCharsets.UTF_8);
        options.add(new Object[] {id, t});
        return this;
    }

    /** A binary option. */
    DatBuilder option(final int id, final byte[] data) {
        options.add(new Object[] {id, data});
        return this;
    }

    /** The pages of {@code cpu} in buffer {@code name}. */
    Pages cpu(final String name, final int cpu) {
        return buffers.computeIfAbsent(name, k -> new LinkedHashMap<>()).computeIfAbsent(cpu, k -> new Pages());
    }

    /** Writes {@code v} as {@code size} bytes at {@code off} in the file's byte order. */
    void put(final byte[] b, final int off, final long v, final int size) {
        for (int k = 0; k < size; k++) {
            final int sh = big ? 8 * (size - 1 - k) : 8 * k;
            b[off + k] = (byte) (v >>> sh);
        }
    }

    private final class Out {
        final ByteArrayOutputStream o = new ByteArrayOutputStream();

        long pos() {
            return o.size();
        }

        void n(final long v, final int size) {
            final byte[] b = new byte[size];
            put(b, 0, v, size);
            o.writeBytes(b);
        }

        void s(final String s) {
            o.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        void z(final String s) {
            s(s);
            o.write(0);
        }

        void b(final byte[] b) {
            o.writeBytes(b);
        }

        void align(final int a) {
            while (o.size() % a != 0) o.write(0);
        }

        byte[] bytes() {
            return o.toByteArray();
        }
    }

    String headerPage() {
        final int d = kernelLong == 8 ? 16 : 12;
        return "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
            + "\tfield: local_t commit;\toffset:8;\tsize:" + kernelLong + ";\tsigned:1;\n"
            + "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
            + "\tfield: char data;\toffset:" + d + ";\tsize:" + (pageSize - d) + ";\tsigned:0;\n";
    }

    static final String HEADER_EVENT = "# compressed entry header\n\ttype_len    :    5 bits\n\ttime_delta  :   27 bits\n"
        + "\tarray       :   32 bits\n\n\tpadding     : type == 29\n\ttime_extend : type == 30\n\ttime_stamp : type == 31\n"
        + "\tdata max type_len  == 28\n";

    private byte[] headerInfo() {
        final Out o = new Out();
        o.z("header_page");
        final byte[] hp = headerPage().getBytes(StandardCharsets.UTF_8);
        o.n(hp.length, 8);
        o.b(hp);
        o.z("header_event");
        final byte[] he = HEADER_EVENT.getBytes(StandardCharsets.UTF_8);
        o.n(he.length, 8);
        o.b(he);
        return o.bytes();
    }

    private byte[] ftraceFormats() {
        final Out o = new Out();
        o.n(ftrace.size(), 4);
        for (final String[] f : ftrace) {
            final byte[] t = f[1].getBytes(StandardCharsets.UTF_8);
            o.n(t.length, 8);
            o.b(t);
        }
        return o.bytes();
    }

    private byte[] eventFormats() {
        final Map<String, List<String>> bySys = new LinkedHashMap<>();
        for (final String[] f : formats) bySys.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
        final Out o = new Out();
        o.n(bySys.size(), 4);
        for (final Map.Entry<String, List<String>> e : bySys.entrySet()) {
            o.z(e.getKey());
            o.n(e.getValue().size(), 4);
            for (final String t : e.getValue()) {
                final byte[] b = t.getBytes(StandardCharsets.UTF_8);
                o.n(b.length, 8);
                o.b(b);
            }
        }
        return o.bytes();
    }

    private byte[] sized(final String text, final int prefix) {
        final Out o = new Out();
        final byte[] b = text.getBytes(StandardCharsets.UTF_8);
        o.n(b.length, prefix);
        o.b(b);
        return o.bytes();
    }

    private int cpuCount() {
        int n = 0;
        for (final Map<Integer, Pages> m : buffers.values()) for (final int c : m.keySet()) n = Math.max(n, c + 1);
        return n;
    }

    /** The whole file. */
    byte[] build() {
        marks.clear();
        final Map<String, Map<Integer, Pages>> ordered = new LinkedHashMap<>();
        ordered.put("", buffers.getOrDefault("", new LinkedHashMap<>()));
        ordered.putAll(buffers);
        buffers.clear();
        buffers.putAll(ordered);
        return version == 6 ? v6() : v7();
    }

    private void header(final Out o) {
        o.b(new byte[] {0x17, 0x08, 0x44});
        o.s("tracing");
        o.z(Integer.toString(version));
        o.o.write(big ? 1 : 0);
        o.o.write(longSize);
        o.n(pageSize, 4);
    }

    private byte[] v6() {
        final Out o = new Out();
        header(o);
        marks.put("header_page.size", o.pos() + 12);
        o.b(headerInfo());
        marks.put("ftrace.count", o.pos());
        o.b(ftraceFormats());
        marks.put("systems.count", o.pos());
        o.b(eventFormats());
        marks.put("kallsyms.size", o.pos());
        o.b(sized(kallsyms, 4));
        marks.put("printk.size", o.pos());
        o.b(sized(printk, 4));
        marks.put("cmdlines.size", o.pos());
        o.b(sized(cmdlines, 8));
        final int cpus = cpuCount();
        marks.put("cpus", o.pos());
        o.n(cpus, 4);
        o.s("options  ");
        o.o.write(0);
        o.n(DatParser.OPT_TRACECLOCK, 2);
        final String ck = "[" + clock + "] global\n";
        o.n(ck.length() + 1, 4);
        o.z(ck);
        for (final Object[] x : options) {
            final byte[] d = (byte[]) x[1];
            o.n((Integer) x[0], 2);
            o.n(d.length, 4);
            o.b(d);
        }
        // BUFFER options point at each instance's flyrecord block; patched below
        final Map<String, Long> patch = new LinkedHashMap<>();
        for (final String name : buffers.keySet()) {
            if (name.isEmpty()) continue;
            o.n(DatParser.OPT_BUFFER, 2);
            o.n(8 + name.length() + 1, 4);
            patch.put(name, o.pos());
            o.n(0, 8);
            o.z(name);
        }
        o.n(0, 2);
        if (latency != null) {
            o.s("latency  ");
            o.o.write(0);
            o.s(latency);
            return o.bytes();
        }
        final byte[] head = flyrecords(o, cpus, patch);
        return head;
    }

    private byte[] flyrecords(final Out o, final int cpus, final Map<String, Long> patch) {
        final Map<String, Long> tables = new LinkedHashMap<>();
        for (final String name : buffers.keySet()) {
            if (!name.isEmpty()) {
                final long at = o.pos();
                final byte[] cur = o.bytes();
                put(cur, patch.get(name).intValue(), at, 8);
                o.o.reset();
                o.b(cur);
            }
            o.s("flyrecord");
            o.o.write(0);
            tables.put(name, o.pos());
            for (int c = 0; c < cpus; c++) {
                o.n(0, 8);
                o.n(0, 8);
            }
            if (name.isEmpty()) {
                // trace-cmd's v6: the trace_clock text follows the top table when a TRACECLOCK option exists
                final String ck = "[" + clock + "] global\n";
                o.n(ck.length(), 8);
                o.s(ck);
            }
        }
        for (final Map.Entry<String, Map<Integer, Pages>> e : buffers.entrySet()) {
            for (int c = 0; c < cpus; c++) {
                final Pages p = e.getValue().get(c);
                if (p == null) continue;
                final byte[] d = p.bytes();
                if (d.length == 0) continue;
                o.align(pageSize);
                final long at = o.pos();
                marks.put("cpu." + e.getKey() + "." + c, at);
                o.b(d);
                final byte[] cur = o.bytes();
                put(cur, (int) (tables.get(e.getKey()) + 16L * c), at, 8);
                put(cur, (int) (tables.get(e.getKey()) + 16L * c + 8), d.length, 8);
                o.o.reset();
                o.b(cur);
            }
        }
        return o.bytes();
    }

    private byte[] compress(final byte[] in) {
        if (compression.equals("zstd")) return Zstd.compress(in);
        final Deflater d = new Deflater();
        d.setInput(in);
        d.finish();
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final byte[] buf = new byte[8192];
        while (!d.finished()) o.write(buf, 0, d.deflate(buf));
        d.end();
        return o.toByteArray();
    }

    private long section(final Out o, final int id, final byte[] body) {
        final long at = o.pos();
        o.n(id, 2);
        final boolean z = !compression.equals("none");
        o.n(z ? 1 : 0, 2);
        o.n(0, 4);
        if (z) {
            final byte[] c = compress(body);
            o.n(c.length + 8, 8);
            marks.put("section." + id + ".csize", o.pos());
            o.n(c.length, 4);
            marks.put("section." + id + ".usize", o.pos());
            o.n(body.length, 4);
            o.b(c);
        } else {
            o.n(body.length, 8);
            o.b(body);
        }
        return at;
    }

    private byte[] v7() {
        final Out o = new Out();
        header(o);
        o.z(compression);
        o.z(compression.equals("none") ? "" : "1.0");
        final long firstOpt = o.pos();
        o.n(0, 8);
        final long hi = section(o, DatParser.OPT_HEADER_INFO, headerInfo());
        final long fe = section(o, DatParser.OPT_FTRACE_EVENTS, ftraceFormats());
        final long ef = section(o, DatParser.OPT_EVENT_FORMATS, eventFormats());
        final long ks = section(o, DatParser.OPT_KALLSYMS, sized(kallsyms, 4));
        final long pk = section(o, DatParser.OPT_PRINTK, sized(printk, 4));
        final long cl = section(o, DatParser.OPT_CMDLINES, sized(cmdlines, 8));
        if (tgids != null) section(o, DatFormat.SECTION_WHYLATE_TGIDS, sized(tgids, 8));
        // buffer sections
        final Map<String, long[]> secs = new LinkedHashMap<>();
        final Map<String, List<long[]>> cpuData = new LinkedHashMap<>();
        for (final Map.Entry<String, Map<Integer, Pages>> e : buffers.entrySet()) {
            final long at = o.pos();
            final boolean z = !compression.equals("none");
            o.n(DatParser.OPT_BUFFER, 2);
            o.n(z ? 1 : 0, 2);
            o.n(0, 4);
            final long sizeAt = o.pos();
            o.n(0, 8);
            final long start = o.pos();
            final List<long[]> cd = new ArrayList<>();
            for (final Map.Entry<Integer, Pages> c : e.getValue().entrySet()) {
                final byte[] d = c.getValue().bytes();
                if (d.length == 0) continue;
                if (!z) {
                    o.align(pageSize);
                    marks.put("cpu." + e.getKey() + "." + c.getKey(), o.pos());
                    cd.add(new long[] {c.getKey(), o.pos(), d.length});
                    o.b(d);
                } else {
                    final long off = o.pos();
                    marks.put("chunks." + e.getKey() + "." + c.getKey(), off);
                    // one chunk per page
                    final int n = d.length / pageSize;
                    o.n(n, 4);
                    for (int k = 0; k < n; k++) {
                        final byte[] pg = new byte[pageSize];
                        System.arraycopy(d, k * pageSize, pg, 0, pageSize);
                        final byte[] c2 = compress(pg);
                        marks.put("chunk." + e.getKey() + "." + c.getKey() + "." + k, o.pos());
                        o.n(c2.length, 4);
                        o.n(pageSize, 4);
                        o.b(c2);
                    }
                    cd.add(new long[] {c.getKey(), off, o.pos() - off - 4});
                }
            }
            final byte[] cur = o.bytes();
            put(cur, (int) sizeAt, o.pos() - start, 8);
            o.o.reset();
            o.b(cur);
            secs.put(e.getKey(), new long[] {at});
            cpuData.put(e.getKey(), cd);
        }
        // options
        final Out opt = new Out();
        for (final long[] x : new long[][] {{DatParser.OPT_HEADER_INFO, hi}, {DatParser.OPT_FTRACE_EVENTS, fe}, {DatParser.OPT_EVENT_FORMATS, ef},
            {DatParser.OPT_KALLSYMS, ks}, {DatParser.OPT_PRINTK, pk}, {DatParser.OPT_CMDLINES, cl}}) {
            opt.n(x[0], 2);
            opt.n(8, 4);
            opt.n(x[1], 8);
        }
        final String ck = "[" + clock + "] global\n";
        opt.n(DatParser.OPT_TRACECLOCK, 2);
        opt.n(ck.length() + 1, 4);
        opt.z(ck);
        for (final Object[] x : options) {
            final byte[] d = (byte[]) x[1];
            opt.n((Integer) x[0], 2);
            opt.n(d.length, 4);
            opt.b(d);
        }
        opt.n(DatParser.OPT_CPUCOUNT, 2);
        opt.n(4, 4);
        opt.n(cpuCount(), 4);
        for (final Map.Entry<String, long[]> e : secs.entrySet()) {
            final List<long[]> cd = cpuData.get(e.getKey());
            final Out b = new Out();
            b.n(e.getValue()[0], 8);
            b.z(e.getKey());
            b.z(clock);
            b.n(pageSize, 4);
            b.n(cd.size(), 4);
            for (final long[] c : cd) {
                b.n(c[0], 4);
                b.n(c[1], 8);
                b.n(c[2], 8);
            }
            final byte[] bb = b.bytes();
            opt.n(DatParser.OPT_BUFFER, 2);
            opt.n(bb.length, 4);
            opt.b(bb);
        }
        opt.n(0, 2);
        opt.n(8, 4);
        opt.n(0, 8);
        final long optAt = section(o, 0, opt.bytes());
        marks.put("options", optAt);
        final byte[] all = o.bytes();
        put(all, (int) firstOpt, optAt, 8);
        return all;
    }

    // ------------------------------------------------------------------ payloads

    /** Bytes of one record: common fields, then fields placed by {@link #put}. */
    final class Rec {
        final byte[] b;
        int dyn;

        Rec(final int size, final int dynStart, final int type, final int flags, final int pid) {
            b = new byte[size];
            dyn = dynStart;
            put(b, 0, type, 2);
            b[2] = (byte) flags;
            put(b, 4, pid, 4);
        }

        Rec n(final int off, final long v, final int size) {
            put(b, off, v, size);
            return this;
        }

        Rec str(final int off, final String s) {
            final byte[] t = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(t, 0, b, off, t.length);
            return this;
        }

        /** A __data_loc (or __rel_loc when {@code rel}) field at {@code off} pointing at {@code data}. */
        Rec loc(final int off, final byte[] data, final boolean rel) {
            System.arraycopy(data, 0, b, dyn, data.length);
            final int o = rel ? dyn - (off + 4) : dyn;
            put(b, off, ((long) data.length << 16) | o, 4);
            dyn += data.length;
            return this;
        }
    }

    Rec rec(final int size, final int dynStart, final int type, final int flags, final int pid) {
        return new Rec(size, dynStart, type, flags, pid);
    }

    static final String COMMON = "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        + "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        + "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        + "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n";

    /** sched_switch as Linux 6.18 writes it (id 372). */
    static final String SCHED_SWITCH = "name: sched_switch\nID: 372\nformat:\n" + COMMON
        + "\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
        + "\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
        + "\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
        + "\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
        + "\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
        + "\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n"
        + "\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n\n"
        + "print fmt: \"prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s next_pid=%d next_prio=%d\", "
        + "REC->prev_comm, REC->prev_pid, REC->prev_prio, (REC->prev_state & ((((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 "
        + "| 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) - 1)) ? __print_flags(REC->prev_state & ((((0x00000000 "
        + "| 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) - 1), \"|\", "
        + "{ 0x00000001, \"S\" }, { 0x00000002, \"D\" }, { 0x00000004, \"T\" }, { 0x00000008, \"t\" }, { 0x00000010, \"X\" }, "
        + "{ 0x00000020, \"Z\" }, { 0x00000040, \"P\" }, { 0x00000080, \"I\" }) : \"R\", REC->prev_state & (((0x00000000 | 0x00000001 "
        + "| 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) ? \"+\" : \"\", REC->next_comm, "
        + "REC->next_pid, REC->next_prio\n";

    /** softirq_entry (id 223). */
    static final String SOFTIRQ_ENTRY = "name: softirq_entry\nID: 223\nformat:\n" + COMMON
        + "\tfield:unsigned int vec;\toffset:8;\tsize:4;\tsigned:0;\n\n"
        + "print fmt: \"vec=%u [action=%s]\", REC->vec, __print_symbolic(REC->vec, { 0, \"HI\" }, { 1, \"TIMER\" }, { 2, \"NET_TX\" }, "
        + "{ 3, \"NET_RX\" }, { 4, \"BLOCK\" }, { 5, \"IRQ_POLL\" }, { 6, \"TASKLET\" }, { 7, \"SCHED\" }, { 8, \"HRTIMER\" }, { 9, \"RCU\" })\n";

    /** hrtimer_expire_entry (id 459): a %ps pointer. */
    static final String HRTIMER_EXPIRE_ENTRY = "name: hrtimer_expire_entry\nID: 459\nformat:\n" + COMMON
        + "\tfield:void * hrtimer;\toffset:8;\tsize:8;\tsigned:0;\n"
        + "\tfield:s64 now;\toffset:16;\tsize:8;\tsigned:1;\n"
        + "\tfield:void * function;\toffset:24;\tsize:8;\tsigned:0;\n\n"
        + "print fmt: \"hrtimer=%p function=%ps now=%llu\", REC->hrtimer, REC->function, (unsigned long long) REC->now\n";

    /** A test event with every kind of field (id 900). */
    static final String KINDS = "name: whylate_kinds\nID: 900\nformat:\n" + COMMON
        + "\tfield:s8 a;\toffset:8;\tsize:1;\tsigned:1;\n"
        + "\tfield:u8 b;\toffset:9;\tsize:1;\tsigned:0;\n"
        + "\tfield:s16 c;\toffset:10;\tsize:2;\tsigned:1;\n"
        + "\tfield:u16 d;\toffset:12;\tsize:2;\tsigned:0;\n"
        + "\tfield:s32 e;\toffset:16;\tsize:4;\tsigned:1;\n"
        + "\tfield:u32 f;\toffset:20;\tsize:4;\tsigned:0;\n"
        + "\tfield:s64 g;\toffset:24;\tsize:8;\tsigned:1;\n"
        + "\tfield:u64 h;\toffset:32;\tsize:8;\tsigned:0;\n"
        + "\tfield:char name[8];\toffset:40;\tsize:8;\tsigned:0;\n"
        + "\tfield:__data_loc char[] str;\toffset:48;\tsize:4;\tsigned:0;\n"
        + "\tfield:__rel_loc char[] rel;\toffset:52;\tsize:4;\tsigned:0;\n"
        + "\tfield:u32 arr[3];\toffset:56;\tsize:12;\tsigned:0;\n"
        + "\tfield:__data_loc cpumask_t mask;\toffset:68;\tsize:4;\tsigned:0;\n\n"
        + "print fmt: \"a=%d b=%u c=%d d=%u e=%d f=%u g=%lld h=%llu name=%s str=%s rel=%s mask=%s\", REC->a, REC->b, REC->c, REC->d, "
        + "REC->e, REC->f, REC->g, REC->h, REC->name, __get_str(str), __get_rel_str(rel), __get_cpumask(mask)\n";
}
