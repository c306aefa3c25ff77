package dev.whylate.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The incremental matcher's rules on hand-made event sequences. */
class CycleTrackerTest {
    record C(long start, long end, int tid, boolean miss, boolean lost) {}

    final List<C> out = new ArrayList<>();

    CycleTracker tracker(final long dl, final long gu, final boolean any) {
        return new CycleTracker(dl, gu, any, (s, e, tid, miss, lost) -> out.add(new C(s, e, tid, miss, lost)));
    }

    @Test
    void sameThreadEndsItsOwnCycleAndMissesAreOverTheDeadline() {
        final CycleTracker t = tracker(100, -1, false);
        t.event(0, 1, false, true);
        t.event(10, 2, false, true);
        t.event(50, 2, true, false);   // thread 2: 40
        t.event(150, 1, true, false);  // thread 1: 150 > 100
        t.event(160, 3, true, false);  // no open cycle on 3
        assertThat(out).containsExactly(new C(10, 50, 2, false, false), new C(0, 150, 1, true, false));
        t.finish(200);
        assertThat(t.unfinished()).isZero();
    }

    @Test
    void restartLosesTheOpenCycleAndAnEventCanEndAndStart() {
        final CycleTracker t = tracker(-1, -1, false);
        t.event(0, 1, false, true);
        t.event(5, 1, false, true);    // loses the first at 5
        t.event(9, 1, true, true);     // ends the second, starts a third
        t.finish(20);
        assertThat(out).containsExactly(new C(0, 5, 1, true, true), new C(5, 9, 1, false, false));
        assertThat(t.unfinished()).isEqualTo(1);
    }

    @Test
    void keyedCyclesPairByValueNotThread() {
        final CycleTracker t = tracker(100, 500, false);
        t.event(0, 1, null, 7L);          // thread 1 starts key 7
        t.event(10, 1, null, 8L);         // and key 8: both stay open
        t.event(20, 2, 8L, null);         // thread 2 ends key 8
        t.event(30, 3, 9L, null);         // nothing open for 9
        t.event(40, 4, null, 7L);         // key 7 starts again: the open one is lost at 40
        t.event(200, 5, 7L, 7L);          // ends key 7 (160 > 100: a miss) and starts it again
        assertThat(out).containsExactly(new C(10, 20, 1, false, false), new C(0, 40, 1, true, true), new C(40, 200, 4, true, false));
        assertThat(t.openCycles()).isEqualTo(1);
        t.advance(700);                   // the last start (200) gives up at 700: an end at 700 would still be in time
        assertThat(t.openCycles()).isEqualTo(1);
        t.advance(701);
        assertThat(out).last().isEqualTo(new C(200, 700, 5, true, true));
        t.finish(800);
        assertThat(t.unfinished()).isZero();
    }

    @Test
    void aLongAndATextKeyDiffer() {
        final CycleTracker t = tracker(-1, -1, false);
        t.event(0, 1, null, 5L);
        t.event(1, 1, "5", null);
        t.event(2, 1, 5L, null);
        assertThat(out).containsExactly(new C(0, 2, 1, false, false));
    }

    @Test
    void giveUpLosesAtStartPlusGiveUpWhenTimeGoesPastIt() {
        final CycleTracker t = tracker(-1, 100, false);
        t.event(0, 1, false, true);
        t.advance(99);
        assertThat(out).isEmpty();
        assertThat(t.openCycles()).isEqualTo(1);
        t.advance(100);                // an end at exactly start + give-up is in time
        assertThat(out).isEmpty();
        t.advance(101);
        assertThat(out).containsExactly(new C(0, 100, 1, true, true));
        t.event(150, 1, true, false);  // nothing open any more
        t.event(200, 1, false, true);
        t.finish(250);                 // 200 + 100 > 250: unfinished
        assertThat(out).hasSize(1);
        assertThat(t.unfinished()).isEqualTo(1);
    }

    @Test
    void anyThreadClosesTheOldestOpenCycle() {
        final CycleTracker t = tracker(-1, -1, true);
        t.event(0, 1, false, true);
        t.event(1, 2, false, true);
        t.event(2, 1, false, true);    // thread 1 again: no loss in any-thread mode
        t.event(10, 9, true, false);
        t.event(11, 9, true, false);
        assertThat(out).containsExactly(new C(0, 10, 1, false, false), new C(1, 11, 2, false, false));
        assertThat(t.openCycles()).isEqualTo(1);
        t.finish(12);
        assertThat(t.unfinished()).isEqualTo(1);
    }
}
