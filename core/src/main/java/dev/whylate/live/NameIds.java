package dev.whylate.live;

import dev.whylate.format.text.FtraceLine;
import dev.whylate.format.text.SliceMap;
import dev.whylate.model.EventTypes;
import java.nio.charset.StandardCharsets;

/**
 * Event-name bytes of parsed ftrace lines to type ids of an {@link EventTypes}, without a String per line: the
 * kernel's per-syscall forms ({@code sys_read(...)}, {@code sys_read -> 0x1}) become {@code sys_enter_read} and
 * {@code sys_exit_read} as in the file readers. Names beyond {@link #MAX_NAMES} distinct ones get -1.
 */
final class NameIds {
    static final int MAX_NAMES = 4096;

    private final EventTypes types;
    /** Plain event names, and the syscall names of enter and exit lines (without their prefix). */
    private final SliceMap events = new SliceMap();
    private final SliceMap enters = new SliceMap();
    private final SliceMap exits = new SliceMap();

    NameIds(final EventTypes types) {
        this.types = types;
    }

    /** The type of the line {@code line} just parsed from {@code b}; -1 for function/stack lines or too many names. */
    int id(final FtraceLine line, final byte[] b) {
        final SliceMap m;
        final String prefix;
        switch (line.kind()) {
            case FtraceLine.EVENT: m = events; prefix = null; break;
            case FtraceLine.SYS_ENTER: m = enters; prefix = "sys_enter_"; break;
            case FtraceLine.SYS_EXIT: m = exits; prefix = "sys_exit_"; break;
            default: return -1;
        }
        final int s = line.nameStart();
        final int e = line.nameEnd();
        final int known = m.get(b, s, e);
        if (known >= 0) return known;
        if (events.size() + enters.size() + exits.size() >= MAX_NAMES) return -1;
        final String name = new String(b, s, e - s, StandardCharsets.UTF_8);
        final int id = prefix == null ? types.intern(null, name) : types.intern("syscalls", prefix + name);
        m.put(b, s, e, id);
        return id;
    }
}
