/**
 * Request/response cycles: an event matching the start filter opens a cycle on its thread, the first event
 * matching the end filter on the same thread closes it; latencies against a deadline; explanations of the
 * misses; advice and what-if. Entry point: {@link dev.whylate.analysis.cycles.Cycles#run}.
 */
package dev.whylate.analysis.cycles;
