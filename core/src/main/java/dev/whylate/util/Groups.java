package dev.whylate.util;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/** Groups row numbers by an int key column. */
public final class Groups {
    private Groups() {}

    /** Row numbers {@code 0..key.length-1} that pass {@code keep}, grouped by {@code key[row]}, ascending within a group. */
    public static Map<Integer, int[]> byKey(final int[] key, final IntPredicate keep) {
        final Map<Integer, IntList> per = new HashMap<>();
        for (int i = 0; i < key.length; i++) if (keep.test(i)) per.computeIfAbsent(key[i], k -> new IntList()).add(i);
        final Map<Integer, int[]> out = new HashMap<>(per.size() * 2);
        for (final Map.Entry<Integer, IntList> e : per.entrySet()) out.put(e.getKey(), e.getValue().toArray());
        return out;
    }

    /** All rows grouped by {@code key[row]}. */
    public static Map<Integer, int[]> byKey(final int[] key) {
        return byKey(key, i -> true);
    }
}
