package dev.whylate.analysis.irq;

import java.util.List;

/**
 * All IPIs of the trace. An IPI is <em>undelivered</em> when no matching entry (x86 reschedule /
 * call_function(_single) vector, arm ipi_entry) followed on the target although the trace records such
 * entries and the target handled another interrupt later (so it had interrupts enabled); it is
 * <em>pending</em> when the target took no interrupt after it before the trace ended; <em>unknown</em>
 * when the trace has no entry events of that kind at all.
 *
 * @param sends IPI sends (one per target)
 * @param delivered matched to an entry
 * @param undelivered see above
 * @param pending see above
 * @param unknown see above
 * @param fromHardirq sent from hardirq or NMI context
 * @param fromSoftirq sent from softirq context
 * @param sendToEntryNs send → entry over all delivered IPIs
 * @param flows per sender → target, most IPIs first
 * @param undeliveredSends the undelivered sends (all)
 * @param hardirqSends sends from hardirq context (first {@link IrqOptions#top()})
 */
public record IpiReport(long sends, long delivered, long undelivered, long pending, long unknown, long fromHardirq,
                        long fromSoftirq, Dist sendToEntryNs, List<IpiFlow> flows, List<IpiSend> undeliveredSends,
                        List<IpiSend> hardirqSends) {}
