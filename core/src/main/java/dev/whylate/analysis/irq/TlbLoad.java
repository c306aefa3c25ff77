package dev.whylate.analysis.irq;

import dev.whylate.timeline.Csds;
import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Ipis;
import dev.whylate.timeline.Syscalls;
import dev.whylate.timeline.Timeline;
import dev.whylate.timeline.Tlbs;
import dev.whylate.timeline.Works;
import dev.whylate.util.IntList;
import dev.whylate.util.LongList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TLB shootdowns received per CPU, attributed to the sending thread, its process and the syscall it was in.
 * Sources, best first: csd events (a flush_tlb_func csd run on another CPU than the initiator: exactly what
 * /proc/interrupts TLB counts), else tlb_flush "remote shootdown" events (sender from the IPI that delivered
 * the flush, else the last "remote IPI send" flush on another CPU).
 */
final class TlbLoad {
    /** One shootdown. */
    private record Hit(int target, int sender, long senderTs, int victim, long ts) {}

    private static final class SenderAcc {
        final int sender;
        final int syscall;
        long count;
        final Map<Integer, long[]> victims = new LinkedHashMap<>();

        SenderAcc(final int sender, final int syscall) {
            this.sender = sender;
            this.syscall = syscall;
        }
    }

    private static final class StoryAcc {
        final int sender;
        final int target;
        final int victim;
        long count;
        final Map<Integer, long[]> syscalls = new HashMap<>();

        StoryAcc(final int sender, final int target, final int victim) {
            this.sender = sender;
            this.target = target;
            this.victim = victim;
        }
    }

    final String source;
    final long[] count;
    final TlbCpu[] perCpu;
    final List<TlbStory> stories;

    TlbLoad(final Timeline tl, final Labels labels, final int top) {
        final List<Hit> hits = new ArrayList<>();
        source = collect(tl, labels, hits);
        final int n = tl.cpus();
        count = new long[n];
        perCpu = new TlbCpu[n];
        final Syscalls sys = tl.syscalls();
        final List<Map<Long, SenderAcc>> senders = new ArrayList<>();
        for (int c = 0; c < n; c++) senders.add(new LinkedHashMap<>());
        final Map<String, StoryAcc> storyAcc = new LinkedHashMap<>();
        for (final Hit h : hits) {
            if (h.target < 0 || h.target >= n) continue;
            count[h.target]++;
            int sc = -1;
            if (h.sender >= 0 && h.senderTs != Works.NONE) {
                final int s = sys.at(h.sender, h.senderTs);
                if (s >= 0) sc = sys.name(s);
            }
            final int scf = sc;
            final SenderAcc a = senders.get(h.target).computeIfAbsent(((long) h.sender << 32) | (sc & 0xFFFFFFFFL), k -> new SenderAcc(h.sender, scf));
            a.count++;
            a.victims.computeIfAbsent(h.victim, k -> new long[] {0, h.ts})[0]++;
            final StoryAcc st = storyAcc.computeIfAbsent(h.sender + "/" + h.target + "/" + h.victim, k -> new StoryAcc(h.sender, h.target, h.victim));
            st.count++;
            st.syscalls.computeIfAbsent(sc, k -> new long[1])[0]++;
        }
        for (int c = 0; c < n; c++) {
            final List<SenderAcc> l = new ArrayList<>(senders.get(c).values());
            l.sort((x, y) -> Long.compare(y.count, x.count));
            final List<TlbSender> out = new ArrayList<>();
            for (int k = 0; k < l.size() && k < top; k++) {
                final SenderAcc a = l.get(k);
                final int tgid = a.sender < 0 ? -1 : labels.tgid(a.sender);
                out.add(new TlbSender(a.sender < 0 ? null : labels.name(a.sender), a.sender, tgid, labels.process(tgid),
                    a.syscall < 0 ? null : tl.name(a.syscall), a.count, victims(labels, a.victims, top)));
            }
            perCpu[c] = new TlbCpu(count[c], out);
        }
        final List<StoryAcc> sl = new ArrayList<>(storyAcc.values());
        sl.sort((x, y) -> Long.compare(y.count, x.count));
        stories = new ArrayList<>();
        for (int k = 0; k < sl.size() && k < top; k++) stories.add(story(tl, labels, sl.get(k), count[sl.get(k).target]));
    }

