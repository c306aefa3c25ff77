package dev.whylate.format.text;

import dev.whylate.model.Fields;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the payload text of an ftrace-style event line (what follows {@code event_name: }) into canonical
 * {@link Fields} (see docs/ARCHITECTURE.md, "Canonical event names and fields"). Shared by the ftrace text,
 * trace-cmd report and perf script readers.
 *
 * <p>This first version only splits generic {@code name=value} tokens; the special forms (sched_switch
 * {@code ==>}, trace-cmd plugin forms, softirq, syscalls, workqueue, tlb_flush...) are added by the text
 * readers' work.
 */
public final class TextPayloads {
    private TextPayloads() {}

    /**
     * Decodes {@code len} bytes at {@code off} of {@code b}, the payload of an event named {@code event}
     * (without subsystem), into {@code out} (not cleared here).
     */
    public static void decode(final String event, final byte[] b, final int off, final int len, final Fields out) {
        final int end = off + len;
        int i = off;
        while (i < end) {
            while (i < end && b[i] == ' ') i++;
            final int ns = i;
            while (i < end && b[i] != '=' && b[i] != ' ') i++;
            if (i >= end || b[i] != '=') {
                while (i < end && b[i] != ' ') i++;
                continue;
            }
            final String name = new String(b, ns, i - ns, StandardCharsets.US_ASCII).intern();
            i++;
            final int vs = i;
            while (i < end && b[i] != ' ') i++;
            final String v = new String(b, vs, i - vs, StandardCharsets.UTF_8);
            try {
                if (v.startsWith("0x")) out.add(name, Long.parseUnsignedLong(v.substring(2), 16), v);
                else out.add(name, Long.parseLong(v));
            } catch (NumberFormatException e) {
                out.add(name, v);
            }
        }
    }
}
