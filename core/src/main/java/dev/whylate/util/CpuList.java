package dev.whylate.util;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * CPU lists as the kernel writes them ({@code 0-3,8,10-11}): {@code isolcpus=}, {@code nohz_full=},
 * {@code /sys/devices/system/cpu/isolated}, {@code smp_affinity_list}; and as hexadecimal masks.
 *
 * <pre>{@code
 * int[] cpus = CpuList.parse("0-2,5");   // {0, 1, 2, 5}
 * String s = CpuList.format(cpus);        // "0-2,5"
 * }</pre>
 */
public final class CpuList {
    /** Highest CPU number accepted. */
    public static final int MAX_CPU = 65535;

    private CpuList() {}

    /**
     * The CPUs of {@code text}, ascending and without duplicates; empty for a blank text.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static int[] parse(final String text) {
        final BitSet set = new BitSet();
        final String t = text.strip();
        if (t.isEmpty()) return new int[0];
        for (final String part0 : t.split(",")) {
            final String part = part0.strip();
            final int dash = part.indexOf('-');
            try {
                if (dash > 0) {
                    final int a = cpu(part.substring(0, dash));
                    final int b = cpu(part.substring(dash + 1));
                    if (b < a) throw new IllegalArgumentException("bad CPU range '" + part + "' in '" + text + "'");
                    set.set(a, b + 1);
                } else {
                    set.set(cpu(part));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad CPU list '" + text + "' (use e.g. 0-3,8)");
            }
        }
        return set.stream().toArray();
    }

    private static int cpu(final String s) {
        final String t = s.strip();
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) throw new NumberFormatException(t);
        final int v = Integer.parseInt(t);
        if (v > MAX_CPU) throw new IllegalArgumentException("CPU " + v + " is above " + MAX_CPU);
        return v;
    }

    /** The shortest list text for ascending {@code cpus} ({@code 0-2,5}); empty for none. */
    public static String format(final int[] cpus) {
        final StringBuilder b = new StringBuilder();
        for (int k = 0; k < cpus.length; ) {
            int j = k;
            while (j + 1 < cpus.length && cpus[j + 1] == cpus[j] + 1) j++;
            if (b.length() > 0) b.append(',');
            b.append(cpus[k]);
            if (j > k) b.append('-').append(cpus[j]);
            k = j + 1;
        }
        return b.toString();
    }

    /**
     * The CPUs as a hexadecimal mask in the kernel's cpumask format ({@code 0,2-3} → {@code d}; CPU 32 →
     * {@code 1,00000000}): 32-bit groups separated by commas, the most significant first and unpadded, as
     * {@code smp_affinity}, {@code rps_cpus}, the workqueue {@code cpumask} and {@code IRQBALANCE_BANNED_CPUS}
     * take it (the kernel refuses a group of more than 8 hex digits); "0" for none.
     */
    public static String hexMask(final int[] cpus) {
        BigInteger m = BigInteger.ZERO;
        for (final int c : cpus) m = m.setBit(c);
        final StringBuilder b = new StringBuilder();
        final int groups = Math.max(1, (m.bitLength() + 31) / 32);
        for (int g = groups - 1; g >= 0; g--) {
            final long word = m.shiftRight(32 * g).longValue() & 0xFFFF_FFFFL;
            if (g == groups - 1) b.append(Long.toHexString(word));
            else b.append(',').append(String.format("%08x", word));
        }
        return b.toString();
    }

    /** Whether ascending {@code cpus} contains {@code cpu}. */
    public static boolean contains(final int[] cpus, final int cpu) {
        return java.util.Arrays.binarySearch(cpus, cpu) >= 0;
    }

    /**
     * Reads a CPU list file such as {@code /sys/devices/system/cpu/isolated}; empty when the file is missing,
     * unreadable or not a list (an old kernel without it).
     */
    public static int[] read(final Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 65536) return new int[0];
            return parse(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip());
        } catch (IOException | IllegalArgumentException e) {
            return new int[0];
        }
    }
}