    private static List<TaskCount> victims(final Labels labels, final Map<Integer, long[]> m, final int top) {
        final List<Map.Entry<Integer, long[]>> l = new ArrayList<>(m.entrySet());
        l.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
        final List<TaskCount> out = new ArrayList<>();
        for (int k = 0; k < l.size() && k < top; k++) {
            final int tid = l.get(k).getKey();
            out.add(new TaskCount(labels.name(tid), tid, labels.tgid(tid), l.get(k).getValue()[0]));
        }
        return out;
    }

    private static TlbStory story(final Timeline tl, final Labels labels, final StoryAcc s, final long cpuTotal) {
        int sc = -1;
        long best = -1;
        for (final Map.Entry<Integer, long[]> e : s.syscalls.entrySet()) {
            if (e.getValue()[0] > best) {
                best = e.getValue()[0];
                sc = e.getKey();
            }
        }
        final String syscall = sc < 0 ? null : tl.name(sc);
        final int tgid = s.sender < 0 ? -1 : labels.tgid(s.sender);
        final String comm = s.sender < 0 ? null : labels.name(s.sender);
        final String process = labels.process(tgid);
        final int vtgid = labels.tgid(s.victim);
        final String vcomm = labels.name(s.victim);
        final boolean same = tgid >= 0 && tgid == vtgid && s.victim != s.sender;
        final double share = cpuTotal == 0 ? 0 : s.count / (double) cpuTotal;
        final StringBuilder b = new StringBuilder();
        if (s.sender < 0) {
            b.append("an unknown sender (request queued before the trace)");
        } else {
            b.append("thread ").append(comm).append('[').append(s.sender).append(']');
            if (tgid >= 0) b.append(" of process ").append(process).append('[').append(tgid).append(']');
        }
        b.append(" caused ").append(s.count).append(" TLB shootdown").append(s.count == 1 ? "" : "s").append(" on CPU ").append(s.target);
        if (syscall != null) b.append(" in ").append(syscall);
        if (s.victim == 0) {
            b.append(" while it was idle");
        } else if (same) {
            b.append(" while thread ").append(vcomm).append('[').append(s.victim).append("] of the same process was running there");
        } else {
            b.append(" while ").append(vcomm).append('[').append(s.victim).append(']');
            if (vtgid >= 0 && vtgid != s.victim) b.append(" of process ").append(labels.process(vtgid)).append('[').append(vtgid).append(']');
            b.append(" was running there");
        }
        b.append(String.format(Locale.ROOT, " (%.1f%% of CPU %d's shootdowns)", share * 100, s.target));
        return new TlbStory(comm, s.sender, tgid, process, syscall, s.target, s.count, vcomm, s.victim, vtgid, same, share, b.toString());
    }

    private static boolean isTlbFunc(final String f) {
        if (f == null) return false;
        final int plus = f.indexOf('+');
        final String n = plus > 0 ? f.substring(0, plus) : f;
        return n.equals("flush_tlb_func") || n.equals("flush_tlb_func_remote");
    }

