package dev.whylate.analysis.cycles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.filter.EventFilter;
import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import dev.whylate.timeline.Timeline;
import org.junit.jupiter.api.Test;

/** Cycles paired by a field value (--key) instead of by thread. */
class CycleKeyTest {
    private static final String BLOCK = """
        A-100   [000] ..... 1.000000: block_rq_issue: dev=8:0 sector=10 nr=8
        B-200   [001] ..... 1.000100: block_rq_issue: dev=8:0 sector=20 nr=8
        <idle>-0 [001] d.h1. 1.000500: block_rq_complete: dev=8:0 sector=20 nr=8
        <idle>-0 [000] d.h1. 1.002000: block_rq_complete: dev=8:0 sector=10 nr=8
        C-300   [000] ..... 1.003000: block_rq_issue: dev=8:0 sector=30 nr=8
        """;

    private static CyclesResult run(final String text, final String start, final String end, final CycleKey key, final long deadline)
        throws Exception {
        final Trace t = TinyTraces.parse(text);
        return Cycles.run(t, Timeline.of(t), new CycleOptions(EventFilter.parse(start, t.events().types()), EventFilter.parse(end, t.events().types()),
            deadline, -1, false, CycleOptions.Explain.MISSES, 0, key));
    }

    @Test
    void requestsOverlappingOnDifferentThreadsPairByTheirSector() throws Exception {
        final CyclesResult r = run(BLOCK, "block_rq_issue", "block_rq_complete", CycleKey.parse("sector"), 1_000_000);
        assertThat(r.items()).extracting(Cycle::latencyNs).containsExactly(2_000_000L, 400_000L);
        assertThat(r.items()).extracting(Cycle::tid).containsExactly(100, 200);
        assertThat(r.misses()).isEqualTo(1);
        assertThat(r.unfinished()).isEqualTo(1);
        // by thread nothing pairs: the completions run on the idle task
        final CyclesResult byThread = run(BLOCK, "block_rq_issue", "block_rq_complete", null, 1_000_000);
        assertThat(byThread.cycles()).isZero();
    }

    @Test
    void wakingToSwitchInPairsByWakeeAndExplainsTheWakee() throws Exception {
        final String text = """
            hog-200 [001] ..... 1.999000: sched_stat_runtime: comm=hog pid=200 runtime=1000 [ns]
            W-100   [000] d..3. 2.000000: sched_waking: comm=T pid=300 prio=120 target_cpu=001
            hog-200 [001] d..2. 2.003000: sched_switch: prev_comm=hog prev_pid=200 prev_prio=120 prev_state=R+ ==> next_comm=T next_pid=300 next_prio=120
            """;
        final CyclesResult r = run(text, "sched_waking", "sched_switch", CycleKey.parse("pid,next_pid"), 1_000_000);
        assertThat(r.cycles()).isEqualTo(1);
        assertThat(r.items().get(0).latencyNs()).isEqualTo(3_000_000L);
        // the explained task is the one the end's pid field names (the wakee), not the task switched out
        assertThat(r.items().get(0).explanation().tid()).isEqualTo(300);
        assertThat(r.items().get(0).explanation().blame().get(0).blockedBy().get(0).pid()).isEqualTo(200);
    }

    @Test
    void aKeyTheEventsDoNotHaveIsAClearError() {
        assertThatThrownBy(() -> run(BLOCK, "block_rq_issue", "block_rq_complete", CycleKey.parse("lba"), -1))
            .isInstanceOf(CycleKey.MissingField.class).hasMessageContaining("'lba'").hasMessageContaining("sector");
        assertThatThrownBy(() -> CycleKey.parse("a,b,c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CycleKey.parse("se ctor")).isInstanceOf(IllegalArgumentException.class);
        assertThat(CycleKey.parse("pid, next_pid")).isEqualTo(new CycleKey("pid", "next_pid"));
    }

    @Test
    void aCompletionInTheDeviceInterruptIsExplainedAsTheDevicesTime() throws Exception {
        final String text = """
            A-100   [000] ..... 1.000000: block_rq_issue: dev=8:0 sector=10 nr=8
            A-100   [000] d..2. 1.000010: sched_switch: prev_comm=A prev_pid=100 prev_prio=120 prev_state=D ==> next_comm=swapper/0 next_pid=0 next_prio=120
            <idle>-0 [000] d.h1. 1.003000: irq_handler_entry: irq=36 name=virtio1-req.0
            <idle>-0 [000] d.h1. 1.003005: block_rq_complete: dev=8:0 sector=10 nr=8
            <idle>-0 [000] d.h1. 1.003010: irq_handler_exit: irq=36 ret=handled
            """;
        final CyclesResult r = run(text, "block_rq_issue", "block_rq_complete", CycleKey.parse("sector"), 1_000_000);
        assertThat(r.misses()).isEqualTo(1);
        final dev.whylate.analysis.explain.Explanation e = r.items().get(0).explanation();
        assertThat(e.segments()).extracting(s -> s.kind() + "@" + s.pid()).containsExactly("blocked@-1", "hardirq@36");
        assertThat(e.blame().get(0).category()).isEqualTo(dev.whylate.analysis.explain.Category.EXTERNAL);
        assertThat(e.blame().get(0).ns()).isEqualTo(3_000_000L);
    }
}
