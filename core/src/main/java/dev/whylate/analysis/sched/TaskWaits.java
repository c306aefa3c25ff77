package dev.whylate.analysis.sched;

import java.util.List;

/**
 * whylate's own wait statistics for one task (or all tasks of a comm), beyond perf.
 *
 * @param wakeupDelay primary wakeup (sched_waking when the trace has it, else sched_wakeup;
 *     sched_wakeup_new) of a sleeping task → its switch-in
 * @param preemptWait switch-out while runnable (R or R+) → the next switch-in
 * @param wakingToWakeup sched_waking → the matching sched_wakeup of the same task
 * @param timerWakeup wakeups inside an hrtimer callback: the timer's expiry → switch-in (→ the wakeup when
 *     the task was still running: it armed the timer too late to sleep); cyclictest's and timerlat's thread
 *     latency
 * @param timerIrq those timers' expiry → callback start ({@code now − softexpires} of hrtimer_expire_entry,
 *     timerlat's IRQ latency)
 * @param timerSlack the part of timerIrq within the timer's slack window ({@code min(now, expires) − softexpires}
 *     of its hrtimer_start): allowed by design, 50 µs for normal tasks by default, 0 for real-time ones
 * @param timerExpiryUnknown timer wakeups whose timer was armed before the trace (no hrtimer_start): counted
 *     in timerWakeup from the callback start, a lower bound
 * @param wakingWithoutWakeup sched_waking events that had no sched_wakeup before the task ran (or before the
 *     next waking)
 * @param switchInMissing waits whose switch-in the trace lacks, ended instead by the first event the task
 *     emitted (an upper bound)
 * @param unfinished waits still open at the end of the trace (the task never ran again)
 * @param unfinishedNs the time those had waited by the end of their CPU's stream
 * @param wakers who woke the task, most delay first
 * @param holders who ran on the CPU the task was queued on while it waited, most time first
 */
public record TaskWaits(Distribution wakeupDelay, Distribution preemptWait, Distribution wakingToWakeup,
                        Distribution timerWakeup, Distribution timerIrq, Distribution timerSlack, long timerExpiryUnknown, long wakingWithoutWakeup,
                        long switchInMissing, long unfinished, long unfinishedNs, List<Contributor> wakers, List<Contributor> holders) {}
