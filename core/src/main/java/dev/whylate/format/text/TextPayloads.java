package dev.whylate.format.text;

import static dev.whylate.format.text.Ascii.BAD;

import dev.whylate.model.Fields;
import dev.whylate.model.TaskState;

/**
 * Decodes the payload text of an ftrace-style event line (what follows {@code event_name: }) into canonical
 * {@link Fields} (see docs/ARCHITECTURE.md, "Canonical event names and fields"). Shared by the ftrace text,
 * trace-cmd report and perf script readers, so one kernel event gets the same field names whatever printed it.
 *
 * <p>Special forms understood (each also in the variants trace-cmd and perf print):
 * <ul>
 * <li>sched_switch {@code prev_comm=.. prev_pid=.. prev_prio=.. prev_state=R+ ==> next_comm=..} (a comm runs to
 *     the next {@code " prev_pid="}/{@code " next_pid="}, so comms with spaces or {@code =} survive); the raw
 *     {@code -R} form with a numeric prev_state ({@link TaskState#fromRawNumber}); the trace-cmd plugin form
 *     {@code bash:6604 [120] S ==> bash:6607 [120]} (comm and pid split on the last {@code ':'} before
 *     {@code " ["}; the plugin's state letters come from an old table and are mapped back to the raw bits,
 *     so they agree with {@code -R}).</li>
 * <li>sched_wakeup/waking/wakeup_new {@code comm=.. pid=.. prio=.. [success=1] target_cpu=003} and the plugin
 *     form {@code comm:pid [prio] [success=1] CPU:003}; sched_process_fork ({@code comm=}/{@code pid=} become
 *     parent_comm/parent_pid).</li>
 * <li>softirq {@code vec=N [action=X]} (vec: number and action name), irq_handler_exit {@code ret=handled}
 *     (1/0), tlb_flush {@code pages:-1 reason:local MM shootdown (3)}, ipi_entry/exit {@code (reason)},
 *     ipi_raise {@code target_mask=.. (reason)}.</li>
 * <li>workqueue {@code work struct=%p function=..}, {@code work struct %p function=.. } and
 *     {@code work struct %p: function %ps}: {@code work} is always a hexadecimal address (hashed by the kernel
 *     text, raw in trace-cmd/perf).</li>
 * <li>raw_syscalls {@code NR 273 (a, b, ...)} (id, args) and {@code NR 273 = 0} (id, ret);
 *     per-syscall {@code sys_enter_NAME} payloads {@code fd: 3, buf: 7ffd.., count: 20000} (with or without
 *     the kernel's {@code sys_read(...)} wrapper) and {@code sys_exit_NAME} {@code 0x10} or
 *     {@code sys_read -> 0x10}.</li>
 * <li>print/bprint ({@code ip: buf}), tracing_mark_write (buf), function ({@code ip <-parent_ip}).</li>
 * <li>block layer {@code 8,0 WS 4096 () 1234 + 8 be,0,4 [dd]} and its relatives ({@link BlockPayloads}).</li>
 * </ul>
 *
 * <p><b>Syscall argument rule.</b> Per-syscall argument and return values are always read as hexadecimal,
 * with or without {@code 0x}: kernels before 6.18 print {@code %lx} bare ({@code count: 20000} is 0x20000),
 * 6.18 prints bare digits only for values 0..9 (where hex and decimal agree) and {@code 0x} above, trace-cmd
 * and perf print the format's {@code 0x%08lx}. A quoted user string after the value ({@code 0x5640.. "/bin/ls"})
 * becomes the field's text.
 *
 * <p><b>Generic rule</b> (every other event, and what the special forms fall back to): tokens {@code name=value}
 * ({@code [name=value]} brackets stripped) and {@code name: value}; a value is a number when it is decimal,
 * {@code 0x} hex, or a bare hex run of 8+ digits with a letter or a leading zero (hashed pointers, masks; the
 * text is kept beside the number for hex). A text value extends over following words until one that looks
 * like {@code name=}, {@code name:}, {@code [..} or {@code (..}, so {@code comm=Web Content} and
 * {@code name=PCIe PME} stay whole. A payload starting with {@code comm=} has its comm run to {@code " pid="}.
 *
 * <p>Field names are interned Strings (constants here, or interned from bytes for unknown events). Nothing is
 * dropped: fields that cannot be read are simply absent, and the payload text stays available.
 */
