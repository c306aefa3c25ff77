package dev.whylate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hand-written ftrace text traces for the cli tests, read through the real reader (the file is written with
 * the tracefs header). {@link #CYCLES} has three request/response cycles whose latencies are set by hand:
 * 1.000 ms, 5.000 ms (the kworker carrying the reply waits 4.0 ms behind a CPU hog) and 2.000 ms. The hog's
 * comm, an IRQ handler name and a work function name are hostile markup.
 */
public final class CliTraces {
    /** The hog's comm: markup, quotes and an ampersand. */
    public static final String HOSTILE_COMM = "<script>alert(\"x\")</script>&'";
    /** An IRQ handler name with markup. */
    public static final String HOSTILE_IRQ = "<svg/onload=alert(1)>";
    /** A work function name with markup. */
    public static final String HOSTILE_WORK = "<b>evil</b>";

    private static final String HEADER = String.join("\n",
        "# tracer: nop",
        "#",
        "# entries-in-buffer/entries-written: 60/60   #P:2",
        "#",
        "#                                _-----=> irqs-off/BH-disabled",
        "#                               / _----=> need-resched",
        "#                              | / _---=> hardirq/softirq",
        "#                              || / _--=> preempt-depth",
        "#                              ||| / _-=> migrate-disable",
        "#                              |||| /     delay",
        "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION",
        "#              | |         |   |||||     |         |",
        "");

    /** Start filter of the cycles in {@link #CYCLES}. */
    public static final String START = "sys_enter_write: comm == \"req\" && count == 7";
    /** End filter (with markup in its text; it matches every sys_exit_read of req with ret 1). */
    public static final String END = "sys_exit_read: ret > 0 && comm != \"<x>&amp;\"";

    /** Three cycles of consumer req (pid 100, CPU 1) served by kworker/0:1 (pid 50, CPU 0). */
    public static final String CYCLES = cycle(10_000_000, null) + cycle(10_010_000, HOSTILE_COMM) + cycle2(10_020_000);

    private CliTraces() {}

    /** A fast cycle at {@code t0} µs (1.000 ms), or with a hog named {@code hog} on CPU 0 a slow one (5.000 ms). */
    private static String cycle(final long t0, final String hog) {
        final StringBuilder b = new StringBuilder();
        final String cpu0 = hog == null ? "<idle>-0" : hog + "-200";
        final String prev0 = hog == null ? "prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R"
            : "prev_comm=" + hog + " prev_pid=200 prev_prio=120 prev_state=R+";
        final long serve = hog == null ? t0 + 530 : t0 + 4530;
        if (hog != null) {
            line(b, "<idle>-0", 0, "d..2.", t0 - 100, "sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm="
                + hog + " next_pid=200 next_prio=120");
        }
        line(b, "req-100", 1, ".....", t0, "sys_write(fd: 3, buf: 0x5600, count: 7)");
        line(b, "req-100", 1, "d..2.", t0 + 10, "sched_switch: prev_comm=req prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120");
        line(b, cpu0, 0, "d.h1.", t0 + 500, "irq_handler_entry: irq=30 name=" + HOSTILE_IRQ);
        line(b, cpu0, 0, "d.h1.", t0 + 510, "workqueue_queue_work: work struct=00000000f3617ab6 function=flush_to_ldisc workqueue=events req_cpu=8 cpu=0");
        line(b, cpu0, 0, "d.h2.", t0 + 512, "sched_waking: comm=kworker/0:1 pid=50 prio=120 target_cpu=000");
        line(b, cpu0, 0, "d.h1.", t0 + 520, "irq_handler_exit: irq=30 ret=handled");
        line(b, cpu0, 0, "d..2.", serve, "sched_switch: " + prev0 + " ==> next_comm=kworker/0:1 next_pid=50 next_prio=120");
        worker(b, serve);
        line(b, "<idle>-0", 1, "d..2.", serve + 70, "sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=req next_pid=100 next_prio=120");
        line(b, "req-100", 1, ".....", hog == null ? t0 + 1000 : t0 + 5000, "sys_read -> 0x1");
        return b.toString();
    }

    /** A 2.000 ms cycle whose reply comes later, from an idle CPU 0, plus a hostile work item. */
    private static String cycle2(final long t0) {
        final StringBuilder b = new StringBuilder();
        line(b, "req-100", 1, ".....", t0, "sys_write(fd: 3, buf: 0x5600, count: 7)");
        line(b, "req-100", 1, "d..2.", t0 + 10, "sched_switch: prev_comm=req prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120");
        line(b, "<idle>-0", 0, "d.h1.", t0 + 1500, "irq_handler_entry: irq=30 name=" + HOSTILE_IRQ);
        line(b, "<idle>-0", 0, "d.h1.", t0 + 1505, "workqueue_queue_work: work struct=00000000aaaa0001 function=" + HOSTILE_WORK
            + " workqueue=events req_cpu=8 cpu=0");
        line(b, "<idle>-0", 0, "d.h1.", t0 + 1510, "workqueue_queue_work: work struct=00000000f3617ab6 function=flush_to_ldisc workqueue=events req_cpu=8 cpu=0");
        line(b, "<idle>-0", 0, "d.h2.", t0 + 1512, "sched_waking: comm=kworker/0:1 pid=50 prio=120 target_cpu=000");
        line(b, "<idle>-0", 0, "d.h1.", t0 + 1520, "irq_handler_exit: irq=30 ret=handled");
        line(b, "<idle>-0", 0, "d..2.", t0 + 1530, "sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=kworker/0:1 next_pid=50 next_prio=120");
        line(b, "kworker/0:1-50", 0, ".....", t0 + 1532, "workqueue_execute_start: work struct 00000000aaaa0001: function " + HOSTILE_WORK);
        line(b, "kworker/0:1-50", 0, ".....", t0 + 1535, "workqueue_execute_end: work struct 00000000aaaa0001: function " + HOSTILE_WORK);
        worker(b, t0 + 1530);
        line(b, "<idle>-0", 1, "d..2.", t0 + 1600, "sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=req next_pid=100 next_prio=120");
        line(b, "req-100", 1, ".....", t0 + 2000, "sys_read -> 0x1");
        return b.toString();
    }

    /** kworker/0:1 switched in at {@code t}: runs flush_to_ldisc, wakes req, sleeps. */
    private static void worker(final StringBuilder b, final long t) {
        line(b, "kworker/0:1-50", 0, ".....", t + 10, "workqueue_execute_start: work struct 00000000f3617ab6: function flush_to_ldisc");
        line(b, "kworker/0:1-50", 0, "d..2.", t + 20, "sched_waking: comm=req pid=100 prio=120 target_cpu=001");
        line(b, "kworker/0:1-50", 0, ".....", t + 30, "workqueue_execute_end: work struct 00000000f3617ab6: function flush_to_ldisc");
        line(b, "kworker/0:1-50", 0, "d..2.", t + 40, "sched_switch: prev_comm=kworker/0:1 prev_pid=50 prev_prio=120 prev_state=I ==> next_comm=swapper/0 next_pid=0 next_prio=120");
    }

    private static void line(final StringBuilder b, final String task, final int cpu, final String flags, final long us, final String event) {
        b.append(String.format("%16s [%03d] %s %d.%06d: %s%n", task, cpu, flags, us / 1_000_000, us % 1_000_000, event));
    }

    /** Writes {@code body} with the tracefs header to {@code dir/name}. */
    public static Path write(final Path dir, final String name, final String body) throws IOException {
        final Path p = dir.resolve(name);
        Files.write(p, (HEADER + body).getBytes(StandardCharsets.UTF_8));
        return p;
    }
}
