package dev.whylate.record;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.util.ZstdVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes trace-cmd's trace.dat, version 6 (sequential, uncompressed) or 7 (sections, optionally zstd
 * compressed), from tracefs metadata and per-CPU files of raw ring-buffer pages, in the layout
 * {@code trace-cmd report} 3.x and KernelShark read.
 *
 * <p>v7 layout written: initial header, compression name/version, offset of the options section; then the
 * sections HEADER_INFO (16), FTRACE_EVENTS (17), EVENT_FORMATS (18), KALLSYMS (19, empty when not given), PRINTK (20),
 * CMDLINES (21), one BUFFER flyrecord section (3) holding every CPU's pages (each CPU page aligned; with zstd
 * in chunks of 10 pages: u32 count, then per chunk u32 compressed size, u32 size, data), one OPTIONS section
 * (0: section offsets, TRACECLOCK, UNAME, VERSION, TRACEID, CPUSTAT per CPU, CPUCOUNT, BUFFER, DONE) and a
 * STRINGS section (15) with the section descriptions. When thread-group ids are known they go in a
 * whylate section ({@link #SEC_WHYLATE_TGIDS}) that no option points to: trace-cmd skips sections it does not
 * know by their size, silently, whereas an unknown option would make it print a warning. Sections follow each other without gaps, as readers
 * scan them by size. Metadata sections are compressed as a whole when compression is on.
 *
 * <p>v6 layout: header, header_page/header_event, ftrace formats, event systems, kallsyms (u32 size),
 * printk formats (u32 size), cmdlines (u64 size), u32 CPU count, {@code "options  \0"} with the options and a
 * u16 0, {@code "flyrecord\0"} with (u64 offset, u64 size) per CPU and the trace clock (u64 size +
 * {@code "[clock]"}), then the page-aligned CPU data.
 *
 * <p>Sources: the trace-cmd.dat v6/v7 man pages, corrected by reading trace-cmd's lib/trace-cmd
 * (the section size is 8 bytes; the v7 BUFFER option has a page-size field).
 */
public final class DatWriter {
    /** How the v7 sections and pages are compressed. */
    public enum Compression {
        /** Plain sections ("none" in the file header). */
        NONE,
        /** zstd frames (zstd-jni). */
        ZSTD;

        /** Parses "none" or "zstd" (case-insensitive). */
        public static Compression parse(final String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "zstd" -> ZSTD;
                default -> throw new IllegalArgumentException("compression must be zstd or none: " + s);
            };
        }
    }

    /** One CPU's page file: {@code size} bytes of whole pages. */
    public record CpuPages(int cpu, Path file) {
    }

    /** Where one CPU's data landed in the file: offset and stored size (compressed size with zstd). */
    public record CpuSection(int cpu, long offset, long storedBytes, long rawBytes) {
    }

    /** What was written. */
    public record Result(Path file, long fileBytes, List<CpuSection> cpus) {
    }

    static final int OPT_DONE = 0;
    static final int OPT_CPUSTAT = 2;
    static final int OPT_BUFFER = 3;
    static final int OPT_TRACECLOCK = 4;
    static final int OPT_UNAME = 5;
    static final int OPT_CPUCOUNT = 8;
    static final int OPT_VERSION = 9;
    static final int OPT_TRACEID = 11;
    static final int SEC_STRINGS = 15;
    static final int SEC_HEADER_INFO = 16;
    static final int SEC_FTRACE_EVENTS = 17;
    static final int SEC_EVENT_FORMATS = 18;
    static final int SEC_KALLSYMS = 19;
    static final int SEC_PRINTK = 20;
    static final int SEC_CMDLINES = 21;
    /**
     * Section id of whylate's saved tgids (v7 only): body {@code u64 size} + text of "tid tgid" lines, like
     * the CMDLINES section; description "whylate tgids". trace.dat has no place for tgids, and trace-cmd
     * ignores unreferenced sections. Readers find it by walking the sections from the end of the initial header.
     */
    public static final int SEC_WHYLATE_TGIDS = 30000;
    private static final int PAGES_IN_CHUNK = 10;

    private final int version;
    private final Compression compression;
    private int zstdLevel = 3;

    /**
     * @param version     6 or 7
     * @param compression compression for v7; must be NONE for v6
     */
    public DatWriter(final int version, final Compression compression) {
        if (version != 6 && version != 7) throw new IllegalArgumentException("file version must be 6 or 7: " + version);
        if (version == 6 && compression != Compression.NONE) {
            throw new IllegalArgumentException("trace.dat version 6 cannot be compressed");
        }
        this.version = version;
        this.compression = compression;
    }

    /** zstd level (1..22, default 3). */
    public DatWriter zstdLevel(final int level) {
        if (level < 1 || level > 22) throw new IllegalArgumentException("zstd level 1..22: " + level);
        this.zstdLevel = level;
        return this;
    }

    /** The zstd library version written into v7 headers, e.g. "1.5.7". */
    static String zstdVersion() {
        final String v = ZstdVersion.VERSION;
        final int dash = v.indexOf('-');
        return dash > 0 ? v.substring(0, dash) : v;
    }

    /**
     * Writes {@code out} (replacing it). CPU page files must hold whole pages of {@code meta.pageSize()}.
     *
     * @throws IOException on write errors (the partial file is deleted)
     */
    public Result write(final Path out, final DatMetadata meta, final List<CpuPages> cpus) throws IOException {
        boolean ok = false;
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING);
             ZstdCompressCtx z = compression == Compression.ZSTD ? new ZstdCompressCtx() : null) {
            if (z != null) {
                z.setLevel(zstdLevel);
                z.setContentSize(true);
            }
            final Out o = new Out(ch, meta.order());
            final List<CpuSection> secs = version == 7 ? writeV7(o, meta, cpus, z) : writeV6(o, meta, cpus);
            o.flush();
            ch.force(false);
            ok = true;
            return new Result(out, ch.size(), secs);
        } finally {
            if (!ok) Files.deleteIfExists(out);
        }
    }

    // ---------------------------------------------------------------- v7

    private List<CpuSection> writeV7(final Out o, final DatMetadata m, final List<CpuPages> cpus,
                                     final ZstdCompressCtx z) throws IOException {
        final Strings strings = new Strings();
        for (final String s : List.of("headers", "ftrace events", "events format", "kallsyms", "printk",
            "command lines", "whylate tgids", "buffer flyrecord " + m.bufferName(), "options", "strings")) {
            strings.id(s);
        }
        initialHeader(o, m, "7");
        if (z != null) {
            o.sink().cstring("zstd").cstring(zstdVersion());
        } else {
            o.sink().cstring("none").cstring("");
        }
        final long optionsPtr = o.pos();
        o.sink().u64(0);

        final Map<Integer, Long> sectionOffsets = new LinkedHashMap<>();
        sectionOffsets.put(SEC_HEADER_INFO, section(o, z, strings, SEC_HEADER_INFO, "headers", headerInfo(m)));
        sectionOffsets.put(SEC_FTRACE_EVENTS, section(o, z, strings, SEC_FTRACE_EVENTS, "ftrace events", ftrace(m)));
        sectionOffsets.put(SEC_EVENT_FORMATS, section(o, z, strings, SEC_EVENT_FORMATS, "events format", events(m)));
        // always present, empty when not saved: trace-cmd convert fails on a v7 file without it
        final ByteSink k = new ByteSink(m.order(), m.kallsyms().length + 4).u32(m.kallsyms().length).bytes(m.kallsyms());
        sectionOffsets.put(SEC_KALLSYMS, section(o, z, strings, SEC_KALLSYMS, "kallsyms", k));
        final ByteSink p = new ByteSink(m.order(), m.printk().length + 4).u32(m.printk().length).bytes(m.printk());
        sectionOffsets.put(SEC_PRINTK, section(o, z, strings, SEC_PRINTK, "printk", p));
        final ByteSink c = new ByteSink(m.order(), m.cmdlines().length + 8).u64(m.cmdlines().length).bytes(m.cmdlines());
        sectionOffsets.put(SEC_CMDLINES, section(o, z, strings, SEC_CMDLINES, "command lines", c));
        if (m.tgids().length > 0) {
            final ByteSink t = new ByteSink(m.order(), m.tgids().length + 8).u64(m.tgids().length).bytes(m.tgids());
            section(o, z, strings, SEC_WHYLATE_TGIDS, "whylate tgids", t);
        }

        // BUFFER flyrecord section: header, then each CPU page aligned.
        final long bufferSection = o.pos();
        o.sink().u16(OPT_BUFFER).u16(z != null ? 1 : 0).u32(strings.id("buffer flyrecord " + m.bufferName()));
        final long bufferSizeField = o.pos();
        o.sink().u64(0);
        final List<CpuSection> secs = new ArrayList<>();
        for (final CpuPages cp : cpus) {
            o.pad(m.pageSize());
            final long start = o.pos();
            final long raw = Files.size(cp.file());
            if (raw % m.pageSize() != 0) throw new IOException(cp.file() + ": not whole pages (" + raw + " bytes)");
            if (raw > 0) {
                if (z != null) {
                    chunks(o, cp.file(), m.pageSize(), z);
                } else {
                    o.copy(cp.file());
                }
            }
            secs.add(new CpuSection(cp.cpu(), start, o.pos() - start, raw));
        }
        o.patch64(bufferSizeField, o.pos() - bufferSizeField - 8);

        // OPTIONS section
        final long optionsSection = o.pos();
        o.patch64(optionsPtr, optionsSection);
        o.sink().u16(OPT_DONE).u16(0).u32(strings.id("options"));
        final long optionsSizeField = o.pos();
        o.sink().u64(0);
        for (final Map.Entry<Integer, Long> e : sectionOffsets.entrySet()) {
            option(o, e.getKey(), new ByteSink(m.order(), 8).u64(e.getValue()));
        }
        commonOptions(o, m);
        final ByteSink b = new ByteSink(m.order(), 64 + 20 * secs.size());
        b.u64(bufferSection).cstring(m.bufferName()).cstring(m.clock()).u32(m.pageSize());
        final List<CpuSection> withData = secs.stream().filter(s -> s.rawBytes() > 0).toList();
        b.u32(withData.size());
        for (final CpuSection s : withData) b.u32(s.cpu()).u64(s.offset()).u64(s.storedBytes());
        option(o, OPT_BUFFER, b);
        option(o, OPT_DONE, new ByteSink(m.order(), 8).u64(0));
        o.patch64(optionsSizeField, o.pos() - optionsSizeField - 8);

        // STRINGS section last (readers scan all sections for it)
        section(o, z, strings, SEC_STRINGS, "strings", strings.sink(m.order()));
        return secs;
    }

    /** Writes a metadata section (compressed as one block when {@code z} is set); returns its offset. */
    private static long section(final Out o, final ZstdCompressCtx z, final Strings strings, final int id,
                                final String desc, final ByteSink body) throws IOException {
        final long at = o.pos();
        o.sink().u16(id).u16(z != null ? 1 : 0).u32(strings.id(desc));
        if (z == null) {
            o.sink().u64(body.size());
            o.write(body.array(), 0, body.size());
        } else {
            final byte[] packed = z.compress(body.toByteArray());
            o.sink().u64(8L + packed.length).u32(packed.length).u32(body.size());
            o.write(packed, 0, packed.length);
        }
        return at;
    }

    private static void chunks(final Out o, final Path file, final int pageSize, final ZstdCompressCtx z)
        throws IOException {
        final long countAt = o.pos();
        o.sink().u32(0);
        int count = 0;
        final byte[] chunk = new byte[PAGES_IN_CHUNK * pageSize];
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer bb = ByteBuffer.wrap(chunk);
            while (true) {
                bb.clear();
                while (bb.hasRemaining() && in.read(bb) > 0) {
                    // fill the chunk
                }
                final int n = bb.position();
                if (n == 0) break;
                final byte[] src = n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n);
                final byte[] packed = z.compress(src);
                o.sink().u32(packed.length).u32(n);
                o.write(packed, 0, packed.length);
                count++;
                if (n < chunk.length) break;
            }
        }
        o.patch32(countAt, count);
    }

    private static ByteSink headerInfo(final DatMetadata m) {
        final ByteSink s = new ByteSink(m.order(), m.headerPage().length + m.headerEvent().length + 64);
        s.cstring("header_page").u64(m.headerPage().length).bytes(m.headerPage());
        s.cstring("header_event").u64(m.headerEvent().length).bytes(m.headerEvent());
        return s;
    }

    private static ByteSink ftrace(final DatMetadata m) {
        final ByteSink s = new ByteSink(m.order(), 16 * 1024);
        s.u32(m.ftraceFormats().size());
        for (final byte[] f : m.ftraceFormats()) s.u64(f.length).bytes(f);
        return s;
    }

    private static ByteSink events(final DatMetadata m) {
        final ByteSink s = new ByteSink(m.order(), 64 * 1024);
        s.u32(m.eventFormats().size());
        for (final Map.Entry<String, List<byte[]>> e : m.eventFormats().entrySet()) {
            s.cstring(e.getKey()).u32(e.getValue().size());
            for (final byte[] f : e.getValue()) s.u64(f.length).bytes(f);
        }
        return s;
    }

    private static void commonOptions(final Out o, final DatMetadata m) throws IOException {
        option(o, OPT_TRACECLOCK, new ByteSink(m.order(), 80).ascii(m.clockFile()).ascii("\n").u8(0));
        option(o, OPT_UNAME, new ByteSink(m.order(), 80).cstring(m.uname()));
        option(o, OPT_VERSION, new ByteSink(m.order(), 32).cstring(m.version()));
        option(o, OPT_TRACEID, new ByteSink(m.order(), 8).u64(m.traceId()));
        for (int i = 0; i < m.cpuStats().size(); i++) {
            option(o, OPT_CPUSTAT, new ByteSink(m.order(), 200).ascii("CPU: " + i + "\n").cstring(m.cpuStats().get(i)));
        }
        option(o, OPT_CPUCOUNT, new ByteSink(m.order(), 4).u32(m.cpuCount()));
    }

    private static void option(final Out o, final int id, final ByteSink data) throws IOException {
        o.sink().u16(id).u32(data.size());
        o.write(data.array(), 0, data.size());
    }

    private static void initialHeader(final Out o, final DatMetadata m, final String version) {
        o.sink().u8(0x17).u8(0x08).u8(0x44).ascii("tracing").cstring(version)
            .u8(m.order() == ByteOrder.BIG_ENDIAN ? 1 : 0).u8(m.longSize()).u32(m.pageSize());
    }

    // ---------------------------------------------------------------- v6

    private List<CpuSection> writeV6(final Out o, final DatMetadata m, final List<CpuPages> cpus) throws IOException {
        initialHeader(o, m, "6");
        final ByteSink h = headerInfo(m);
        o.write(h.array(), 0, h.size());
        final ByteSink f = ftrace(m);
        o.write(f.array(), 0, f.size());
        final ByteSink e = events(m);
        o.write(e.array(), 0, e.size());
        o.sink().u32(m.kallsyms().length);
        o.write(m.kallsyms(), 0, m.kallsyms().length);
        o.sink().u32(m.printk().length);
        o.write(m.printk(), 0, m.printk().length);
        o.sink().u64(m.cmdlines().length);
        o.write(m.cmdlines(), 0, m.cmdlines().length);

        int ncpu = m.cpuCount();
        for (final CpuPages cp : cpus) ncpu = Math.max(ncpu, cp.cpu() + 1);
        o.sink().u32(ncpu);
        o.sink().ascii("options  ").u8(0);
        commonOptions(o, m);
        o.sink().u16(OPT_DONE);

        o.sink().ascii("flyrecord").u8(0);
        final long table = o.pos();
        for (int i = 0; i < ncpu; i++) o.sink().u64(0).u64(0);
        final String clock = "[" + m.clock() + "]";
        o.sink().u64(clock.length()).ascii(clock);

        final Map<Integer, CpuPages> byCpu = new LinkedHashMap<>();
        for (final CpuPages cp : cpus) byCpu.put(cp.cpu(), cp);
        final List<CpuSection> secs = new ArrayList<>();
        for (int cpu = 0; cpu < ncpu; cpu++) {
            o.pad(m.pageSize());
            final long start = o.pos();
            final CpuPages cp = byCpu.get(cpu);
            long raw = 0;
            if (cp != null) {
                raw = Files.size(cp.file());
                if (raw % m.pageSize() != 0) throw new IOException(cp.file() + ": not whole pages (" + raw + " bytes)");
                o.copy(cp.file());
            }
            o.patch64(table + 16L * cpu, start);
            o.patch64(table + 16L * cpu + 8, raw);
            if (cp != null) secs.add(new CpuSection(cpu, start, raw, raw));
        }
        return secs;
    }

    // ---------------------------------------------------------------- helpers

    /** Section description strings: offset in the STRINGS section by text. */
    private static final class Strings {
        private final Map<String, Integer> ids = new LinkedHashMap<>();
        private int next;

        int id(final String s) {
            return ids.computeIfAbsent(s, k -> {
                final int at = next;
                next += k.getBytes(StandardCharsets.UTF_8).length + 1;
                return at;
            });
        }

        ByteSink sink(final ByteOrder order) {
            final ByteSink s = new ByteSink(order, next + 16);
            for (final String k : ids.keySet()) s.cstring(k);
            return s;
        }
    }

    /** Buffered output with a running position and in-place patching of earlier numbers. */
    private static final class Out {
        private final FileChannel ch;
        private final ByteOrder order;
        private final ByteSink small;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        private long flushed;

        Out(final FileChannel ch, final ByteOrder order) {
            this.ch = ch;
            this.order = order;
            this.small = new ByteSink(order, 256);
        }

        /** A scratch sink for small numbers; its bytes are appended before the next write. */
        ByteSink sink() {
            return small;
        }

        private void drainSmall() throws IOException {
            if (small.size() > 0) {
                final int n = small.size();
                small.reset();
                put(small.array(), 0, n);
            }
        }

        long pos() throws IOException {
            return flushed + buf.position() + small.size();
        }

        void write(final byte[] b, final int off, final int len) throws IOException {
            drainSmall();
            put(b, off, len);
        }

        private void put(final byte[] b, final int off, final int len) throws IOException {
            int o = off;
            int left = len;
            while (left > 0) {
                if (!buf.hasRemaining()) flush();
                final int n = Math.min(left, buf.remaining());
                buf.put(b, o, n);
                o += n;
                left -= n;
            }
        }

        void pad(final int align) throws IOException {
            final long p = pos();
            final long target = (p + align - 1) / align * align;
            if (target > p) write(new byte[(int) (target - p)], 0, (int) (target - p));
        }

        void copy(final Path file) throws IOException {
            flush();
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                final long size = in.size();
                ch.position(flushed);
                long done = 0;
                while (done < size) {
                    final long n = in.transferTo(done, size - done, ch);
                    if (n <= 0) throw new IOException("short copy from " + file);
                    done += n;
                }
                flushed += size;
            }
        }

        void flush() throws IOException {
            drainSmall();
            buf.flip();
            while (buf.hasRemaining()) {
                flushed += ch.write(buf, flushed);
            }
            buf.clear();
        }

        void patch64(final long at, final long v) throws IOException {
            flush();
            final ByteBuffer b = ByteBuffer.allocate(8).order(order).putLong(0, v);
            ch.write(b, at);
        }

        void patch32(final long at, final int v) throws IOException {
            flush();
            final ByteBuffer b = ByteBuffer.allocate(4).order(order).putInt(0, v);
            ch.write(b, at);
        }
    }
}