public final class TextPayloads {
    // canonical field names
    /** sched_switch field. */
    public static final String PREV_COMM = "prev_comm";
    /** sched_switch field. */
    public static final String PREV_PID = "prev_pid";
    /** sched_switch field. */
    public static final String PREV_PRIO = "prev_prio";
    /** sched_switch field: number = {@link TaskState} bits, text as printed. */
    public static final String PREV_STATE = "prev_state";
    /** sched_switch field. */
    public static final String NEXT_COMM = "next_comm";
    /** sched_switch field. */
    public static final String NEXT_PID = "next_pid";
    /** sched_switch field. */
    public static final String NEXT_PRIO = "next_prio";
    /** Task comm (wakeups, migrate, exit...). */
    public static final String COMM = "comm";
    /** Task pid. */
    public static final String PID = "pid";
    /** Task priority. */
    public static final String PRIO = "prio";
    /** Wakeup target CPU. */
    public static final String TARGET_CPU = "target_cpu";
    /** Old kernels' wakeup success flag. */
    public static final String SUCCESS = "success";
    /** sched_process_fork field. */
    public static final String PARENT_COMM = "parent_comm";
    /** sched_process_fork field. */
    public static final String PARENT_PID = "parent_pid";
    /** sched_process_fork field. */
    public static final String CHILD_COMM = "child_comm";
    /** sched_process_fork field. */
    public static final String CHILD_PID = "child_pid";
    /** IRQ number. */
    public static final String IRQ = "irq";
    /** IRQ (or clock) name. */
    public static final String NAME = "name";
    /** Return value (irq_handler_exit: 1 handled, 0 unhandled; syscalls). */
    public static final String RET = "ret";
    /** Softirq vector: number, text = action name. */
    public static final String VEC = "vec";
    /** Work item address. */
    public static final String WORK = "work";
    /** Function (symbol text and/or address). */
    public static final String FUNCTION = "function";
    /** Workqueue name. */
    public static final String WORKQUEUE = "workqueue";
    /** tlb_flush pages (-1 = full flush). */
    public static final String PAGES = "pages";
    /** tlb_flush / ipi reason. */
    public static final String REASON = "reason";
    /** ipi_raise target mask. */
    public static final String TARGET_CPUS = "target_cpus";
    /** raw syscall number. */
    public static final String ID = "id";
    /** raw syscall arguments (text). */
    public static final String ARGS = "args";
    /** print / tracing_mark_write text. */
    public static final String BUF = "buf";
    /** print / function ip. */
    public static final String IP = "ip";
    /** function tracer parent ip. */
    public static final String PARENT_IP = "parent_ip";
    /** tasklet pointer. */
    public static final String TASKLET = "tasklet";
    /** tasklet function. */
    public static final String FUNC = "func";

    private static final String[] SOFTIRQ_NAMES = {
        "HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU"};
    private static final String[] TLB_REASONS = {
        "flush on task switch", "remote shootdown", "local shootdown", "local MM shootdown", "remote IPI send",
        "remote wrong CPU"};
    private static final String PLUGIN_STATES = "SDTtZXxW";
    private static final String HANDLED = "handled";
    private static final String UNHANDLED = "unhandled";

    private TextPayloads() {}

