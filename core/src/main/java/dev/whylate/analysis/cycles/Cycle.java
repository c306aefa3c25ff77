package dev.whylate.analysis.cycles;

import dev.whylate.analysis.explain.Explanation;

/**
 * One cycle.
 *
 * @param index 0-based, in start order
 * @param startNs time of the start event
 * @param endNs time of the end event, or for a lost cycle the give-up time or its thread's (key's) restart
 * @param latencyNs end − start (for a lost cycle: the give-up duration)
 * @param tid thread of the start event
 * @param miss latency above the deadline, or lost
 * @param lost no end within the give-up time
 * @param startEvent index of the start event
 * @param endEvent index of the end event (-1 when lost)
 * @param explanation why it took that long, when it was explained; else null
 * @param restarted a lost cycle whose thread (or key) started again before any end ({@code endNs} is that
 *     restart); false for one lost at the give-up time and for completed cycles
 */
public record Cycle(int index, long startNs, long endNs, long latencyNs, int tid, boolean miss, boolean lost, int startEvent,
                    int endEvent, Explanation explanation, boolean restarted) {
    /** The same cycle with an explanation. */
    public Cycle explained(final Explanation e) {
        return new Cycle(index, startNs, endNs, latencyNs, tid, miss, lost, startEvent, endEvent, e, restarted);
    }
}
