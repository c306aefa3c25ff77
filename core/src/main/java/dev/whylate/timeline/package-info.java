/**
 * The timeline: what every CPU and task was doing, reconstructed once from the events and shared by all
 * analyses.
 *
 * <ul>
 *   <li>{@link dev.whylate.timeline.Slices}: which task ran on which CPU, from when to when, and in which
 *       state it left (from sched_switch);</li>
 *   <li>{@link dev.whylate.timeline.Intervals}: non-task contexts on a CPU (hardirq handlers, irq vectors,
 *       softirqs, tasklets, hrtimer callbacks), properly nested;</li>
 *   <li>{@link dev.whylate.timeline.Works}: work items queue → activate → start → end, on which kworker;</li>
 *   <li>{@link dev.whylate.timeline.Wakeups}: wakeup edges with the waker's context;</li>
 *   <li>{@link dev.whylate.timeline.Raises}: softirq raise → entry edges;</li>
 *   <li>{@link dev.whylate.timeline.Ipis}: IPI send → entry on the target;</li>
 *   <li>{@link dev.whylate.timeline.Syscalls}: per-task syscall intervals.</li>
 * </ul>
 * Build with {@link dev.whylate.timeline.Timeline#of(dev.whylate.model.Trace)}.
 */
package dev.whylate.timeline;