    /**
     * Decodes {@code len} bytes at {@code off} of {@code b}, the payload of an event named {@code event}
     * (without subsystem), into {@code out} (not cleared here). Never throws on malformed text.
     */
    public static void decode(final String event, final byte[] b, final int off, final int len, final Fields out) {
        final int e = Ascii.trimEnd(b, off, off + len);
        final int s = Ascii.skipSpaces(b, off, e);
        if (s >= e) return;
        switch (event) {
            case "sched_switch": schedSwitch(b, s, e, out); break;
            case "sched_wakeup": case "sched_waking": case "sched_wakeup_new": wakeup(b, s, e, out); break;
            case "sched_process_fork": fork(b, s, e, out); break;
            case "softirq_raise": case "softirq_entry": case "softirq_exit": softirq(b, s, e, out); break;
            case "irq_handler_entry": irqEntry(b, s, e, out); break;
            case "irq_handler_exit": irqExit(b, s, e, out); break;
            case "workqueue_queue_work": case "workqueue_activate_work":
            case "workqueue_execute_start": case "workqueue_execute_end": work(b, s, e, out); break;
            case "tlb_flush": tlb(b, s, e, out); break;
            case "ipi_entry": case "ipi_exit": ipiReason(b, s, e, out); break;
            case "ipi_raise": ipiRaise(b, s, e, out); break;
            case "sys_enter": rawSysEnter(b, s, e, out); break;
            case "sys_exit": rawSysExit(b, s, e, out); break;
            case "tracing_mark_write": markWrite(b, s, e, out); break;
            case "print": case "bprint": print(b, s, e, out); break;
            case "function": function(b, s, e, out); break;
            case "tasklet_entry": case "tasklet_exit": generic(b, s, e, out, FUNCTION, FUNC); break;
            case "clock_set_rate": case "clock_enable": case "clock_disable": clock(b, s, e, out); break;
            default:
                if (event.startsWith("sys_enter_")) sysEnter(b, s, e, out);
                else if (event.startsWith("sys_exit_")) sysExit(b, s, e, out);
                else if (!event.startsWith("block_") || !BlockPayloads.decode(event, b, s, e, out)) generic(b, s, e, out, null, null);
        }
    }

    // ---------------------------------------------------------------- sched

    private static void schedSwitch(final byte[] b, final int s, final int e, final Fields out) {
        if (Ascii.startsWith(b, s, e, "prev_comm=")) {
            switchKernel(b, s, e, out);
            return;
        }
        final int sep = Ascii.indexOf(b, s, e, " ==> ");
        if (sep > s) {
            // trace-cmd plugin: comm:pid [prio] STATE ==> comm:pid [prio]
            final int lb = Ascii.lastIndexOf(b, s, sep, " [");
            if (lb > s) {
                final int rb = Ascii.indexOf(b, lb, sep, (byte) ']');
                commColonPid(b, s, lb, out, PREV_COMM, PREV_PID);
                if (rb > lb) {
                    addDec(out, PREV_PRIO, b, lb + 2, rb);
                    final int st = Ascii.skipSpaces(b, rb + 1, sep);
                    pluginState(b, st, Ascii.trimEnd(b, st, sep), out);
                }
            }
            final int rs = Ascii.skipSpaces(b, sep + 5, e);
            final int lb2 = Ascii.lastIndexOf(b, rs, e, " [");
            if (lb2 > rs) {
                commColonPid(b, rs, lb2, out, NEXT_COMM, NEXT_PID);
                final int rb2 = Ascii.indexOf(b, lb2, e, (byte) ']');
                if (rb2 > lb2) addDec(out, NEXT_PRIO, b, lb2 + 2, rb2);
            }
            return;
        }
        generic(b, s, e, out, null, null);
    }

    private static void switchKernel(final byte[] b, final int s, final int e, final Fields out) {
        int i = commUntil(b, s + 10, e, " prev_pid=", out, PREV_COMM);
        while (i < e) {
            i = Ascii.skipSpaces(b, i, e);
            if (i >= e) break;
            if (Ascii.startsWith(b, i, e, "==>")) {
                i += 3;
            } else if (Ascii.startsWith(b, i, e, "next_comm=")) {
                i = commUntil(b, i + 10, e, " next_pid=", out, NEXT_COMM);
            } else if (Ascii.startsWith(b, i, e, "prev_state=")) {
                final int vs = i + 11;
                int ve = vs;
                while (ve < e && b[ve] != ' ') ve++;
                state(b, vs, ve, out);
                i = ve;
            } else {
                i = token(b, i, e, out, null, null);
            }
        }
    }

    /** Adds a comm field running from {@code vs} to {@code key} (or the next space); returns where key starts. */
    private static int commUntil(final byte[] b, final int vs, final int e, final String key, final Fields out, final String name) {
        int ve = Ascii.indexOf(b, vs, e, key);
        if (ve < 0) {
            ve = vs;
            while (ve < e && b[ve] != ' ') ve++;
        }
        out.add(name, Ascii.str(b, vs, ve));
        return ve;
    }

