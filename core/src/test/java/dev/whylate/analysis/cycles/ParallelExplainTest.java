package dev.whylate.analysis.cycles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.analysis.explain.Explainer;
import dev.whylate.filter.EventFilter;
import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import dev.whylate.timeline.Timeline;
import org.junit.jupiter.api.Test;

/**
 * Cycles explains long lists of misses on two threads; every explanation must be the one a single
 * {@link Explainer} gives for that cycle alone (the bundled pty-deadline recording: some 200 misses).
 */
class ParallelExplainTest {
    @Test
    void explanationsEqualOneByOne() throws Exception {
        final Trace t = Traces.read("../examples/pty-deadline/trace.txt.zst", ReadOptions.defaults());
        final Timeline tl = Timeline.of(t);
        final CycleOptions o = new CycleOptions(EventFilter.parse("sys_enter_write: comm == \"requester\" && count == 7", t.events().types()),
            EventFilter.parse("sys_exit_read: ret > 0", t.events().types()), 3_500_000, -1, false, CycleOptions.Explain.ALL, 0);
        final CyclesResult r = Cycles.run(t, tl, o);
        final CyclesResult lazy = Cycles.run(t, o, () -> tl);
        assertThat(lazy.items()).isEqualTo(r.items());
        final Carriers carriers = new Carriers(tl);
        carriers.choose(r.items());
        int explained = 0;
        for (final Cycle c : r.items()) {
            if (c.lost()) continue;
            // a fresh explainer per cycle: nothing carried over from other cycles or threads
            assertThat(c.explanation()).isEqualTo(new Explainer(tl).explain(c.tid(), c.startNs(), c.endNs(),
                carriers.forCycle(c.startNs(), c.endNs())));
            explained++;
        }
        assertThat(explained).as("enough cycles for the two-thread path").isGreaterThanOrEqualTo(64);
    }
}
