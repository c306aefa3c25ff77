package dev.whylate.analysis.advice;

import dev.whylate.analysis.cycles.Cycle;
import dev.whylate.analysis.explain.Category;
import dev.whylate.analysis.explain.Explanation;
import dev.whylate.analysis.explain.Holder;
import dev.whylate.analysis.explain.Segment;
import dev.whylate.util.CpuList;
import dev.whylate.util.Units;
import dev.whylate.timeline.Timeline;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Rules from blame to commands, and what-if estimates. Every rule looks only at the explained misses and
 * fires only when the trace shows the wait it targets:
 *
 * <ol>
 *   <li><b>priority</b>: a chain task (a kworker carrying the work, or the consumer) waited for a CPU behind
 *       normal-priority tasks → {@code chrt -f -p 50 PID}; removes its waits behind tasks with kernel priority
 *       above 49 (normal tasks and lower RT). Not given for a task that itself held a CPU while other tasks of
 *       its chain waited (a polling consumer): higher priority would starve them more.</li>
 *   <li><b>move the holder</b>: a normal task that is not part of the chain and not a per-CPU kernel thread held
 *       CPU c while chain tasks waited → {@code taskset -acp OTHER_CPUS PID}, for it and every task of the same comm
 *       that held a CPU of a chain (identical workers: moving one, the load balancer would put another where it
 *       was); removes the waits they caused on c. The estimate assumes nothing else fills the time they leave
 *       and ignores the load they add elsewhere.</li>
 *   <li><b>IRQ affinity</b>: hardirq N interrupted chain tasks on CPU c, or queued a work item whose kworker
 *       then waited on c → {@code echo OTHER_CPUS > /proc/irq/N/smp_affinity_list} plus irqbalance's
 *       {@code IRQBALANCE_BANNED_CPUS}; removes that interference and those kworker waits (assuming the
 *       other CPUs are as free as they were in the trace).</li>
 *   <li><b>exit from idle</b>: chain tasks woken on an idle CPU waited for it to leave its idle state →
 *       {@code cpupower idle-set -D 10} (or hold /dev/cpu_dma_latency at 0); removes that time.</li>
 *   <li><b>timer slack</b>: the hrtimer that woke a chain task fired after the requested time, within its slack
 *       window → {@code echo 1 > /proc/PID/timerslack_ns} (or {@code prctl(PR_SET_TIMERSLACK, 1)}); removes that
 *       time. The chrt advice for the same task removes it too (real-time tasks have no slack).</li>
 *   <li><b>isolation</b>: the consumer waited behind other tasks, or tasks of its chain waited behind it → boot
 *       with {@code isolcpus=managed_irq,domain,C nohz_full=C rcu_nocbs=C}, pin the consumer there with
 *       {@code taskset} and keep unbound kworkers off C; removes both kinds of waits (C = the CPU the consumer
 *       used most).</li>
 * </ol>
 * A change removes specific (segment, holder) pieces of time; the combined estimate removes each piece once.
 * Only changes that would remove misses, or at least a tenth of the time the misses spent over the deadline,
 * are kept, at most {@link #MAX_ADVICE}, fewest predicted misses first.
 */
public final class AdviceEngine {
    /** Kernel priority of SCHED_FIFO 50 (what the chrt advice sets): 99 − 50. */
    static final int RT50 = 49;
    /** At most this many advice items, the most effective first. */
    static final int MAX_ADVICE = 8;

    /** Advice plus what-if, in the order of their effect (fewest predicted misses first). */
    public record Result(List<Advice> advice, List<WhatIf> whatIf) {}

    private AdviceEngine() {}

    /** A candidate change: which holder pieces of which miss it removes. */
    private static final class Change {
        String key;
        String command;
        /** For a move: the holders of one comm moved off {@link #moveCpu}, in pid order. */
        final Set<Integer> movePids = new TreeSet<>();
        String moveComm;
        int moveCpu = -1;
        final Map<Integer, BitSet> pieces = new HashMap<>();
        final Set<Integer> missesSeen = new HashSet<>();
        long ns;
        final Map<String, Long> detail = new LinkedHashMap<>();
        String why;

        Change(final String key, final String command) {
            this.key = key;
            this.command = command;
        }

        void add(final int miss, final int piece, final long t, final String what) {
            if (pieces.computeIfAbsent(miss, k -> new BitSet()).get(piece)) return;
            pieces.get(miss).set(piece);
            missesSeen.add(miss);
            ns += t;
            detail.merge(what, t, Long::sum);
        }
    }

    /** Runs the rules over the explained misses of {@code cycles}. */
    public static Result run(final Timeline tl, final List<Cycle> cycles, final long deadlineNs) {
        if (deadlineNs < 0) return new Result(List.of(), List.of());
        final List<Cycle> misses = new ArrayList<>();
        long lost = 0;
        for (final Cycle c : cycles) {
            if (c.lost()) lost++;
            else if (c.miss() && c.explanation() != null) misses.add(c);
        }
        if (misses.isEmpty()) return new Result(List.of(), List.of());
        final Map<String, Change> changes = new LinkedHashMap<>();
        // timer-slack pieces per woken task: (miss, piece, ns); real-time priority removes them too
        final Map<Integer, List<long[]>> slackPieces = new HashMap<>();
        // time each chain task held a CPU while another task of the same chain waited for it: raising such a
        // task's priority would make those waits longer, so it gets no chrt advice
        final Map<Integer, Long> heldChain = new HashMap<>();
        for (final Cycle mc : misses) {
            final Set<Integer> chain = chainTasks(mc.explanation());
            for (final Segment s : mc.explanation().segments()) {
                if (!isWait(s)) continue;
                for (final Holder h : s.blockedBy()) {
                    if (h.kind().equals("task") && h.pid() != s.pid() && chain.contains(h.pid())) heldChain.merge(h.pid(), h.ns(), Long::sum);
                }
            }
        }
        // piece ids: segment index * 64 + holder index (holders beyond 63 are ignored)
        for (int m = 0; m < misses.size(); m++) {
            final Explanation e = misses.get(m).explanation();
            final Set<Integer> chain = chainTasks(e);
            final List<Segment> segs = e.segments();
            for (int si = 0; si < segs.size(); si++) {
                final Segment s = segs.get(si);
                final boolean wait = isWait(s);
                for (int hi = 0; hi < Math.min(64, s.blockedBy().size()); hi++) {
                    final Holder h = s.blockedBy().get(hi);
                    final int piece = si * 64 + hi;
                    final String victim = s.comm() + " (pid " + s.pid() + ")";
                    if (wait && h.kind().equals("task")) {
                        // 1. priority for the waiting chain task
                        if (s.pid() > 0 && (h.prio() < 0 || h.prio() > RT50)) {
                            final Change c = changes.computeIfAbsent("rt " + s.pid(), k -> new Change(
                                s.comm() + " (pid " + s.pid() + ") at SCHED_FIFO 50", "chrt -f -p 50 " + s.pid()));
                            c.add(m, piece, h.ns(), h.comm() + " (pid " + h.pid() + ") on CPU " + h.cpu());
                            c.why = victim + " waited for a CPU behind normal-priority tasks";
                        }
                        // 2. move a holder that is not part of the chain away, with the other tasks of its comm that
                        //    held chain CPUs (identical workers of one program: moving one, another takes its place)
                        if (h.pid() > 0 && !chain.contains(h.pid()) && movable(h.comm()) && tl.cpus() > 1) {
                            final Change c = changes.computeIfAbsent("move " + h.comm() + "\0" + h.cpu(), k -> new Change(null, null));
                            c.moveComm = h.comm();
                            c.moveCpu = h.cpu();
                            c.movePids.add(h.pid());
                            c.add(m, piece, h.ns(), victim);
                        }
                    }
                    // 3. IRQ affinity for interfering hardirqs
                    if (h.kind().equals("hardirq") && h.pid() >= 0 && tl.cpus() > 1 && !dev.whylate.util.IrqAffinity.fixed(h.comm())) {
                        final Change c = irqChange(changes, h.pid(), h.comm(), h.cpu(), tl);
                        c.add(m, piece, h.ns(), victim);
                        c.why = h.comm() + " interrupted chain tasks on CPU " + h.cpu();
                    }
                    // 4. exit from idle
                    if (h.kind().equals("idle") && Category.EXIT_FROM_IDLE.equals(h.category())) {
                        final Change c = changes.computeIfAbsent("idle", k -> new Change("CPUs kept out of deep idle states",
                            "cpupower idle-set -D 10    # or keep /dev/cpu_dma_latency open with 0 (e.g. cyclictest's --laptop off, rtla --dma-latency 0)"));
                        c.add(m, piece, h.ns(), victim + " on CPU " + h.cpu());
                        c.why = "chain tasks were woken on idle CPUs and waited for them to wake up";
                    }
                }
                // 5. timer slack: the timer that woke a chain task fired late within its slack window
                if (s.kind().equals("timer-slack")) {
                    final int ws = nextTask(segs, si);
                    final int wakee = ws < 0 ? -1 : segs.get(ws).pid();
                    if (wakee > 0) {
                        final String who = segs.get(ws).comm();
                        final Change c = changes.computeIfAbsent("slack " + wakee, k -> new Change(who + " (pid " + wakee + ") with 1 ns timer slack",
                            "echo 1 > /proc/" + wakee + "/timerslack_ns    # or prctl(PR_SET_TIMERSLACK, 1) in the program; real-time tasks have none"));
                        c.add(m, si * 64 + SLACK_PIECE, s.ns(), s.comm() + " waking " + who + " (pid " + wakee + ")");
                        c.why = who + " (pid " + wakee + ")'s timers fired after the time it asked for, within their timer slack (50 us by default "
                            + "for normal tasks)";
                        slackPieces.computeIfAbsent(wakee, k -> new ArrayList<>()).add(new long[] {m, si * 64 + SLACK_PIECE, s.ns()});
                    }
                }
                // 3b. a hardirq queued work whose kworker then waited on the same CPU
                if (s.kind().equals("work-wait") && si > 0) {
                    final Segment q = previousContext(segs, si);
                    if (q != null && q.kind().equals("hardirq") && q.cpu() == s.cpu() && tl.cpus() > 1 && !dev.whylate.util.IrqAffinity.fixed(q.comm())) {
                        final Change c = irqChange(changes, q.pid(), q.comm(), q.cpu(), tl);
                        for (int hi = 0; hi < Math.min(64, s.blockedBy().size()); hi++) {
                            final Holder h = s.blockedBy().get(hi);
                            if (h.kind().equals("task") || h.kind().equals("idle")) c.add(m, si * 64 + hi, h.ns(), s.comm() + " (pid " + s.pid() + ")");
                        }
                        c.why = q.comm() + " queued work on CPU " + q.cpu() + " whose kworker then waited there";
                    }
                }
            }
        }
        // SCHED_FIFO also takes away the task's timer slack
        for (final Map.Entry<Integer, List<long[]>> e : slackPieces.entrySet()) {
            final Change c = changes.get("rt " + e.getKey());
            if (c == null) continue;
            for (final long[] p : e.getValue()) c.add((int) p[0], (int) p[1], p[2], "its timer slack");
        }
        // a chain task that kept others of its chain waiting gets no priority advice (it would starve them more)
        final List<String> notes = new ArrayList<>();
        for (final Map.Entry<Integer, Long> h : heldChain.entrySet()) {
            final Change c = changes.get("rt " + h.getKey());
            if (c != null && h.getValue() > c.ns / 10) {
                changes.remove("rt " + h.getKey());
                notes.add("raising " + c.key.replace(" at SCHED_FIFO 50", "") + "'s priority would not help: it held a CPU for "
                    + Units.dur(h.getValue()) + " while other tasks of its own chain waited behind it");
            }
        }
        // a consumer that polls never yields its CPU: at real-time priority it would lock out its own chain there
        int polling = 0;
        for (final Cycle m : misses) if (m.explanation().polling()) polling++;
        if (polling * 2 > misses.size()) {
            for (final Cycle m : misses) {
                final Change c = changes.remove("rt " + m.explanation().tid());
                if (c != null) notes.add("raising " + c.key.replace(" at SCHED_FIFO 50", "") + "'s priority is not advised: it polls, and at "
                    + "real-time priority it would keep the tasks that bring its reply off its CPU");
            }
        }
        // a moved holder's siblings (same comm, held any CPU of a chain) move with it: left free, the load balancer
        // would put one of them where it was
        final Map<String, Set<Integer>> siblings = new HashMap<>();
        for (final Change c : changes.values()) if (c.moveComm != null) siblings.computeIfAbsent(c.moveComm, k -> new TreeSet<>()).addAll(c.movePids);
        for (final Change c : changes.values()) {
            if (c.moveComm == null) continue;
            c.movePids.addAll(siblings.get(c.moveComm));
            nameMove(c, tl.cpus());
        }
        isolation(tl, misses, changes, notes);
        return finish(changes, misses, lost, deadlineNs);
    }

    /**
     * 5. The consumer on a CPU of its own: removes its waits behind any task and the waits of its chain behind it.
     * The CPU is the one the consumer's segments used most in the misses.
     */
    private static void isolation(final Timeline tl, final List<Cycle> misses, final Map<String, Change> changes, final List<String> notes) {
        if (tl.cpus() < 2) return;
        final Map<Integer, Long> consumers = new HashMap<>();
        for (final Cycle m : misses) consumers.merge(m.explanation().tid(), m.latencyNs(), Long::sum);
        final int consumer = consumers.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        final Map<Integer, Long> onCpu = new HashMap<>();
        for (final Cycle m : misses) {
            for (final Segment s : m.explanation().segments()) if (s.pid() == consumer && s.cpu() >= 0) onCpu.merge(s.cpu(), s.ns(), Long::sum);
        }
        if (onCpu.isEmpty()) return;
        final int cpu = onCpu.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        final String comm = tl.comm(consumer, misses.get(0).startNs());
        final String others = CpuList.hexMask(IntStream.range(0, tl.cpus()).filter(k -> k != cpu).toArray());
        final Change c = new Change(comm + " (pid " + consumer + ") alone on an isolated CPU " + cpu,
            "add to the kernel command line: isolcpus=managed_irq,domain," + cpu + " nohz_full=" + cpu + " rcu_nocbs=" + cpu
                + "\ntaskset -acp " + cpu + " " + consumer
                + "\necho " + others + " > /sys/devices/virtual/workqueue/cpumask   # unbound kworkers stay off CPU " + cpu);
        final java.util.Set<Integer> behind = new TreeSet<>();
        int behindChain = 0;
        for (int m = 0; m < misses.size(); m++) {
            final List<Segment> segs = misses.get(m).explanation().segments();
            for (int si = 0; si < segs.size(); si++) {
                final Segment s = segs.get(si);
                if (!isWait(s)) continue;
                for (int hi = 0; hi < Math.min(64, s.blockedBy().size()); hi++) {
                    final Holder h = s.blockedBy().get(hi);
                    if (!h.kind().equals("task")) continue;
                    if (s.pid() == consumer && h.pid() != consumer) {
                        c.add(m, si * 64 + hi, h.ns(), h.comm() + " (pid " + h.pid() + ") ahead of " + comm);
                        behind.add(h.pid());
                    } else if (h.pid() == consumer && s.pid() != consumer) {
                        c.add(m, si * 64 + hi, h.ns(), s.comm() + " (pid " + s.pid() + ") behind " + comm);
                        behindChain++;
                    }
                }
            }
        }
        if (c.ns == 0) return;
        final StringBuilder why = new StringBuilder();
        if (!behind.isEmpty()) why.append(comm).append(" waited behind ").append(behind.size()).append(" other tasks");
        if (behindChain > 0) {
            if (why.length() > 0) why.append(", and ");
            why.append("tasks of its own chain waited behind it");
        }
        for (final String n : notes) why.append("; ").append(n);
        c.why = why.toString();
        changes.put("isolate " + cpu, c);
    }

    /** Piece id (within a segment's 64) of a holder-less timer-slack segment's own time. */
    private static final int SLACK_PIECE = 63;

    /** The first task segment after {@code si} (the task a timer woke), or -1. */
    private static int nextTask(final List<Segment> segs, final int si) {
        for (int k = si + 1; k < segs.size(); k++) {
            final String kind = segs.get(k).kind();
            if (kind.equals("runnable") || kind.equals("running") || kind.equals("work-wait")) return k;
        }
        return -1;
    }

    private static boolean isWait(final Segment s) {
        return s.kind().equals("runnable") || s.kind().equals("work-wait") || s.kind().equals("softirq-wait");
    }

    /** Tasks that are links of the chain (segments of task kinds). */
    private static Set<Integer> chainTasks(final Explanation e) {
        final Set<Integer> out = new HashSet<>();
        for (final Segment s : e.segments()) {
            switch (s.kind()) {
                case "running": case "runnable": case "work": case "work-wait": out.add(s.pid()); break;
                default: break;
            }
        }
        out.remove(-1);
        return out;
    }

    private static Result finish(final Map<String, Change> changes, final List<Cycle> misses, final long lost, final long deadlineNs) {
        final long current = misses.size() + lost;
        final List<Change> list = new ArrayList<>();
        for (final Change c : changes.values()) if (c.ns > 0) list.add(c);
        final Map<Change, Long> predicted = new HashMap<>();
        for (final Change c : list) predicted.put(c, predict(List.of(c), misses, deadlineNs) + lost);
        list.sort(Comparator.comparingLong((Change c) -> predicted.get(c)).thenComparing(Comparator.comparingLong((Change c) -> c.ns).reversed()));
        // keep the changes that would remove misses, or a real share of the time over the deadline
        long excess = 0;
        for (final Cycle m : misses) excess += Math.max(0, m.latencyNs() - deadlineNs);
        final long minNs = excess / 10;
        list.removeIf(c -> predicted.get(c) >= current && c.ns < minNs);
        if (list.size() > MAX_ADVICE) list.subList(MAX_ADVICE, list.size()).clear();
        final List<Advice> advice = new ArrayList<>();
        final List<WhatIf> whatIf = new ArrayList<>();
        for (final Change c : list) {
            final StringBuilder why = new StringBuilder(c.why).append(": in ").append(c.missesSeen.size()).append(" of ")
                .append(misses.size()).append(" explained misses, ").append(Units.dur(c.ns)).append(" in total (");
            int k = 0;
            for (final Map.Entry<String, Long> d : sortDesc(c.detail)) {
                if (k++ == 3) {
                    why.append(", ...");
                    break;
                }
                if (k > 1) why.append(", ");
                why.append(d.getKey()).append(' ').append(Units.dur(d.getValue()));
            }
            why.append(')');
            advice.add(new Advice(c.command, why.toString(), c.key));
            whatIf.add(new WhatIf(c.key, current, predicted.get(c), c.ns));
        }
        if (list.size() > 1) {
            // overlapping changes (priority and timer slack both remove a timer's slack) count each wait once
            final long[] all = predicted(list, misses, deadlineNs);
            whatIf.add(new WhatIf("all of the above", current, all[0] + lost, all[1]));
        }
        return new Result(advice, whatIf);
    }

    private static List<Map.Entry<String, Long>> sortDesc(final Map<String, Long> m) {
        final List<Map.Entry<String, Long>> l = new ArrayList<>(m.entrySet());
        l.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return l;
    }

    /** Misses left when the union of the changes' pieces is removed from each miss. */
    private static long predict(final List<Change> cs, final List<Cycle> misses, final long deadlineNs) {
        return predicted(cs, misses, deadlineNs)[0];
    }

    /** {misses left, ns removed} when the changes {@code cs} are all made: each piece of waiting counted once. */
    private static long[] predicted(final List<Change> cs, final List<Cycle> misses, final long deadlineNs) {
        long left = 0;
        long removedAll = 0;
        for (int m = 0; m < misses.size(); m++) {
            final BitSet union = new BitSet();
            for (final Change c : cs) {
                final BitSet b = c.pieces.get(m);
                if (b != null) union.or(b);
            }
            long removed = 0;
            final List<Segment> segs = misses.get(m).explanation().segments();
            for (int p = union.nextSetBit(0); p >= 0; p = union.nextSetBit(p + 1)) {
                final Segment s = segs.get(p / 64);
                // a holder's time, or a holder-less segment's own (timer slack)
                removed += p % 64 < s.blockedBy().size() ? s.blockedBy().get(p % 64).ns() : s.ns();
            }
            if (misses.get(m).latencyNs() - removed > deadlineNs) left++;
            removedAll += removed;
        }
        return new long[] {left, removedAll};
    }

    private static Change irqChange(final Map<String, Change> changes, final int irq, final String label, final int cpu, final Timeline tl) {
        final String others = cpuList(tl.cpus(), cpu);
        final String mask = CpuList.hexMask(new int[] {cpu});
        return changes.computeIfAbsent("irq " + irq + " " + cpu, k -> new Change(label + " moved off CPU " + cpu,
            "echo " + others + " > /proc/irq/" + irq + "/smp_affinity_list\n"
                + "echo IRQBALANCE_BANNED_CPUS=" + mask + " >> /etc/default/irqbalance   # keep irqbalance from moving it back"));
    }

    /** The nearest earlier segment that is not part of the same kworker wait. */
    private static Segment previousContext(final List<Segment> segs, final int si) {
        for (int k = si - 1; k >= 0; k--) {
            final Segment p = segs.get(k);
            if (p.kind().equals("work-wait") && p.pid() == segs.get(si).pid()) continue;
            if (p.kind().equals("running") && p.pid() == segs.get(si).pid()) continue;
            return p;
        }
        return null;
    }

    /** Label, command and reason of a move of the tasks of one comm off one CPU. */
    private static void nameMove(final Change c, final int cpus) {
        final String pids = c.movePids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
        final String who = c.moveComm + (c.movePids.size() == 1 ? " (pid " : " (pids ") + pids + ")";
        c.key = who + " off CPU " + c.moveCpu;
        final String others = cpuList(cpus, c.moveCpu);
        c.command = c.movePids.stream().map(p -> "taskset -acp " + others + " " + p).collect(java.util.stream.Collectors.joining("\n"));
        c.why = who + " held CPU " + c.moveCpu + " while chain tasks waited there" + (c.movePids.size() > 1
            ? " (all of them: moving one, another of the same program would take its place)" : "");
    }

    /** Per-CPU kernel threads cannot be moved with taskset. */
    static boolean movable(final String comm) {
        return !(comm.startsWith("kworker/") || comm.startsWith("ksoftirqd/") || comm.startsWith("migration/")
            || comm.startsWith("rcu") || comm.startsWith("cpuhp/") || comm.startsWith("idle_inject/") || comm.startsWith("irq/")
            || comm.equals("<idle>") || comm.startsWith("swapper"));
    }

    /** CPUs 0..n-1 except {@code except}, in list syntax ({@code 0,2-3}). */
    static String cpuList(final int n, final int except) {
        return CpuList.format(IntStream.range(0, n).filter(c -> c != except).toArray());
    }
}
