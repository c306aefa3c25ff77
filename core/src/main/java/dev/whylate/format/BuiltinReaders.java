package dev.whylate.format;

import dev.whylate.format.perf.PerfScriptReader;
import dev.whylate.format.sysdig.SysdigTextReader;
import java.util.List;

/** The readers shipped with whylate, in tie-break order. */
final class BuiltinReaders {
    private BuiltinReaders() {}

    static List<TraceReader> list() {
        return List.of(
            new PerfScriptReader(),
            new SysdigTextReader());
    }
}
