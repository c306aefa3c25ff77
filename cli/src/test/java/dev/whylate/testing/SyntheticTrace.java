package dev.whylate.testing;

import dev.whylate.model.EventStore;
import dev.whylate.model.EventTypes;
import dev.whylate.model.Fields;
import dev.whylate.model.PayloadDecoder;
import dev.whylate.model.TaskState;
import dev.whylate.model.TaskTable;
import dev.whylate.model.Trace;
import dev.whylate.util.IntList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A large seeded trace built in memory (no text to parse): 4 CPUs; on CPUs 0 and 1 request/response cycles of
 * consumer {@code req} (pid 100, CPU 1) answered by an interrupt on CPU 0 that queues flush_to_ldisc for
 * kworker/0:1 (pid 50), which sometimes waits behind a hog (pid 200, hostile comm) for a random time; on
 * CPUs 2 and 3 noise tasks switching, waking each other, interrupts and softirqs. The cycles' latencies are
 * known by construction ({@link #misses(long)}).
 */
public final class SyntheticTrace {
    /** Start filter of the cycles. */
    public static final String START = "sys_enter_write: comm == \"req\" && count == 7";
    /** End filter. */
    public static final String END = "sys_exit_read: ret > 0";

    private static final String[] TYPES = {"sched_switch", "sched_waking", "irq_handler_entry", "irq_handler_exit", "softirq_entry",
        "softirq_exit", "workqueue_queue_work", "workqueue_execute_start", "workqueue_execute_end", "sys_enter_write", "sys_exit_read"};
    private static final int SW = 0;
    private static final int WAKING = 1;
    private static final int IRQ_IN = 2;
    private static final int IRQ_OUT = 3;
    private static final int SOFT_IN = 4;
    private static final int SOFT_OUT = 5;
    private static final int QUEUE = 6;
    private static final int EXEC_START = 7;
    private static final int EXEC_END = 8;
    private static final int WRITE = 9;
    private static final int READ_RET = 10;
    private static final String[] IRQ_NAMES = {"xhci_hcd", "eth0", "<i>nvme0q1</i>", "ahci"};
    private static final String[] SOFTIRQS = {"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU"};

    private final Trace trace;
    private final long[] latencies;

    private final EventTypes types = new EventTypes();
    private final int[] typeId = new int[TYPES.length];
    private final EventStore.Builder b = EventStore.builder(types);
    private final IntList pa = new IntList(1 << 20);
    private final IntList pb = new IntList(1 << 20);
    private final IntList pc = new IntList(1 << 20);
    private final Map<Integer, String> comms = new java.util.HashMap<>();

    private SyntheticTrace(final long seed, final int target) {
        for (int k = 0; k < TYPES.length; k++) typeId[k] = types.intern(TYPES[k].startsWith("sys_") ? "syscalls" : null, TYPES[k]);
        comms.put(100, "req");
        comms.put(50, "kworker/0:1");
        comms.put(200, "hog<&\"'>");
        for (int p = 300; p < 316; p++) comms.put(p, "noise-" + p);
        final SplittableRandom rnd = new SplittableRandom(seed);
        final int cycles = Math.max(1, target / 100);
        latencies = new long[cycles];
        long t = 1_000_000_000L;
        int cpu0 = 0;
        for (int c = 0; c < cycles; c++) {
            final long t0 = t;
            add(t0, 1, 100, WRITE, 3, 7, 0);
            add(t0 + 10_000, 1, 100, SW, 100, TaskState.SLEEPING, 0);
            final long r = t0 + 300_000 + rnd.nextLong(500_000);
            final boolean hog = rnd.nextInt(10) < 3;
            if (hog && cpu0 == 0) {
                add(r - 50_000, 0, 0, SW, 0, TaskState.RUNNING, 200);
                cpu0 = 200;
            }
            add(r, 0, cpu0, IRQ_IN, 30, 0, 0);
            add(r + 2_000, 0, cpu0, QUEUE, 0xabc, 1, 0);
            add(r + 3_000, 0, cpu0, WAKING, 50, 0, 0);
            add(r + 5_000, 0, cpu0, IRQ_OUT, 30, 0, 0);
            final long serve = hog ? r + 5_000 + rnd.nextLong(6_000_000) : r + 20_000;
            add(serve, 0, cpu0, SW, cpu0, cpu0 == 200 ? TaskState.PREEMPTED : TaskState.RUNNING, 50);
            add(serve + 5_000, 0, 50, EXEC_START, 0xabc, 1, 0);
            add(serve + 10_000, 0, 50, WAKING, 100, 1, 0);
            add(serve + 15_000, 0, 50, EXEC_END, 0xabc, 1, 0);
            add(serve + 20_000, 0, 50, SW, 50, TaskState.IDLE, 0);
            cpu0 = 0;
            add(serve + 40_000, 1, 0, SW, 0, TaskState.RUNNING, 100);
            final long end = serve + 50_000;
            add(end, 1, 100, READ_RET, 1, 0, 0);
            latencies[c] = end - t0;
            t = end + 200_000 + rnd.nextLong(600_000);
        }
        // noise on CPUs 2 and 3 over the same span, until the target event count
        final long span = t - 1_000_000_000L;
        final int noise = Math.max(0, target - b.size());
        // ~1.5 events per step, alternating CPUs: a mean step of 2.5 span / noise overshoots the target a little
        final long step = Math.max(1000, 5 * span / Math.max(1, noise));
        final long[] u = {0, 0, 1_000_000_000L, 1_000_000_000L};
        final int[] cur = {0, 0, 302, 303};
        for (int k = 0; b.size() < target && (u[2] < t || u[3] < t); k++) {
            final int cpu = 2 + (k & 1);
            final int what = rnd.nextInt(4);
            if (what == 0) {
                final int next = 300 + rnd.nextInt(16);
                if (next != cur[cpu]) {
                    add(u[cpu], cpu, cur[cpu], SW, cur[cpu], TaskState.PREEMPTED, next);
                    cur[cpu] = next;
                }
            } else if (what == 1) {
                add(u[cpu], cpu, cur[cpu], WAKING, 300 + rnd.nextInt(16), cpu, 0);
            } else if (what == 2) {
                final int irq = 40 + rnd.nextInt(4);
                add(u[cpu], cpu, cur[cpu], IRQ_IN, irq, 0, 0);
                add(u[cpu] + 3_000, cpu, cur[cpu], IRQ_OUT, irq, 0, 0);
            } else {
                final int vec = rnd.nextInt(2) == 0 ? 3 : 1;
                add(u[cpu], cpu, cur[cpu], SOFT_IN, vec, 0, 0);
                add(u[cpu] + 4_000, cpu, cur[cpu], SOFT_OUT, vec, 0, 0);
            }
            u[cpu] += 5_000 + rnd.nextLong(step);
        }
        final TaskTable.Builder tasks = TaskTable.builder();
        for (final Map.Entry<Integer, String> e : comms.entrySet()) tasks.observe(e.getKey(), e.getKey(), e.getValue(), 0);
        final int[] a = pa.toArray();
        final int[] bb = pb.toArray();
        final int[] cc = pc.toArray();
        final PayloadDecoder dec = new PayloadDecoder() {
            @Override
            public void decode(final EventStore store, final int index, final Fields out) {
                out.clear();
                fill(store.typeName(index), (int) store.payload(index), a, bb, cc, out);
            }

            @Override
            public String text(final EventStore store, final int index) {
                final Fields f = new Fields();
                decode(store, index, f);
                return f.toString();
            }
        };
        trace = new Trace("synthetic", b.build(dec), tasks.build(), List.of(), List.of(), 0, 0, 4, Map.of(), null);
    }

    private void add(final long ts, final int cpu, final int tid, final int kind, final int x, final int y, final int z) {
        final int p = pa.add(x);
        pb.add(y);
        pc.add(z);
        b.add(ts, cpu, tid, typeId[kind], 0, p);
    }

    private void fill(final String type, final int p, final int[] a, final int[] bb, final int[] cc, final Fields out) {
        switch (type) {
            case "sched_switch":
                out.add("prev_comm", comms.getOrDefault(a[p], "swapper"));
                out.add("prev_pid", a[p]);
                out.add("prev_prio", 120);
                out.add("prev_state", bb[p], TaskState.render(bb[p]));
                out.add("next_comm", comms.getOrDefault(cc[p], "swapper"));
                out.add("next_pid", cc[p]);
                out.add("next_prio", 120);
                break;
            case "sched_waking":
                out.add("comm", comms.getOrDefault(a[p], "?"));
                out.add("pid", a[p]);
                out.add("prio", 120);
                out.add("target_cpu", bb[p]);
                break;
            case "irq_handler_entry":
                out.add("irq", a[p]);
                out.add("name", a[p] == 30 ? "xhci_hcd" : IRQ_NAMES[a[p] - 40]);
                break;
            case "irq_handler_exit":
                out.add("irq", a[p]);
                out.add("ret", 1, "handled");
                break;
            case "softirq_entry":
            case "softirq_exit":
                out.add("vec", a[p], SOFTIRQS[a[p]]);
                break;
            case "workqueue_queue_work":
                out.add("work", a[p]);
                out.add("function", "flush_to_ldisc");
                out.add("workqueue", "events");
                out.add("req_cpu", 8);
                out.add("cpu", 0);
                break;
            case "workqueue_execute_start":
            case "workqueue_execute_end":
                out.add("work", a[p]);
                out.add("function", "flush_to_ldisc");
                break;
            case "sys_enter_write":
                out.add("fd", a[p]);
                out.add("count", bb[p]);
                break;
            case "sys_exit_read":
                out.add("ret", a[p]);
                break;
            default:
                break;
        }
    }

    /** A synthetic trace of about {@code events} events from {@code seed}. */
    public static SyntheticTrace generate(final long seed, final int events) {
        return new SyntheticTrace(seed, events);
    }

    /** The trace. */
    public Trace trace() {
        return trace;
    }

    /** Cycles generated. */
    public int cycles() {
        return latencies.length;
    }

    /** Cycles with latency above {@code deadlineNs}, by construction. */
    public long misses(final long deadlineNs) {
        long n = 0;
        for (final long l : latencies) if (l > deadlineNs) n++;
        return n;
    }
}
