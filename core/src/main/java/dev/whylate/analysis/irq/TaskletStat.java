package dev.whylate.analysis.irq;

import java.util.Map;

/**
 * One tasklet function over all CPUs. A tasklet never runs on two CPUs at once and runs on the CPU that
 * scheduled it, so one function concentrated on one CPU is serialised there.
 *
 * @param function the tasklet function
 * @param count runs seen
 * @param totalNs time inside
 * @param durationNs entry → exit of complete runs
 * @param byCpu runs per CPU
 */
public record TaskletStat(String function, long count, long totalNs, Dist durationNs, Map<Integer, Long> byCpu) {}
