package dev.whylate.analysis.irq;

import dev.whylate.analysis.advice.Advice;
import java.util.List;

/**
 * A finding with its evidence and advice.
 *
 * @param kind {@code cpu-load} (a CPU with a high hardirq + softirq share), {@code tlb-shootdowns},
 *     {@code ipi-from-irq}, {@code ipi-undelivered}, {@code work-wait}
 * @param cpu the CPU it is about, or -1
 * @param share for {@code cpu-load}: (hardirq + softirq time) / span; else 0
 * @param summary one line
 * @param dominant the largest sources on the CPU ({@code cpu-load})
 * @param patterns serialisation patterns found ("one tasklet function on one CPU while others idle", ...)
 * @param evidence facts from the trace the advice rests on
 * @param advice changes with exact commands
 */
public record HotSpot(String kind, int cpu, double share, String summary, List<Contributor> dominant, List<String> patterns,
                      List<String> evidence, List<Advice> advice) {}
