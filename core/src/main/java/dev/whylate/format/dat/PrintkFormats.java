package dev.whylate.format.dat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The printk formats section ({@code 0xffffffff82a2c1b0 : "fmt\n"} lines): the format strings that
 * {@code bprint} events and {@code const char *} fields point at. The quotes and one trailing {@code \n} are
 * removed; other escapes stay as written.
 */
final class PrintkFormats {
    /** No formats. */
    static final PrintkFormats EMPTY = new PrintkFormats(Map.of());

    private final Map<Long, String> byAddr;

    private PrintkFormats(final Map<Long, String> byAddr) {
        this.byAddr = byAddr;
    }

    /** Parses the section text. */
    static PrintkFormats parse(final byte[] t) {
        final Map<Long, String> m = new HashMap<>();
        for (final String line : new String(t, StandardCharsets.UTF_8).split("\n")) {
            final int c = line.indexOf(':');
            if (c < 0) continue;
            String a = line.substring(0, c).strip();
            if (a.startsWith("0x") || a.startsWith("0X")) a = a.substring(2);
            final long addr;
            try {
                addr = Long.parseUnsignedLong(a, 16);
            } catch (NumberFormatException e) {
                continue;
            }
            String f = c + 2 <= line.length() ? line.substring(c + 2) : "";
            if (f.startsWith("\"")) f = f.substring(1);
            if (f.endsWith("\"")) {
                f = f.substring(0, f.length() - 1);
                if (f.endsWith("\\n")) f = f.substring(0, f.length() - 2);
            }
            m.put(addr, f);
        }
        return new PrintkFormats(m);
    }

    /** The format at {@code addr}, or {@code null}. */
    String get(final long addr) {
        return byAddr.get(addr);
    }

    /** Number of formats. */
    int size() {
        return byAddr.size();
    }
}