    private static void state(final byte[] b, final int s, final int e, final Fields out) {
        if (s >= e) return;
        if (Ascii.isDigit(b[s])) {
            long v = Ascii.parseNumber(b, s, e);
            if (v == BAD) {
                // "0x1 (1)" style or junk: take the first word
                int we = s;
                while (we < e && b[we] != ' ') we++;
                v = Ascii.parseNumber(b, s, we);
            }
            if (v != BAD) {
                final int st = TaskState.fromRawNumber(v);
                out.add(PREV_STATE, st, TaskState.render(st));
            }
            return;
        }
        final String text = Ascii.str(b, s, e);
        final int st = TaskState.parse(text);
        if (st == TaskState.UNKNOWN) out.add(PREV_STATE, text);
        else out.add(PREV_STATE, st, text);
    }

    /**
     * The state letters of libtraceevent's sched_switch plugin. It prints bit {@code i} of the raw prev_state as
     * {@code "SDTtZXxW".charAt(i)} (a 3.x-era table: on current kernels its Z is EXIT_DEAD, X is EXIT_ZOMBIE,
     * x is parked and W is idle) and R when no bit is set. The letters are turned back into the raw bits and
     * read like {@code -R}'s number ({@link TaskState#fromRawNumber}); the text is the canonical rendering.
     */
    private static void pluginState(final byte[] b, final int s, final int e, final Fields out) {
        if (s >= e) return;
        long raw = 0;
        boolean plus = false;
        for (int i = s; i < e; i++) {
            final byte c = b[i];
            final int bit = PLUGIN_STATES.indexOf(c);
            if (bit >= 0) raw |= 1L << bit;
            else if (c == '+') plus = true;
            else if (c != 'R' && c != '|') {
                state(b, s, e, out);
                return;
            }
        }
        int st = TaskState.fromRawNumber(raw);
        if (plus && st == TaskState.RUNNING) st = TaskState.PREEMPTED;
        out.add(PREV_STATE, st, TaskState.render(st));
    }

    /** {@code comm:pid} in {@code [s, e)}: split on the last ':'. */
    private static void commColonPid(final byte[] b, final int s, final int e, final Fields out, final String commName, final String pidName) {
        final int c = Ascii.lastIndexOf(b, s, e, (byte) ':');
        if (c < 0) {
            out.add(commName, Ascii.str(b, s, e));
            return;
        }
        out.add(commName, Ascii.str(b, s, c));
        addDec(out, pidName, b, c + 1, e);
    }

    private static void wakeup(final byte[] b, final int s, final int e, final Fields out) {
        if (Ascii.startsWith(b, s, e, "comm=")) {
            final int i = commUntil(b, s + 5, e, " pid=", out, COMM);
            generic(b, i, e, out, null, null);
            return;
        }
        final int cpu = Ascii.lastIndexOf(b, s, e, " CPU:");
        final int lb = Ascii.lastIndexOf(b, s, cpu > 0 ? cpu : e, " [");
        if (lb > s) {
            // plugin: comm:pid [prio] [success=1] CPU:003
            commColonPid(b, s, lb, out, COMM, PID);
            final int rb = Ascii.indexOf(b, lb, e, (byte) ']');
            if (rb > lb) {
                addDec(out, PRIO, b, lb + 2, rb);
                if (cpu > rb) {
                    generic(b, rb + 1, cpu, out, null, null);
                    addDec(out, TARGET_CPU, b, cpu + 5, e);
                } else {
                    generic(b, rb + 1, e, out, null, null);
                }
            }
            return;
        }
        generic(b, s, e, out, null, null);
    }

    private static void fork(final byte[] b, final int s, final int e, final Fields out) {
        if (!Ascii.startsWith(b, s, e, "comm=")) {
            generic(b, s, e, out, null, null);
            return;
        }
        int i = commUntil(b, s + 5, e, " pid=", out, PARENT_COMM);
        while (i < e) {
            i = Ascii.skipSpaces(b, i, e);
            if (i >= e) break;
            if (Ascii.startsWith(b, i, e, "child_comm=")) {
                i = commUntil(b, i + 11, e, " child_pid=", out, CHILD_COMM);
            } else if (Ascii.startsWith(b, i, e, "pid=")) {
                int ve = i + 4;
                while (ve < e && b[ve] != ' ') ve++;
                addDec(out, PARENT_PID, b, i + 4, ve);
                i = ve;
            } else {
                i = token(b, i, e, out, null, null);
            }
        }
    }

    // ---------------------------------------------------------------- irq, softirq, ipi, tlb

