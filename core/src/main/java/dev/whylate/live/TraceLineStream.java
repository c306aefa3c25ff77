package dev.whylate.live;

import dev.whylate.filter.EventFilter;
import dev.whylate.format.text.Ascii;
import dev.whylate.format.text.FtraceLine;
import dev.whylate.format.text.TextPayloads;
import dev.whylate.model.Ctx;
import dev.whylate.model.EventStore;
import dev.whylate.model.EventTypes;
import dev.whylate.model.FieldCursor;
import dev.whylate.analysis.cycles.CycleKey;
import dev.whylate.model.Fields;
import dev.whylate.model.PayloadDecoder;
import dev.whylate.model.TaskTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Streams ftrace text ({@code trace_pipe}, or any file in the same format) through the cycle rules: bytes in any
 * split go to {@link #feed}, complete lines are parsed with {@link FtraceLine}, events of the start and end types are
 * tested against the {@link EventFilter}s exactly as {@code whylate cycles} does (same fields, same pseudo-fields),
 * and the matches go to a {@link CycleTracker} in (timestamp, CPU, input order) order.
 *
 * <p>Ordering: trace text prints µs, so events on different CPUs can tie; matches are held until a later timestamp
 * has been seen (the watermark) and then released sorted, which gives the order a file reader's sort gives.
 * {@link #finish} releases the rest and ends the tracker at the last timestamp seen.
 *
 * <p>Pseudo-field {@code comm} is the line's comm column (for {@code <...>}: the last comm seen for the thread, else
 * {@link TaskInfo}); {@code pid} is the TGID column when printed, else {@link TaskInfo}. Lines {@code CPU:N [LOST M
 * EVENTS]} add M to {@link #lostEvents()}. A {@code tracing_mark_write} whose text starts with the marker prefix is
 * not an event for matching; it goes to the {@link Listener} after the lines before it have been matched. Other
 * lines that are not events (headers, blank) are skipped; unparsable ones counted. A line over {@link #MAX_LINE}
 * bytes is skipped as unparsable.
 *
 * <p>Not thread-safe: one reader thread feeds it.
 *
 * <pre>{@code
 * EventTypes types = new EventTypes();
 * types.intern("syscalls", "sys_enter_write"); types.intern("syscalls", "sys_exit_read");
 * EventFilter st = EventFilter.parse("sys_enter_write: count == 7", types), en = EventFilter.parse("sys_exit_read: ret > 0", types);
 * TraceLineStream s = new TraceLineStream(types, st, en, new CycleTracker(3_500_000, -1, false, sink), TaskInfo.NONE, null, null);
 * s.feed(buf, 0, n); ... s.finish();
 * }</pre>
 */
public final class TraceLineStream {
    /** Longest line accepted (bytes). */
    public static final int MAX_LINE = 1 << 16;
    private static final int BATCH_BYTES = 4 << 20;

    /** Receives markers and lost-event notices. */
    public interface Listener {
        /** A marker line written with the prefix; {@code text} is its whole payload. */
        default void marker(long ts, String text) {}

        /** The kernel dropped {@code count} events on {@code cpu} (ring buffer full). */
        default void lost(int cpu, long count) {}
    }

    private final EventTypes types;
    private final EventFilter start;
    private final EventFilter end;
    private final CycleTracker tracker;
    private final TaskInfo taskInfo;
    private final String markerPrefix;
    private final Listener listener;
    private final int startType;
    private final int endType;
    private final int markType;
    private final FtraceLine line = new FtraceLine();
    private final NameIds ids;
    private long[] perType = new long[16];

    // partial line carried between feeds
    private byte[] carry = new byte[4096];
    private int carryLen;
    private boolean skippingLong;

    // the current batch of start/end candidates
    private EventStore.Builder batch;
    private byte[] pay = new byte[1 << 16];
    private int payLen;
    private TaskTable.Builder batchTasks = TaskTable.builder();
    private final Map<Integer, String> lastComm = new HashMap<>();
    private final List<Object[]> markers = new ArrayList<>();
    private long seqBase;

    // matches waiting for the watermark: ts, cpu, seq, tid, flags (1 end, 2 start)
    private int pend;
    private long[] pTs = new long[64];
    private int[] pCpu = new int[64];
    private long[] pSeq = new long[64];
    private int[] pTid = new int[64];
    private byte[] pFlags = new byte[64];
    /** With a key: the end and start key values of the held matches. */
    private Object[] pEndKey;
    private Object[] pStartKey;
    private final CycleKey key;
    private long keyMissing;

    private long maxTs = Long.MIN_VALUE;
    private long lines;
    private long events;
    private long unparsed;
    private long lost;
    private long candidates;
    private long matched;
    private boolean finished;

    /**
     * @param types the registry the filters were parsed against; names met in the stream are interned into it
     * @param start filter of the event that opens a cycle
     * @param end filter of the event that closes it
     * @param tracker where matches go
     * @param taskInfo fallback for comms and process ids
     * @param markerPrefix marker texts starting with this are reported to the listener and not matched; null for none
     * @param listener markers and lost events; null for none
     */
    public TraceLineStream(final EventTypes types, final EventFilter start, final EventFilter end, final CycleTracker tracker,
                           final TaskInfo taskInfo, final String markerPrefix, final Listener listener) {
        this(types, start, end, null, tracker, taskInfo, markerPrefix, listener);
    }

    /**
     * As {@link #TraceLineStream(EventTypes, EventFilter, EventFilter, CycleTracker, TaskInfo, String, Listener)}, pairing
     * starts and ends by {@code key} ({@link CycleKey#value}) instead of by thread when it is not null; a matching
     * event without the key field does not take part (counted in {@link #keyMissing()}).
     */
    public TraceLineStream(final EventTypes types, final EventFilter start, final EventFilter end, final CycleKey key,
                           final CycleTracker tracker, final TaskInfo taskInfo, final String markerPrefix, final Listener listener) {
        this.key = key;
        if (key != null) {
            pEndKey = new Object[64];
            pStartKey = new Object[64];
        }
        this.types = Objects.requireNonNull(types, "types");
        this.start = Objects.requireNonNull(start, "start");
        this.end = Objects.requireNonNull(end, "end");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.taskInfo = taskInfo == null ? TaskInfo.NONE : taskInfo;
        this.markerPrefix = markerPrefix == null || markerPrefix.isEmpty() ? null : markerPrefix;
        this.listener = listener == null ? new Listener() {} : listener;
        this.startType = start.type();
        this.endType = end.type();
        this.markType = types.intern("ftrace", "tracing_mark_write");
        this.ids = new NameIds(types);
        this.batch = EventStore.builder(types);
    }

    /** Feeds {@code len} bytes; complete lines are processed, a trailing partial line is kept for the next call. */
    public void feed(final byte[] b, final int off, final int len) {
        if (finished) throw new IllegalStateException("finished");
        Objects.checkFromIndexSize(off, len, b.length);
        int s = off;
        final int e = off + len;
        if (carryLen > 0 || skippingLong) {
            final int nl = Ascii.indexOfNewline(b, s, e);
            if (nl >= e) {
                append(b, s, e);
                return;
            }
            append(b, s, nl);
            if (skippingLong) {
                skippingLong = false;
                unparsed++;
                lines++;
            } else {
                line(carry, 0, carryLen);
            }
            carryLen = 0;
            s = nl + 1;
        }
        while (s < e) {
            final int nl = Ascii.indexOfNewline(b, s, e);
            if (nl >= e) {
                append(b, s, e);
                break;
            }
            if (nl - s > MAX_LINE) {
                unparsed++;
                lines++;
            } else {
                line(b, s, nl);
            }
            s = nl + 1;
        }
        flushBatch();
    }

    /** End of input: the partial last line (if any) is parsed, every match released, the tracker finished. */
    public void finish() {
        if (finished) return;
        if (carryLen > 0 && !skippingLong) line(carry, 0, carryLen);
        else if (skippingLong) unparsed++;
        carryLen = 0;
        flushBatch();
        release(Long.MAX_VALUE);
        tracker.finish(maxTs == Long.MIN_VALUE ? 0 : maxTs);
        finished = true;
    }

    private void append(final byte[] b, final int s, final int e) {
        if (skippingLong) return;
        final int n = e - s;
        if (carryLen + n > MAX_LINE) {
            skippingLong = true;
            carryLen = 0;
            return;
        }
        if (carryLen + n > carry.length) carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carryLen + n));
        System.arraycopy(b, s, carry, carryLen, n);
        carryLen += n;
    }

    private void line(final byte[] b, final int s, final int e0) {
        lines++;
        int e = e0;
        if (e > s && b[e - 1] == '\r') e--;
        if (s >= e || b[s] == '#') return;
        if (!line.parse(b, s, e)) {
            if (lostLine(b, Ascii.skipSpaces(b, s, e), e)) return;
            if (Ascii.skipSpaces(b, s, e) < e) unparsed++;
            return;
        }
        events++;
        final long ts = line.ts();
        if (ts > maxTs) maxTs = ts;
        final int type = ids.id(line, b);
        if (type < 0) return;
        if (type == markType && markerPrefix != null && Ascii.startsWith(b, line.payloadStart(), e, markerPrefix)) {
            markers.add(new Object[] {ts, Ascii.str(b, line.payloadStart(), e)});
            return;
        }
        if (type >= perType.length) perType = Arrays.copyOf(perType, Math.max(type + 1, perType.length * 2));
        perType[type]++;
        if (type != startType && type != endType) return;
        candidates++;
        add(b, e, type, ts);
    }

    private void add(final byte[] b, final int e, final int type, final long ts) {
        final int ps = line.payloadStart();
        final int n = Math.min(e - ps, 0xFFFF);
        if (payLen + n > pay.length) pay = Arrays.copyOf(pay, Math.max(pay.length * 2, payLen + n));
        System.arraycopy(b, ps, pay, payLen, n);
        final long ref = ((long) payLen << 16) | n;
        payLen += n;
        final int fl = line.flagsLen();
        final int ctx = fl > 0 && fl <= 6 ? Ctx.fromFtraceFlags(b, line.flagsStart(), fl) : 0;
        final int pid = line.pid();
        batch.add(ts, line.cpu(), pid, type, ctx, ref);
        final String comm = comm(b, pid);
        int tgid = line.tgid();
        if (tgid < 0) tgid = taskInfo.tgid(pid);
        batchTasks.observe(pid, tgid, comm, ts);
        if (payLen >= BATCH_BYTES || batch.size() >= 1 << 20) flushBatch();
    }

    private String comm(final byte[] b, final int pid) {
        final int cs = line.commStart();
        final int ce = line.commEnd();
        final String prev = lastComm.get(pid);
        if (ce - cs >= 2 && b[cs] == '<' && b[ce - 1] == '>') {
            if (prev != null) return prev;
            final String c = taskInfo.comm(pid);
            if (c != null) lastComm.put(pid, c);
            return c;
        }
        if (prev != null && prev.length() == ce - cs && Ascii.startsWith(b, cs, ce, prev)) return prev;
        final String c = Ascii.str(b, cs, ce);
        if (lastComm.size() > 65536) lastComm.clear();
        lastComm.put(pid, c);
        return c;
    }

    /** {@code CPU:N [LOST M EVENTS]} */
    private boolean lostLine(final byte[] b, final int s, final int e) {
        if (!Ascii.startsWith(b, s, e, "CPU:")) return false;
        int i = s + 4;
        final int c0 = i;
        while (i < e && Ascii.isDigit(b[i]) && i - c0 < 6) i++;
        if (i == c0) return false;
        final int cpu = (int) Ascii.parseDec(b, c0, i);
        i = Ascii.skipSpaces(b, i, e);
        if (!Ascii.startsWith(b, i, e, "[LOST ")) return false;
        i += 6;
        final int n0 = i;
        while (i < e && Ascii.isDigit(b[i]) && i - n0 < 18) i++;
        if (i == n0) return false;
        final long n = Ascii.parseDec(b, n0, i);
        if (!Ascii.startsWith(b, Ascii.skipSpaces(b, i, e), e, "EVENTS")) return false;
        lost += n;
        listener.lost(cpu, n);
        return true;
    }

    private void flushBatch() {
        if (batch.size() > 0) {
            final byte[] buf = pay;
            final EventStore store = batch.build(new PayloadDecoder() {
                @Override
                public void decode(final EventStore st, final int i, final Fields out) {
                    out.clear();
                    final long ref = st.payload(i);
                    TextPayloads.decode(st.typeName(i), buf, (int) (ref >>> 16), (int) (ref & 0xFFFF), out);
                }

                @Override
                public String text(final EventStore st, final int i) {
                    final long ref = st.payload(i);
                    return new String(buf, (int) (ref >>> 16), (int) (ref & 0xFFFF), StandardCharsets.UTF_8);
                }
            });
            final TaskTable tasks = batchTasks.build();
            final FieldCursor cur = store.cursor();
            for (int i = 0; i < store.size(); i++) {
                final Fields f = cur.load(i);
                final boolean isEnd = end.matches(store, i, f, tasks);
                final boolean isStart = start.matches(store, i, f, tasks);
                if (isEnd || isStart) {
                    matched++;
                    Object ek = null;
                    Object sk = null;
                    if (key != null) {
                        ek = isEnd ? CycleKey.value(store, i, f, key.endField()) : null;
                        sk = isStart ? CycleKey.value(store, i, f, key.startField()) : null;
                        if ((isEnd && ek == null) || (isStart && sk == null)) keyMissing++;
                        if (ek == null && sk == null) continue;
                    }
                    pending(store.ts(i), store.cpu(i), seqBase + i, store.tid(i), (isEnd ? 1 : 0) | (isStart ? 2 : 0), ek, sk);
                }
            }
            seqBase += store.size();
            batch = EventStore.builder(types);
            batchTasks = TaskTable.builder();
            payLen = 0;
            if (pay.length > 1 << 20) pay = new byte[1 << 16];
        }
        if (maxTs != Long.MIN_VALUE) release(maxTs);
        if (!markers.isEmpty()) {
            for (final Object[] m : markers) listener.marker((Long) m[0], (String) m[1]);
            markers.clear();
        }
    }

    private void pending(final long ts, final int cpu, final long seq, final int tid, final int flags, final Object endKey,
                         final Object startKey) {
        if (pend == pTs.length) {
            final int n = pend * 2;
            if (key != null) {
                pEndKey = Arrays.copyOf(pEndKey, n);
                pStartKey = Arrays.copyOf(pStartKey, n);
            }
            pTs = Arrays.copyOf(pTs, n);
            pCpu = Arrays.copyOf(pCpu, n);
            pSeq = Arrays.copyOf(pSeq, n);
            pTid = Arrays.copyOf(pTid, n);
            pFlags = Arrays.copyOf(pFlags, n);
        }
        pTs[pend] = ts;
        pCpu[pend] = cpu;
        pSeq[pend] = seq;
        pTid[pend] = tid;
        pFlags[pend] = (byte) flags;
        if (key != null) {
            pEndKey[pend] = endKey;
            pStartKey[pend] = startKey;
        }
        pend++;
    }

    /** Releases held matches with a timestamp below {@code watermark}, in (ts, cpu, seq) order, then advances time. */
    private void release(final long watermark) {
        if (pend > 0) {
            // the input is in time order up to µs ties across CPUs: an insertion sort is linear here
            for (int k = 1; k < pend; k++) {
                final long ts = pTs[k];
                final int cpu = pCpu[k];
                final long seq = pSeq[k];
                final int tid = pTid[k];
                final byte fl = pFlags[k];
                final Object ek = key == null ? null : pEndKey[k];
                final Object sk = key == null ? null : pStartKey[k];
                int j = k - 1;
                while (j >= 0 && after(pTs[j], pCpu[j], pSeq[j], ts, cpu, seq)) {
                    pTs[j + 1] = pTs[j];
                    pCpu[j + 1] = pCpu[j];
                    pSeq[j + 1] = pSeq[j];
                    pTid[j + 1] = pTid[j];
                    pFlags[j + 1] = pFlags[j];
                    if (key != null) {
                        pEndKey[j + 1] = pEndKey[j];
                        pStartKey[j + 1] = pStartKey[j];
                    }
                    j--;
                }
                pTs[j + 1] = ts;
                pCpu[j + 1] = cpu;
                pSeq[j + 1] = seq;
                pTid[j + 1] = tid;
                pFlags[j + 1] = fl;
                if (key != null) {
                    pEndKey[j + 1] = ek;
                    pStartKey[j + 1] = sk;
                }
            }
            int done = 0;
            while (done < pend && pTs[done] < watermark) {
                if (key == null) tracker.event(pTs[done], pTid[done], (pFlags[done] & 1) != 0, (pFlags[done] & 2) != 0);
                else tracker.event(pTs[done], pTid[done], pEndKey[done], pStartKey[done]);
                done++;
            }
            final int kept = pend - done;
            System.arraycopy(pTs, done, pTs, 0, kept);
            System.arraycopy(pCpu, done, pCpu, 0, kept);
            System.arraycopy(pSeq, done, pSeq, 0, kept);
            System.arraycopy(pTid, done, pTid, 0, kept);
            System.arraycopy(pFlags, done, pFlags, 0, kept);
            if (key != null) {
                System.arraycopy(pEndKey, done, pEndKey, 0, kept);
                System.arraycopy(pStartKey, done, pStartKey, 0, kept);
                Arrays.fill(pEndKey, kept, pend, null);
                Arrays.fill(pStartKey, kept, pend, null);
            }
            pend = kept;
        }
        if (watermark != Long.MAX_VALUE) tracker.advance(watermark);
    }

    private static boolean after(final long ts, final int cpu, final long seq, final long ts2, final int cpu2, final long seq2) {
        if (ts != ts2) return ts > ts2;
        if (cpu != cpu2) return cpu > cpu2;
        return seq > seq2;
    }

    /** Lines seen (complete ones, including headers and blank lines). */
    public long lines() {
        return lines;
    }

    /** Event lines parsed. */
    public long events() {
        return events;
    }

    /** Lines that were neither events, headers, blank, nor lost-event notices. */
    public long unparsed() {
        return unparsed;
    }

    /** Events the kernel reported lost ({@code [LOST N EVENTS]}). */
    public long lostEvents() {
        return lost;
    }

    /** Events of the start or end type seen. */
    public long candidates() {
        return candidates;
    }

    /** Events that matched the start or end filter. */
    public long matched() {
        return matched;
    }

    /** With a key: matching events that lacked the key field (they were not paired). */
    public long keyMissing() {
        return keyMissing;
    }

    /** Events of type {@code type} seen (markers with the prefix are not counted). */
    public long count(final int type) {
        return type >= 0 && type < perType.length ? perType[type] : 0;
    }

    /** The latest timestamp seen (ns), or {@link Long#MIN_VALUE}. */
    public long lastTs() {
        return maxTs;
    }

    /** The type registry. */
    public EventTypes types() {
        return types;
    }
}
