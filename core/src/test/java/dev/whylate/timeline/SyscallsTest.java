package dev.whylate.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import org.junit.jupiter.api.Test;

/** Syscall intervals: traced exits, exits of another syscall, entries without exits, exits without entries. */
class SyscallsTest {
    @Test
    void onlyTracedEntriesAndExitsPlaceATaskInsideASyscall() {
        final Trace t = TinyTraces.parse("""
            R-100 [000] ..... 1.000000: sys_enter_write: fd=3 count=7
            R-100 [000] ..... 1.000100: sys_exit_read: ret=1
            R-100 [000] ..... 1.000200: sys_enter_clock_nanosleep: which_clock=1 flags=0
            R-100 [000] ..... 1.001200: sys_exit_clock_nanosleep: ret=0
            R-100 [000] ..... 1.002000: sys_enter_write: fd=3 count=7
            R-100 [000] ..... 1.003000: sys_enter_write: fd=3 count=7
            """);
        final Syscalls s = Timeline.of(t).syscalls();
        final Timeline tl = Timeline.of(t);
        // the write entered at 1.000000 ended before the read's exit (its own exit was not traced)
        final int w = s.at(100, 1_000_050_000L);
        assertThat(w).isGreaterThanOrEqualTo(0);
        assertThat(tl.name(s.name(w))).isEqualTo("write");
        assertThat(s.endKnown(w)).isFalse();
        assertThat(s.end(w)).isEqualTo(1_000_100_000L);
        assertThat(s.ret(w)).as("the read's return value is not the write's").isEqualTo(Long.MIN_VALUE);
        // the read's entry was not traced: no instant is placed inside it
        boolean readSeen = false;
        for (int i = 0; i < s.size(); i++) {
            if (tl.name(s.name(i)).equals("read")) {
                readSeen = true;
                assertThat(s.endKnown(i)).isTrue();
                assertThat(s.ret(i)).isEqualTo(1);
            }
        }
        assertThat(readSeen).isTrue();
        // a traced pair
        final int n = s.at(100, 1_000_500_000L);
        assertThat(tl.name(s.name(n))).isEqualTo("clock_nanosleep");
        assertThat(s.endKnown(n)).isTrue();
        assertThat(s.end(n)).isEqualTo(1_001_200_000L);
        // an entry closed by the next entry: ended at or before it
        final int w2 = s.at(100, 1_002_500_000L);
        assertThat(s.endKnown(w2)).isFalse();
        assertThat(s.end(w2)).isEqualTo(1_003_000_000L);
        // the last entry never ends in the trace
        assertThat(s.end(s.at(100, 1_003_500_000L))).isEqualTo(Long.MAX_VALUE);
    }
}
