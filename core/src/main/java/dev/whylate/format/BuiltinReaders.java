package dev.whylate.format;

import dev.whylate.format.dat.DatReader;
import dev.whylate.format.ftrace.FtraceTextReader;
import dev.whylate.format.ftrace.SystraceHtmlReader;
import dev.whylate.format.perf.PerfScriptReader;
import dev.whylate.format.sysdig.SysdigTextReader;
import dev.whylate.format.tracecmd.TraceCmdReportReader;
import java.util.List;

/** The readers shipped with whylate, in tie-break order. */
final class BuiltinReaders {
    private BuiltinReaders() {}

    static List<TraceReader> list() {
        return List.of(
            new DatReader(),
            new FtraceTextReader(),
            new TraceCmdReportReader(),
            new SystraceHtmlReader(),
            new PerfScriptReader(),
            new SysdigTextReader());
    }
}
