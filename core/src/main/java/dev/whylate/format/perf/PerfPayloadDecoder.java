package dev.whylate.format.perf;

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

    @Override
    public void decode(final EventStore store, final int index, final Fields out) {
        out.clear();
        final LineScratch s = scratch.get();
        final byte[] b = s.readLine(bytes, store.payload(index));
        TextPayloads.decode(store.typeName(index), b, 0, s.length(), out);
    }

    @Override
    public String text(final EventStore store, final int index) {
        final LineScratch s = scratch.get();
        final byte[] b = s.readLine(bytes, store.payload(index));
        return new String(b, 0, s.length(), StandardCharsets.UTF_8);
    }
}
