package dev.whylate.format;

/**
 * Options common to all readers.
 *
 * @param threads worker threads for parallel parsing (1 = sequential)
 */
public record ReadOptions(int threads) {
    /** Defaults: one thread per available processor. */
    public static ReadOptions defaults() {
        return new ReadOptions(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
