package dev.whylate.model;

/**
 * Task states from {@code sched_switch prev_state}, in one canonical bit encoding (the 6.x kernel report
 * bits): R = 0, S = 1, D = 2, T = 4, t = 8, X = 16, Z = 32, P = 64, I = 128, plus {@link #PREEMPTED} for
 * {@code R+} (switched out while still runnable). Older letters ({@code K} wakekill, {@code W} waking,
 * {@code x} dead, {@code N} noload) map to their nearest modern meaning.
 */
public final class TaskState {
    /** Runnable. */
    public static final int RUNNING = 0;
    /** Interruptible sleep. */
    public static final int SLEEPING = 1;
    /** Uninterruptible sleep. */
    public static final int DISK = 2;
    /** Stopped. */
    public static final int STOPPED = 4;
    /** Traced. */
    public static final int TRACED = 8;
    /** Dead. */
    public static final int DEAD = 16;
    /** Zombie. */
    public static final int ZOMBIE = 32;
    /** Parked kthread. */
    public static final int PARKED = 64;
    /** Idle kthread (TASK_IDLE). */
    public static final int IDLE = 128;
    /** Preempted: switched out while runnable ({@code R+}). */
    public static final int PREEMPTED = 256;
    /** The input did not say. */
    public static final int UNKNOWN = -1;

    private TaskState() {}

    /**
     * Parses the kernel's letters: {@code R}, {@code R+}, {@code S}, {@code D|K}, {@code x}, {@code I}, ...
     * Returns {@link #UNKNOWN} for anything else.
     */
    public static int parse(final CharSequence s) {
        if (s == null || s.length() == 0) return UNKNOWN;
        int st = 0;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case 'R': any = true; break;
                case '+': st |= PREEMPTED; any = true; break;
                case 'S': st |= SLEEPING; any = true; break;
                case 'D': st |= DISK; any = true; break;
                case 'T': st |= STOPPED; any = true; break;
                case 't': st |= TRACED; any = true; break;
                case 'X': case 'x': st |= DEAD; any = true; break;
                case 'Z': st |= ZOMBIE; any = true; break;
                case 'P': st |= PARKED; any = true; break;
                case 'I': st |= IDLE; any = true; break;
                case 'K': case 'W': case 'N': case 'n': case 'm': any = true; break;
                case '|': break;
                default: return UNKNOWN;
            }
        }
        return any ? st : UNKNOWN;
    }

    /**
     * Heuristic for a bare number with no format to decode it (trace-cmd {@code -R} text of an old kernel):
     * 0 is R; a lone power of two at or above 256 is the kernel's "preempted" bit of that era (256 on 4.14+,
     * 1024/2048/4096 before); otherwise the low bits are read as S/D/T/t/X/Z.
     */
    public static int fromRawNumber(final long v) {
        if (v == 0) return RUNNING;
        if (v >= 256 && Long.bitCount(v) == 1) return PREEMPTED;
        return (int) (v & 0xFF);
    }

    /** True for states where the task stays runnable (R or R+). */
    public static boolean isRunnable(final int st) {
        return st == RUNNING || st == PREEMPTED;
    }

    /** Renders the canonical letters ({@code R+}, {@code S}, {@code D|T}). */
    public static String render(final int st) {
        if (st == UNKNOWN) return "?";
        if (st == RUNNING) return "R";
        if (st == PREEMPTED) return "R+";
        final StringBuilder b = new StringBuilder();
        final String letters = "SDTtXZPI";
        for (int k = 0; k < 8; k++) {
            if ((st & (1 << k)) != 0) {
                if (b.length() > 0) b.append('|');
                b.append(letters.charAt(k));
            }
        }
        if ((st & PREEMPTED) != 0) b.append('+');
        return b.toString();
    }
}
