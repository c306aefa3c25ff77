package dev.whylate.analysis.sched;

/**
 * One {@code perf sched timehist} row (see {@link TimeHist} for the definitions).
 *
 * @param tsNs time of the sched_switch
 * @param cpu its CPU
 * @param tid the task switched out (0 for the CPU's idle task)
 * @param pid its process id when the trace says, else -1
 * @param comm its comm at that time ({@code <idle>} for idle)
 * @param waitNs off-CPU time before the run that ends here
 * @param waitKind {@link TimeHist#SLEEP}, {@link TimeHist#IOWAIT} or {@link TimeHist#PREEMPT}
 * @param schDelayNs wakeup (or runnable switch-out, upstream) to switch-in
 * @param runNs the run that ends here
 * @param state prev_state as canonical {@link dev.whylate.model.TaskState} bits
 */
public record TimeHistRow(long tsNs, int cpu, int tid, int pid, String comm, long waitNs, int waitKind, long schDelayNs,
                          long runNs, int state) {
    /** perf's task column: {@code comm[tid]}, {@code comm[tid/pid]}, or {@code <idle>}. */
    public String label() {
        if (tid == 0) return comm;
        return pid > 0 && pid != tid ? comm + "[" + tid + "/" + pid + "]" : comm + "[" + tid + "]";
    }
}