    private static void softirq(final byte[] b, final int s, final int e, final Fields out) {
        final int v = Ascii.indexOf(b, s, e, "vec=");
        if (v < 0) {
            generic(b, s, e, out, null, null);
            return;
        }
        int ve = v + 4;
        while (ve < e && Ascii.isDigit(b[ve])) ve++;
        final long vec = Ascii.parseDec(b, v + 4, ve);
        if (vec == BAD) return;
        String name = null;
        final int a = Ascii.indexOf(b, ve, e, "action=");
        if (a >= 0) {
            int ae = a + 7;
            while (ae < e && b[ae] != ']' && b[ae] != ' ') ae++;
            if (vec >= 0 && vec < SOFTIRQ_NAMES.length && Ascii.equals(b, a + 7, ae, SOFTIRQ_NAMES[(int) vec])) name = SOFTIRQ_NAMES[(int) vec];
            else name = Ascii.str(b, a + 7, ae);
        } else if (vec >= 0 && vec < SOFTIRQ_NAMES.length) {
            name = SOFTIRQ_NAMES[(int) vec];
        }
        if (name != null) out.add(VEC, vec, name);
        else out.add(VEC, vec);
    }

    private static void irqEntry(final byte[] b, final int s, final int e, final Fields out) {
        final int n = Ascii.indexOf(b, s, e, " name=");
        if (n < 0) {
            generic(b, s, e, out, null, null);
            return;
        }
        generic(b, s, n, out, null, null);
        out.add(NAME, Ascii.str(b, n + 6, e));
    }

    private static void irqExit(final byte[] b, final int s, final int e, final Fields out) {
        final int r = Ascii.indexOf(b, s, e, "ret=");
        if (r < 0) {
            generic(b, s, e, out, null, null);
            return;
        }
        generic(b, s, r, out, null, null);
        int ve = r + 4;
        while (ve < e && b[ve] != ' ') ve++;
        if (Ascii.equals(b, r + 4, ve, HANDLED)) out.add(RET, 1, HANDLED);
        else if (Ascii.equals(b, r + 4, ve, UNHANDLED)) out.add(RET, 0, UNHANDLED);
        else {
            final long v = Ascii.parseNumber(b, r + 4, ve);
            if (v == 1) out.add(RET, 1, HANDLED);
            else if (v == 0) out.add(RET, 0, UNHANDLED);
            else if (v != BAD) out.add(RET, v);
            else out.add(RET, Ascii.str(b, r + 4, ve));
        }
    }

    private static void tlb(final byte[] b, final int s, final int e, final Fields out) {
        if (!Ascii.startsWith(b, s, e, "pages:")) {
            // raw form: pages=-1 reason=3
            final int p = Ascii.indexOf(b, s, e, "pages=");
            final int r = Ascii.indexOf(b, s, e, "reason=");
            if (p < 0 && r < 0) {
                generic(b, s, e, out, null, null);
                return;
            }
            if (p >= 0) addDec(out, PAGES, b, p + 6, wordEnd(b, p + 6, e));
            if (r >= 0) {
                final long v = Ascii.parseDec(b, r + 7, wordEnd(b, r + 7, e));
                if (v >= 0 && v < TLB_REASONS.length) out.add(REASON, v, TLB_REASONS[(int) v]);
                else if (v != BAD) out.add(REASON, v);
            }
            return;
        }
        final int pe = wordEnd(b, s + 6, e);
        addDec(out, PAGES, b, s + 6, pe);
        final int r = Ascii.indexOf(b, pe, e, "reason:");
        if (r < 0) return;
        final int rs = r + 7;
        final int lp = Ascii.lastIndexOf(b, rs, e, (byte) '(');
        final int rp = Ascii.lastIndexOf(b, rs, e, (byte) ')');
        if (lp > rs && rp > lp) {
            final long v = Ascii.parseDec(b, lp + 1, rp);
            final int te = Ascii.trimEnd(b, rs, lp);
            final String text = v >= 0 && v < TLB_REASONS.length && Ascii.equals(b, rs, te, TLB_REASONS[(int) v])
                ? TLB_REASONS[(int) v] : Ascii.str(b, rs, te);
            if (v != BAD) out.add(REASON, v, text);
            else out.add(REASON, text);
        } else {
            out.add(REASON, Ascii.str(b, rs, e));
        }
    }

