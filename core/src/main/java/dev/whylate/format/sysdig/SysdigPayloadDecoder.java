package dev.whylate.format.sysdig;

import dev.whylate.format.text.Ascii;
import dev.whylate.format.text.LineScratch;
import dev.whylate.io.MappedBytes;
import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import dev.whylate.model.PayloadDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes sysdig arguments lazily. The payload reference is the file offset of the arguments
 * ({@code %evt.info}); switch events re-read their line from its start to recover the process name for
 * {@code prev_comm}. Field mapping: {@link SysdigArgs} and {@link SysdigTextReader}. Thread-safe.
 */
final class SysdigPayloadDecoder implements PayloadDecoder {
    private final MappedBytes bytes;
    private final ThreadLocal<LineScratch> scratch = ThreadLocal.withInitial(LineScratch::new);

    SysdigPayloadDecoder(final MappedBytes bytes) {
        this.bytes = bytes;
    }

    @Override
    public void decode(final EventStore store, final int index, final Fields out) {
        out.clear();
        final String name = store.typeName(index);
        final LineScratch s = scratch.get();
        final long off = store.payload(index);
        if (name.equals("sched_switch")) {
            final long start = LineScratch.lineStart(bytes, off);
            final byte[] b = s.readLine(bytes, start);
            final SysdigLine l = new SysdigLine();
            if (l.parse(b, 0, s.length())) {
                out.add("prev_comm", Ascii.str(b, l.commStart, l.commEnd));
                out.add("prev_pid", store.tid(index));
            } else {
                out.add("prev_pid", store.tid(index));
            }
            final int a = (int) Math.min(off - start, s.length());
            SysdigArgs.decode(SysdigArgs.Kind.SWITCH, "switch", b, a, s.length(), out);
            return;
        }
        final byte[] b = s.readLine(bytes, off);
        final SysdigArgs.Kind kind;
        final String type;
        if (name.startsWith("sys_enter_")) {
            kind = SysdigArgs.Kind.ENTER;
            type = name.substring(10);
        } else if (name.startsWith("sys_exit_")) {
            kind = SysdigArgs.Kind.EXIT;
            type = name.substring(9);
        } else {
            kind = SysdigArgs.Kind.OTHER;
            type = name;
        }
        SysdigArgs.decode(kind, type, b, 0, s.length(), out);
    }

    @Override
    public String text(final EventStore store, final int index) {
        final LineScratch s = scratch.get();
        final byte[] b = s.readLine(bytes, store.payload(index));
        int e = s.length();
        while (e > 0 && b[e - 1] == ' ') e--;
        return new String(b, 0, e, StandardCharsets.UTF_8);
    }
}
