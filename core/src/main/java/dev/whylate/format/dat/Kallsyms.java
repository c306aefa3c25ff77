package dev.whylate.format.dat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Kernel symbols from the kallsyms section, for printing function pointers as trace-cmd does: the symbol
 * whose address is the nearest at or below the pointer ({@code %ps}: {@code name}, {@code %pS}:
 * {@code name+0xoff}). Like libtraceevent, absolute symbols ({@code a}/{@code A}) and ARM {@code $} mapping
 * symbols are left out, and a pointer past the last symbol only matches it exactly.
 */
final class Kallsyms {
    /** No symbols. */
    static final Kallsyms EMPTY = new Kallsyms(new long[0], new int[0], new int[0], new byte[0]);

    /** Value of an ASCII hex digit, -1 for any other byte. */
    private static final byte[] HEX = new byte[256];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) HEX[c] = (byte) (c - '0');
        for (int c = 'a'; c <= 'f'; c++) HEX[c] = (byte) (c - 'a' + 10);
        for (int c = 'A'; c <= 'F'; c++) HEX[c] = (byte) (c - 'A' + 10);
    }

    private final long[] addr;
    private final int[] nameStart;
    private final int[] nameEnd;
    private final byte[] text;

    private Kallsyms(final long[] addr, final int[] nameStart, final int[] nameEnd, final byte[] text) {
        this.addr = addr;
        this.nameStart = nameStart;
        this.nameEnd = nameEnd;
        this.text = text;
    }

    /** Number of symbols. */
    int size() {
        return addr.length;
    }

    /**
     * Parses {@code /proc/kallsyms} text ({@code "ffffffff81000000 T _stext"}, optionally {@code "\t[module]"}).
     * Names stay in {@code t} and become strings only when looked up.
     */
    static Kallsyms parse(final byte[] t) {
        int cap = 1024;
        long[] a = new long[cap];
        int[] ns = new int[cap];
        int[] ne = new int[cap];
        int n = 0;
        int p = 0;
        final int len = t.length;
        boolean sorted = true;
        while (p < len) {
            int e = p;
            while (e < len && t[e] != '\n') e++;
            int i = p;
            while (i < e && t[i] == ' ') i++;
            long v = 0;
            int digits = 0;
            while (i < e && digits < 16) {
                final int d = HEX[t[i] & 0xFF];
                if (d < 0) break;
                v = (v << 4) | d;
                i++;
                digits++;
            }
            if (digits > 0 && i + 2 < e && t[i] == ' ') {
                final byte type = t[i + 1];
                int s = i + 2;
                while (s < e && t[s] == ' ') s++;
                int f = s;
                while (f < e && t[f] != ' ' && t[f] != '\t') f++;
                if (f > s && t[s] != '$' && type != 'A' && type != 'a') {
                    if (n == cap) {
                        cap *= 2;
                        a = Arrays.copyOf(a, cap);
                        ns = Arrays.copyOf(ns, cap);
                        ne = Arrays.copyOf(ne, cap);
                    }
                    if (n > 0 && Long.compareUnsigned(a[n - 1], v) > 0) sorted = false;
                    a[n] = v;
                    ns[n] = s;
                    ne[n] = f;
                    n++;
                }
            }
            p = e + 1;
        }
        if (sorted) return new Kallsyms(Arrays.copyOf(a, n), Arrays.copyOf(ns, n), Arrays.copyOf(ne, n), t);
        // stable sort by address (unsigned), as glibc's merge-sort qsort leaves equal addresses in file order
        final int[] order = new int[n];
        for (int k = 0; k < n; k++) order[k] = k;
        mergeSort(order, new int[n], 0, n, a);
        final long[] sa = new long[n];
        final int[] s1 = new int[n];
        final int[] s2 = new int[n];
        for (int k = 0; k < n; k++) {
            sa[k] = a[order[k]];
            s1[k] = ns[order[k]];
            s2[k] = ne[order[k]];
        }
        return new Kallsyms(sa, s1, s2, t);
    }

    private static void mergeSort(final int[] x, final int[] tmp, final int lo, final int hi, final long[] key) {
        if (hi - lo < 2) return;
        final int mid = (lo + hi) >>> 1;
        mergeSort(x, tmp, lo, mid, key);
        mergeSort(x, tmp, mid, hi, key);
        if (Long.compareUnsigned(key[x[mid - 1]], key[x[mid]]) <= 0) return;
        int i = lo;
        int j = mid;
        int o = lo;
        while (i < mid && j < hi) tmp[o++] = Long.compareUnsigned(key[x[j]], key[x[i]]) < 0 ? x[j++] : x[i++];
        while (i < mid) tmp[o++] = x[i++];
        while (j < hi) tmp[o++] = x[j++];
        System.arraycopy(tmp, lo, x, lo, hi - lo);
    }

    /** Index of the symbol for {@code a} (nearest at or below, as libtraceevent's lookup), or -1. */
    int find(final long a) {
        int lo = 0;
        int hi = addr.length;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            final int c = cmp(a, mid);
            if (c < 0) hi = mid;
            else if (c > 0) lo = mid + 1;
            else return mid;
        }
        return -1;
    }

    private int cmp(final long a, final int k) {
        final long here = addr[k];
        if (a == here) return 0;
        final long next = k + 1 < addr.length ? addr[k + 1] : 0;
        if (Long.compareUnsigned(a, here) > 0 && Long.compareUnsigned(a, next) < 0) return 0;
        return Long.compareUnsigned(a, here) < 0 ? -1 : 1;
    }

    /** Symbol name at index {@code k}. */
    String name(final int k) {
        return new String(text, nameStart[k], nameEnd[k] - nameStart[k], StandardCharsets.UTF_8);
    }

    /** Symbol address at index {@code k}. */
    long address(final int k) {
        return addr[k];
    }
}
