/**
 * Event filters in ftrace filter syntax ({@code EVENT[: EXPR]}), evaluated over canonical fields plus the
 * pseudo-fields comm, pid, tid, cpu. Entry point: {@link dev.whylate.filter.EventFilter#parse}.
 */
package dev.whylate.filter;
