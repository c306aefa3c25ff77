package dev.whylate.model;

/**
 * Turns the opaque payload reference of an event ({@link EventStore#payload(int)}) into {@link Fields}.
 * One implementation per input format; it owns the bytes the references point into (a mapped file, the
 * decompressed ring-buffer pages of a trace.dat).
 *
 * <p>Implementations must be safe to call from several threads at once, each with its own {@link Fields}.
 */
public interface PayloadDecoder {
    /**
     * Decodes the payload of event {@code index} of {@code store} into {@code out} (cleared first).
     * Malformed payloads yield fewer fields, never an exception.
     */
    void decode(EventStore store, int index, Fields out);

    /**
     * Field {@code name} of event {@code index} as a number, or {@code dflt} when it is absent or not numeric:
     * the same answer as {@link #decode} into {@code scratch} followed by {@link Fields#getLong}, which is what
     * this default does. Decoders may answer common cases without decoding the whole payload; {@code scratch}
     * may be left in any state.
     */
    default long number(final EventStore store, final int index, final String name, final long dflt, final Fields scratch) {
        decode(store, index, scratch);
        return scratch.getLong(name, dflt);
    }

    /**
     * Several numeric fields of event {@code index} at once: {@code out[k]} = field {@code names[k]} as a
     * number, or {@code dflt[k]} when it is absent or not numeric — the same answers as {@link #decode} into
     * {@code scratch} followed by {@link Fields#getLong} per name, which is what this default does. Decoders
     * may answer without decoding the texts of the payload; {@code scratch} may be left in any state. Names
     * should be interned (compile-time constants).
     */
    default void numbers(final EventStore store, final int index, final String[] names, final long[] dflt, final long[] out,
                         final Fields scratch) {
        decode(store, index, scratch);
        for (int k = 0; k < names.length; k++) out[k] = scratch.getLong(names[k], dflt[k]);
    }

    /**
     * {@link #numbers} of {@code numNames} into {@code numOut}, and the texts of {@code textNames} into
     * {@code textOut} ({@link Fields#getString}: the printed text, a number's decimal, or {@code null} when
     * absent) — the same answers as {@link #decode} into {@code scratch} followed by those lookups, which is what
     * this default does. For the few fields an analysis reads of a frequent event.
     */
    default void numbersAndTexts(final EventStore store, final int index, final String[] numNames, final long[] dflt,
                                 final long[] numOut, final String[] textNames, final String[] textOut, final Fields scratch) {
        decode(store, index, scratch);
        for (int k = 0; k < numNames.length; k++) numOut[k] = scratch.getLong(numNames[k], dflt[k]);
        for (int k = 0; k < textNames.length; k++) textOut[k] = scratch.getString(textNames[k]);
    }

    /** The payload as the input printed it (or as the format's print fmt would), for display. */
    String text(EventStore store, int index);

    /** A decoder for stores without payloads. */
    PayloadDecoder NONE = new PayloadDecoder() {
        @Override
        public void decode(final EventStore store, final int index, final Fields out) {
            out.clear();
        }

        @Override
        public String text(final EventStore store, final int index) {
            return "";
        }
    };
}
