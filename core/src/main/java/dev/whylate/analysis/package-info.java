/**
 * Analyses: pure functions from a {@link dev.whylate.model.Trace} (and its
 * {@link dev.whylate.timeline.Timeline}) to result records. They never format output.
 */
package dev.whylate.analysis;