    private static String collect(final Timeline tl, final Labels labels, final List<Hit> hits) {
        final Csds cs = tl.csds();
        if (tl.hasCsd()) {
            final boolean[] tlbFn = new boolean[tl.names().size()];
            boolean any = false;
            for (int c = 0; c < cs.size(); c++) {
                final int f = cs.func(c);
                if (f >= 0 && isTlbFunc(tl.name(f))) {
                    tlbFn[f] = true;
                    any = true;
                }
            }
            if (any) {
                for (int c = 0; c < cs.size(); c++) {
                    if (cs.local(c) || cs.startTs(c) == Works.NONE || cs.func(c) < 0 || !tlbFn[cs.func(c)]) continue;
                    hits.add(new Hit(cs.target(c), cs.queueTid(c), cs.queueTs(c), cs.execTid(c), cs.startTs(c)));
                }
                return "csd";
            }
        }
        final Tlbs tb = tl.tlbs();
        boolean anyRemote = false;
        // the same events as counted below: remote shootdowns, and flushes for a CPU that left the mm run in hardirq
        // (a window of a trace may hold only the latter)
        for (int k = 0; k < tb.size() && !anyRemote; k++) {
            anyRemote = tb.reason(k) == Tlbs.REMOTE_SHOOTDOWN || tb.reason(k) == Tlbs.REMOTE_WRONG_CPU && labels.category(tb.ctx(k)) == Labels.HARD;
        }
        if (!anyRemote) return "none";
        // the senders' "remote IPI send" flushes, per CPU in time order
        final Map<Integer, LongList> sendTs = new HashMap<>();
        final Map<Integer, IntList> sendTid = new HashMap<>();
        final LongList allTs = new LongList();
        final IntList allIdx = new IntList();
        for (int k = 0; k < tb.size(); k++) {
            if (tb.reason(k) != Tlbs.REMOTE_SEND_IPI) continue;
            sendTs.computeIfAbsent(tb.cpu(k), x -> new LongList()).add(tb.ts(k));
            sendTid.computeIfAbsent(tb.cpu(k), x -> new IntList()).add(tb.tid(k));
            allTs.add(tb.ts(k));
            allIdx.add(k);
        }
        final Ipis ip = tl.ipis();
        final Map<Integer, IntList> byInterval = new HashMap<>();
        for (int e = 0; e < ip.size(); e++) if (ip.delivered(e) >= 0) byInterval.computeIfAbsent(ip.delivered(e), x -> new IntList()).add(e);
        final Intervals iv = tl.intervals();
        for (int k = 0; k < tb.size(); k++) {
            final int r = tb.reason(k);
            final int ctx = tb.ctx(k);
            if (!(r == Tlbs.REMOTE_SHOOTDOWN || r == Tlbs.REMOTE_WRONG_CPU && labels.category(ctx) == Labels.HARD)) continue;
            int sender = -1;
            long senderTs = Works.NONE;
            // the IPI that delivered it: walk out to the vector interval
            int v = ctx;
            while (v >= 0 && iv.kind(v) != Intervals.VECTOR) v = iv.parent(v);
            final IntList edges = v >= 0 ? byInterval.get(v) : null;
            if (edges != null) {
                for (int j = edges.size() - 1; j >= 0 && sender < 0; j--) {
                    final int e = edges.get(j);
                    if (sentFlush(sendTs.get(ip.cpu(e)), sendTid.get(ip.cpu(e)), ip.ts(e), ip.tid(e))) {
                        sender = ip.tid(e);
                        senderTs = ip.ts(e);
                    }
                }
            } else if (ip.size() == 0) {
                // no IPI events: the last "remote IPI send" flush on another CPU before it
                int lo = 0;
                int hi = allTs.size();
                while (lo < hi) {
                    final int mid = (lo + hi) >>> 1;
                    if (allTs.get(mid) <= tb.ts(k)) lo = mid + 1;
                    else hi = mid;
                }
                for (int j = lo - 1; j >= 0; j--) {
                    final int s = allIdx.get(j);
                    if (tb.cpu(s) != tb.cpu(k)) {
                        sender = tb.tid(s);
                        senderTs = tb.ts(s);
                        break;
                    }
                }
            }
            hits.add(new Hit(tb.cpu(k), sender, senderTs, tb.tid(k), tb.ts(k)));
        }
        return "tlb_flush";
    }

    /** Whether the sending CPU's last "remote IPI send" flush before {@code ts} was by {@code tid}, within 1 ms. */
    private static boolean sentFlush(final LongList ts, final IntList tid, final long at, final int sender) {
        if (ts == null) return false;
        int lo = 0;
        int hi = ts.size();
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (ts.get(mid) <= at) lo = mid + 1;
            else hi = mid;
        }
        return lo > 0 && tid.get(lo - 1) == sender && at - ts.get(lo - 1) <= 1_000_000L;
    }
}
