package dev.whylate.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TimeSort against a plain stable sort, on nearly sorted (insertion path) and shuffled (merge path) inputs. */
class TimeSortTest {
    private static void check(final long[] ts, final int[] cpu) {
        final int n = ts.length;
        final int[] ct = new int[n];
        for (int i = 0; i < n; i++) ct[i] = cpu[i] << 16;
        final List<Integer> ref = new ArrayList<>();
        for (int i = 0; i < n; i++) ref.add(i);
        ref.sort(Comparator.<Integer>comparingLong(i -> ts[i]).thenComparingInt(i -> cpu[i]));
        final int[] got = TimeSort.order(ts, ct, n);
        for (int i = 0; i < n; i++) assertThat(got[i]).as("position %d", i).isEqualTo(ref.get(i));
    }

    @Test
    void nearlySortedTiesAcrossCpusSeed5() {
        final Random r = new Random(5);
        final int n = 50_000;
        final long[] ts = new long[n];
        final int[] cpu = new int[n];
        long t = 0;
        for (int i = 0; i < n; i++) {
            if (r.nextInt(3) > 0) t += 1000;
            ts[i] = t;
            cpu[i] = r.nextInt(4);
        }
        check(ts, cpu);
    }

    @Test
    void shuffledFallsBackToMergeSortSeed6() {
        final Random r = new Random(6);
        final int n = 30_000;
        final long[] ts = new long[n];
        final int[] cpu = new int[n];
        for (int i = 0; i < n; i++) {
            ts[i] = r.nextInt(5000);
            cpu[i] = r.nextInt(8);
        }
        check(ts, cpu);
    }

    @Test
    void tinyAndEmpty() {
        check(new long[0], new int[0]);
        check(new long[] {5}, new int[] {1});
        check(new long[] {5, 5, 4}, new int[] {1, 0, 3});
    }
}
