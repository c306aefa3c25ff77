package dev.whylate.analysis.irq;

/**
 * IPIs of one CPU.
 *
 * @param count IPIs received: reschedule + call_function + call_function_single vector entries (x86;
 *     /proc/interrupts RES + CAL) or ipi_entry events (arm)
 * @param reschedule reschedule vector entries (RES)
 * @param callFunction call_function and call_function_single entries (CAL)
 * @param sent IPIs this CPU sent (one per target)
 * @param sentFromHardirq of those, sent from hardirq (or NMI) context
 */
public record IpiCpu(long count, long reschedule, long callFunction, long sent, long sentFromHardirq) {}
