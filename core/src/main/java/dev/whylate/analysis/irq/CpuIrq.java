package dev.whylate.analysis.irq;

import java.util.Map;

/**
 * Interrupt and deferred-work load of one CPU.
 *
 * @param cpu the CPU
 * @param spanNs time from the CPU's first to its last event
 * @param hardirqNs time in hardirq handlers, vectors and NMIs, nested time counted once
 * @param softirqNs time in softirqs (tasklets and softirq hrtimers included), nested hardirqs excluded
 * @param hardirqShare hardirqNs / spanNs
 * @param softirqShare softirqNs / spanNs
 * @param idleShare time the idle task was current / spanNs; -1 without sched_switch events
 * @param hardirq device IRQs by handler name (a name shared by several IRQs is keyed {@code name/irq})
 * @param vectors x86 vectors / arm IPI reasons by name ({@code local_timer}, {@code reschedule}, ...)
 * @param softirq softirq vectors by the name /proc/softirqs uses ({@code NET_RX}, ...)
 * @param tasklets tasklet runs by function
 * @param nmi NMI handler runs by handler (from nmi:nmi_handler)
 * @param ipi IPIs received and sent
 * @param tlbShootdowns TLB shootdowns received
 */
public record CpuIrq(int cpu, long spanNs, long hardirqNs, long softirqNs, double hardirqShare, double softirqShare, double idleShare,
                     Map<String, Hardirq> hardirq, Map<String, Vector> vectors, Map<String, Softirq> softirq,
                     Map<String, Handler> tasklets, Map<String, Handler> nmi, IpiCpu ipi, TlbCpu tlbShootdowns) {}
