package dev.whylate.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * All events of a trace in one time-ordered, columnar table: index {@code i} is the i-th event by
 * (timestamp, CPU, order in the input).
 *
 * <p>Per event the store keeps 22 bytes: timestamp (ns, 8), tid (4), cpu and type packed (4), context flags
 * ({@link Ctx}, 1) and a 40-bit payload reference (5) that only the store's {@link PayloadDecoder} interprets.
 * Fields are decoded lazily through {@link #cursor()}. Stacks (perf {@code -g}, ftrace stack traces) are kept
 * sparsely per event.
 *
 * <pre>{@code
 * EventStore s = trace.events();
 * int sw = s.types().find("sched_switch");
 * FieldCursor c = s.cursor();
 * for (int i = 0; i < s.size(); i++)
 *     if (s.type(i) == sw) System.out.println(s.ts(i) + " " + c.load(i).getInt("next_pid", -1));
 * }</pre>
 */
public final class EventStore {
    private final long[] ts;
    private final int[] tid;
    private final int[] cpuType;
    private final byte[] ctx;
    private final byte[] payHi;
    private final int[] payLo;
    private final int size;
    private final EventTypes types;
    private final PayloadDecoder decoder;
    private final Map<Integer, String[]> stacks;

    private EventStore(final Builder b, final PayloadDecoder decoder, final int[] order) {
        this.size = b.n;
        this.types = b.types;
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        if (order == null && b.ts.length == size) {
            // exactly full (a presized builder): take the columns as they are; the builder only ever writes at
            // index n, so a later add() grows into new arrays and cannot change these
            ts = b.ts;
            tid = b.tid;
            cpuType = b.cpuType;
            ctx = b.ctx;
            payHi = b.payHi;
            payLo = b.payLo;
            stacks = b.stacks;
        } else if (order == null) {
            ts = Arrays.copyOf(b.ts, size);
            tid = Arrays.copyOf(b.tid, size);
            cpuType = Arrays.copyOf(b.cpuType, size);
            ctx = Arrays.copyOf(b.ctx, size);
            payHi = Arrays.copyOf(b.payHi, size);
            payLo = Arrays.copyOf(b.payLo, size);
            stacks = b.stacks;
        } else {
            ts = new long[size];
            tid = new int[size];
            cpuType = new int[size];
            ctx = new byte[size];
            payHi = new byte[size];
            payLo = new int[size];
            final int[] where = b.stacks.isEmpty() ? null : new int[size];
            for (int i = 0; i < size; i++) {
                final int j = order[i];
                ts[i] = b.ts[j];
                tid[i] = b.tid[j];
                cpuType[i] = b.cpuType[j];
                ctx[i] = b.ctx[j];
                payHi[i] = b.payHi[j];
                payLo[i] = b.payLo[j];
                if (where != null) where[j] = i;
            }
            stacks = new HashMap<>();
            for (final Map.Entry<Integer, String[]> e : b.stacks.entrySet()) stacks.put(where[e.getKey()], e.getValue());
        }
    }

    /** A builder that interns event names into {@code types}. */
    public static Builder builder(final EventTypes types) {
        return new Builder(types);
    }

    /** A builder with room for {@code capacity} events (readers that know their event count skip regrowth). */
    public static Builder builder(final EventTypes types, final int capacity) {
        final Builder b = new Builder(types);
        if (capacity > b.ts.length) b.grow(capacity);
        return b;
    }

    /** Number of events. */
    public int size() {
        return size;
    }

    /** Timestamp of event {@code i} in ns (trace clock). */
    public long ts(final int i) {
        return ts[i];
    }

    /** Thread id (the kernel's pid) of the task current when event {@code i} was emitted. */
    public int tid(final int i) {
        return tid[i];
    }

    /** CPU of event {@code i}. */
    public int cpu(final int i) {
        return cpuType[i] >>> 16;
    }

    /** Event type id of event {@code i}; see {@link #types()}. */
    public int type(final int i) {
        return cpuType[i] & 0xFFFF;
    }

    /** Context flags of event {@code i} ({@link Ctx} bits). */
    public int ctx(final int i) {
        return ctx[i] & 0xFF;
    }

    /** Opaque payload reference for the decoder. */
    public long payload(final int i) {
        return ((payHi[i] & 0xFFL) << 32) | (payLo[i] & 0xFFFFFFFFL);
    }

    /** Stack of event {@code i}, innermost frame first, or {@code null}. */
    public String[] stack(final int i) {
        return stacks.isEmpty() ? null : stacks.get(i);
    }

    /** Number of events that carry a stack. */
    public int stackCount() {
        return stacks.size();
    }

    /** The event name registry. */
    public EventTypes types() {
        return types;
    }

    /** The payload decoder. */
    public PayloadDecoder decoder() {
        return decoder;
    }

    /** A new field cursor (one per thread). */
    public FieldCursor cursor() {
        return new FieldCursor(this);
    }

    /** Name of the type of event {@code i}. */
    public String typeName(final int i) {
        return types.name(type(i));
    }

    /** First index whose timestamp is {@code >= t} (binary search); {@link #size()} if none. */
    public int lowerBound(final long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (ts[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Highest CPU number seen, or -1 for an empty store. */
    public int maxCpu() {
        int m = -1;
        for (int i = 0; i < size; i++) m = Math.max(m, cpuType[i] >>> 16);
        return m;
    }

    /** Bytes of heap held by the columns (not the payload bytes, which stay in the input). */
    public long residentBytes() {
        return (long) ts.length * 8 + (long) tid.length * 4 + (long) cpuType.length * 4 + ctx.length
            + payHi.length + (long) payLo.length * 4;
    }

    /**
     * Collects events in input order, then sorts them into time order on {@link #build}. Chunk builders made
     * by parallel parsers are joined with {@link #appendAll}.
     */
    public static final class Builder {
        final EventTypes types;
        long[] ts = new long[1024];
        int[] tid = new int[1024];
        int[] cpuType = new int[1024];
        byte[] ctx = new byte[1024];
        byte[] payHi = new byte[1024];
        int[] payLo = new int[1024];
        int n;
        final Map<Integer, String[]> stacks = new HashMap<>();

        Builder(final EventTypes types) {
            this.types = Objects.requireNonNull(types, "types");
        }

        /** The type registry events are interned into. */
        public EventTypes types() {
            return types;
        }

        /** Number of events added so far. */
        public int size() {
            return n;
        }

        /** Timestamp of the event added at position {@code i}. */
        public long ts(final int i) {
            return ts[i];
        }

        /** CPU of the event added at position {@code i}. */
        public int cpu(final int i) {
            return cpuType[i] >>> 16;
        }

        /**
         * Adds one event; returns its position in input order.
         *
         * @param tsNs timestamp in ns
         * @param cpu CPU number, 0..65535
         * @param tid thread id
         * @param type id from {@link EventTypes}
         * @param ctxFlags {@link Ctx} bits
         * @param payload decoder-specific reference, 0..2^40-1
         */
        public int add(final long tsNs, final int cpu, final int tid, final int type, final int ctxFlags, final long payload) {
            if (n == ts.length) grow(n * 2);
            if ((cpu & ~0xFFFF) != 0) throw new IllegalArgumentException("cpu out of range: " + cpu);
            if ((payload >>> 40) != 0) throw new IllegalArgumentException("payload reference out of range: " + payload);
            ts[n] = tsNs;
            this.tid[n] = tid;
            cpuType[n] = (cpu << 16) | (type & 0xFFFF);
            ctx[n] = (byte) ctxFlags;
            payHi[n] = (byte) (payload >>> 32);
            payLo[n] = (int) payload;
            return n++;
        }

        /** Attaches a stack (innermost first) to the event added at position {@code i}. */
        public void stack(final int i, final String[] frames) {
            stacks.put(i, frames);
        }

        /** Appends all events of {@code other} (which must share this builder's {@link EventTypes}). */
        public void appendAll(final Builder other) {
            if (other.types != types) throw new IllegalArgumentException("builders use different type registries");
            if (n + other.n > ts.length) grow(Math.max(n + other.n, ts.length * 2));
            System.arraycopy(other.ts, 0, ts, n, other.n);
            System.arraycopy(other.tid, 0, tid, n, other.n);
            System.arraycopy(other.cpuType, 0, cpuType, n, other.n);
            System.arraycopy(other.ctx, 0, ctx, n, other.n);
            System.arraycopy(other.payHi, 0, payHi, n, other.n);
            System.arraycopy(other.payLo, 0, payLo, n, other.n);
            for (final Map.Entry<Integer, String[]> e : other.stacks.entrySet()) stacks.put(e.getKey() + n, e.getValue());
            n += other.n;
        }

        private void grow(final int cap) {
            if (cap < 0 || cap > Integer.MAX_VALUE - 16) throw new IllegalStateException("too many events");
            ts = Arrays.copyOf(ts, cap);
            tid = Arrays.copyOf(tid, cap);
            cpuType = Arrays.copyOf(cpuType, cap);
            ctx = Arrays.copyOf(ctx, cap);
            payHi = Arrays.copyOf(payHi, cap);
            payLo = Arrays.copyOf(payLo, cap);
        }

        /** Whether the events as added are already in (timestamp, cpu) order. */
        public boolean isSorted() {
            for (int i = 1; i < n; i++) {
                if (ts[i] < ts[i - 1] || (ts[i] == ts[i - 1] && (cpuType[i] >>> 16) < (cpuType[i - 1] >>> 16))) return false;
            }
            return true;
        }

        /**
         * Counts timestamps that go backwards within one CPU's stream in input order (clock glitches,
         * unsorted dumps); the events are kept and sorted.
         */
        public long countOutOfOrder() {
            long[] last = new long[64];
            Arrays.fill(last, Long.MIN_VALUE);
            long bad = 0;
            for (int i = 0; i < n; i++) {
                final int c = cpuType[i] >>> 16;
                if (c >= last.length) {
                    final int old = last.length;
                    last = Arrays.copyOf(last, Math.max(c + 1, old * 2));
                    Arrays.fill(last, old, last.length, Long.MIN_VALUE);
                }
                if (ts[i] < last[c]) bad++;
                last[c] = ts[i];
            }
            return bad;
        }

        /** Sorts by (timestamp, cpu, input order) and freezes the columns. */
        public EventStore build(final PayloadDecoder decoder) {
            return new EventStore(this, decoder, isSorted() ? null : TimeSort.order(ts, cpuType, n));
        }
    }

    /** Convenience for tests: the names of all events in order. */
    public List<String> typeNames() {
        final String[] out = new String[size];
        for (int i = 0; i < size; i++) out[i] = typeName(i);
        return Arrays.asList(out);
    }
}
