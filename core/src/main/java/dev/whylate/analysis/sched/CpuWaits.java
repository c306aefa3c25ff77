package dev.whylate.analysis.sched;

/**
 * Waits that ended with a switch-in on one CPU.
 *
 * @param cpu the CPU
 * @param wakeupDelay wakeup → switch-in
 * @param preemptWait runnable switch-out → switch-in
 */
public record CpuWaits(int cpu, Distribution wakeupDelay, Distribution preemptWait) {}
