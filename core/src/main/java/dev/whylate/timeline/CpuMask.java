package dev.whylate.timeline;

import dev.whylate.util.IntList;

/** Parses cpumask texts as traces print them: a hex bitmask ({@code 3}, {@code 00000000,00000003}, {@code 3f,ffffffff}) or a CPU list ({@code 0-3,5}). */
public final class CpuMask {
    private CpuMask() {}

    /** The CPUs in {@code s}, ascending; empty for null or garbage. */
    public static int[] parse(final String s) {
        final IntList out = new IntList();
        if (s == null || s.isEmpty()) return out.toArray();
        final String t = s.startsWith("0x") ? s.substring(2) : s;
        if (isHexGroups(t)) {
            final String[] g = t.split(",");
            int bit = 0;
            for (int k = g.length - 1; k >= 0; k--) {
                final String grp = g[k];
                for (int j = grp.length() - 1; j >= 0; j--) {
                    final int v = Character.digit(grp.charAt(j), 16);
                    for (int b = 0; b < 4; b++) if ((v & (1 << b)) != 0) out.add(bit + b);
                    bit += 4;
                }
            }
            return out.toArray();
        }
        for (final String part : t.split(",")) {
            try {
                final int dash = part.indexOf('-');
                if (dash > 0) {
                    final int a = Integer.parseInt(part.substring(0, dash).trim());
                    final int b = Integer.parseInt(part.substring(dash + 1).trim());
                    if (a < 0 || b > dev.whylate.util.CpuList.MAX_CPU) return new int[0];
                    for (int c = a; c <= b; c++) out.add(c);
                } else if (!part.isBlank()) {
                    final int c = Integer.parseInt(part.trim());
                    if (c < 0 || c > dev.whylate.util.CpuList.MAX_CPU) return new int[0];
                    out.add(c);
                }
            } catch (NumberFormatException e) {
                return new int[0];
            }
        }
        return out.toArray();
    }

    private static boolean isHexGroups(final String t) {
        if (t.indexOf('-') >= 0) return false;
        final String[] g = t.split(",");
        if (g.length > 1) {
            // the kernel's %*pb: 32-bit groups, the first (most significant) only as wide as the CPU count needs
            for (int k = 0; k < g.length; k++) {
                final String x = g[k];
                if (x.isEmpty() || x.length() > 8 || k > 0 && x.length() != 8 || !x.chars().allMatch(c -> Character.digit(c, 16) >= 0)) return false;
            }
            return true;
        }
        // a single token: a list of one decimal CPU is indistinguishable from a hex mask; trace-cmd and the
        // kernel print masks, so read it as hex unless it has non-hex characters
        return t.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
