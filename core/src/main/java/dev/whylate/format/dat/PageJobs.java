package dev.whylate.format.dat;

import dev.whylate.format.ReadOptions;
import dev.whylate.io.MappedBytes;
import dev.whylate.io.TraceFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decodes the ring-buffer pages of every CPU of every buffer, in parallel. Each page carries its own full
 * timestamp, so a CPU's pages are cut into slices of about {@link #SLICE} bytes that are decoded independently
 * and kept in order: uncompressed data is sliced at page boundaries; compressed data at chunk boundaries (the
 * chunks hold whole pages), each slice decompressing its own chunks into the CPU's direct buffer at the offsets
 * the chunk sizes declare, then decoding them. Compressed data too large for memory goes through a temp file,
 * one CPU at a time. Damage stops a CPU: the slices after a damaged one are dropped.
 */
final class PageJobs {
    /** Target slice size in bytes of page data. */
    static final long SLICE = 8L << 20;
    /** The slice size in use (tests lower it to exercise slicing on small files). */
    static volatile long slice = SLICE;
    /** Tests set this to take the temp-file path for compressed data. */
    static volatile boolean forceTempFiles;

    private PageJobs() {}

    /**
     * The events of one slice.
     *
     * @param buffer buffer index
     * @param cpu CPU number
     * @param stream index of the (buffer, CPU) data, in file order
     * @param slice position of the slice within its CPU
     * @param events the decoded events
     * @param start first address of the slice's records
     * @param end end of the slice's records
     * @param fileOffset file offset of the CPU data (to report damage inside decompressed data)
     */
    record Part(int buffer, int cpu, int stream, int slice, CpuEvents events, long start, long end, long fileOffset) {}

    /** Everything the tasks share. */
    record Env(MappedBytes mb, Space space, Codec codec, DatLayout layout, CpuDecoder.Config cfg) {}

    static List<Part> run(final Env env, final List<DatLayout.Buffer> bufs, final ReadOptions opts) throws IOException {
        final MappedBytes mb = env.mb;
        // decompressed data stays in memory when all of it (as declared) fits in a quarter of the heap and its
        // declared size is plausible for its compressed size; otherwise it goes to temp files, which grow only
        // with the real output
        long declared = 0;
        long compressed = 0;
        for (final DatLayout.Buffer b : bufs) {
            if (!b.compressed()) continue;
            for (final DatLayout.CpuData cd : b.cpus()) {
                if (cd.size() == 0) continue;
                final List<long[]> ch = new ArrayList<>();
                chunksQuietly(mb, cd, env.layout.bigEndian(), ch);
                for (final long[] c : ch) {
                    declared += c[2];
                    compressed += c[1];
                }
            }
        }
        final boolean inMemory = !forceTempFiles && declared <= Runtime.getRuntime().maxMemory() / 4 && declared <= compressed * 64 + (1 << 20);
        final List<Callable<List<Part>>> tasks = new ArrayList<>();
        int stream = 0;
        for (int bi = 0; bi < bufs.size(); bi++) {
            final DatLayout.Buffer b = bufs.get(bi);
            for (final DatLayout.CpuData cd : b.cpus()) {
                if (cd.size() == 0) continue;
                final String where = (b.name().isEmpty() ? "" : "buffer \"" + b.name() + "\" ") + "CPU " + cd.cpu();
                if (!b.compressed()) plain(env, bi, b, cd, stream, where, tasks);
                else if (inMemory) memory(env, bi, b, cd, stream, where, tasks);
                else tasks.add(() -> tempFile(env, b, cd, where, bufs.indexOf(b), stream0(bufs, b, cd)));
                stream++;
            }
        }
        final List<Part> parts = execute(tasks, opts);
        parts.sort(Comparator.comparingInt(Part::stream).thenComparingInt(Part::slice));
        // damage stops a CPU: drop what comes after it
        final List<Part> kept = new ArrayList<>();
        int stoppedStream = -1;
        for (final Part p : parts) {
            if (p.stream == stoppedStream) continue;
            kept.add(p);
            if (p.events.damage != null) stoppedStream = p.stream;
        }
        return kept;
    }

    private static int stream0(final List<DatLayout.Buffer> bufs, final DatLayout.Buffer b, final DatLayout.CpuData cd) {
        int s = 0;
        for (final DatLayout.Buffer x : bufs) {
            for (final DatLayout.CpuData c : x.cpus()) {
                if (c.size() == 0) continue;
                if (x == b && c == cd) return s;
                s++;
            }
        }
        return s;
    }

    private static long sliceBytes(final int pageSize) {
        return Math.max(pageSize, slice / pageSize * pageSize);
    }

