package dev.whylate.analysis.advice;

/**
 * An estimate of the effect of one change: every explained miss recomputed with the waits the change would
 * remove taken out of its latency. Estimates assume everything else in the trace stays the same (the time
 * removed is not spent elsewhere); lost cycles stay misses.
 *
 * @param change the {@link Advice#change()} this predicts for, or {@code all of the above}
 * @param currentMisses misses in the trace
 * @param predictedMisses misses predicted after the change (estimate)
 * @param removedNs total wait removed over all misses, ns
 */
public record WhatIf(String change, long currentMisses, long predictedMisses, long removedNs) {}