    private static void ipiReason(final byte[] b, final int s, final int e, final Fields out) {
        if (b[s] == '(' && b[e - 1] == ')') out.add(REASON, Ascii.str(b, s + 1, e - 1));
        else generic(b, s, e, out, null, null);
    }

    private static void ipiRaise(final byte[] b, final int s, final int e, final Fields out) {
        final int lp = Ascii.indexOf(b, s, e, (byte) '(');
        if (!Ascii.startsWith(b, s, e, "target_mask=") || lp < 0 || b[e - 1] != ')') {
            generic(b, s, e, out, null, null);
            return;
        }
        out.add(TARGET_CPUS, Ascii.str(b, s + 12, Ascii.trimEnd(b, s + 12, lp)));
        out.add(REASON, Ascii.str(b, lp + 1, e - 1));
    }

    // ---------------------------------------------------------------- workqueue

    private static void work(final byte[] b, final int s, final int e, final Fields out) {
        if (Ascii.startsWith(b, s, e, "work struct=")) {
            final int pe = wordEnd(b, s + 12, e);
            pointer(b, s + 12, pe, out, WORK);
            generic(b, pe, e, out, null, null);
            return;
        }
        if (!Ascii.startsWith(b, s, e, "work struct ")) {
            generic(b, s, e, out, null, null);
            return;
        }
        int pe = s + 12;
        while (pe < e && b[pe] != ' ' && b[pe] != ':') pe++;
        pointer(b, s + 12, pe, out, WORK);
        int i = pe < e && b[pe] == ':' ? pe + 1 : pe;
        i = Ascii.skipSpaces(b, i, e);
        if (Ascii.startsWith(b, i, e, "function ")) {
            final int fs = Ascii.skipSpaces(b, i + 9, e);
            final int fe = wordEnd(b, fs, e);
            symbol(b, fs, fe, out, FUNCTION);
            generic(b, fe, e, out, null, null);
        } else {
            generic(b, i, e, out, null, null);
        }
    }

    /** A pointer: always hexadecimal, with or without 0x; text kept as printed. */
    private static void pointer(final byte[] b, final int s, final int e, final Fields out, final String name) {
        final long v = Ascii.parseHex(b, s, e);
        if (v != BAD) out.add(name, v, Ascii.str(b, s, e));
        else if (e > s) out.add(name, Ascii.str(b, s, e));
    }

    /** A %ps value: a symbol (text) or an address ({@code 0x...}: number and text). */
    private static void symbol(final byte[] b, final int s, final int e, final Fields out, final String name) {
        if (Ascii.has0x(b, s, e)) {
            final long v = Ascii.parseHex(b, s, e);
            if (v != BAD) {
                out.add(name, v, Ascii.str(b, s, e));
                return;
            }
        }
        out.add(name, Ascii.str(b, s, e));
    }

    // ---------------------------------------------------------------- syscalls

    private static void rawSysEnter(final byte[] b, final int s, final int e, final Fields out) {
        if (!Ascii.startsWith(b, s, e, "NR ")) {
            generic(b, s, e, out, null, null);
            return;
        }
        final int ne = wordEnd(b, s + 3, e);
        addDec(out, ID, b, s + 3, ne);
        final int lp = Ascii.indexOf(b, ne, e, (byte) '(');
        if (lp >= 0) {
            final int rp = b[e - 1] == ')' ? e - 1 : e;
            out.add(ARGS, Ascii.str(b, lp + 1, rp));
        }
    }

    private static void rawSysExit(final byte[] b, final int s, final int e, final Fields out) {
        if (!Ascii.startsWith(b, s, e, "NR ")) {
            generic(b, s, e, out, null, null);
            return;
        }
        final int ne = wordEnd(b, s + 3, e);
        addDec(out, ID, b, s + 3, ne);
        final int eq = Ascii.indexOf(b, ne, e, (byte) '=');
        if (eq >= 0) {
            final int vs = Ascii.skipSpaces(b, eq + 1, e);
            addDec(out, RET, b, vs, wordEnd(b, vs, e));
        }
    }

