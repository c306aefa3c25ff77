package dev.whylate.format.dat;

import dev.whylate.format.ReadOptions;
import dev.whylate.io.Input;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import dev.whylate.model.Trace;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Damages trace.dat files (truncation at seeded offsets, hostile numbers written at seeded places) and checks
 * that each read ends in a {@link TraceFormatException} or a trace, never another exception: a trace that
 * reports no damage holds every event of the intact file, a damaged one only events of the intact file, and
 * every kept event decodes. Used in-process and from a small-heap child JVM ({@link #main}).
 */
final class Hostile {
    private Hostile() {}

    /** One outcome count. */
    static final class Tally {
        int formatErrors;
        int truncatedTraces;
        int completeTraces;
        final List<String> failures = new ArrayList<>();

        @Override
        public String toString() {
            return formatErrors + " format errors, " + truncatedTraces + " damaged traces with events, " + completeTraces + " complete traces";
        }
    }

    /** Key of an event, to compare with the intact file's events. */
    private static String key(final EventStore s, final int i) {
        return s.ts(i) + "/" + s.cpu(i) + "/" + s.tid(i) + "/" + s.typeName(i);
    }

    static Map<String, Integer> events(final Trace t) {
        final Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < t.events().size(); i++) m.merge(key(t.events(), i), 1, Integer::sum);
        return m;
    }

    static Trace read(final Path p) throws IOException, TraceFormatException {
        try (Input in = Input.ofFile(p)) {
            return new DatReader().read(in, new ReadOptions(1));
        }
    }

    /**
     * Reads {@code p} once and checks the outcome. With {@code intact} (truncations) the events must be the intact
     * file's; without (changed bytes, which may be valid numbers in event data) only the kind of outcome counts.
     */
    static void check(final Path p, final String what, final Map<String, Integer> intact, final int intactSize, final Tally tally) {
        try {
            final Trace t = read(p);
            if (intact == null) {
                if (t.truncated() == null) tally.completeTraces++;
                else tally.truncatedTraces++;
                decodeAll(t);
                return;
            }
            final Map<String, Integer> got = events(t);
            for (final Map.Entry<String, Integer> e : got.entrySet()) {
                if (e.getValue() > intact.getOrDefault(e.getKey(), 0)) {
                    if (t.truncated() == null) tally.failures.add(what + ": event " + e.getKey() + " is not in the intact file");
                    break;
                }
            }
            if (t.truncated() == null) {
                if (t.events().size() != intactSize && t.unparsedCount() == 0) {
                    tally.failures.add(what + ": no damage reported but " + t.events().size() + " of " + intactSize + " events");
                }
                tally.completeTraces++;
            } else {
                tally.truncatedTraces++;
            }
            decodeAll(t);
        } catch (TraceFormatException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) tally.failures.add(what + ": format error without a message");
            tally.formatErrors++;
        } catch (Throwable e) {
            tally.failures.add(what + ": " + e);
        }
    }

    /** Kept events (up to about 300, spread over the trace) must decode without trouble. */
    private static void decodeAll(final Trace t) {
        final EventStore s = t.events();
        final Fields f = new Fields();
        final int step = Math.max(1, s.size() / 300);
        for (int i = 0; i < s.size(); i += step) {
            s.decoder().decode(s, i, f);
            s.decoder().text(s, i);
        }
    }

    /** Truncates a copy of {@code src} at {@code n} offsets from {@code seed} (longest first) and checks each. */
    static Tally truncations(final Path src, final Path work, final long seed, final int n) throws IOException, TraceFormatException {
        final Trace full = read(src);
        final Map<String, Integer> intact = events(full);
        final long size = Files.size(src);
        final TreeSet<Long> cuts = new TreeSet<>();
        final Random r = new Random(seed);
        for (long k = 0; k < 24 && k < size; k++) cuts.add(k);
        while (cuts.size() < n + 24 && cuts.size() < size) cuts.add((long) (r.nextDouble() * size));
        Files.copy(src, work, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        final Tally tally = new Tally();
        for (final long cut : cuts.descendingSet()) {
            try (FileChannel ch = FileChannel.open(work, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            check(work, src.getFileName() + " cut at " + cut, intact, full.events().size(), tally);
        }
        return tally;
    }

    private static final long[] NASTY = {0xFFFFFFFFL, 0x7FFFFFFFL, 0x80000000L, 0, 1, 0xFFFFFFF0L, 0x10000, -1L, Long.MAX_VALUE, 0x7FFFFFFFFFFFFFF0L};

    /**
     * Writes {@code n} hostile 4- or 8-byte numbers at seeded offsets of a copy of {@code src} (half of them in
     * the first 64 KiB, where headers and counts live) and checks each read; every change is undone after.
     */
    static Tally mutations(final Path src, final Path work, final long seed, final int n) throws IOException, TraceFormatException {
        final Trace full = read(src);
        final long size = Files.size(src);
        Files.copy(src, work, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        final Random r = new Random(seed);
        final Tally tally = new Tally();
        for (int k = 0; k < n; k++) {
            final int width = r.nextBoolean() ? 4 : 8;
            final long span = k % 2 == 0 ? Math.min(size, 65536) : size;
            final long at = Math.max(0, Math.min(size - width, (long) (r.nextDouble() * span)));
            final long v = r.nextInt(4) == 0 ? r.nextLong() : NASTY[r.nextInt(NASTY.length)];
            final byte[] old = new byte[width];
            try (RandomAccessFile f = new RandomAccessFile(work.toFile(), "rw")) {
                f.seek(at);
                f.readFully(old);
                final byte[] b = new byte[width];
                for (int j = 0; j < width; j++) b[j] = (byte) (v >>> (8 * j));
                f.seek(at);
                f.write(b);
            }
            check(work, src.getFileName() + " with 0x" + Long.toHexString(v) + " (" + width + " bytes) at " + at, null, full.events().size(), tally);
            try (RandomAccessFile f = new RandomAccessFile(work.toFile(), "rw")) {
                f.seek(at);
                f.write(old);
            }
        }
        return tally;
    }

    /** Child-JVM entry: {@code seed n file...}; prints failures and exits 1 when there are any. */
    public static void main(final String[] args) throws Exception {
        final long seed = Long.parseLong(args[0]);
        final int n = Integer.parseInt(args[1]);
        final Path work = Files.createTempFile("whylate-hostile-", ".dat");
        final List<String> failures = new ArrayList<>();
        try {
            for (int k = 2; k < args.length; k++) {
                final Path p = Path.of(args[k]);
                final Tally a = truncations(p, work, seed, n);
                final Tally b = mutations(p, work, seed, n);
                failures.addAll(a.failures);
                failures.addAll(b.failures);
                System.out.println(p.getFileName() + ": truncations " + a + "; mutations " + b);
            }
        } finally {
            Files.deleteIfExists(work);
        }
        failures.forEach(System.out::println);
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
