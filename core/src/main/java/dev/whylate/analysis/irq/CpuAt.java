package dev.whylate.analysis.irq;

import java.util.List;

/**
 * What one CPU was doing at an instant.
 *
 * @param cpu the CPU
 * @param state {@code running} (a task), {@code idle}, or {@code unknown} (no slice covers the instant: no
 *     sched_switch seen yet, or outside the CPU's events)
 * @param comm current task's comm (null when unknown)
 * @param pid current task (-1 unknown)
 * @param tgid its process (-1 unknown)
 * @param sinceNs when it was switched in (its slice start), or -1 when unknown
 * @param syscall the syscall it was inside (one whose exit was traced), or null
 * @param work the work item function a kworker was executing, or null
 * @param workqueue that item's workqueue, or null
 * @param csd the cross-CPU call function being run here, or null
 * @param stack interrupt contexts, outermost first (empty at task level)
 */
public record CpuAt(int cpu, String state, String comm, int pid, int tgid, long sinceNs, String syscall, String work,
                    String workqueue, String csd, List<Frame> stack) {}
