package dev.whylate.analysis.irq;

import java.util.List;

/**
 * TLB shootdowns received by one CPU (flush requests from another CPU that this CPU ran).
 *
 * @param count shootdowns; with csd events this is what /proc/interrupts TLB counts, with tlb_flush events
 *     only it is a lower bound (see {@link IrqReport#tlbSource()})
 * @param senders by sending thread and syscall, most frequent first
 */
public record TlbCpu(long count, List<TlbSender> senders) {}
