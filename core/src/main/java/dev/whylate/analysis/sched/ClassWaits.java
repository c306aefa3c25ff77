package dev.whylate.analysis.sched;

/**
 * Waits by the scheduling class and priority the task had at its switch-in (sched_switch next_prio, the
 * kernel's prio: -1 deadline, 0..99 real-time with user priority 99 − prio, 100..139 normal with nice
 * prio − 120). SCHED_OTHER, SCHED_BATCH and SCHED_IDLE cannot be told apart from the trace.
 *
 * @param policy {@code deadline}, {@code rt} or {@code normal} ({@code unknown} when not traced)
 * @param prio the kernel prio
 * @param label {@code rt 80}, {@code nice 0}, {@code deadline}
 * @param wakeupDelay wakeup → switch-in
 * @param preemptWait runnable switch-out → switch-in
 */
public record ClassWaits(String policy, int prio, String label, Distribution wakeupDelay, Distribution preemptWait) {
    /** The class of a kernel prio. */
    static String policyOf(final int prio) {
        if (prio == SchedEvent.NO_PRIO) return "unknown";
        if (prio == -1) return "deadline";
        if (prio >= 0 && prio < 100) return "rt";
        if (prio >= 100 && prio < 140) return "normal";
        return "unknown";
    }

    /** The label of a kernel prio. */
    static String labelOf(final int prio) {
        if (prio == SchedEvent.NO_PRIO) return "unknown";
        if (prio == -1) return "deadline";
        if (prio >= 0 && prio < 100) return "rt " + (99 - prio);
        if (prio >= 100 && prio < 140) return "nice " + (prio - 120);
        return "prio " + prio;
    }
}