    /** Uncompressed pages in the file: slices at page boundaries. */
    private static void plain(final Env env, final int bi, final DatLayout.Buffer b, final DatLayout.CpuData cd, final int stream,
                              final String where, final List<Callable<List<Part>>> tasks) {
        final long size = env.mb.size();
        final long start = cd.offset();
        final long avail = start < 0 || start > size ? 0 : Math.min(cd.size(), size - start);
        final long declared = cd.size() < 0 ? Long.MAX_VALUE : cd.size();
        if (avail == 0) {
            tasks.add(() -> {
                final CpuEvents e = new CpuEvents(bi, cd.cpu(), 0);
                e.damage = where + ": its data at offset " + Long.toUnsignedString(start) + " lies past the end of the file (" + size + " bytes)";
                e.damageOffset = Math.min(Math.max(0, start), size);
                return List.of(new Part(bi, cd.cpu(), stream, 0, e, 0, 0, cd.offset()));
            });
            return;
        }
        final long step = sliceBytes(b.pageSize());
        int k = 0;
        for (long s = 0; s < avail; s += step) {
            final long off = s;
            final long len = Math.min(step, avail - s);
            final long decl = off + len >= avail ? declared - off : len;
            final int slice = k++;
            tasks.add(() -> {
                final CpuEvents e = CpuDecoder.decode(env.cfg, env.space.file(), start + off, len, decl, b.pageSize(), bi, cd.cpu(), where);
                return List.of(new Part(bi, cd.cpu(), stream, slice, e, start + off, start + off + len, cd.offset()));
            });
        }
    }

    /** Compressed pages decompressed into one direct buffer per CPU; slices of whole chunks. */
    private static void memory(final Env env, final int bi, final DatLayout.Buffer b, final DatLayout.CpuData cd, final int stream,
                               final String where, final List<Callable<List<Part>>> tasks) {
        final List<long[]> chunks = new ArrayList<>();
        String problem = null;
        try {
            chunks(env.mb, cd, env.layout.bigEndian(), where, chunks);
        } catch (TraceFormatException e) {
            problem = e.getMessage();
        }
        long total = 0;
        boolean aligned = true;
        for (final long[] c : chunks) {
            total += c[2];
            if (c[2] % b.pageSize() != 0) aligned = false;
        }
        final String listProblem = problem;
        if (total == 0 || total > Integer.MAX_VALUE - 16) {
            final long t = total;
            tasks.add(() -> {
                final CpuEvents e = new CpuEvents(bi, cd.cpu(), 0);
                e.damage = listProblem != null ? listProblem : t == 0 ? null : where + ": more than 2 GiB of decompressed data for one CPU";
                e.damageOffset = cd.offset();
                return List.of(new Part(bi, cd.cpu(), stream, 0, e, 0, 0, cd.offset()));
            });
            return;
        }
        final ByteBuffer out = ByteBuffer.allocateDirect((int) total);
        final Space.Segment seg = env.space.add(env.space.memory(out, total));
        if (seg == null) {
            tasks.add(() -> {
                final CpuEvents e = new CpuEvents(bi, cd.cpu(), 0);
                e.damage = where + ": decompressed data exceeds the 1 TiB address space";
                return List.of(new Part(bi, cd.cpu(), stream, 0, e, 0, 0, cd.offset()));
            });
            return;
        }
        // group chunks into slices; chunk k's output goes to the sum of the declared sizes before it
        final long step = aligned ? sliceBytes(b.pageSize()) : Long.MAX_VALUE;
        int first = 0;
        long firstOff = 0;
        int slice = 0;
        long at = 0;
        for (int k = 0; k <= chunks.size(); k++) {
            if (k == chunks.size() || (at - firstOff >= step && k > first)) {
                final int a = first;
                final int z = k;
                final long base = firstOff;
                final long end = at;
                final int sl = slice++;
                final boolean last = k == chunks.size();
                tasks.add(() -> {
                    String bad = null;
                    long upTo = end;
                    long o = base;
                    for (int c = a; c < z; c++) {
                        final long[] ch = chunks.get(c);
                        try {
                            inflate(env.mb, env.codec, ch, where, c, out, (int) o, (int) ch[2]);
                        } catch (TraceFormatException e) {
                            bad = e.getMessage();
                            upTo = o;
                            break;
                        }
                        o += ch[2];
                    }
                    final CpuEvents e = CpuDecoder.decode(env.cfg, seg, seg.base + base, upTo - base, upTo - base, b.pageSize(), bi, cd.cpu(), where);
                    if (e.damage == null && bad != null) e.damage = bad;
                    if (e.damage == null && last && listProblem != null) e.damage = listProblem;
                    if (e.damage != null && e.damageOffset < 0) e.damageOffset = cd.offset();
                    return List.of(new Part(bi, cd.cpu(), stream, sl, e, seg.base + base, seg.base + upTo, cd.offset()));
                });
                first = k;
                firstOff = at;
            }
            if (k < chunks.size()) at += chunks.get(k)[2];
        }
    }

