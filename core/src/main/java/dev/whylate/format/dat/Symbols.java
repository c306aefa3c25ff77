package dev.whylate.format.dat;

/**
 * Kernel symbols and printk formats of one trace.dat, parsed on first use (most reads never need them).
 */
final class Symbols {
    private final DatLayout.Lazy kallsymsText;
    private final DatLayout.Lazy printkText;
    private volatile Kallsyms kallsyms;
    private volatile PrintkFormats printk;

    Symbols(final DatLayout.Lazy kallsymsText, final DatLayout.Lazy printkText) {
        this.kallsymsText = kallsymsText;
        this.printkText = printkText;
    }

    /** No symbols at all. */
    static Symbols none() {
        return new Symbols(() -> new byte[0], () -> new byte[0]);
    }

    Kallsyms kallsyms() {
        Kallsyms k = kallsyms;
        if (k == null) {
            synchronized (this) {
                k = kallsyms;
                if (k == null) {
                    final byte[] t = kallsymsText.get();
                    k = t.length == 0 ? Kallsyms.EMPTY : Kallsyms.parse(t);
                    kallsyms = k;
                }
            }
        }
        return k;
    }

    PrintkFormats printk() {
        PrintkFormats p = printk;
        if (p == null) {
            synchronized (this) {
                p = printk;
                if (p == null) {
                    final byte[] t = printkText.get();
                    p = t.length == 0 ? PrintkFormats.EMPTY : PrintkFormats.parse(t);
                    printk = p;
                }
            }
        }
        return p;
    }

    /**
     * {@code %ps}/{@code %pf} (name) or {@code %pS}/{@code %pF} ({@code name+0xoff}) of {@code addr}, or
     * {@code null} when no symbol covers it.
     */
    String symbol(final long addr, final boolean withOffset) {
        final Kallsyms k = kallsyms();
        final int i = k.find(addr);
        if (i < 0) return null;
        return withOffset ? k.name(i) + "+0x" + Long.toHexString(addr - k.address(i)) : k.name(i);
    }
}
