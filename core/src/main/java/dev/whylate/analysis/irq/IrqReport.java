package dev.whylate.analysis.irq;

import java.util.List;

/**
 * The result of {@link IrqAnalysis}: interrupt, softirq, tasklet, workqueue, IPI and TLB-shootdown load.
 *
 * @param startNs first event
 * @param endNs last event
 * @param cpus per CPU (selected CPUs only), ascending
 * @param workqueue per (function, workqueue), most items first
 * @param tasklets per tasklet function, most time first
 * @param ipis IPI flows, undelivered IPIs, IPIs from interrupt context
 * @param tlbSource where TLB shootdown counts come from: {@code csd} (csd_function_entry of flush_tlb_func
 *     on another CPU than the initiator: exact), {@code tlb_flush} (remote-shootdown tlb_flush events: a
 *     lower bound, the kernel skips the event when there is nothing to flush) or {@code none}
 * @param tlbStories "thread T of process P caused N shootdowns on CPU k while thread U was running there",
 *     most first
 * @param hotSpots findings with evidence and advice
 * @param at what every CPU was doing at the requested instant, or null
 * @param notes what the trace lacked and what that means for the numbers
 */
public record IrqReport(long startNs, long endNs, List<CpuIrq> cpus, List<WorkStat> workqueue, List<TaskletStat> tasklets,
                        IpiReport ipis, String tlbSource, List<TlbStory> tlbStories, List<HotSpot> hotSpots, At at,
                        List<String> notes) {}
