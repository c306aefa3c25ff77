package dev.whylate.analysis.irq;

import java.util.List;

/**
 * What every CPU was doing at one instant.
 *
 * @param ts the instant, ns
 * @param cpus one entry per selected CPU
 */
public record At(long ts, List<CpuAt> cpus) {}
