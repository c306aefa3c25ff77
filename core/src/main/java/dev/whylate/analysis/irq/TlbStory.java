package dev.whylate.analysis.irq;

/**
 * "Thread T of process P caused N shootdowns on CPU k while thread U of P was running there."
 *
 * @param comm sending thread's comm
 * @param pid sending thread
 * @param tgid sending process (-1 unknown)
 * @param process the process's comm
 * @param syscall the syscall most of these were sent from (null if none traced)
 * @param cpu the CPU that received them
 * @param count shootdowns
 * @param victimComm the task running on {@code cpu} when they hit
 * @param victimPid its pid
 * @param victimTgid its process (-1 unknown)
 * @param sameProcess whether the victim is another thread of the sender's process
 * @param share count / all shootdowns received by {@code cpu}
 * @param text the sentence
 */
public record TlbStory(String comm, int pid, int tgid, String process, String syscall, int cpu, long count, String victimComm,
                       int victimPid, int victimTgid, boolean sameProcess, double share, String text) {}
