package dev.whylate.format;

import java.util.List;

/** The readers shipped with whylate, in tie-break order. */
final class BuiltinReaders {
    private BuiltinReaders() {}

    static List<TraceReader> list() {
        return List.of(
            new dev.whylate.format.dat.DatReader());
    }
}
