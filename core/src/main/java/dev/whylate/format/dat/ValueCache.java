package dev.whylate.format.dat;

/**
 * A direct-mapped cache from a 64-bit key to an immutable value: for texts that are a pure function of one
 * raw field value (symbols of code addresses, {@code __print_symbolic} texts), so that the few distinct values
 * of a trace are rendered once instead of once per event. A slot holds the last key mapped to it; a collision
 * only costs a recomputation. Safe for concurrent use: entries are immutable and published whole.
 *
 * @param <V> the cached value type
 */
final class ValueCache<V> {
    private static final int SLOTS = 1024;

    private record Entry<V>(long key, V value) {}

    @SuppressWarnings("unchecked")
    private final Entry<V>[] slots = new Entry[SLOTS];

    /** The value cached for {@code key}, or {@code null}. */
    V get(final long key) {
        final Entry<V> e = slots[slot(key)];
        return e != null && e.key == key ? e.value : null;
    }

    /** Caches {@code value} (not null) for {@code key}, replacing whatever shared its slot. */
    void put(final long key, final V value) {
        slots[slot(key)] = new Entry<>(key, value);
    }

    private static int slot(final long key) {
        final long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 54);
    }
}
