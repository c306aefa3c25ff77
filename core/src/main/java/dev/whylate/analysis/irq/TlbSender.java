package dev.whylate.analysis.irq;

import java.util.List;

/**
 * Who caused TLB shootdowns on one CPU.
 *
 * @param comm sending thread's comm (null when the request was queued before the trace)
 * @param pid sending thread (-1 unknown)
 * @param tgid its process (-1 unknown)
 * @param process the process's comm (comm of the tgid), or null
 * @param syscall the syscall the sender was inside (e.g. munmap), or null when none was traced
 * @param count shootdowns on this CPU
 * @param victims the tasks running on this CPU when the shootdowns hit, most frequent first
 */
public record TlbSender(String comm, int pid, int tgid, String process, String syscall, long count, List<TaskCount> victims) {}
