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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Reads trace-cmd's binary trace.dat, versions 6 and 7 (uncompressed, zstd or zlib; both byte orders; 32- and
 * 64-bit kernels; any number of buffers/instances).
 *
 * <p>Per-CPU ring-buffer data is decoded in parallel ({@link ReadOptions#threads()}) and merged by
 * (timestamp, CPU, order in the file) by {@link EventStore.Builder}. Each event keeps its timestamp (ns after
 * TSC2NSEC and the OFFSET option, as {@code trace-cmd report} prints it; raw counts for the {@code counter}
 * and {@code x86-tsc} clocks without TSC2NSEC), CPU, {@code common_pid} as tid, its type (system and name),
 * {@code common_flags} as {@link dev.whylate.model.Ctx}, and a reference to its record that
 * {@link DatPayloads} decodes on demand. Compressed CPU data is decompressed into private temp files that
 * are mapped and deleted at once.
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
        // decompressed data stays in memory when all of it (as declared) fits in a quarter of the heap and its
        // declared size is plausible for its compressed size; otherwise it goes to temp files, which grow only
        // with the real output
        long declared = 0;
        long compressed = 0;
        for (final DatLayout.Buffer b : bufs) {
            if (!b.compressed()) continue;
            for (final DatLayout.CpuData cd : b.cpus()) {
                if (cd.size() == 0) continue;
                final long[] d = declaredSize(mb, cd, layout.bigEndian());
                declared += d[0];
                compressed += d[1];
            }
        }
        final boolean inHeap = declared <= Runtime.getRuntime().maxMemory() / 4 && declared <= compressed * 64 + (1 << 20);
        final List<Job> jobs = new ArrayList<>();
        for (int bi = 0; bi < bufs.size(); bi++) {
            final DatLayout.Buffer b = bufs.get(bi);
            for (final DatLayout.CpuData cd : b.cpus()) {
                if (cd.size() == 0) continue;
                jobs.add(new Job(bi, b, cd, inHeap));
            }
        }
        final List<Result> results = run(jobs, opts, job -> decode(job, mb, space, codec, layout, cfg));

        // types interned in event-id order, so ids do not depend on thread timing
        final EventTypes types = new EventTypes();
        final int[] typeOf = new int[0x10000];
        final boolean[] seen = new boolean[0x10000];
        long total = 0;
        for (final Result r : results) {
            final CpuEvents e = r.events;
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
        for (final Result r : results) {
            if (r.events.damage == null) continue;
            if (damage.length() > 0) damage.append("; ");
            damage.append(r.events.damage);
            if (damageOffset < 0) damageOffset = r.events.damageOffset >= 0 ? r.events.damageOffset : r.job.cd.offset();
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
        for (final Result r : results) {
            final CpuEvents e = r.events;
            lost.addAll(e.lost);
            for (final Unparsed u : e.unparsed) if (unparsed.size() < Trace.MAX_UNPARSED_KEPT) unparsed.add(u);
            unparsedCount += e.unparsedCount;
            outOfOrder += e.outOfOrder;
            for (int k = 0; k < e.obs; k++) tasks.observe(e.obsPid[k], -1, e.obsComm[k], e.obsTs[k]);
            if (r.end > r.start) {
                rs[nr] = r.start;
                re[nr] = r.end;
                rb[nr] = r.job.buffer;
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
    private static void merge(final List<Result> results, final int[] typeOf, final EventStore.Builder sb) {
        final int k = results.size();
        final CpuEvents[] s = new CpuEvents[k];
        final int[] at = new int[k];
        for (int i = 0; i < k; i++) s[i] = results.get(i).events;
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
                sb.add(t, e.cpu, e.tid[j], typeOf[e.id[j]], e.ctx[j], e.ref[j]);
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

    /** One CPU of one buffer to decode; {@code inHeap}: decompress into heap arrays rather than a temp file. */
    private record Job(int buffer, DatLayout.Buffer buf, DatLayout.CpuData cd, boolean inHeap) {}

    /** Its events and the virtual range its records live in. */
    private record Result(Job job, CpuEvents events, long start, long end) {}

    private interface Work {
        Result apply(Job j);
    }

    private static List<Result> run(final List<Job> jobs, final ReadOptions opts, final Work w) throws IOException {
        final int threads = Math.max(1, Math.min(opts.threads(), jobs.size()));
        final List<Result> out = new ArrayList<>();
        if (threads == 1) {
            for (final Job j : jobs) out.add(w.apply(j));
            return out;
        }
        final ExecutorService ex = Executors.newFixedThreadPool(threads, r -> {
            final Thread t = new Thread(r, "whylate-dat");
            t.setDaemon(true);
            return t;
        });
        try {
            final List<Future<Result>> fs = new ArrayList<>();
            for (final Job j : jobs) fs.add(ex.submit(() -> w.apply(j)));
            for (final Future<Result> f : fs) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            final Throwable c = e.getCause();
            if (c instanceof RuntimeException) throw (RuntimeException) c;
            if (c instanceof Error) throw (Error) c;
            throw new IOException(c);
        } finally {
            ex.shutdownNow();
        }
    }

    private static Result decode(final Job j, final MappedBytes mb, final Space space, final Codec codec, final DatLayout layout,
                                 final CpuDecoder.Config cfg) {
        final DatLayout.CpuData cd = j.cd;
        final String where = (j.buf.name().isEmpty() ? "" : "buffer \"" + j.buf.name() + "\" ") + "CPU " + cd.cpu();
        if (!j.buf.compressed()) {
            final long start = cd.offset();
            final long len = start < 0 || start > mb.size() ? 0 : Math.min(cd.size(), mb.size() - start);
            final long declared = cd.size() < 0 ? Long.MAX_VALUE : cd.size();
            final CpuEvents e = CpuDecoder.decode(cfg, space.file(), start, len, declared, j.buf.pageSize(), j.buffer, cd.cpu(), where);
            if (len == 0 && e.damage == null) {
                e.damage = where + ": its data at offset " + Long.toUnsignedString(start) + " lies past the end of the file (" + mb.size() + " bytes)";
                e.damageOffset = Math.min(Math.max(0, start), mb.size());
            }
            return new Result(j, e, start, start + len);
        }
        String problem = null;
        final List<long[]> chunks = new ArrayList<>();
        try {
            chunks(mb, cd, layout.bigEndian(), where, chunks);
        } catch (TraceFormatException e) {
            problem = e.getMessage();
        }
        Path tmp = null;
        long total = 0;
        try {
            final Space.Segment seg;
            long want = 0;
            for (final long[] ch : chunks) want += ch[2];
            if (j.inHeap && want < Integer.MAX_VALUE - 16) {
                final ByteBuffer out = ByteBuffer.allocateDirect((int) want);
                for (int k = 0; k < chunks.size(); k++) {
                    final long[] ch = chunks.get(k);
                    try {
                        total += inflate(mb, codec, ch, where, k, out, (int) total);
                    } catch (TraceFormatException e) {
                        problem = e.getMessage();
                        break;
                    }
                }
                seg = space.memory(out, total);
            } else {
                tmp = Files.createTempFile("whylate-dat-", ".cpu");
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    for (int k = 0; k < chunks.size(); k++) {
                        final byte[] o;
                        try {
                            o = inflate(mb, codec, chunks.get(k), where, k);
                        } catch (TraceFormatException e) {
                            problem = e.getMessage();
                            break;
                        }
                        final ByteBuffer bb = ByteBuffer.wrap(o);
                        while (bb.hasRemaining()) ch.write(bb, total + bb.position());
                        total += o.length;
                    }
                }
                final MappedBytes dm = MappedBytes.open(tmp);
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    tmp.toFile().deleteOnExit();
                }
                seg = space.mapped(dm);
            }
            final Space.Segment g = space.add(seg);
            if (g == null) throw new IOException("decompressed data exceeds the 1 TiB address space");
            final CpuEvents e = CpuDecoder.decode(cfg, g, g.base, total, total, j.buf.pageSize(), j.buffer, cd.cpu(), where);
            if (problem != null && e.damage == null) {
                e.damage = problem;
                e.damageOffset = cd.offset();
            }
            return new Result(j, e, g.base, g.base + total);
        } catch (IOException e) {
            final CpuEvents ev = new CpuEvents(j.buffer, cd.cpu(), 0);
            ev.damage = where + ": cannot decompress into a temp file: " + e.getMessage();
            ev.damageOffset = cd.offset();
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    tmp.toFile().deleteOnExit();
                }
            }
            return new Result(j, ev, 0, 0);
        }
    }

    /**
     * Reads the chunk list of one CPU's compressed data ({@code u32 count}, then {@code u32 csize, u32 usize,
     * data} per chunk) into {file offset of the data, csize, usize} entries. The declared CPU size leaves out
     * the count, so only the file end bounds the chunks. Throws at the first chunk that does not fit, keeping the
     * ones before it in {@code out}.
     */
    private static void chunks(final MappedBytes mb, final DatLayout.CpuData cd, final boolean big, final String where,
                               final List<long[]> out) throws TraceFormatException {
        final Cursor c = Cursor.ofFile(mb, 0, mb.size(), big, where + " compressed data");
        if (cd.offset() < 0 || cd.offset() > mb.size()) throw c.fail("starts past the end of the file");
        c.seek(cd.offset());
        final int n = c.count32("compressed chunk", 8);
        for (int k = 0; k < n; k++) {
            final long csize = c.u32();
            final long usize = c.u32();
            if (csize > c.remaining()) throw c.fail("chunk " + k + " of " + csize + " bytes runs past the data (" + c.remaining() + " left)");
            out.add(new long[] {c.pos(), csize, usize});
            c.skip(csize);
        }
    }

    /** {declared decompressed size, compressed size} of one CPU's data, as far as its chunk list is readable. */
    private static long[] declaredSize(final MappedBytes mb, final DatLayout.CpuData cd, final boolean big) {
        final List<long[]> ch = new ArrayList<>();
        try {
            chunks(mb, cd, big, "", ch);
        } catch (TraceFormatException e) {
            // counted as far as readable
        }
        final long[] t = new long[2];
        for (final long[] c : ch) {
            t[0] += c[2];
            t[1] += c[1];
        }
        return t;
    }

    /** Decompresses chunk {@code k} into {@code out} at {@code at}; returns the bytes written. */
    private static int inflate(final MappedBytes mb, final Codec codec, final long[] ch, final String where, final int k,
                               final ByteBuffer out, final int at) throws TraceFormatException {
        final int len = (int) ch[1];
        final int w = mb.window(ch[0]);
        ByteBuffer src = mb.buffer(w);
        int off = (int) (ch[0] - mb.base(w));
        if (off + len > src.limit()) {
            src = ByteBuffer.allocateDirect(len);
            final byte[] z = new byte[len];
            mb.get(ch[0], z, 0, len);
            src.put(0, z);
            off = 0;
        }
        final int room = (int) Math.min(ch[2], out.capacity() - at);
        try {
            return codec.direct(src, off, len, out, at, room);
        } catch (Codec.BadBlock e) {
            throw new TraceFormatException(where + ": compressed chunk " + k + " at offset " + (ch[0] - 8) + " does not decompress: " + e.getMessage(), ch[0] - 8);
        }
    }

    private static byte[] inflate(final MappedBytes mb, final Codec codec, final long[] ch, final String where, final int k)
        throws TraceFormatException {
        final byte[] z = new byte[(int) ch[1]];
        mb.get(ch[0], z, 0, z.length);
        try {
            return codec.decompress(z, 0, z.length, ch[2]);
        } catch (Codec.BadBlock e) {
            throw new TraceFormatException(where + ": compressed chunk " + k + " at offset " + (ch[0] - 8) + " does not decompress: " + e.getMessage(), ch[0] - 8);
        }
    }

    private static void cmdlines(final DatLayout layout, final TaskTable.Builder tasks) {
        for (final String line : layout.cmdlines().split("\n")) {
            final String l = line.strip();
            final int sp = l.indexOf(' ');
            if (sp <= 0) continue;
            try {
                final int pid = Integer.parseInt(l.substring(0, sp));
                final String comm = l.substring(sp + 1).strip();
                if (pid >= 0 && !comm.isEmpty()) tasks.observe(pid, -1, comm, Long.MIN_VALUE);
            } catch (NumberFormatException ignored) {
                // not a "pid comm" line
            }
        }
        for (final String line : layout.tgids().split("\n")) {
            final String[] p = line.strip().split("\\s+");
            if (p.length != 2) continue;
            try {
                final int pid = Integer.parseInt(p[0]);
                final int tgid = Integer.parseInt(p[1]);
                if (pid >= 0 && tgid >= 0) tasks.observe(pid, tgid, null, Long.MIN_VALUE);
            } catch (NumberFormatException ignored) {
                // not a "pid tgid" line
            }
        }
    }

    private static Map<String, String> meta(final DatLayout l, final HeaderPage hp, final List<DatLayout.Buffer> bufs,
                                            final List<Result> results) {
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
            for (final Result r : results) if (r.job.buffer == bi) n += r.events.n;
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