    private static void sysEnter(final byte[] b, final int s, int e, final Fields out) {
        int i = s;
        if (Ascii.startsWith(b, s, e, "sys_")) {
            // kernel text: sys_read(fd: 3, ...)
            final int lp = Ascii.indexOf(b, s, e, (byte) '(');
            if (lp > 0) {
                i = lp + 1;
                if (b[e - 1] == ')') e--;
            }
        }
        i = Ascii.skipSpaces(b, i, e);
        int k = i;
        while (k < e && Ascii.isIdent(b[k])) k++;
        if (k == i || k >= e || b[k] != ':') {
            generic(b, i, e, out, null, null);
            return;
        }
        while (i < e) {
            i = Ascii.skipSpaces(b, i, e);
            int ne = i;
            while (ne < e && Ascii.isIdent(b[ne])) ne++;
            if (ne == i || ne >= e || b[ne] != ':') break;
            final String name = Names.intern(b, i, ne);
            final int vs = Ascii.skipSpaces(b, ne + 1, e);
            // the value ends at ", " outside a quoted string
            int ve = vs;
            boolean q = false;
            while (ve < e) {
                final byte c = b[ve];
                if (c == '"') q = !q;
                else if (c == '\\' && q) ve++;
                else if (c == ',' && !q) break;
                ve++;
            }
            if (ve > e) ve = e;
            sysValue(b, vs, Ascii.trimEnd(b, vs, ve), out, name);
            i = ve + 1;
        }
    }

    private static void sysValue(final byte[] b, final int s, final int e, final Fields out, final String name) {
        final int we = wordEnd(b, s, e);
        final long v = Ascii.parseHex(b, s, we);
        if (v == BAD) {
            out.add(name, Ascii.str(b, s, e));
            return;
        }
        final int qs = Ascii.indexOf(b, we, e, (byte) '"');
        if (qs >= 0) {
            final int qe = b[e - 1] == '"' && e - 1 > qs ? e - 1 : e;
            out.add(name, v, Ascii.str(b, qs + 1, qe));
        } else {
            out.add(name, v);
        }
    }

    private static void sysExit(final byte[] b, final int s, final int e, final Fields out) {
        int i = s;
        final int arrow = Ascii.indexOf(b, s, e, "-> ");
        if (arrow >= 0) i = Ascii.skipSpaces(b, arrow + 3, e);
        final int we = wordEnd(b, i, e);
        if (we == e) {
            final long v = Ascii.parseHex(b, i, we);
            if (v != BAD) {
                out.add(RET, v);
                return;
            }
        }
        generic(b, i, e, out, null, null);
    }

    // ---------------------------------------------------------------- print, function, misc

    private static void markWrite(final byte[] b, final int s, final int e, final Fields out) {
        out.add(BUF, Ascii.str(b, s, e));
    }

    private static void print(final byte[] b, final int s, final int e, final Fields out) {
        if (Ascii.startsWith(b, s, e, "ip=") || Ascii.startsWith(b, s, e, "buf=") || Ascii.startsWith(b, s, e, "fmt=")) {
            generic(b, s, e, out, null, null);
            return;
        }
        final int we = wordEnd(b, s, e);
        if (we - s > 1 && b[we - 1] == ':') {
            symbol(b, s, we - 1, out, IP);
            out.add(BUF, Ascii.str(b, Ascii.skipSpaces(b, we, e), e));
        } else {
            out.add(BUF, Ascii.str(b, s, e));
        }
    }

    private static void function(final byte[] b, final int s, final int e, final Fields out) {
        final int a = Ascii.indexOf(b, s, e, " <-");
        if (a < 0) {
            symbol(b, s, e, out, IP);
            return;
        }
        symbol(b, s, a, out, IP);
        symbol(b, a + 3, e, out, PARENT_IP);
    }

    private static void clock(final byte[] b, final int s, final int e, final Fields out) {
        final int we = wordEnd(b, s, e);
        if (Ascii.indexOf(b, s, we, (byte) '=') < 0) {
            out.add(NAME, Ascii.str(b, s, we));
            generic(b, we, e, out, null, null);
        } else {
            generic(b, s, e, out, null, null);
        }
    }

    // ---------------------------------------------------------------- generic

