package dev.whylate.format.perf;

import dev.whylate.format.text.FastPayloads;
import dev.whylate.format.text.LineScratch;
import dev.whylate.format.text.TextPayloads;
import dev.whylate.io.MappedBytes;
import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import dev.whylate.model.PayloadDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes perf script payloads lazily: the payload reference is the file offset of the text after
 * {@code system:name: }; the decoder reads it to the end of the line and hands it to
 * {@link TextPayloads#decode} with the event name (without subsystem). Thread-safe.
 */
final class PerfPayloadDecoder implements PayloadDecoder {
    private final MappedBytes bytes;
    private final ThreadLocal<LineScratch> scratch = ThreadLocal.withInitial(LineScratch::new);

    PerfPayloadDecoder(final MappedBytes bytes) {
        this.bytes = bytes;
    }

    /** The line buffer kept with {@code f} ({@link Fields#decoderState}: no thread-local lookup per event). */
    private LineScratch scratch(final Fields f) {
        final Object o = f.decoderState(this);
        if (o != null) return (LineScratch) o;
        final LineScratch s = new LineScratch();
        f.decoderState(this, s);
        return s;
    }

    @Override
    public void decode(final EventStore store, final int index, final Fields out) {
        out.clear();
        final LineScratch s = scratch(out);
        final byte[] b = s.readLine(bytes, store.payload(index));
        TextPayloads.decode(store.typeName(index), b, 0, s.length(), out);
    }

    /** Scheduler payloads in the kernel's form are read without decoding ({@link FastPayloads}); the rest decode. */
    @Override
    public void numbers(final EventStore store, final int index, final String[] names, final long[] dflt, final long[] out,
                        final Fields scratchFields) {
        final FastPayloads.Row row = fast(store, index, scratchFields);
        if (row == null) {
            PayloadDecoder.super.numbers(store, index, names, dflt, out, scratchFields);
            return;
        }
        for (int k = 0; k < names.length; k++) out[k] = row.getLong(names[k], dflt[k]);
    }

    /** As {@link #numbers}; comms are read without decoding too. */
    @Override
    public void numbersAndTexts(final EventStore store, final int index, final String[] numNames, final long[] dflt,
                                final long[] numOut, final String[] textNames, final String[] textOut, final Fields scratchFields) {
        final FastPayloads.Row row = fast(store, index, scratchFields);
        if (row != null && FastPayloads.answers(row, textNames)) {
            for (int k = 0; k < numNames.length; k++) numOut[k] = row.getLong(numNames[k], dflt[k]);
            for (int k = 0; k < textNames.length; k++) textOut[k] = row.getString(textNames[k]);
            return;
        }
        PayloadDecoder.super.numbersAndTexts(store, index, numNames, dflt, numOut, textNames, textOut, scratchFields);
    }

    private FastPayloads.Row fast(final EventStore store, final int index, final Fields f) {
        final String ev = store.typeName(index);
        if (ev == null || !FastPayloads.handles(ev)) return null;
        final LineScratch s = scratch(f);
        final byte[] b = s.readLine(bytes, store.payload(index));
        final FastPayloads.Row row = s.row();
        return FastPayloads.parse(ev, b, 0, s.length(), row) ? row : null;
    }

    @Override
    public String text(final EventStore store, final int index) {
        final LineScratch s = scratch.get();
        final byte[] b = s.readLine(bytes, store.payload(index));
        return new String(b, 0, s.length(), StandardCharsets.UTF_8);
    }
}
