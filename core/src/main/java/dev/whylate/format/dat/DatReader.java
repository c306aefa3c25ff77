package dev.whylate.format.dat;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.TraceReader;
import dev.whylate.io.Input;
import dev.whylate.io.MappedBytes;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.EventStore;
import dev.whylate.model.EventTypes;
import dev.whylate.model.Lost;
import dev.whylate.model.TaskTable;
import dev.whylate.model.Trace;
import dev.whylate.model.Unparsed;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads trace-cmd's binary trace.dat, versions 6 and 7 (uncompressed, zstd or zlib; both byte orders; 32- and
 * 64-bit kernels; any number of buffers/instances).
 *
 * <p>Per-CPU ring-buffer data is decoded in parallel ({@link ReadOptions#threads()}; see {@link PageJobs}) and
 * merged by (timestamp, CPU, order in the file) into {@link EventStore.Builder}. Each event keeps its timestamp (ns after
 * TSC2NSEC and the OFFSET option, as {@code trace-cmd report} prints it; raw counts for the {@code counter}
 * and {@code x86-tsc} clocks without TSC2NSEC), CPU, {@code common_pid} as tid, its type (system and name),
 * {@code common_flags} as {@link dev.whylate.model.Ctx}, and a reference to its record that
 * {@link DatPayloads} decodes on demand. Compressed CPU data is decompressed into direct (off-heap) buffers, or
 * into private temp files mapped and deleted at once when it would not fit in a quarter of the heap. Task names
 * come from the saved cmdlines, the recorder's tgid section and the names in sched payloads.
 *
 * <p>Meta keys: {@code trace.dat-version}, {@code compression}, {@code endianness}, {@code long-size} (user
 * space), {@code kernel-long-size}, {@code page-size}, {@code clock}, {@code buffers} and {@code buffer.NAME},
 * and when the file has them {@code uname}, {@code trace-cmd-version}, {@code trace-id}, {@code date},
 * {@code offset}, {@code tsc2nsec}, {@code cpustat}, {@code time-unit}, {@code unknown-options}.
 *
 * <p><b>Several buffers.</b> All events of all buffers are kept, with their real CPU numbers; events of
 * different instances on the same CPU therefore share that CPU's stream (an event enabled in two instances
 * appears twice). {@code meta} lists the buffers ({@code buffers}) and says when more than one holds events;
 * {@link DatPayloads#buffer} tells an event's buffer, and {@link #read(Input, ReadOptions, Predicate)} keeps
 * only the buffers asked for.
 *
 * <p><b>Damage.</b> A damaged or truncated header or metadata section throws {@link TraceFormatException}
 * with the file offset; damage inside a CPU's pages stops that CPU (the events before it are kept) and is
 * reported in {@link Trace#truncated()}. When no event could be read at all, the damage is thrown.
 */
public final class DatReader implements TraceReader {
    @Override
    public String name() {
        return "trace.dat";
    }

    @Override
    public int sniff(final byte[] head) {
        final byte[] m = DatParser.MAGIC;
        if (head.length < m.length) return 0;
        for (int k = 0; k < m.length; k++) if (head[k] != m[k]) return 0;
        return 100;
    }

    @Override
    public Trace read(final Input in, final ReadOptions opts) throws IOException, TraceFormatException {
        return read(in, opts, null);
    }

    /**
     * Reads only the buffers whose instance name ({@code ""} for the top instance) {@code keep} accepts;
     * {@code null} keeps all.
     */
    public Trace read(final Input in, final ReadOptions opts, final Predicate<String> keep) throws IOException, TraceFormatException {
        final MappedBytes mb = in.bytes();
        if (mb.size() >= Space.LIMIT) throw new TraceFormatException(in.name() + ": trace.dat larger than 1 TiB is not supported", -1);
        final DatLayout layout = DatParser.parse(mb);
        if (layout.latencyText()) {
            throw new TraceFormatException(in.name() + ": this trace.dat holds latency-format text (recorded with a latency tracer),"
                + " not ring-buffer events; print it with 'trace-cmd report' and read that text", -1);
        }
        final HeaderPage hp = HeaderPage.parse(layout.headerPage(), layout.longSize());
        final int kernelLong = hp.commitSize();
        if (layout.headerEvent().contains("type        :    2 bits") || layout.headerEvent().contains("type\t:\t2 bits")) {
            throw new TraceFormatException(in.name() + ": ring buffer of a kernel before 2.6.31 (2-bit event types) is not supported", -1);
        }
        final EventFormats formats = EventFormats.of(layout.formats(), kernelLong);
        final int[] common = formats.commonLayout();
        final ByteOrder order = layout.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        final Space space = new Space(mb, order);
        final Codec codec = Codec.of(layout.compression());
        final CpuDecoder.Config cfg = new CpuDecoder.Config(hp, formats, new CommPairs(formats), common,
            layout.tscMult(), layout.tscShift(), layout.tsOffset());

        final List<DatLayout.Buffer> bufs = new ArrayList<>();
        for (final DatLayout.Buffer b : layout.buffers()) if (keep == null || keep.test(b.name())) bufs.add(b);
        final List<PageJobs.Part> results = PageJobs.run(new PageJobs.Env(mb, space, codec, layout, cfg), bufs, opts);

        // types interned in event-id order, so ids do not depend on thread timing
        final EventTypes types = new EventTypes();
        final int[] typeOf = new int[0x10000];
        final boolean[] seen = new boolean[0x10000];
        long total = 0;
        for (final PageJobs.Part r : results) {
            final CpuEvents e = r.events();
            total += e.n;
            for (int j = 0; j < e.n; j++) seen[e.id[j]] = true;
        }
        for (int id = 0; id < seen.length; id++) {
            if (!seen[id]) continue;
            final int fi = formats.indexOf(id);
            typeOf[id] = types.intern(formats.system(fi), formats.name(fi));
        }
        final StringBuilder damage = new StringBuilder();
        long damageOffset = -1;
        for (final PageJobs.Part r : results) {
            if (r.events().damage == null) continue;
            if (damage.length() > 0) damage.append("; ");
            damage.append(r.events().damage);
            if (damageOffset < 0) damageOffset = r.events().damageOffset >= 0 ? r.events().damageOffset : r.fileOffset();
        }
        if (total == 0 && damage.length() > 0) throw new TraceFormatException(in.name() + ": " + damage, damageOffset);
        if (total > Integer.MAX_VALUE - 16) throw new TraceFormatException(in.name() + ": more than 2^31 events are not supported", -1);

        final EventStore.Builder sb = EventStore.builder(types, (int) total);
        final List<Lost> lost = new ArrayList<>();
        final List<Unparsed> unparsed = new ArrayList<>();
        long unparsedCount = 0;
        long outOfOrder = 0;
        final TaskTable.Builder tasks = TaskTable.builder();
        cmdlines(layout, tasks);
        final long[] rs = new long[results.size()];
        final long[] re = new long[results.size()];
        final int[] rb = new int[results.size()];
        int nr = 0;
        for (final PageJobs.Part r : results) {
            final CpuEvents e = r.events();
            lost.addAll(e.lost);
            for (final Unparsed u : e.unparsed) if (unparsed.size() < Trace.MAX_UNPARSED_KEPT) unparsed.add(u);
            unparsedCount += e.unparsedCount;
            outOfOrder += e.outOfOrder;
            for (int k = 0; k < e.obs; k++) tasks.observe(e.obsPid[k], -1, e.obsComm[k], e.obsTs[k]);
            if (r.end() > r.start()) {
                rs[nr] = r.start();
                re[nr] = r.end();
                rb[nr] = r.buffer();
                nr++;
            }
        }
        merge(results, typeOf, sb);
        lost.sort(Comparator.comparingLong(Lost::ts).thenComparingInt(Lost::cpu));
        final Integer[] ord = new Integer[nr];
        for (int k = 0; k < nr; k++) ord[k] = k;
        java.util.Arrays.sort(ord, Comparator.comparingLong(k -> rs[k]));
        final long[] s2 = new long[nr];
        final long[] e2 = new long[nr];
        final int[] b2 = new int[nr];
        for (int k = 0; k < nr; k++) {
            s2[k] = rs[ord[k]];
            e2[k] = re[ord[k]];
            b2[k] = rb[ord[k]];
        }
        final List<String> names = new ArrayList<>();
        for (final DatLayout.Buffer b : bufs) names.add(b.name());
        final DatPayloads decoder = new DatPayloads(space, formats, new Symbols(layout.kallsyms(), layout.printk()), common,
            kernelLong, s2, e2, b2, names);
        final EventStore store = sb.build(decoder);

        final Map<String, String> meta = meta(layout, hp, bufs, results);
        int cpus = layout.cpus();
        if (cpus < 0) {
            for (final DatLayout.Buffer b : bufs) for (final DatLayout.CpuData cd : b.cpus()) cpus = Math.max(cpus, cd.cpu() + 1);
        }
        return new Trace("trace.dat v" + layout.version(), store, tasks.build(), List.copyOf(lost), List.copyOf(unparsed),
            unparsedCount, outOfOrder, cpus, meta, damage.length() == 0 ? null : damage.toString());
    }

    /**
     * Adds every CPU's events to {@code sb} in (timestamp, CPU, job order) order by a k-way merge of the per-CPU
     * streams (each already in time order unless its clock went backwards), so the builder rarely has to sort.
     */
    private static void merge(final List<PageJobs.Part> results, final int[] typeOf, final EventStore.Builder sb) {
        final int k = results.size();
        final CpuEvents[] s = new CpuEvents[k];
        final int[] at = new int[k];
        for (int i = 0; i < k; i++) s[i] = results.get(i).events();
        while (true) {
            int best = -1;
            for (int i = 0; i < k; i++) {
                if (at[i] < s[i].n && (best < 0 || before(s[i], at[i], i, s[best], at[best], best))) best = i;
            }
            if (best < 0) break;
            int second = -1;
            for (int i = 0; i < k; i++) {
                if (i != best && at[i] < s[i].n && (second < 0 || before(s[i], at[i], i, s[second], at[second], second))) second = i;
            }
            // take the run of this stream that stays in order and before every other stream's head
            final CpuEvents e = s[best];
            final long[] ts = e.ts;
            final int n = e.n;
            final long limit = second < 0 ? Long.MAX_VALUE : s[second].ts[at[second]];
            final boolean tieFirst = second < 0 || e.cpu < s[second].cpu || (e.cpu == s[second].cpu && best < second);
            int j = at[best];
            long prev = Long.MIN_VALUE;
            while (j < n) {
                final long t = ts[j];
                if (t < prev || t > limit || (t == limit && !tieFirst)) break;
                sb.add(t, e.cpu, e.tid[j], typeOf[e.id[j]], e.ctx[j], e.base + (e.ref[j] & 0xFFFFFFFFL));
                prev = t;
                j++;
            }
            at[best] = j;
        }
        for (final CpuEvents e : s) {
            e.ts = null;
            e.tid = null;
            e.id = null;
            e.ctx = null;
            e.ref = null;
        }
    }

    /** Whether event {@code i} of stream {@code a} (index {@code ai}) comes before event {@code j} of {@code b}. */
    private static boolean before(final CpuEvents a, final int i, final int ai, final CpuEvents b, final int j, final int bi) {
        final long x = a.ts[i];
        final long y = b.ts[j];
        if (x != y) return x < y;
        if (a.cpu != b.cpu) return a.cpu < b.cpu;
        return ai < bi;
    }

    private static void cmdlines(final DatLayout layout, final TaskTable.Builder tasks) {
        final String c = layout.cmdlines();
        for (int at = 0; at < c.length(); ) {
            int nl = c.indexOf('\n', at);
            if (nl < 0) nl = c.length();
            // "pid comm": the comm may contain spaces
            final int p0 = skipBlanks(c, at, nl);
            final int p1 = digitsEnd(c, p0, nl);
            if (p1 > p0 && p1 < nl && c.charAt(p1) == ' ' && p1 - p0 <= 9) {
                final String comm = c.substring(p1 + 1, nl).strip();
                if (!comm.isEmpty()) tasks.observeLate(Integer.parseInt(c, p0, p1, 10), -1, comm);
            }
            at = nl + 1;
        }
        final String g = layout.tgids();
        for (int at = 0; at < g.length(); ) {
            int nl = g.indexOf('\n', at);
            if (nl < 0) nl = g.length();
            // "pid tgid"
            final int p0 = skipBlanks(g, at, nl);
            final int p1 = digitsEnd(g, p0, nl);
            final int t0 = skipBlanks(g, p1, nl);
            final int t1 = digitsEnd(g, t0, nl);
            if (p1 > p0 && t0 > p1 && t1 > t0 && skipBlanks(g, t1, nl) == nl && p1 - p0 <= 9 && t1 - t0 <= 9) {
                tasks.observe(Integer.parseInt(g, p0, p1, 10), Integer.parseInt(g, t0, t1, 10), null, Long.MIN_VALUE);
            }
            at = nl + 1;
        }
    }

    private static int skipBlanks(final String s, final int from, final int to) {
        int k = from;
        while (k < to && Character.isWhitespace(s.charAt(k))) k++;
        return k;
    }

    private static int digitsEnd(final String s, final int from, final int to) {
        int k = from;
        while (k < to && s.charAt(k) >= '0' && s.charAt(k) <= '9') k++;
        return k;
    }

    private static Map<String, String> meta(final DatLayout l, final HeaderPage hp, final List<DatLayout.Buffer> bufs,
                                            final List<PageJobs.Part> results) {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("trace.dat-version", Integer.toString(l.version()));
        m.put("compression", l.compression().isEmpty() || l.compression().equals("none") ? "none"
            : l.compression() + (l.compressionVersion().isEmpty() ? "" : " " + l.compressionVersion()));
        m.put("endianness", l.bigEndian() ? "big" : "little");
        m.put("long-size", Integer.toString(l.longSize()));
        m.put("kernel-long-size", Integer.toString(hp.commitSize()));
        m.put("page-size", Integer.toString(l.pageSize()));
        final StringBuilder names = new StringBuilder();
        int withEvents = 0;
        for (int bi = 0; bi < bufs.size(); bi++) {
            final DatLayout.Buffer b = bufs.get(bi);
            if (names.length() > 0) names.append(',');
            names.append(b.name().isEmpty() ? "(top)" : b.name());
            long n = 0;
            for (final PageJobs.Part r : results) if (r.buffer() == bi) n += r.events().n;
            if (n > 0) withEvents++;
            final String key = "buffer." + (b.name().isEmpty() ? "(top)" : b.name());
            m.put(key, b.cpus().size() + " cpus, clock " + (b.clock() == null ? "unknown" : b.clock()) + ", page " + b.pageSize()
                + (b.compressed() ? ", compressed" : "") + ", " + n + " events");
        }
        m.put("buffers", names.toString());
        if (withEvents > 1) {
            m.put("buffers.note", withEvents + " buffers hold events; all are kept and share their CPUs' streams"
                + " (an event enabled in two instances appears twice)");
        }
        String clock = l.meta().get("clock");
        if (clock == null) {
            for (final DatLayout.Buffer b : bufs) if (b.clock() != null) {
                clock = b.clock();
                break;
            }
        }
        if (clock != null) {
            m.put("clock", clock);
            if ((clock.equals("counter") || clock.equals("x86-tsc")) && l.tscMult() == 0) {
                m.put("time-unit", "raw " + clock + " counts, not ns");
            }
        }
        for (final Map.Entry<String, String> e : l.meta().entrySet()) m.putIfAbsent(e.getKey(), e.getValue());
        if (l.tsOffset() != 0) m.put("ts-offset-ns", Long.toString(l.tsOffset()));
        return m;
    }
}