    /**
     * Generic {@code name=value} / {@code name: value} decoding of {@code [s, e)}; a field called {@code from}
     * is renamed {@code to}.
     */
    static void generic(final byte[] b, final int s, final int e, final Fields out, final String from, final String to) {
        int i = s;
        if (Ascii.startsWith(b, Ascii.skipSpaces(b, s, e), e, "comm=")) {
            final int cs = Ascii.skipSpaces(b, s, e) + 5;
            if (Ascii.indexOf(b, cs, e, " pid=") >= 0) i = commUntil(b, cs, e, " pid=", out, COMM);
        }
        while (i < e) {
            i = Ascii.skipSpaces(b, i, e);
            if (i >= e) break;
            i = token(b, i, e, out, from, to);
        }
    }

    /** Decodes one token at {@code i} (not a space); returns the index after it. */
    private static int token(final byte[] b, final int i, final int e, final Fields out, final String from, final String to) {
        final int we = wordEnd(b, i, e);
        int ws = i;
        int wEnd = we;
        if (b[ws] == '[') {
            ws++;
            if (wEnd > ws && b[wEnd - 1] == ']') wEnd--;
        }
        int k = ws;
        while (k < wEnd && Ascii.isIdent(b[k])) k++;
        if (k > ws && k < wEnd && b[k] == '=') {
            String name = Names.intern(b, ws, k);
            if (name == from) name = to;
            final int vs = k + 1;
            int ve = wEnd;
            if (ve > vs && b[ve - 1] == ',') ve--;
            final long v = Ascii.parseNumber(b, vs, ve);
            if (v != BAD) {
                if (Ascii.looksHex(b, vs, ve)) out.add(name, v, Ascii.str(b, vs, ve));
                else out.add(name, v);
                return we;
            }
            if (ws != i) {
                // bracketed [name=text]: no absorbing
                out.add(name, Ascii.str(b, vs, ve));
                return we;
            }
            // text: absorb following words that do not start a new field
            int end = we;
            while (true) {
                final int n = Ascii.skipSpaces(b, end, e);
                if (n >= e || startsField(b, n, e)) break;
                end = wordEnd(b, n, e);
            }
            int te = end;
            if (te == we) te = ve;
            out.add(name, Ascii.str(b, vs, te));
            return end;
        }
        if (k > ws && k == wEnd - 1 && b[k] == ':' && ws == i) {
            // name: value
            final int vs = Ascii.skipSpaces(b, we, e);
            if (vs >= e || startsField(b, vs, e)) return we;
            final int vEnd = wordEnd(b, vs, e);
            int ve = vEnd;
            if (ve > vs && b[ve - 1] == ',') ve--;
            String name = Names.intern(b, ws, k);
            if (name == from) name = to;
            final long v = Ascii.parseNumber(b, vs, ve);
            if (v != BAD) {
                if (Ascii.looksHex(b, vs, ve)) out.add(name, v, Ascii.str(b, vs, ve));
                else out.add(name, v);
            } else {
                out.add(name, Ascii.str(b, vs, ve));
            }
            return vEnd;
        }
        if (k > ws && k < wEnd - 1 && b[k] == ':' && ws == i) {
            // name:value in one word (tlb_flush style)
            String name = Names.intern(b, ws, k);
            if (name == from) name = to;
            final long v = Ascii.parseNumber(b, k + 1, wEnd);
            if (v != BAD) out.add(name, v);
            else out.add(name, Ascii.str(b, k + 1, wEnd));
        }
        return we;
    }

    /** Whether the word at {@code i} starts a new field: {@code name=}, {@code name:}, {@code [..}, {@code (..}. */
    static boolean startsField(final byte[] b, final int i, final int e) {
        final byte c = b[i];
        if (c == '[' || c == '(') return true;
        int k = i;
        while (k < e && Ascii.isIdent(b[k])) k++;
        return k > i && k < e && (b[k] == '=' || (b[k] == ':' && (k + 1 == e || b[k + 1] == ' ')));
    }

    /** The end of the word at {@code i} (the next space or tab, or {@code e}). */
    static int wordEnd(final byte[] b, int i, final int e) {
        while (i < e && b[i] != ' ' && b[i] != '\t') i++;
        return i;
    }

    /** Adds the decimal number in {@code [s, e)} (blanks around it allowed) as {@code name}, when it is one. */
    static void addDec(final Fields out, final String name, final byte[] b, final int s, final int e) {
        final int ss = Ascii.skipSpaces(b, s, e);
        final long v = Ascii.parseDec(b, ss, Ascii.trimEnd(b, ss, e));
        if (v != BAD) out.add(name, v);
    }
}
