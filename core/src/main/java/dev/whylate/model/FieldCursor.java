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

    /**
     * Field {@code name} of event {@code i} as a number, or {@code dflt} when absent or not numeric: the same as
     * {@code load(i).getLong(name, dflt)}, but the decoder may answer without decoding the whole payload
     * ({@link PayloadDecoder#number}).
     */
    public long number(final int i, final String name, final long dflt) {
        if (i == loaded) return fields.getLong(name, dflt);
        loaded = -1;
        return store.decoder().number(store, i, name, dflt, fields);
    }
}
