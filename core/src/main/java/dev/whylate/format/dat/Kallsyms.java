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
    static final Kallsyms EMPTY = new Kallsyms(new long[0], new String[0]);

    private final long[] addr;
    private final String[] name;

    private Kallsyms(final long[] addr, final String[] name) {
        this.addr = addr;
        this.name = name;
    }

    /** Number of symbols. */
    int size() {
        return addr.length;
    }

    /** Parses {@code /proc/kallsyms} text ({@code "ffffffff81000000 T _stext"}, optionally {@code "\t[module]"}). */
    static Kallsyms parse(final byte[] t) {
        int cap = 1024;
        long[] a = new long[cap];
        int[] ns = new int[cap];
        int[] ne = new int[cap];
        int n = 0;
        int p = 0;
        final int len = t.length;
        while (p < len) {
            int e = p;
            while (e < len && t[e] != '\n') e++;
            // address
            int i = p;
            while (i < e && t[i] == ' ') i++;
            long v = 0;
            int digits = 0;
            while (i < e && digits < 16) {
                final int d = Character.digit(t[i], 16);
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
                    a[n] = v;
                    ns[n] = s;
                    ne[n] = f;
                    n++;
                }
            }
            p = e + 1;
        }
        // stable sort by address (unsigned), as glibc's merge-sort qsort leaves equal addresses in file order
        final Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) order[k] = k;
        final long[] fa = a;
        Arrays.sort(order, (x, y) -> Long.compareUnsigned(fa[x], fa[y]));
        final long[] sa = new long[n];
        final String[] sn = new String[n];
        for (int k = 0; k < n; k++) {
            final int o = order[k];
            sa[k] = a[o];
            sn[k] = new String(t, ns[o], ne[o] - ns[o], StandardCharsets.UTF_8);
        }
        return new Kallsyms(sa, sn);
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
        return name[k];
    }

    /** Symbol address at index {@code k}. */
    long address(final int k) {
        return addr[k];
    }
}
