package dev.whylate.live;

/**
 * What {@link TopView#build} shows.
 *
 * @param cpus CPUs to show (ascending), or null for all
 * @param perCpuTop sources listed per CPU
 * @param sourcesTop rows in the sources tables
 * @param hotRate per-CPU rate (per second) above which a source is a hot spot on a non-isolated CPU
 * @param isolated CPUs kept for latency-critical work (ascending): any device IRQ, IPI or NMI on them is a hot
 *     spot, and a tick above 10/s
 * @param nohzFull the nohz_full CPUs (ascending), subset of the isolated ones, for the tick advice
 */
public record TopOptions(int[] cpus, int perCpuTop, int sourcesTop, double hotRate, int[] isolated, int[] nohzFull) {
    /** Defaults: all CPUs, 3 per CPU, 10 sources, hot at 1000/s, no isolated CPUs. */
    public static TopOptions defaults() {
        return new TopOptions(null, 3, 10, 1000, new int[0], new int[0]);
    }

    /** Checks arguments. */
    public TopOptions {
        if (perCpuTop < 0 || sourcesTop < 0) throw new IllegalArgumentException("negative counts");
        if (!(hotRate > 0)) throw new IllegalArgumentException("hotRate must be > 0");
        if (isolated == null) isolated = new int[0];
        if (nohzFull == null) nohzFull = new int[0];
    }
}
