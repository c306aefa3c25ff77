package dev.whylate.analysis.explain;

/**
 * Blame categories: rtla timerlat's (IRQ latency, blocking thread, IRQ / softirq / thread interference, exit
 * from idle) extended across tasks and CPUs with the parts of a chain that are work rather than waiting.
 */
public final class Category {
    /** A timer fired late: from its armed (hard) expiry to the expiry being processed. */
    public static final String IRQ_LATENCY = "IRQ latency";
    /**
     * A timer fired within its slack window (after the requested soft expiry, by the hard one): allowed by design,
     * 50 µs for normal tasks by default (prctl PR_SET_TIMERSLACK, /proc/PID/timerslack_ns), none for real-time ones.
     */
    public static final String TIMER_SLACK = "timer slack";
    /** A hardirq handler on the chain itself (the interrupt that started or carried the work). */
    public static final String IRQ_HANDLER = "IRQ handler";
    /** The task that was on the CPU when a chain task became runnable, and kept it. */
    public static final String BLOCKING_THREAD = "blocking thread";
    /** Hardirqs/vectors that took the CPU from a chain task (running or waiting). */
    public static final String IRQ_INTERFERENCE = "IRQ interference";
    /** Softirqs/tasklets that took the CPU from a chain task. */
    public static final String SOFTIRQ_INTERFERENCE = "softirq interference";
    /** Other tasks that ran on the CPU while a chain task waited there. */
    public static final String THREAD_INTERFERENCE = "thread interference";
    /** The CPU was idle when the chain task was woken: time to leave the idle state. */
    public static final String EXIT_FROM_IDLE = "exit from idle";
    /** A chain task running (its own work on the path). */
    public static final String RUNNING = "running";
    /** Deferred work on the chain running: a work item, softirq, tasklet or timer callback. */
    public static final String DEFERRED_WORK = "deferred work";
    /** Blocked with no traced cause in the window: a device, a sleep, or something not traced. */
    public static final String EXTERNAL = "external wait";
    /** Time the trace cannot account for (lost events, before the trace). */
    public static final String UNKNOWN = "unknown";

    private Category() {}

    /** Whether time in this category is waiting caused by others (what advice can remove). */
    public static boolean isWait(final String c) {
        return c.equals(BLOCKING_THREAD) || c.equals(THREAD_INTERFERENCE) || c.equals(IRQ_INTERFERENCE)
            || c.equals(SOFTIRQ_INTERFERENCE) || c.equals(EXIT_FROM_IDLE) || c.equals(IRQ_LATENCY) || c.equals(TIMER_SLACK);
    }
}
