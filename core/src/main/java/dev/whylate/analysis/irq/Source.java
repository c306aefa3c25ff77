package dev.whylate.analysis.irq;

/**
 * A context that did something, with how often: {@code hardirq 41 virtio3-rx}, {@code vector local_timer},
 * {@code softirq NET_RX}, {@code tasklet tcp_tasklet_func}, {@code hrtimer tick_nohz_handler}, {@code nmi X},
 * or {@code task comm[pid]}.
 *
 * @param context label
 * @param count occurrences
 */
public record Source(String context, long count) {}
