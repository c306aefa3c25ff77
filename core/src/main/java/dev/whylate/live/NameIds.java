package dev.whylate.live;

import dev.whylate.format.text.FtraceLine;
import dev.whylate.model.EventTypes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Event-name bytes of parsed ftrace lines to type ids of an {@link EventTypes}, without a String per line: the
 * kernel's per-syscall forms ({@code sys_read(...)}, {@code sys_read -> 0x1}) become {@code sys_enter_read} and
 * {@code sys_exit_read} as in the file readers. Names beyond {@link #MAX_NAMES} distinct ones get -1.
 */
final class NameIds {
    static final int MAX_NAMES = 4096;
    private static final byte[] ENTER = "sys_enter_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXIT = "sys_exit_".getBytes(StandardCharsets.US_ASCII);

    private final EventTypes types;
    private byte[][] keys = new byte[64][];
    private int[] ids = new int[64];
    private int[] hashes = new int[64];
    private int size;

    NameIds(final EventTypes types) {
        this.types = types;
    }

    /** The type of the line {@code line} just parsed from {@code b}; -1 for function/stack lines or too many names. */
    int id(final FtraceLine line, final byte[] b) {
        final byte[] prefix;
        switch (line.kind()) {
            case FtraceLine.EVENT: prefix = null; break;
            case FtraceLine.SYS_ENTER: prefix = ENTER; break;
            case FtraceLine.SYS_EXIT: prefix = EXIT; break;
            default: return -1;
        }
        final int s = line.nameStart();
        final int e = line.nameEnd();
        int h = line.kind();
        for (int i = s; i < e; i++) h = 31 * h + b[i];
        int mask = keys.length - 1;
        int slot = (h ^ (h >>> 15)) & mask;
        while (keys[slot] != null) {
            if (hashes[slot] == h && same(keys[slot], prefix, b, s, e)) return ids[slot];
            slot = (slot + 1) & mask;
        }
        if (size >= MAX_NAMES) return -1;
        final byte[] key = new byte[(prefix == null ? 0 : prefix.length) + e - s];
        if (prefix != null) System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(b, s, key, key.length - (e - s), e - s);
        final String name = new String(key, StandardCharsets.UTF_8);
        final int id = types.intern(prefix != null ? "syscalls" : null, name);
        if (size * 2 >= keys.length) {
            grow();
            mask = keys.length - 1;
            slot = (h ^ (h >>> 15)) & mask;
            while (keys[slot] != null) slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ids[slot] = id;
        hashes[slot] = h;
        size++;
        return id;
    }

    private static boolean same(final byte[] k, final byte[] prefix, final byte[] b, final int s, final int e) {
        final int pl = prefix == null ? 0 : prefix.length;
        if (k.length != pl + e - s) return false;
        for (int i = 0; i < pl; i++) if (k[i] != prefix[i]) return false;
        for (int i = 0; i < e - s; i++) if (k[pl + i] != b[s + i]) return false;
        return true;
    }

    private void grow() {
        final byte[][] ok = keys;
        final int[] oi = ids;
        final int[] oh = hashes;
        final int n = ok.length * 2;
        keys = new byte[n][];
        ids = new int[n];
        hashes = new int[n];
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] == null) continue;
            int slot = (oh[i] ^ (oh[i] >>> 15)) & (n - 1);
            while (keys[slot] != null) slot = (slot + 1) & (n - 1);
            keys[slot] = ok[i];
            ids[slot] = oi[i];
            hashes[slot] = oh[i];
        }
        Arrays.fill(ok, null);
    }
}
