package dev.whylate.model;

/**
 * Stable sort of event positions by (timestamp, cpu), ties kept in input order. Inputs that are only
 * locally out of order take a bounded insertion sort (linear); otherwise a bottom-up merge sort over an index
 * array: O(n log n) in the worst case, one pass for inputs that are already nearly sorted runs, no boxing.
 */
final class TimeSort {
    private TimeSort() {}

    static int[] order(final long[] ts, final int[] cpuType, final int n) {
        final int[] fast = insertion(ts, cpuType, n);
        if (fast != null) return fast;
        int[] a = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        // natural runs first: find ascending runs and merge them pairwise
        int[] runs = new int[16];
        int nr = 0;
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && !less(ts, cpuType, a[j], a[j - 1])) j++;
            if (nr == runs.length) runs = java.util.Arrays.copyOf(runs, nr * 2);
            runs[nr++] = i;
            i = j;
        }
        int[] bounds = java.util.Arrays.copyOf(runs, nr + 1);
        bounds[nr] = n;
        int count = nr;
        while (count > 1) {
            int out = 0;
            int k = 0;
            final int[] next = new int[count / 2 + 2];
            while (k < count) {
                final int lo = bounds[k];
                final int mid = bounds[Math.min(k + 1, count)];
                final int hi = bounds[Math.min(k + 2, count)];
                merge(ts, cpuType, a, b, lo, mid, hi);
                next[out++] = lo;
                k += 2;
            }
            next[out] = n;
            bounds = next;
            count = out;
            final int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * Insertion sort for inputs that are out of order only locally (text traces with µs timestamps: equal
     * times on two CPUs printed in the other CPU order). Gives up, returning null, once the elements moved
     * exceed n/8 + 1024, so the worst case stays linear before the merge sort takes over.
     */
    private static int[] insertion(final long[] ts, final int[] ct, final int n) {
        final int[] a = new int[n];
        long budget = n / 8 + 1024L;
        for (int i = 0; i < n; i++) {
            int j = i;
            while (j > 0 && less(ts, ct, i, a[j - 1])) {
                a[j] = a[j - 1];
                j--;
                if (--budget < 0) return null;
            }
            a[j] = i;
        }
        return a;
    }

    private static boolean less(final long[] ts, final int[] ct, final int x, final int y) {
        if (ts[x] != ts[y]) return ts[x] < ts[y];
        return (ct[x] >>> 16) < (ct[y] >>> 16);
    }

    private static void merge(final long[] ts, final int[] ct, final int[] src, final int[] dst, final int lo, final int mid, final int hi) {
        int p = lo;
        int q = mid;
        int o = lo;
        while (p < mid && q < hi) {
            // take from the right only when strictly less: keeps input order for ties
            if (less(ts, ct, src[q], src[p])) dst[o++] = src[q++];
            else dst[o++] = src[p++];
        }
        while (p < mid) dst[o++] = src[p++];
        while (q < hi) dst[o++] = src[q++];
    }
}
