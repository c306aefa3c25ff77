package dev.whylate.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {
    private static final long MISSING = Long.MIN_VALUE + 3;

    @Test
    void basicOperations() {
        final LongMap m = new LongMap();
        assertThat(m.isEmpty()).isTrue();
        assertThat(m.get(5, MISSING)).isEqualTo(MISSING);
        m.put(5, 50);
        m.put(-1, 10);
        m.put(Long.MIN_VALUE, 7);
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.get(5, MISSING)).isEqualTo(50);
        assertThat(m.get(-1, MISSING)).isEqualTo(10);
        assertThat(m.get(Long.MIN_VALUE, MISSING)).isEqualTo(7);
        m.put(5, 51);
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.remove(5, MISSING)).isEqualTo(51);
        assertThat(m.remove(5, MISSING)).isEqualTo(MISSING);
        assertThat(m.containsKey(5)).isFalse();
        m.clear();
        assertThat(m.size()).isZero();
        assertThat(m.get(-1, MISSING)).isEqualTo(MISSING);
    }

    /** Random puts, gets and removes on few keys (long probe runs, many deletions) agree with a HashMap. */
    @Test
    void agreesWithHashMapSeed20261122() {
        final Random r = new Random(20261122L);
        for (final int keySpace : new int[] {8, 100, 5000}) {
            final LongMap m = new LongMap(4);
            final Map<Long, Long> ref = new HashMap<>();
            for (int step = 0; step < 200_000; step++) {
                // keys that collide in the low bits as kernel addresses do
                final long k = 0xffff888100000000L + ((long) r.nextInt(keySpace) << 6);
                switch (r.nextInt(3)) {
                    case 0: {
                        final long v = r.nextLong();
                        m.put(k, v);
                        ref.put(k, v);
                        break;
                    }
                    case 1: {
                        final Long want = ref.remove(k);
                        assertThat(m.remove(k, MISSING)).isEqualTo(want == null ? MISSING : want);
                        break;
                    }
                    default: {
                        final Long want = ref.get(k);
                        assertThat(m.get(k, MISSING)).isEqualTo(want == null ? MISSING : want);
                    }
                }
                assertThat(m.size()).isEqualTo(ref.size());
            }
            for (final Map.Entry<Long, Long> e : ref.entrySet()) assertThat(m.get(e.getKey(), MISSING)).isEqualTo(e.getValue());
        }
    }
}
