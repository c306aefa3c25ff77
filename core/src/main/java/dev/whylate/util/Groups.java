package dev.whylate.util;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/** Groups row numbers by an int key column. */
public final class Groups {
    private Groups() {}

    /** Row numbers {@code 0..key.length-1} that pass {@code keep}, grouped by {@code key[row]}, ascending within a group. */
    public static Map<Integer, int[]> byKey(final int[] key, final IntPredicate keep) {
        final Index ix = index(key, keep);
        final Map<Integer, int[]> out = new HashMap<>(ix.keys.length * 2);
        for (int g = 0; g < ix.keys.length; g++) out.put(ix.keys[g], ix.rows[g]);
        return out;
    }

    /** All rows grouped by {@code key[row]}. */
    public static Map<Integer, int[]> byKey(final int[] key) {
        return byKey(key, i -> true);
    }

    /** As {@link #byKey(int[], IntPredicate)}, without boxing: an {@link Index}. */
    public static Index index(final int[] key, final IntPredicate keep) {
        final LongMap slot = new LongMap();
        final int[] group = new int[key.length];
        int[] count = new int[16];
        int[] keys = new int[16];
        int groups = 0;
        for (int i = 0; i < key.length; i++) {
            if (!keep.test(i)) {
                group[i] = -1;
                continue;
            }
            int g = (int) slot.get(key[i], -1);
            if (g < 0) {
                g = groups++;
                slot.put(key[i], g);
                if (g == count.length) {
                    count = java.util.Arrays.copyOf(count, g * 2);
                    keys = java.util.Arrays.copyOf(keys, g * 2);
                }
                keys[g] = key[i];
            }
            group[i] = g;
            count[g]++;
        }
        final int[][] rows = new int[groups][];
        for (int g = 0; g < groups; g++) rows[g] = new int[count[g]];
        final int[] fill = new int[groups];
        for (int i = 0; i < key.length; i++) {
            final int g = group[i];
            if (g >= 0) rows[g][fill[g]++] = i;
        }
        return new Index(slot, java.util.Arrays.copyOf(keys, groups), rows);
    }

    /** All rows grouped by {@code key[row]}, without boxing. */
    public static Index index(final int[] key) {
        return index(key, i -> true);
    }

    /** Rows grouped by key: {@link #get} answers a key's rows (ascending) or {@code null}. Immutable after construction. */
    public static final class Index {
        private final LongMap slot;
        private final int[] keys;
        private final int[][] rows;

        private Index(final LongMap slot, final int[] keys, final int[][] rows) {
            this.slot = slot;
            this.keys = keys;
            this.rows = rows;
        }

        /** The rows of {@code key}, or {@code null} when it has none. */
        public int[] get(final int key) {
            final int g = (int) slot.get(key, -1);
            return g < 0 ? null : rows[g];
        }

        /** Number of distinct keys. */
        public int size() {
            return keys.length;
        }

        /** The rows of the {@code g}-th key (0..size-1, in first-seen order); callers may reorder them in place. */
        public int[] rowsAt(final int g) {
            return rows[g];
        }
    }
}
