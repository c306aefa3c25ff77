/**
 * Who called: events' stacks (perf {@code -g} callchains, ftrace stack traces, trace.dat {@code kernel_stack}
 * records) aggregated by stack. Entry point: {@link dev.whylate.analysis.stacks.Stacks#run}.
 */
package dev.whylate.analysis.stacks;
