package dev.whylate.analysis.irq;

/**
 * IPIs from one sender (thread, callsite, callback) to one target CPU.
 *
 * @param comm sending thread's comm (the task current on the sending CPU, also when sent from an interrupt)
 * @param pid sending thread
 * @param tgid its process (-1 unknown)
 * @param callsite kernel function that sent it (ipi_send_* callsite), or null
 * @param callback what the target runs: the csd function when csd events tie it to the send (e.g.
 *     {@code flush_tlb_func}), else the ipi_send callback, or {@code reschedule}
 * @param kind {@code reschedule}, {@code call} or {@code other}
 * @param target target CPU
 * @param count IPIs sent
 * @param delivered matched to an entry on the target
 * @param undelivered never handled although the target later took other interrupts (see {@link IpiReport})
 * @param fromHardirq sent from hardirq (or NMI) context
 * @param fromSoftirq sent from softirq context
 * @param sendToEntryNs send → entry of the handling vector on the target
 */
public record IpiFlow(String comm, int pid, int tgid, String callsite, String callback, String kind, int target, long count,
                      long delivered, long undelivered, long fromHardirq, long fromSoftirq, Dist sendToEntryNs) {}
