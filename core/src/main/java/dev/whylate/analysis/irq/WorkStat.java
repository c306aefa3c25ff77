package dev.whylate.analysis.irq;

import java.util.List;

/**
 * Work items of one function on one workqueue.
 *
 * @param function the work function
 * @param workqueue the workqueue name from workqueue_queue_work; when an item was queued before the trace,
 *     the workqueue the function was seen on, else null
 * @param count items started (workqueue_execute_start)
 * @param queued items queued in the trace
 * @param notStarted items queued but not started before the trace ended (still pending)
 * @param requeued queueings taken back and queued again before they ran ({@code mod_delayed_work}): the later
 *     one counts, these never start
 * @param queueToStartNs queue → execute_start of items with both events
 * @param durationNs execute_start → execute_end
 * @param crossCpu items that ran on another CPU than the one that queued them
 * @param workers which kworker on which CPU ran them, most items first
 * @param queuedBy who queued them: {@code task comm[pid]}, {@code hardirq N name}, {@code softirq NAME}, ...
 */
public record WorkStat(String function, String workqueue, long count, long queued, long notStarted, long requeued, Dist queueToStartNs,
                       Dist durationNs, long crossCpu, List<Worker> workers, List<Source> queuedBy) {}
