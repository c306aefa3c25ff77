/**
 * Explaining one late interval: the critical path from its start to its end across tasks and CPUs
 * ({@link dev.whylate.analysis.explain.CriticalPath}), turned into ordered
 * {@link dev.whylate.analysis.explain.Segment}s and aggregated into
 * {@link dev.whylate.analysis.explain.BlameEntry blame} in rtla's categories. Semantics: docs/METRICS.md,
 * "Explanation".
 */
package dev.whylate.analysis.explain;
