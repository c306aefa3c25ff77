/**
 * Format detection and the readers that turn inputs into a {@link dev.whylate.model.Trace}: ftrace text
 * (and Android systrace HTML), trace-cmd report text, trace.dat v6/v7, perf script text and sysdig text.
 * Entry point: {@link dev.whylate.format.Traces#read(String)}.
 */
package dev.whylate.format;
