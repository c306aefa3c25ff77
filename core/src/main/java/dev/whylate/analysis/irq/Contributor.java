package dev.whylate.analysis.irq;

/**
 * One source of interrupt load on a CPU.
 *
 * @param source label ({@code softirq NET_RX}, {@code hardirq 41 virtio3-rx}, {@code tasklet tcp_tasklet_func})
 * @param ns its own time (nested interrupts excluded)
 * @param share ns / the CPU's span
 * @param count runs
 */
public record Contributor(String source, long ns, double share, long count) {}
