package dev.whylate.analysis.irq;

/**
 * One IPI send (listed when undelivered or sent from interrupt context).
 *
 * @param ts send time, ns
 * @param cpu sending CPU
 * @param comm sending thread's comm
 * @param pid sending thread
 * @param target target CPU
 * @param kind {@code reschedule}, {@code call}, {@code other}
 * @param callsite sending kernel function
 * @param callback what the target was to run
 * @param context the sender's context: {@code task}, or the interrupt it was in ({@code vector local_timer})
 * @param status {@code delivered}, {@code undelivered}, {@code pending} (trace ended, or the target took no
 *     interrupt afterwards) or {@code unknown} (the trace lacks the target's entry events)
 */
public record IpiSend(long ts, int cpu, String comm, int pid, int target, String kind, String callsite, String callback,
                      String context, String status) {}