    /** Compressed data too large for memory: decompressed into a temp file that is mapped and deleted. */
    private static List<Part> tempFile(final Env env, final DatLayout.Buffer b, final DatLayout.CpuData cd, final String where,
                                 final int bi, final int stream) {
        String problem = null;
        final List<long[]> chunks = new ArrayList<>();
        try {
            chunks(env.mb, cd, env.layout.bigEndian(), where, chunks);
        } catch (TraceFormatException e) {
            problem = e.getMessage();
        }
        Path tmp = null;
        long total = 0;
        try {
            tmp = Files.createTempFile("whylate-dat-", ".cpu");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                for (int k = 0; k < chunks.size(); k++) {
                    final byte[] o;
                    try {
                        o = inflate(env.mb, env.codec, chunks.get(k), where, k);
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
            final Space.Segment g = env.space.add(env.space.mapped(dm));
            if (g == null) throw new IOException("decompressed data exceeds the 1 TiB address space");
            // decoded here in slices (record offsets within a slice must fit in 32 bits)
            final List<Part> parts = new ArrayList<>();
            final long step = sliceBytes(b.pageSize());
            int k = 0;
            for (long s = 0; s < total || k == 0; s += step) {
                final long len = Math.min(step, total - s);
                final CpuEvents e = CpuDecoder.decode(env.cfg, g, g.base + s, len, len, b.pageSize(), bi, cd.cpu(), where);
                if (problem != null && e.damage == null && s + len >= total) {
                    e.damage = problem;
                    e.damageOffset = cd.offset();
                }
                parts.add(new Part(bi, cd.cpu(), stream, k++, e, g.base + s, g.base + s + len, cd.offset()));
                if (e.damage != null || len <= 0) break;
            }
            return parts;
        } catch (IOException e) {
            final CpuEvents ev = new CpuEvents(bi, cd.cpu(), 0);
            ev.damage = where + ": cannot decompress into a temp file: " + e.getMessage();
            ev.damageOffset = cd.offset();
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    tmp.toFile().deleteOnExit();
                }
            }
            return List.of(new Part(bi, cd.cpu(), stream, 0, ev, 0, 0, cd.offset()));
        }
    }

    private static List<Part> execute(final List<Callable<List<Part>>> tasks, final ReadOptions opts) throws IOException {
        final int threads = Math.max(1, Math.min(opts.threads(), tasks.size()));
        final List<Part> out = new ArrayList<>();
        try {
            if (threads == 1) {
                for (final Callable<List<Part>> t : tasks) out.addAll(t.call());
                return out;
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        final ExecutorService ex = Executors.newFixedThreadPool(threads, r -> {
            final Thread t = new Thread(r, "whylate-dat");
            t.setDaemon(true);
            return t;
        });
        try {
            final List<Future<List<Part>>> fs = new ArrayList<>();
            for (final Callable<List<Part>> t : tasks) fs.add(ex.submit(t));
            for (final Future<List<Part>> f : fs) out.addAll(f.get());
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

    /**
     * Reads the chunk list of one CPU's compressed data ({@code u32 count}, then {@code u32 csize, u32 usize,
     * data} per chunk) into {file offset of the data, csize, usize} entries. The declared CPU size leaves out
     * the count, so only the file end bounds the chunks. Throws at the first chunk that does not fit, keeping the
     * ones before it in {@code out}.
     */
    static void chunks(final MappedBytes mb, final DatLayout.CpuData cd, final boolean big, final String where,
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

    private static void chunksQuietly(final MappedBytes mb, final DatLayout.CpuData cd, final boolean big, final List<long[]> out) {
        try {
            chunks(mb, cd, big, "", out);
        } catch (TraceFormatException e) {
            // counted as far as readable
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

    /** Decompresses chunk {@code k} into {@code out} at {@code at}, at most {@code room} bytes; returns the bytes written. */
    private static int inflate(final MappedBytes mb, final Codec codec, final long[] ch, final String where, final int k,
                               final ByteBuffer out, final int at, final int room) throws TraceFormatException {
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
        try {
            return codec.direct(src, off, len, out, at, room);
        } catch (Codec.BadBlock e) {
            throw new TraceFormatException(where + ": compressed chunk " + k + " at offset " + (ch[0] - 8) + " does not decompress: " + e.getMessage(), ch[0] - 8);
        }
    }
}
