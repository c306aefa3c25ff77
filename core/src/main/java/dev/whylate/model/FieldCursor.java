package dev.whylate.model;

/**
 * Decodes events' fields on demand, reusing one {@link Fields}. Not thread-safe: give each thread its own.
 *
 * <pre>{@code
 * FieldCursor c = store.cursor();
 * Fields f = c.load(i);
 * int next = f.getInt("next_pid", -1);
 * }</pre>
 */
public final class FieldCursor {
    private final EventStore store;
    private final Fields fields = new Fields();
    private int loaded = -1;

    FieldCursor(final EventStore store) {
        this.store = store;
    }

    /** Decodes event {@code i} (cached when it is the one loaded last) and returns its fields. */
    public Fields load(final int i) {
        if (i != loaded) {
            fields.clear();
            store.decoder().decode(store, i, fields);
            loaded = i;
        }
        return fields;
    }
}
