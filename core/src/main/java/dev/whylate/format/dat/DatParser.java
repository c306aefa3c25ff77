package dev.whylate.format.dat;

import dev.whylate.io.MappedBytes;
import dev.whylate.io.TraceFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks the structure of a trace.dat v6 or v7 file (trace-cmd.dat(5); the v7 section header size field is
 * 8 bytes and the v7 BUFFER option carries a page size, unlike the man page says) into a {@link DatLayout}.
 * Every size, count and offset is checked against the file before use.
 */
final class DatParser {
    /** The 10 magic bytes: 0x17 0x08 0x44 "tracing". */
    static final byte[] MAGIC = {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g'};

    static final int OPT_DONE = 0;
    static final int OPT_DATE = 1;
    static final int OPT_CPUSTAT = 2;
    static final int OPT_BUFFER = 3;
    static final int OPT_TRACECLOCK = 4;
    static final int OPT_UNAME = 5;
    static final int OPT_HOOK = 6;
    static final int OPT_OFFSET = 7;
    static final int OPT_CPUCOUNT = 8;
    static final int OPT_VERSION = 9;
    static final int OPT_PROCMAPS = 10;
    static final int OPT_TRACEID = 11;
    static final int OPT_TIME_SHIFT = 12;
    static final int OPT_GUEST = 13;
    static final int OPT_TSC2NSEC = 14;
    static final int OPT_STRINGS = 15;
    static final int OPT_HEADER_INFO = 16;
    static final int OPT_FTRACE_EVENTS = 17;
    static final int OPT_EVENT_FORMATS = 18;
    static final int OPT_KALLSYMS = 19;
    static final int OPT_PRINTK = 20;
    static final int OPT_CMDLINES = 21;
    static final int OPT_BUFFER_TEXT = 22;
    static final int OPT_BTF_FILE = 23;
    static final int OPT_LAST_BOOT_INFO = 24;
    static final int OPT_MODULES_FILE = 25;
    /**
     * Section id of whylate's saved tgids in v7 files (as the recorder writes them, see
     * {@code dev.whylate.record.DatWriter#SEC_WHYLATE_TGIDS}): body {@code u64 size} + {@code "tid tgid"} lines.
     * No option points to it; it is found by walking the sections from the end of the initial header.
     */
    static final int SEC_WHYLATE_TGIDS = DatFormat.SECTION_WHYLATE_TGIDS;

    private static final int MAX_SECTIONS = 4096;

    private final MappedBytes mb;
    private final long size;
    private boolean big;
    private int version;
    private int longSize;
    private int pageSize;
    private String compression = "none";
    private String compressionVersion = "";
    private Codec codec;
    private String headerPage;
    private String headerEvent;
    private final List<DatLayout.FormatText> formats = new ArrayList<>();
    private DatLayout.Lazy kallsyms = () -> new byte[0];
    private DatLayout.Lazy printk = () -> new byte[0];
    private String cmdlines = "";
    private final StringBuilder tgids = new StringBuilder();
    private int cpus = -1;
    private final List<DatLayout.Buffer> buffers = new ArrayList<>();
    private boolean latency;
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final StringBuilder cpustat = new StringBuilder();
    private String topClock;
    /** v6: a TRACECLOCK option was present, so the clock text also follows the top flyrecord table. */
    private boolean clockOption;
    private long tsOffset;
    private long tscMult;
    private int tscShift;
    private int unknownOptions;
    /** v6: extra buffers (offset, name) to read after the top one. */
    private final List<Object[]> v6Buffers = new ArrayList<>();
    /** v7: section offsets from the options. */
    private final Map<Integer, Long> sections = new LinkedHashMap<>();
    private final List<Object[]> v7Buffers = new ArrayList<>();

    private DatParser(final MappedBytes mb) {
        this.mb = mb;
        this.size = mb.size();
    }

    /** Parses the structure of the file mapped in {@code mb}. */
    static DatLayout parse(final MappedBytes mb) throws TraceFormatException {
        return new DatParser(mb).run();
    }

    private Cursor file(final long from, final String what) throws TraceFormatException {
        final Cursor c = Cursor.ofFile(mb, 0, size, big, what);
        c.seek(Math.min(from, size));
        if (from > size) throw c.fail("offset " + from + " is past the end of the file (" + size + " bytes)");
        return c;
    }

    private DatLayout run() throws TraceFormatException {
        Cursor c = Cursor.ofFile(mb, 0, size, false, "header");
        if (!c.peekIs(MAGIC)) throw new TraceFormatException("not a trace.dat file (no 0x17 0x08 0x44 \"tracing\" magic)", 0);
        c.skip(MAGIC.length);
        final String v = c.cstring(16);
        try {
            version = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new TraceFormatException("trace.dat header: bad version string \"" + v + "\"", MAGIC.length);
        }
        if (version < 6 || version > 7) {
            throw new TraceFormatException("trace.dat version " + version + " is not supported (only 6 and 7)", MAGIC.length);
        }
        final int endian = c.u8();
        if (endian > 1) throw new TraceFormatException("trace.dat header: bad endianness byte " + endian, c.pos() - 1);
        big = endian == 1;
        final long at = c.pos();
        c = file(at, "header");
        longSize = c.u8();
        if (longSize != 4 && longSize != 8) throw new TraceFormatException("trace.dat header: bad long size " + longSize, at);
        final long psAt = c.pos();
        final long ps = c.u32();
        if (ps < 256 || ps > (1 << 24) || Long.bitCount(ps) != 1) {
            throw new TraceFormatException("trace.dat header: bad page size " + ps, psAt);
        }
        pageSize = (int) ps;
        if (version == 6) parseV6(c);
        else parseV7(c);
        if (headerPage == null) throw new TraceFormatException("trace.dat: no header_page section", -1);
        if (cpustat.length() > 0) meta.put("cpustat", cpustat.toString().strip());
        if (unknownOptions > 0) meta.put("unknown-options", Integer.toString(unknownOptions));
        return new DatLayout(version, big, longSize, pageSize, compression, compressionVersion, headerPage,
            headerEvent == null ? "" : headerEvent, formats, kallsyms, printk, cmdlines, tgids.toString(), cpus,
            buffers, latency, meta, tsOffset, tscMult, tscShift);
    }

    // ---------------------------------------------------------------- v6

    private void parseV6(final Cursor c) throws TraceFormatException {
        readHeaderInfo(c);
        readFtraceFormats(c);
        readEventFormats(c);
        final long kl = c.sizePrefix(false, "kallsyms");
        kallsyms = fileRegion(c.pos(), kl);
        c.skip(kl);
        final long pl = c.sizePrefix(false, "printk formats");
        printk = fileRegion(c.pos(), pl);
        c.skip(pl);
        final long cl = c.sizePrefix(true, "saved cmdlines");
        cmdlines = c.text(cl);
        final long cpuAt = c.pos();
        final long n = c.u32();
        if (n > 65536) throw new TraceFormatException("trace.dat: CPU count " + n + " is not plausible", cpuAt);
        cpus = (int) n;
        final List<DatLayout.CpuData> top = readV6Data(c, true);
        if (top != null) buffers.add(0, new DatLayout.Buffer("", topClock, pageSize, top, false));
        for (final Object[] b : v6Buffers) {
            final Cursor bc = file((Long) b[0], "buffer \"" + b[1] + "\"");
            final List<DatLayout.CpuData> d = readV6Data(bc, false);
            if (d != null) buffers.add(new DatLayout.Buffer((String) b[1], topClock, pageSize, d, false));
        }
        if (topClock != null) meta.put("clock", topClock);
    }

    private DatLayout.Lazy fileRegion(final long off, final long len) {
        return () -> {
            if (len > Integer.MAX_VALUE - 16 || off + len > size) return new byte[0];
            final byte[] out = new byte[(int) len];
            mb.get(off, out, 0, out.length);
            return out;
        };
    }

    /** Reads tags ("options", "latency", "flyrecord") at {@code c}; returns the flyrecord CPU list or null. */
    private List<DatLayout.CpuData> readV6Data(final Cursor c, final boolean top) throws TraceFormatException {
        for (int guard = 0; guard < 16; guard++) {
            final long at = c.pos();
            final String tag = new String(c.bytes(10), StandardCharsets.US_ASCII);
            if (tag.startsWith("options")) {
                readV6Options(c, top);
            } else if (tag.startsWith("latency")) {
                latency = true;
                return null;
            } else if (tag.startsWith("flyrecord")) {
                if ((long) cpus * 16 > c.remaining()) throw c.fail("flyrecord table of " + cpus + " CPUs does not fit");
                final List<DatLayout.CpuData> out = new ArrayList<>();
                for (int k = 0; k < cpus; k++) {
                    final long off = c.u64();
                    final long sz = c.u64();
                    out.add(new DatLayout.CpuData(k, off, sz));
                }
                if (top && clockOption) readV6Clock(c);
                return out;
            } else {
                throw new TraceFormatException("trace.dat: expected \"options\", \"latency\" or \"flyrecord\" but found \""
                    + printable(tag) + "\"", at);
            }
        }
        throw c.fail("too many option blocks");
    }

    /**
     * v6 files with a TRACECLOCK option also store the trace_clock text (u64 size + {@code "[local] global ..."})
     * right after the top flyrecord table, as trace-cmd reads it; a damaged one is ignored.
     */
    private void readV6Clock(final Cursor c) {
        try {
            final long n = c.sizePrefix(true, "trace clock");
            if (n > 65536) return;
            final String s = c.text(n);
            final int a = s.indexOf('[');
            final int b = s.indexOf(']', a + 1);
            if (a >= 0 && b > a) topClock = s.substring(a + 1, b);
        } catch (TraceFormatException e) {
            // keep the option's clock, if any
        }
    }

    private void readV6Options(final Cursor c, final boolean top) throws TraceFormatException {
        while (true) {
            final int id = c.u16();
            if (id == OPT_DONE) return;
            final long sz = c.sizePrefix(false, "option " + id);
            final long dataAt = c.pos();
            final byte[] data = c.bytes(sz);
            if (id == OPT_BUFFER) {
                if (!top) continue;
                final Cursor d = Cursor.ofArray(data, data.length, big, "BUFFER option", dataAt);
                final long off = d.u64();
                final String name = d.cstring(data.length);
                v6Buffers.add(new Object[] {off, name});
            } else {
                option(id, data, dataAt);
            }
        }
    }

    // ---------------------------------------------------------------- v7

    private void parseV7(final Cursor c) throws TraceFormatException {
        final long cAt = c.pos();
        compression = c.cstring(64);
        compressionVersion = c.cstring(64);
        if (!Codec.supported(compression)) {
            throw new TraceFormatException("trace.dat v7 compressed with \"" + compression + "\", which whylate cannot read (zstd, zlib and none are supported)", cAt);
        }
        codec = Codec.of(compression);
        long next = c.u64();
        scanSections(c.pos());
        final Set<Long> seen = new HashSet<>();
        while (next != 0) {
            if (!seen.add(next) || seen.size() > MAX_SECTIONS) throw new TraceFormatException("trace.dat: options sections form a loop", next);
            next = readOptionsSection(next);
        }
        final Long hi = sections.get(OPT_HEADER_INFO);
        if (hi == null) throw new TraceFormatException("trace.dat v7: no HEADER_INFO section", -1);
        readHeaderInfo(section(hi, OPT_HEADER_INFO, "header info"));
        final Long fe = sections.get(OPT_FTRACE_EVENTS);
        if (fe != null) readFtraceFormats(section(fe, OPT_FTRACE_EVENTS, "ftrace formats"));
        final Long ef = sections.get(OPT_EVENT_FORMATS);
        if (ef != null) readEventFormats(section(ef, OPT_EVENT_FORMATS, "event formats"));
        final Long ks = sections.get(OPT_KALLSYMS);
        if (ks != null) kallsyms = lazySection(ks, OPT_KALLSYMS, "kallsyms");
        final Long pk = sections.get(OPT_PRINTK);
        if (pk != null) printk = lazySection(pk, OPT_PRINTK, "printk formats");
        final Long cl = sections.get(OPT_CMDLINES);
        if (cl != null) {
            final Cursor s = section(cl, OPT_CMDLINES, "saved cmdlines");
            cmdlines = s.text(s.sizePrefix(true, "saved cmdlines"));
        }
        for (final Object[] b : v7Buffers) readV7Buffer(b);
        buffers.sort((a, b) -> a.name().isEmpty() == b.name().isEmpty() ? 0 : a.name().isEmpty() ? -1 : 1);
        if (topClock != null) meta.put("clock", topClock);
    }

    /**
     * Walks the sections laid out one after the other from {@code start} (16-byte headers, sizes checked) to find
     * whylate's tgid section; stops at the first header that does not fit. Damage here is not an error: the
     * tgids are optional.
     */
    private void scanSections(final long start) {
        long p = start;
        for (int k = 0; k < MAX_SECTIONS && p + 16 <= size; k++) {
            try {
                final Cursor c = file(p, "section list");
                final int id = c.u16();
                c.u16();
                c.u32();
                final long len = c.u64();
                if (len < 0 || len > size - c.pos()) return;
                if (id == SEC_WHYLATE_TGIDS) {
                    final Cursor t = section(p, SEC_WHYLATE_TGIDS, "whylate tgids");
                    tgids.append(t.text(t.sizePrefix(true, "whylate tgids")));
                    return;
                }
                p = c.pos() + len;
            } catch (TraceFormatException e) {
                return;
            }
        }
    }

    /** Reads one OPTIONS section; returns the offset of the next one (0 = last). */
    private long readOptionsSection(final long off) throws TraceFormatException {
        final Cursor c = section(off, 0, "options");
        while (true) {
            if (c.remaining() == 0) return 0;
            final int id = c.u16();
            final long sz = c.sizePrefix(false, "option " + id);
            final long dataAt = c.errorOffset();
            final byte[] data = c.bytes(sz);
            if (id == OPT_DONE) {
                if (data.length < 8) return 0;
                return Cursor.ofArray(data, data.length, big, "DONE option", dataAt).u64();
            }
            switch (id) {
                case OPT_BUFFER: {
                    final Cursor d = Cursor.ofArray(data, data.length, big, "BUFFER option", dataAt);
                    final long secOff = d.u64();
                    final String name = d.cstring(data.length);
                    final String clock = d.cstring(data.length);
                    final long ps = d.u32();
                    final int n = d.count32("BUFFER option CPU", 20);
                    final List<DatLayout.CpuData> cd = new ArrayList<>(n);
                    for (int k = 0; k < n; k++) {
                        final long cpu = d.u32();
                        final long o = d.u64();
                        final long s = d.u64();
                        if (cpu > 0xFFFF) throw new TraceFormatException("trace.dat BUFFER option: CPU number " + cpu + " is not plausible", dataAt);
                        cd.add(new DatLayout.CpuData((int) cpu, o, s));
                    }
                    if (ps < 256 || ps > (1 << 24) || Long.bitCount(ps) != 1) {
                        throw new TraceFormatException("trace.dat BUFFER option \"" + name + "\": bad page size " + ps, dataAt);
                    }
                    v7Buffers.add(new Object[] {secOff, name, clock, (int) ps, cd});
                    if (name.isEmpty() && topClock == null) topClock = clock;
                    break;
                }
                case OPT_BUFFER_TEXT:
                    latency = true;
                    break;
                case OPT_HEADER_INFO:
                case OPT_FTRACE_EVENTS:
                case OPT_EVENT_FORMATS:
                case OPT_KALLSYMS:
                case OPT_PRINTK:
                case OPT_CMDLINES:
                    if (data.length >= 8) sections.put(id, Cursor.ofArray(data, data.length, big, "option", dataAt).u64());
                    break;
                default:
                    option(id, data, dataAt);
            }
        }
    }

    private void readV7Buffer(final Object[] b) throws TraceFormatException {
        final long secOff = (Long) b[0];
        final String name = (String) b[1];
        @SuppressWarnings("unchecked")
        final List<DatLayout.CpuData> cd = (List<DatLayout.CpuData>) b[4];
        boolean compressed = false;
        if (!cd.isEmpty()) {
            final Cursor c = file(secOff, "buffer \"" + name + "\" section");
            final int id = c.u16();
            final int flags = c.u16();
            if (id != OPT_BUFFER) throw new TraceFormatException("trace.dat: buffer \"" + name + "\" points at a section with id " + id + ", not 3", secOff);
            compressed = (flags & 1) != 0;
            if (compressed && codec == null) throw new TraceFormatException("trace.dat: buffer \"" + name + "\" is compressed but the file names no compression", secOff);
        }
        buffers.add(new DatLayout.Buffer(name, (String) b[2], (Integer) b[3], cd, compressed));
    }

    /**
     * Opens the section at {@code off} (16-byte header: u16 id, u16 flags, u32 description, u64 size),
     * decompressing it when its flag says so.
     */
    private Cursor section(final long off, final int expectId, final String what) throws TraceFormatException {
        final Cursor c = file(off, what + " section");
        final int id = c.u16();
        if (id != expectId) throw new TraceFormatException("trace.dat: the " + what + " section at " + off + " has id " + id + ", expected " + expectId, off);
        final int flags = c.u16();
        c.u32();
        final long secSize = c.sizePrefix(true, what + " section");
        final long body = c.pos();
        if ((flags & 1) == 0) return Cursor.ofFile(mb, body, body + secSize, big, what + " section");
        if (codec == null) throw new TraceFormatException("trace.dat: the " + what + " section is compressed but the file names no compression", off);
        final Cursor h = Cursor.ofFile(mb, body, body + secSize, big, what + " section");
        final long csize = h.u32();
        final long usize = h.u32();
        if (csize > h.remaining()) throw h.fail("compressed size " + csize + " exceeds the section (" + h.remaining() + " bytes left)");
        final byte[] z = h.bytes(csize);
        try {
            final byte[] out = codec.decompress(z, 0, z.length, usize);
            return Cursor.ofArray(out, out.length, big, what + " section", off);
        } catch (Codec.BadBlock e) {
            throw new TraceFormatException("trace.dat: the " + what + " section at " + off + " does not decompress: " + e.getMessage(), off);
        }
    }

    private DatLayout.Lazy lazySection(final long off, final int id, final String what) {
        return new DatLayout.Lazy() {
            private byte[] cached;

            @Override
            public synchronized byte[] get() {
                if (cached == null) {
                    try {
                        final Cursor c = section(off, id, what);
                        cached = c.bytes(c.sizePrefix(false, what));
                    } catch (TraceFormatException | RuntimeException e) {
                        cached = new byte[0];
                    }
                }
                return cached;
            }
        };
    }

    // ---------------------------------------------------------------- shared sections

    private void readHeaderInfo(final Cursor c) throws TraceFormatException {
        if (!c.peekIs("header_page\0".getBytes(StandardCharsets.US_ASCII))) throw c.fail("expected \"header_page\"");
        c.skip(12);
        headerPage = c.text(c.sizePrefix(true, "header_page"));
        if (!c.peekIs("header_event\0".getBytes(StandardCharsets.US_ASCII))) throw c.fail("expected \"header_event\"");
        c.skip(13);
        headerEvent = c.text(c.sizePrefix(true, "header_event"));
    }

    private void readFtraceFormats(final Cursor c) throws TraceFormatException {
        final int n = c.count32("ftrace format", 8);
        for (int k = 0; k < n; k++) formats.add(c.format("ftrace", c.sizePrefix(true, "ftrace format")));
    }

    private void readEventFormats(final Cursor c) throws TraceFormatException {
        final int ns = c.count32("event system", 5);
        for (int s = 0; s < ns; s++) {
            final String sys = c.cstring(1024);
            final int n = c.count32("event format", 8);
            for (int k = 0; k < n; k++) formats.add(c.format(sys, c.sizePrefix(true, "event format")));
        }
    }

    // ---------------------------------------------------------------- options

    private void option(final int id, final byte[] data, final long at) throws TraceFormatException {
        switch (id) {
            case OPT_DATE:
                meta.put("date", cstr(data));
                break;
            case OPT_CPUSTAT:
                cpustat.append(cstr(data).strip()).append('\n');
                break;
            case OPT_TRACECLOCK: {
                clockOption = true;
                final String s = cstr(data);
                final int a = s.indexOf('[');
                final int b = s.indexOf(']', a + 1);
                topClock = a >= 0 && b > a ? s.substring(a + 1, b) : s.strip().isEmpty() ? null : s.strip().split("\\s+")[0];
                break;
            }
            case OPT_UNAME:
                meta.put("uname", cstr(data));
                break;
            case OPT_OFFSET: {
                final String s = cstr(data).strip();
                meta.put("offset", s);
                tsOffset += parseCLong(s);
                break;
            }
            case OPT_CPUCOUNT:
                if (data.length >= 4) {
                    final long n = Cursor.ofArray(data, data.length, big, "CPUCOUNT option", at).u32();
                    if (n <= 65536) cpus = (int) n;
                }
                break;
            case OPT_VERSION:
                meta.put("trace-cmd-version", cstr(data));
                break;
            case OPT_TRACEID:
                if (data.length >= 8) meta.put("trace-id", "0x" + Long.toHexString(Cursor.ofArray(data, data.length, big, "TRACEID option", at).u64()));
                break;
            case OPT_TIME_SHIFT:
                meta.put("time-shift", "present (host/guest synchronisation not applied)");
                break;
            case OPT_GUEST:
                meta.put("guest", "present");
                break;
            case OPT_TSC2NSEC:
                if (data.length >= 16) {
                    final Cursor d = Cursor.ofArray(data, data.length, big, "TSC2NSEC option", at);
                    tscMult = d.u32();
                    tscShift = (int) d.u32();
                    final long off = d.u64();
                    if (tscShift > 63) {
                        tscMult = 0;
                    } else {
                        meta.put("tsc2nsec", "mult=" + tscMult + " shift=" + tscShift + " offset=" + off);
                    }
                }
                break;
            case OPT_HOOK:
            case OPT_PROCMAPS:
            case OPT_STRINGS:
            case OPT_BTF_FILE:
            case OPT_LAST_BOOT_INFO:
            case OPT_MODULES_FILE:
                break;
            default:
                unknownOptions++;
        }
    }

    /** The text of an option up to its first NUL. */
    static String cstr(final byte[] d) {
        int n = 0;
        while (n < d.length && d[n] != 0) n++;
        return new String(d, 0, n, StandardCharsets.UTF_8);
    }

    /** strtoll(s, NULL, 0): decimal, 0x hex or 0 octal, optional sign; 0 when unparsable. */
    static long parseCLong(final String s) {
        String t = s.strip();
        boolean neg = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            neg = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.charAt(0) == '0') {
            radix = 8;
        }
        int e = 0;
        while (e < t.length() && Character.digit(t.charAt(e), radix) >= 0) e++;
        if (e == 0) return 0;
        try {
            final long v = Long.parseUnsignedLong(t.substring(0, e), radix);
            return neg ? -v : v;
        } catch (NumberFormatException x) {
            return 0;
        }
    }

    private static String printable(final String s) {
        final StringBuilder b = new StringBuilder();
        for (final char ch : s.toCharArray()) b.append(ch >= 32 && ch < 127 ? ch : '.');
        return b.toString();
    }
}
