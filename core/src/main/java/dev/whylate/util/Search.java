package dev.whylate.util;

/**
 * Binary searches over index arrays sorted by a key column: {@code idx} lists row numbers whose
 * {@code key[idx[k]]} ascend with {@code k}.
 */
public final class Search {
    private Search() {}

    /** Position in {@code idx} of the last row with key ≤ {@code t}, or -1. */
    public static int lastAtOrBefore(final int[] idx, final long[] key, final long t) {
        int lo = 0;
        int hi = idx.length;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (key[idx[mid]] <= t) lo = mid + 1;
            else hi = mid;
        }
        return lo - 1;
    }

    /** Position in {@code idx} of the first row with key ≥ {@code t}, or {@code idx.length}. */
    public static int firstAtOrAfter(final int[] idx, final long[] key, final long t) {
        int lo = 0;
        int hi = idx.length;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (key[idx[mid]] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Position in {@code idx} of the first row with key &gt; {@code t}, or {@code idx.length}. */
    public static int firstAfter(final int[] idx, final long[] key, final long t) {
        return lastAtOrBefore(idx, key, t) + 1;
    }
}
