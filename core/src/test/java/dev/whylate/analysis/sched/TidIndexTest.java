package dev.whylate.analysis.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TidIndex against a HashMap. */
class TidIndexTest {
    @Test
    void agreesWithAHashMapSeed42() {
        final Random r = new Random(42);
        final TidIndex ix = new TidIndex();
        final Map<Integer, Integer> ref = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            final int tid = switch (r.nextInt(4)) {
                case 0 -> Integer.MIN_VALUE + r.nextInt(3);
                case 1 -> -r.nextInt(5);
                default -> r.nextInt(5000);
            };
            final Integer want = ref.computeIfAbsent(tid, k -> ref.size());
            assertThat(ix.of(tid)).isEqualTo(want);
            assertThat(ix.find(tid)).isEqualTo(want);
            assertThat(ix.tid(want)).isEqualTo(tid);
        }
        assertThat(ix.size()).isEqualTo(ref.size());
        assertThat(ix.find(123_456_789)).isEqualTo(-1);
    }
}
