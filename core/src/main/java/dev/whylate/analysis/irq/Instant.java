package dev.whylate.analysis.irq;

import dev.whylate.timeline.Csds;
import dev.whylate.timeline.Intervals;
import dev.whylate.timeline.Slices;
import dev.whylate.timeline.Syscalls;
import dev.whylate.timeline.Timeline;
import dev.whylate.timeline.Works;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What every CPU was doing at one instant. */
final class Instant {
    private Instant() {}

    static At of(final Timeline tl, final Labels labels, final IrqOptions o) {
        final long t = o.atNs();
        final Intervals iv = tl.intervals();
        final Slices sl = tl.slices();
        final Syscalls sys = tl.syscalls();
        final Works works = tl.works();
        final Csds cs = tl.csds();
        final List<CpuAt> out = new ArrayList<>();
        for (int c = 0; c < tl.cpus(); c++) {
            if (!o.selected(c)) continue;
            final boolean inside = tl.cpuFirst(c) != Works.NONE && tl.cpuFirst(c) <= t && t <= tl.cpuLast(c);
            final int s = inside ? sl.atCpu(c, t) : -1;
            int tid = s >= 0 ? sl.tid(s) : -1;
            final List<Frame> stack = new ArrayList<>();
            int i = inside ? iv.innermostAt(c, t) : -1;
            if (i >= 0 && tid < 0) tid = iv.tid(i);
            while (i >= 0) {
                stack.add(new Frame(Intervals.KIND_NAMES[iv.kind(i)], tl.name(iv.name(i)), iv.id(i), iv.start(i), t - iv.start(i),
                    (iv.flags(i) & Intervals.START_UNKNOWN) != 0));
                i = iv.parent(i);
            }
            Collections.reverse(stack);
            final String state = tid < 0 ? "unknown" : tid == 0 ? "idle" : s >= 0 ? "running" : "unknown";
            String syscall = null;
            String work = null;
            String wq = null;
            if (tid > 0) {
                final int k = sys.at(tid, t);
                // only a syscall whose exit was traced: an entry alone says nothing about later instants
                if (k >= 0 && sys.endKnown(k)) syscall = tl.name(sys.name(k));
                final int w = works.runningAt(tid, t);
                if (w >= 0) {
                    work = tl.name(works.function(w));
                    wq = works.workqueue(w) < 0 ? null : tl.name(works.workqueue(w));
                }
            }
            String csd = null;
            for (int k = 0; k < cs.size() && inside; k++) {
                if (cs.target(k) == c && cs.startTs(k) != Works.NONE && cs.startTs(k) <= t && cs.endTs(k) != Works.NONE && t < cs.endTs(k)) {
                    csd = tl.name(cs.func(k));
                }
            }
            out.add(new CpuAt(c, state, tid < 0 ? null : tl.comm(tid, t), tid, tid < 0 ? -1 : labels.tgid(tid),
                s >= 0 ? sl.start(s) : -1, syscall, work, wq, csd, stack));
        }
        return new At(t, out);
    }
}
