package dev.whylate.timeline;

import dev.whylate.model.Ctx;
import dev.whylate.model.EventStore;
import dev.whylate.model.EventTypes;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.PayloadDecoder;
import dev.whylate.model.Fields;
import dev.whylate.model.Lost;
import dev.whylate.model.TaskState;
import dev.whylate.model.Trace;
import dev.whylate.util.IntList;
import dev.whylate.util.LongMap;
import dev.whylate.util.Names;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One pass over the events that reconstructs the {@link Timeline}. Rules:
 *
 * <ul>
 *   <li>Slices: each sched_switch on a CPU ends the slice of {@code prev_pid} (state {@code prev_state}) and
 *       opens one for {@code next_pid}. The task before a CPU's first switch ran from the CPU's first event
 *       ({@link Slices#START_UNKNOWN}). A lost-events gap on a CPU ends its slice there and starts over as if
 *       the CPU's stream began after the gap. A switch-out of a task that is not the one seen switching in
 *       (its switch was lost or filtered) ends the open slice, and starts the task's, at the first event of
 *       another task since the open slice began (or at the switch itself; the task switched out just before
 *       does not count for {@link #SWITCH_TAIL_NS}: its switch_mm tlb_flush carries its pid); when the open slice was the idle
 *       task's and the task was woken for this CPU from an interrupt on it, at the end of that interrupt if it
 *       was traced and earlier (an idle CPU runs the woken task as the interrupt returns). Such a slice is
 *       flagged {@link Slices#START_INFERRED}.</li>
 *   <li>Contexts: entry/exit pairs push and pop per-CPU nested intervals; an exit with no entry makes an
 *       interval (START_UNKNOWN) from the latest of: the CPU's first event, the last earlier event known to be
 *       outside that context level (hardirq, or any interrupt), the previous exit at that level. When the input carries flags ({@link Ctx#KNOWN}),
 *       an event outside hardirq context closes open hardirq-level intervals and an event outside any irq
 *       context closes all of them (END_UNKNOWN), which repairs lost exits. A sched_switch closes them too, and so
 *       does a softirq_entry (softirqs never run inside another interrupt context).</li>
 *   <li>Wakeups: the waker is the event's current task ({@code common_pid}), its context the innermost open
 *       interval on that CPU, and, for kworkers, the work item being executed.</li>
 *   <li>Work items: queue_work opens an item pending on its address; activate and execute_start consume the
 *       pending item of that address; execute_end closes the item the kworker is executing.</li>
 *   <li>Softirq raises are served by the next entry of the same vec on the same CPU; IPIs by the next matching
 *       vector entry on the target ({@link Ipis}).</li>
 *   <li>Cross-CPU calls: csd_queue_cpu is run by the next csd_function_entry of the same csd on the target;
 *       csd 0 is a local direct call; the queued csds of a task are linked to the IPI it sends next to their
 *       target ({@link Csds}).</li>
 *   <li>tlb_flush events are kept with their context and the csd being run ({@link Tlbs}); nmi_handler
 *       (emitted when a handler returns, with its duration) becomes a closed {@link Intervals#NMI} interval.</li>
 * </ul>
 */
public final class TimelineBuilder {
    private static final int NONE = 0;
    private static final int SWITCH = 1;
    private static final int WAKING = 2;
    private static final int WAKEUP = 3;
    private static final int WAKEUP_NEW = 4;
    private static final int MIGRATE = 5;
    private static final int IRQ_ENTRY = 6;
    private static final int IRQ_EXIT = 7;
    private static final int VEC_ENTRY = 8;
    private static final int VEC_EXIT = 9;
    private static final int SOFTIRQ_RAISE = 10;
    private static final int SOFTIRQ_ENTRY = 11;
    private static final int SOFTIRQ_EXIT = 12;
    private static final int TASKLET_ENTRY = 13;
    private static final int TASKLET_EXIT = 14;
    private static final int HRTIMER_START = 15;
    private static final int HRTIMER_ENTRY = 16;
    private static final int HRTIMER_EXIT = 17;
    private static final int WQ_QUEUE = 18;
    private static final int WQ_ACTIVATE = 19;
    private static final int WQ_START = 20;
    private static final int WQ_END = 21;
    private static final int IPI_SEND_CPU = 22;
    private static final int IPI_SEND_MASK = 23;
    private static final int IPI_RAISE = 24;
    private static final int IPI_ENTRY = 25;
    private static final int IPI_EXIT = 26;
    private static final int RAW_SYS_ENTER = 27;
    private static final int RAW_SYS_EXIT = 28;
    private static final int SYS_ENTER = 29;
    private static final int SYS_EXIT = 30;
    private static final int CSD_QUEUE = 31;
    private static final int CSD_ENTRY = 32;
    private static final int CSD_EXIT = 33;
    private static final int TLB_FLUSH = 34;
    private static final int NMI_HANDLER = 35;
    /** Roles that read at most one numeric field ({@link #LAZY_FIELD}, through {@link PayloadDecoder#number}) or none. */
    private static final boolean[] LAZY = new boolean[36];
    private static final String[] LAZY_FIELD = new String[36];
    private static final long[] LAZY_DEFAULT = new long[36];
    /** Roles that read only numbers: these names, through {@link PayloadDecoder#numbers} (no texts decoded). */
    private static final String[][] NUM_FIELDS = new String[36][];
    private static final long[][] NUM_DEFAULT = new long[36][];
    /** Missing value of the maps below and of absent fields (no index, no expiry and no pid is this). */
    private static final long ABSENT = Long.MIN_VALUE + 3;
    private static final String[] SWITCH_NUMS = {"prev_pid", "next_pid", "prev_prio", "next_prio", "prev_state"};
    private static final long[] SWITCH_DFLT = {ABSENT, -1, -1, -1, ABSENT};
    private static final String[] HRTIMER_NUMS = {"hrtimer", "now"};
    private static final long[] HRTIMER_DFLT = {Works.NONE, Works.NONE};
    private static final String[] HRTIMER_TEXTS = {"function"};
    /** Events decoded ahead per block. */
    private static final int BLOCK = 1 << 14;

    static {
        for (final int r : new int[] {IRQ_EXIT, VEC_ENTRY, VEC_EXIT, SOFTIRQ_RAISE, SOFTIRQ_ENTRY, SOFTIRQ_EXIT, TASKLET_EXIT, HRTIMER_EXIT,
            WQ_END, SYS_ENTER, SYS_EXIT, CSD_EXIT}) {
            LAZY[r] = true;
        }
        Arrays.fill(LAZY_DEFAULT, -1);
        LAZY_FIELD[IRQ_EXIT] = "irq";
        LAZY_FIELD[VEC_ENTRY] = "vector";
        LAZY_FIELD[SOFTIRQ_RAISE] = "vec";
        LAZY_FIELD[SOFTIRQ_ENTRY] = "vec";
        LAZY_FIELD[SOFTIRQ_EXIT] = "vec";
        LAZY_FIELD[SYS_EXIT] = "ret";
        LAZY_DEFAULT[SYS_EXIT] = Long.MIN_VALUE;
        for (final int r : new int[] {WAKING, WAKEUP, WAKEUP_NEW}) {
            NUM_FIELDS[r] = new String[] {"pid", "target_cpu", "prio"};
            NUM_DEFAULT[r] = new long[] {-1, -1, -1};
        }
        // tlb_flush: reason and pages from one look-up of the record
        NUM_FIELDS[TLB_FLUSH] = new String[] {"reason", "pages"};
        NUM_DEFAULT[TLB_FLUSH] = new long[] {-1, -1};
        NUM_FIELDS[MIGRATE] = new String[] {"pid", "orig_cpu", "dest_cpu"};
        NUM_DEFAULT[MIGRATE] = new long[] {-1, -1, -1};
        NUM_FIELDS[HRTIMER_START] = new String[] {"hrtimer", "softexpires", "expires"};
        NUM_DEFAULT[HRTIMER_START] = new long[] {Works.NONE, Works.NONE, Works.NONE};
    }

    /** x86 irq_vectors entry/exit names (without the suffix); text traces do not print the subsystem. */
    private static final List<String> VECTORS = List.of("local_timer", "spurious_apic", "error_apic", "x86_platform_ipi",
        "irq_work", "reschedule", "call_function", "call_function_single", "threshold_apic", "deferred_error_apic",
        "thermal_apic", "reboot", "posted_interrupt", "hyperv_callback", "hyperv_reenlightenment", "hyperv_stimer0");

    private final Trace trace;
    private final EventStore store;
    private final Names names = new Names();
    private final Slices.Builder slices = new Slices.Builder();
    private final Intervals.Builder intervals = new Intervals.Builder();
    private final Wakeups.Builder wakeups = new Wakeups.Builder();
    private final Works.Builder works = new Works.Builder();
    private final Raises.Builder raises = new Raises.Builder();
    private final Ipis.Builder ipis = new Ipis.Builder();
    private final Syscalls.Builder syscalls = new Syscalls.Builder();
    private final Timers.Builder timers = new Timers.Builder();
    private final Migrations.Builder migrations = new Migrations.Builder();
    private final Csds.Builder csds = new Csds.Builder();
    private final Tlbs.Builder tlbs = new Tlbs.Builder();

    private int[] roles;
    private int[] vectorName;
    private int[] sysName;
    private long[] cpuFirst = new long[0];
    private long[] cpuLast = new long[0];
    private int[] openSlice = new int[0];
    private int[] soleTid = new int[0];
    /** Per CPU, while its open slice is the idle task's: the last task woken for it from an interrupt on it, and that interrupt (outermost). */
    private int[] idleWakeTid = new int[0];
    private int[] idleWakeIv = new int[0];
    /** Per CPU: time of the first event, since the open slice began, whose current task is not that slice's task. */
    private long[] foreign = new long[0];
    /**
     * Per CPU: the task its last sched_switch switched out, and when. Its events there in the next
     * {@link #SWITCH_TAIL_NS} still belong to that switch (switch_mm's tlb_flush "flush on task switch" carries its
     * pid, 0.3-1 us after the sched_switch): they are not "another task's" event for {@link #foreign}.
     */
    private int[] outgoing = new int[0];
    private long[] outgoingTs = new long[0];
    /**
     * How long after a switch-out the outgoing task's events on that CPU can still belong to the switch, ns
     * (switch_mm's tlb_flush comes 0.3-1 us after the sched_switch); also used by the sched wait accounting.
     */
    public static final long SWITCH_TAIL_NS = 20_000;
    /**
     * Per CPU, for exits whose entry was not seen: the last earlier event known to be outside hardirq context
     * (index 0) / outside any interrupt context (1), and the last exit at that level.
     */
    private long[][] outside = new long[2][0];
    private long[][] lastExit = new long[2][0];
    /** Context flags of the event being handled. */
    private int curCtx;
    private boolean[] switched = new boolean[0];
    private IntList[] stack = new IntList[0];
    private IntList[][] pendingRaise = new IntList[0][];
    private IntList[][] pendingIpi = new IntList[0][];
    private int[] openCsd = new int[0];
    /** Top-level intervals of a CPU while its stream has shown no task-level event yet (see {@link #pop}). */
    private IntList[] orphans = new IntList[0];
    private IntList[] unsentCsd = new IntList[0];
    /** Per target CPU: csd address → queued csd. */
    private List<LongMap> pendingCsd = new java.util.ArrayList<>();
    /** Work address → pending work item. */
    private final LongMap pendingWork = new LongMap();
    /** kworker tid → work item it executes. */
    private final LongMap openWork = new LongMap();
    /** tid → its open syscall. */
    private final LongMap openSyscall = new LongMap();
    /** hrtimer address → soft expiry it was armed with. */
    private final LongMap armed = new LongMap();
    /** hrtimer address → hard expiry it was armed with. */
    private final LongMap armedHard = new LongMap();
    /** hrtimer address → trace time it was armed at, and the task that armed it. */
    private final LongMap armedAt = new LongMap();
    private final LongMap armedBy = new LongMap();
    private final SyscallNames sysTable;
    private boolean hasWaking;
    private boolean hasSwitches;
    private boolean hasVectors;
    private boolean hasCsd;
    private int ipiGroup;

    TimelineBuilder(final Trace trace) {
        this.trace = trace;
        this.store = trace.events();
        this.sysTable = SyscallNames.forTrace(trace);
    }

    Timeline build() {
        classify();
        final int n = store.size();
        // payloads are decoded ahead on other threads (up to two blocks at once) while this one runs the rules
        final int cores = Runtime.getRuntime().availableProcessors();
        final int workers = n > 2 * BLOCK && cores > 1 ? Math.min(2, cores) : 0;
        final ExecutorService decoder = workers == 0 ? null : Executors.newFixedThreadPool(workers, r -> {
            final Thread t = new Thread(r, "whylate-timeline-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            final int blocks = (n + BLOCK - 1) / BLOCK;
            final int depth = workers + 1;
            final Block[] ring = new Block[depth];
            final Future<?>[] pending = new Future<?>[depth];
            for (int b = 0; b < Math.min(depth, blocks); b++) {
                ring[b] = new Block();
                if (decoder != null) pending[b] = submit(decoder, ring[b], b, n);
            }
            for (int b = 0; b < blocks; b++) {
                final int slot = b % depth;
                final int from = b * BLOCK;
                final int to = Math.min(n, from + BLOCK);
                if (decoder != null) await(pending[slot]);
                else ring[slot].decode(from, to);
                run(ring[slot], from, to);
                if (decoder != null && b + depth < blocks) pending[slot] = submit(decoder, ring[slot], b + depth, n);
            }
            finish();
            // the parts are independent of each other: the larger ones are indexed on the pool meanwhile
            final Future<Slices> fs = decoder == null ? null : decoder.submit(() -> new Slices(slices));
            final Future<Wakeups> fw = decoder == null ? null : decoder.submit(() -> new Wakeups(wakeups, hasWaking));
            final Intervals iv = new Intervals(intervals);
            final Timers tm = new Timers(timers);
            final Works wk = new Works(works);
            final Raises rs = new Raises(raises);
            final Ipis ip = new Ipis(ipis);
            final Syscalls sc = new Syscalls(syscalls);
            final Migrations mg = new Migrations(migrations);
            final Csds cs = new Csds(csds);
            final Tlbs tb = new Tlbs(tlbs);
            final Slices sl = fs == null ? new Slices(slices) : join(fs);
            final Wakeups wu = fw == null ? new Wakeups(wakeups, hasWaking) : join(fw);
            return new Timeline(trace, sl, iv, wu, wk, rs, ip, sc, tm, mg, cs, tb, names, cpuFirst, cpuLast, lostFrom(), hasSwitches, hasVectors,
                hasCsd);
        } finally {
            if (decoder != null) decoder.shutdownNow();
        }
    }

    private static <T> T join(final Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the timeline", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw new IllegalStateException("building the timeline failed: " + e.getCause(), e.getCause());
        }
    }

    private static Future<?> submit(final ExecutorService decoder, final Block blk, final int b, final int n) {
        final int from = b * BLOCK;
        return decoder.submit(() -> blk.decode(from, Math.min(n, from + BLOCK)));
    }

    private static void await(final Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding events", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("decoding events failed: " + e.getCause(), e.getCause());
        }
    }

    private int nextLost;
    /** Per lost-events marker of the trace: its CPU's previous event time (the gap is from there to the marker). */
    private long[] lostFrom;

    /** Applies the rules to events {@code [from, to)}, decoded in {@code b}. */
    private void run(final Block b, final int from, final int to) {
        final List<Lost> lost = trace.lost();
        if (lostFrom == null) {
            lostFrom = new long[lost.size()];
            java.util.Arrays.fill(lostFrom, Long.MIN_VALUE);
        }
        for (int i = from; i < to; i++) {
            final long ts = store.ts(i);
            while (nextLost < lost.size() && lost.get(nextLost).ts() <= ts) gap(lost.get(nextLost++));
            final int cpu = store.cpu(i);
            ensureCpu(cpu);
            if (cpuFirst[cpu] == Works.NONE) cpuFirst[cpu] = ts;
            final int etid = store.tid(i);
            if (soleTid[cpu] == -2) soleTid[cpu] = etid;
            else if (soleTid[cpu] != etid) soleTid[cpu] = -1;
            cpuLast[cpu] = ts;
            if (foreign[cpu] == Works.NONE && openSlice[cpu] >= 0 && etid >= 0 && etid != slices.tid.get(openSlice[cpu])
                && !(etid == outgoing[cpu] && ts - outgoingTs[cpu] <= SWITCH_TAIL_NS)) foreign[cpu] = ts;
            final int role = roles[store.type(i)];
            checkFlags(i, cpu, ts, role);
            if (role != NONE) {
                curCtx = store.ctx(i);
                final int k = i - from;
                if (role == TLB_FLUSH) tlbFlush(i, cpu, ts, (int) b.num[k], b.num2[k]);
                else if (NUM_FIELDS[role] != null) handleNumbers(i, cpu, ts, role, b.num[k], b.num2[k], b.num3[k]);
                else if (role == SWITCH) onSwitch(i, cpu, ts, (int) b.num[k], (int) b.num2[k], (int) b.num3[k], (int) b.num4[k],
                    (int) b.num5[k]);
                else if (role == HRTIMER_ENTRY) hrtimerEntry(i, cpu, ts, b.num[k], b.num2[k], b.text1[k]);
                else handle(i, cpu, ts, role, b.fields[k], b.num[k]);
            }
            final int cf = store.ctx(i);
            final boolean known = (cf & Ctx.KNOWN) != 0;
            if (!known || (cf & (Ctx.HARDIRQ | Ctx.NMI)) == 0) outside[0][cpu] = ts;
            if (!known || (cf & (Ctx.HARDIRQ | Ctx.NMI | Ctx.SOFTIRQ)) == 0) outside[1][cpu] = ts;
        }
    }

    private FieldCursor slowCursor;
    private final int[] softirqNameIds = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

    private int softirqName(final int vec) {
        if (vec < 0 || vec >= 10) return names.id("vec" + vec);
        if (softirqNameIds[vec] < 0) softirqNameIds[vec] = names.id(Timeline.SOFTIRQ_NAMES[vec]);
        return softirqNameIds[vec];
    }

    /** A tlb_flush; a reason printed only in words is decoded here (rare). */
    private void tlbFlush(final int i, final int cpu, final long ts, final int reasonNum, final long pages) {
        int reason = reasonNum;
        if (reason < 0) {
            if (slowCursor == null) slowCursor = store.cursor();
            reason = Tlbs.reasonOf(slowCursor.load(i).getString("reason"));
        }
        tlbs.add(ts, cpu, store.tid(i), reason, pages, top(cpu), openCsd[cpu]);
    }

    /**
     * Events decoded ahead: the numbers and texts the rules of the frequent events read, in columns (the thread
     * applying the rules then touches no decoder state), and the whole fields of the rarer events.
     */
    private final class Block {
        final Fields[] fields = new Fields[BLOCK];
        final long[] num = new long[BLOCK];
        /** tlb_flush pages; the second and third of {@link #NUM_FIELDS}; the others of a switch and an hrtimer entry. */
        final long[] num2 = new long[BLOCK];
        final long[] num3 = new long[BLOCK];
        final long[] num4 = new long[BLOCK];
        final long[] num5 = new long[BLOCK];
        /** hrtimer_expire_entry function. */
        final String[] text1 = new String[BLOCK];
        private final Fields scratch = new Fields();
        private final long[] three = new long[3];
        private final long[] five = new long[5];
        private final String[] two = new String[2];

        void decode(final int from, final int to) {
            final PayloadDecoder dec = store.decoder();
            for (int i = from; i < to; i++) {
                final int k = i - from;
                final int role = roles[store.type(i)];
                if (role == NONE) continue;
                if (LAZY[role]) {
                    final String f = LAZY_FIELD[role];
                    if (f != null) num[k] = dec.number(store, i, f, LAZY_DEFAULT[role], scratch);
                    continue;
                }
                if (NUM_FIELDS[role] != null) {
                    dec.numbers(store, i, NUM_FIELDS[role], NUM_DEFAULT[role], three, scratch);
                    num[k] = three[0];
                    num2[k] = three[1];
                    num3[k] = three[2];
                    continue;
                }
                if (role == SWITCH) {
                    // numbers only: the comms are in the task table already (Timeline#lastComm decodes one when asked)
                    dec.numbers(store, i, SWITCH_NUMS, SWITCH_DFLT, five, scratch);
                    if (five[4] == ABSENT) {
                        // prev_state absent or printed only as letters: the fields say
                        dec.decode(store, i, scratch);
                        final int s = scratch.indexOf("prev_state");
                        five[4] = s < 0 ? TaskState.UNKNOWN : scratch.isNumber(s) ? (int) scratch.number(s) : TaskState.parse(scratch.text(s));
                    }
                    num[k] = five[0] == ABSENT ? store.tid(i) : (int) five[0];
                    num2[k] = (int) five[1];
                    num3[k] = (int) five[2];
                    num4[k] = (int) five[3];
                    num5[k] = (int) five[4];
                    continue;
                }
                if (role == HRTIMER_ENTRY) {
                    dec.numbersAndTexts(store, i, HRTIMER_NUMS, HRTIMER_DFLT, five, HRTIMER_TEXTS, two, scratch);
                    num[k] = five[0];
                    num2[k] = five[1];
                    text1[k] = two[0] == null ? "hrtimer" : two[0];
                    continue;
                }
                Fields f = fields[k];
                if (f == null) f = fields[k] = new Fields();
                // one decoder scratch for the whole block (a block is decoded by one thread at a time)
                final Object st = scratch.decoderState(dec);
                if (st != null) f.decoderState(dec, st);
                dec.decode(store, i, f);
            }
        }
    }

    private void classify() {
        final EventTypes types = store.types();
        roles = new int[types.size()];
        vectorName = new int[types.size()];
        sysName = new int[types.size()];
        Arrays.fill(vectorName, -1);
        Arrays.fill(sysName, -1);
        final int[] count = new int[types.size()];
        for (int i = 0; i < store.size(); i++) count[store.type(i)]++;
        final long[] perRole = new long[LAZY.length];
        for (int t = 0; t < roles.length; t++) {
            final String name = types.name(t);
            final String sys = types.system(t);
            roles[t] = role(name, sys, t);
            final boolean present = count[t] > 0;
            if (roles[t] == WAKING && present) hasWaking = true;
            if (roles[t] == SWITCH && present) hasSwitches = true;
            if ((roles[t] == VEC_ENTRY || roles[t] == IPI_ENTRY) && present) hasVectors = true;
            if (roles[t] == CSD_ENTRY && present) hasCsd = true;
            perRole[roles[t]] += count[t];
        }
        reserve(perRole);
    }

    /** Sizes the builders from the event counts (exits without entries and cpumask fan-out may still grow them). */
    private void reserve(final long[] n) {
        intervals.reserve(cap(n[IRQ_ENTRY] + n[VEC_ENTRY] + n[SOFTIRQ_ENTRY] + n[TASKLET_ENTRY] + n[HRTIMER_ENTRY] + n[IPI_ENTRY]
            + n[NMI_HANDLER] + 64));
        raises.reserve(cap(n[SOFTIRQ_RAISE]));
        slices.reserve(cap(n[SWITCH] + 64));
        wakeups.reserve(cap(n[WAKING] + n[WAKEUP] + n[WAKEUP_NEW]));
        timers.reserve(cap(n[HRTIMER_ENTRY]));
        works.reserve(cap(n[WQ_QUEUE] + 16));
        ipis.reserve(cap(n[IPI_SEND_CPU] + n[IPI_SEND_MASK] + n[IPI_RAISE]));
        csds.reserve(cap(n[CSD_QUEUE] + n[CSD_ENTRY] / 2));
        tlbs.reserve(cap(n[TLB_FLUSH]));
        syscalls.reserve(cap(n[SYS_ENTER] + n[RAW_SYS_ENTER] + 16));
        migrations.reserve(cap(n[MIGRATE]));
    }

    private static int cap(final long n) {
        return (int) Math.min(n, Integer.MAX_VALUE - 16);
    }

    private int role(final String name, final String sys, final int t) {
        switch (name) {
            case "sched_switch": return SWITCH;
            case "sched_waking": return WAKING;
            case "sched_wakeup": return WAKEUP;
            case "sched_wakeup_new": return WAKEUP_NEW;
            case "sched_migrate_task": return MIGRATE;
            case "irq_handler_entry": return IRQ_ENTRY;
            case "irq_handler_exit": return IRQ_EXIT;
            case "softirq_raise": return SOFTIRQ_RAISE;
            case "softirq_entry": return SOFTIRQ_ENTRY;
            case "softirq_exit": return SOFTIRQ_EXIT;
            case "tasklet_entry": case "tasklet_hi_entry": return TASKLET_ENTRY;
            case "tasklet_exit": case "tasklet_hi_exit": return TASKLET_EXIT;
            case "hrtimer_start": return HRTIMER_START;
            case "hrtimer_expire_entry": return HRTIMER_ENTRY;
            case "hrtimer_expire_exit": return HRTIMER_EXIT;
            case "workqueue_queue_work": return WQ_QUEUE;
            case "workqueue_activate_work": return WQ_ACTIVATE;
            case "workqueue_execute_start": return WQ_START;
            case "workqueue_execute_end": return WQ_END;
            case "ipi_send_cpu": return IPI_SEND_CPU;
            case "ipi_send_cpumask": return IPI_SEND_MASK;
            case "ipi_raise": return IPI_RAISE;
            case "ipi_entry": return IPI_ENTRY;
            case "ipi_exit": return IPI_EXIT;
            case "csd_queue_cpu": return CSD_QUEUE;
            case "csd_function_entry": return CSD_ENTRY;
            case "csd_function_exit": return CSD_EXIT;
            case "tlb_flush": return TLB_FLUSH;
            case "nmi_handler": return NMI_HANDLER;
            default: break;
        }
        if ("sys_enter".equals(name) && (sys == null || "raw_syscalls".equals(sys))) return RAW_SYS_ENTER;
        if ("sys_exit".equals(name) && (sys == null || "raw_syscalls".equals(sys))) return RAW_SYS_EXIT;
        if (name.startsWith("sys_enter_")) {
            sysName[t] = names.id(name.substring(10));
            return SYS_ENTER;
        }
        if (name.startsWith("sys_exit_")) {
            sysName[t] = names.id(name.substring(9));
            return SYS_EXIT;
        }
        final boolean vecSys = "irq_vectors".equals(sys);
        if (name.endsWith("_entry")) {
            final String v = name.substring(0, name.length() - 6);
            if (vecSys || (sys == null && VECTORS.contains(v))) {
                vectorName[t] = names.id(v);
                return VEC_ENTRY;
            }
        }
        if (name.endsWith("_exit")) {
            final String v = name.substring(0, name.length() - 5);
            if (vecSys || (sys == null && VECTORS.contains(v))) {
                vectorName[t] = names.id(v);
                return VEC_EXIT;
            }
        }
        return NONE;
    }

    private void ensureCpu(final int cpu) {
        if (cpu < cpuFirst.length) return;
        final int n = cpu + 1;
        final int old = cpuFirst.length;
        cpuFirst = Arrays.copyOf(cpuFirst, n);
        cpuLast = Arrays.copyOf(cpuLast, n);
        openSlice = Arrays.copyOf(openSlice, n);
        soleTid = Arrays.copyOf(soleTid, n);
        idleWakeTid = Arrays.copyOf(idleWakeTid, n);
        idleWakeIv = Arrays.copyOf(idleWakeIv, n);
        foreign = Arrays.copyOf(foreign, n);
        outgoing = Arrays.copyOf(outgoing, n);
        outgoingTs = Arrays.copyOf(outgoingTs, n);
        for (int l = 0; l < 2; l++) {
            outside[l] = Arrays.copyOf(outside[l], n);
            lastExit[l] = Arrays.copyOf(lastExit[l], n);
        }
        switched = Arrays.copyOf(switched, n);
        stack = Arrays.copyOf(stack, n);
        pendingRaise = Arrays.copyOf(pendingRaise, n);
        pendingIpi = Arrays.copyOf(pendingIpi, n);
        openCsd = Arrays.copyOf(openCsd, n);
        orphans = Arrays.copyOf(orphans, n);
        unsentCsd = Arrays.copyOf(unsentCsd, n);
        for (int c = old; c < n; c++) {
            cpuFirst[c] = Works.NONE;
            cpuLast[c] = Works.NONE;
            openSlice[c] = -1;
            soleTid[c] = -2;
            idleWakeTid[c] = -1;
            foreign[c] = Works.NONE;
            outgoing[c] = -1;
            for (int l = 0; l < 2; l++) {
                outside[l][c] = Works.NONE;
                lastExit[l][c] = Works.NONE;
            }
            stack[c] = new IntList(8);
            pendingRaise[c] = new IntList[10];
            pendingIpi[c] = new IntList[Ipis.KINDS];
            openCsd[c] = -1;
            orphans[c] = new IntList(4);
            unsentCsd[c] = new IntList(4);
            pendingCsd.add(new LongMap());
        }
    }

    /** Repairs nesting from the event's own context flags (see class doc). */
    private void checkFlags(final int i, final int cpu, final long ts, final int role) {
        final int f = store.ctx(i);
        final IntList st = stack[cpu];
        if (orphans[cpu] != null && (f & Ctx.KNOWN) != 0 && (f & (Ctx.HARDIRQ | Ctx.NMI | Ctx.SOFTIRQ)) == 0) orphans[cpu] = null;
        if ((f & Ctx.KNOWN) == 0 || st.size() == 0) return;
        // exits carry the context they leave; entries the one they enter: let the handlers pair them
        if (role == IRQ_EXIT || role == VEC_EXIT || role == SOFTIRQ_EXIT || role == TASKLET_EXIT || role == HRTIMER_EXIT
            || role == IPI_EXIT || role == IRQ_ENTRY || role == VEC_ENTRY || role == SOFTIRQ_ENTRY || role == TASKLET_ENTRY
            || role == HRTIMER_ENTRY || role == IPI_ENTRY) {
            return;
        }
        final boolean hard = (f & (Ctx.HARDIRQ | Ctx.NMI)) != 0;
        final boolean soft = (f & Ctx.SOFTIRQ) != 0;
        if (hard) return;
        if (!soft) {
            while (st.size() > 0) intervals.close(st.pop(), ts, false);
            return;
        }
        while (st.size() > 0 && hasHardLevel(st)) intervals.close(st.pop(), ts, false);
    }

    private boolean hasHardLevel(final IntList st) {
        for (int k = 0; k < st.size(); k++) {
            final int kind = intervals.kind(st.get(k));
            if (kind == Intervals.HARDIRQ || kind == Intervals.VECTOR || kind == Intervals.NMI) return true;
        }
        return false;
    }

    private long[] lostFrom() {
        if (lostFrom != null) return lostFrom;
        final long[] a = new long[trace.lost().size()];
        java.util.Arrays.fill(a, Long.MIN_VALUE);
        return a;
    }

    private void gap(final Lost l) {
        final int cpu = l.cpu();
        if (cpu < 0) return;
        ensureCpu(cpu);
        // the events were dropped after the CPU's previous event
        lostFrom[nextLost - 1] = cpuLast[cpu] == Works.NONE ? Long.MIN_VALUE : cpuLast[cpu];
        final IntList st = stack[cpu];
        while (st.size() > 0) intervals.close(st.pop(), l.ts(), false);
        if (openSlice[cpu] >= 0) slices.closeUnknown(openSlice[cpu], l.ts());
        openSlice[cpu] = -1;
        idleWakeTid[cpu] = -1;
        foreign[cpu] = Works.NONE;
        cpuFirst[cpu] = l.ts();
        openCsd[cpu] = -1;
        unsentCsd[cpu].clear();
        orphans[cpu] = new IntList(4);
        for (int v = 0; v < 10; v++) if (pendingRaise[cpu][v] != null) pendingRaise[cpu][v].clear();
    }

    private int top(final int cpu) {
        final IntList st = stack[cpu];
        return st.size() == 0 ? -1 : st.last();
    }

    /** The roles of {@link #NUM_FIELDS}, given their numbers in that order. */
    private void handleNumbers(final int i, final int cpu, final long ts, final int role, final long a, final long b, final long c) {
        final int tid = store.tid(i);
        switch (role) {
            case WAKING: case WAKEUP: case WAKEUP_NEW: {
                final int kind = role == WAKING ? Wakeups.WAKING : role == WAKEUP ? Wakeups.WAKEUP : Wakeups.NEW;
                final long w = openWork.isEmpty() ? ABSENT : openWork.get(tid, ABSENT);
                final int ctx = top(cpu);
                wakeups.add(ts, i, kind, (int) a, (int) b, (int) c, cpu, tid, ctx, w == ABSENT ? -1 : (int) w);
                if (ctx >= 0 && (b == cpu || b < 0) && openSlice[cpu] >= 0 && slices.tid.get(openSlice[cpu]) == 0) {
                    idleWakeTid[cpu] = (int) a;
                    int outer = ctx;
                    while (intervals.parent.get(outer) >= 0) outer = intervals.parent.get(outer);
                    idleWakeIv[cpu] = outer;
                }
                break;
            }
            case MIGRATE:
                migrations.add(ts, (int) a, (int) b, (int) c);
                break;
            case HRTIMER_START: {
                final long exp = b != Works.NONE ? b : c;
                if (a != Works.NONE) {
                    armed.put(a, exp);
                    if (c != Works.NONE) armedHard.put(a, c);
                    else armedHard.remove(a, ABSENT);
                    armedAt.put(a, ts);
                    armedBy.put(a, tid);
                }
                break;
            }
            default: throw new IllegalStateException("role " + role);
        }
    }

    private void handle(final int i, final int cpu, final long ts, final int role, final Fields f, final long num) {
        final int tid = store.tid(i);
        switch (role) {
            case IRQ_ENTRY:
                push(Intervals.HARDIRQ, cpu, ts, f.getInt("irq", -1), names.id(f.getString("name")), tid);
                break;
            case IRQ_EXIT:
                pop(Intervals.HARDIRQ, cpu, ts, (int) num, -1, tid);
                break;
            case VEC_ENTRY: {
                final int nm = vectorName[store.type(i)];
                final int iv = push(Intervals.VECTOR, cpu, ts, (int) num, nm, tid);
                deliverIpis(cpu, nm, iv);
                break;
            }
            case VEC_EXIT:
                pop(Intervals.VECTOR, cpu, ts, -1, vectorName[store.type(i)], tid);
                break;
            case SOFTIRQ_RAISE: {
                final int vec = (int) num;
                final int r = raises.add(ts, cpu, vec, top(cpu), tid);
                if (vec >= 0 && vec < 10) {
                    if (pendingRaise[cpu][vec] == null) pendingRaise[cpu][vec] = new IntList(4);
                    pendingRaise[cpu][vec].add(r);
                }
                break;
            }
            case SOFTIRQ_ENTRY: {
                final int vec = (int) num;
                // softirqs run only outside any other interrupt context (irq_exit after the handler's exit event, or
                // ksoftirqd): whatever is still open on this CPU lost its exit
                final IntList open = stack[cpu];
                while (open.size() > 0) intervals.close(open.pop(), ts, false);
                final int iv = push(Intervals.SOFTIRQ, cpu, ts, vec, softirqName(vec), tid);
                if (vec >= 0 && vec < 10 && pendingRaise[cpu][vec] != null) {
                    final IntList p = pendingRaise[cpu][vec];
                    for (int k = 0; k < p.size(); k++) raises.served.set(p.get(k), iv);
                    p.clear();
                }
                break;
            }
            case SOFTIRQ_EXIT:
                pop(Intervals.SOFTIRQ, cpu, ts, (int) num, -1, tid);
                break;
            case TASKLET_ENTRY:
                push(Intervals.TASKLET, cpu, ts, -1, names.id(symbol(f, "func", "tasklet")), tid);
                break;
            case TASKLET_EXIT:
                pop(Intervals.TASKLET, cpu, ts, -1, -1, tid);
                break;
            case HRTIMER_EXIT:
                pop(Intervals.HRTIMER, cpu, ts, -1, -1, tid);
                break;
            case WQ_QUEUE: {
                final long addr = f.getLong("work", Works.NONE);
                // queued again while pending: the earlier queueing was taken back (mod_delayed_work) and never runs
                final long before = pendingWork.get(addr, ABSENT);
                if (before != ABSENT) works.superseded.set((int) before);
                final int w = works.add(ts, cpu, tid, top(cpu), addr, names.id(symbol(f, "function", "work")),
                    names.id(f.getString("workqueue")), f.getInt("req_cpu", -1), i);
                pendingWork.put(addr, w);
                break;
            }
            case WQ_ACTIVATE: {
                final long w = pendingWork.get(f.getLong("work", Works.NONE), ABSENT);
                if (w != ABSENT && works.activateTs.get((int) w) == Works.NONE) works.activateTs.set((int) w, ts);
                break;
            }
            case WQ_START: {
                final long addr = f.getLong("work", Works.NONE);
                final long pw = pendingWork.remove(addr, ABSENT);
                final int w = pw != ABSENT ? (int) pw : works.add(Works.NONE, -1, -1, -1, addr, names.id(symbol(f, "function", "work")), -1, -1, -1);
                works.startTs.set(w, ts);
                works.execTid.set(w, tid);
                works.execCpu.set(w, cpu);
                works.startEvent.set(w, i);
                openWork.put(tid, w);
                break;
            }
            case WQ_END: {
                final long w = openWork.remove(tid, ABSENT);
                if (w != ABSENT) works.endTs.set((int) w, ts);
                break;
            }
            case IPI_SEND_CPU: {
                final int target = f.getInt("cpu", -1);
                final int kind = target == cpu && isIrqWork(f) ? Ipis.IRQ_WORK : isNullCallback(f) ? Ipis.RESCHED : Ipis.CALL;
                linkCsd(cpu, tid, target, addIpi(i, cpu, ts, tid, target, kind, f));
                unsentCsd[cpu].clear();
                ipiGroup++;
                break;
            }
            case IPI_SEND_MASK: {
                final int kind = isNullCallback(f) ? Ipis.RESCHED : Ipis.CALL;
                for (final int target : CpuMask.parse(f.getString("cpumask"))) linkCsd(cpu, tid, target, addIpi(i, cpu, ts, tid, target, kind, f));
                unsentCsd[cpu].clear();
                ipiGroup++;
                break;
            }
            case CSD_QUEUE: {
                final int target = f.getInt("cpu", -1);
                final long addr = f.getLong("csd", 0);
                final IntList un = unsentCsd[cpu];
                // an older csd of this task to the same target that no IPI carried rode on an IPI already pending
                for (int k = un.size() - 1; k >= 0; k--) {
                    final int o = un.get(k);
                    if (csds.target.get(o) == target && csds.queueTid.get(o) == tid) removeAt(un, k);
                }
                final int c = csds.add(ts, cpu, tid, top(cpu), target, names.id(f.getString("callsite")), names.id(symbol(f, "func", "?")),
                    addr, false);
                if (target >= 0 && target <= 65535) {
                    ensureCpu(target);
                    pendingCsd.get(target).put(addr, c);
                }
                un.add(c);
                break;
            }
            case CSD_ENTRY: {
                final long addr = f.getLong("csd", 0);
                final int fn = names.id(symbol(f, "func", "?"));
                int c;
                if (addr == 0) {
                    c = csds.add(Works.NONE, cpu, tid, top(cpu), cpu, -1, fn, 0, true);
                } else {
                    final long q = pendingCsd.get(cpu).remove(addr, ABSENT);
                    c = q != ABSENT ? (int) q : csds.add(Works.NONE, -1, -1, -1, cpu, -1, fn, addr, false);
                }
                csds.run(c, ts, tid, top(cpu));
                openCsd[cpu] = c;
                break;
            }
            case CSD_EXIT: {
                final int c = openCsd[cpu];
                if (c >= 0) csds.endTs.set(c, ts);
                openCsd[cpu] = -1;
                break;
            }
            case NMI_HANDLER: {
                final long delta = f.getLong("delta_ns", -1);
                if (delta >= 0) {
                    final String h = f.getString("handler");
                    final int iv = intervals.open(Intervals.NMI, cpu, ts - delta, -1, names.id(h == null ? "nmi" : h), top(cpu), tid, 0);
                    intervals.close(iv, ts, true);
                }
                break;
            }
            case IPI_RAISE: {
                final String reason = f.getString("reason");
                final int kind = armIpiKind(reason);
                for (final int target : CpuMask.parse(f.getString("target_cpus"))) {
                    final int e = ipis.add(ts, cpu, tid, top(cpu), target, kind, names.id(reason), -1, i, ipiGroup);
                    pendIpi(target, kind, e);
                }
                ipiGroup++;
                break;
            }
            case IPI_ENTRY: {
                final String reason = f.getString("reason");
                final int iv = push(Intervals.VECTOR, cpu, ts, -1, names.id(reason), tid);
                final int kind = armIpiKind(reason);
                deliverKind(cpu, kind, iv);
                break;
            }
            case IPI_EXIT:
                pop(Intervals.VECTOR, cpu, ts, -1, names.id(f.getString("reason")), tid);
                break;
            case RAW_SYS_ENTER: {
                final int nr = f.getInt("id", -1);
                closeSyscall(tid, ts, Long.MIN_VALUE);
                openSyscall.put(tid, syscalls.add(tid, nr, names.id(sysTable.name(nr)), ts));
                break;
            }
            case RAW_SYS_EXIT: {
                final int nr = f.getInt("id", -1);
                long os = openSyscall.remove(tid, ABSENT);
                if (os != ABSENT && nr >= 0 && syscalls.nr.get((int) os) >= 0 && syscalls.nr.get((int) os) != nr) {
                    // the exit of another syscall: the open one ended at or before this (its exit was not traced)
                    syscalls.end.set((int) os, ts);
                    os = ABSENT;
                }
                if (os != ABSENT) {
                    final int s = (int) os;
                    syscalls.end.set(s, ts);
                    syscalls.ret.set(s, f.getLong("ret", Long.MIN_VALUE));
                    syscalls.exited.set(s);
                } else {
                    final int k = syscalls.add(tid, nr, names.id(sysTable.name(nr)), Works.NONE);
                    syscalls.end.set(k, ts);
                    syscalls.ret.set(k, f.getLong("ret", Long.MIN_VALUE));
                    syscalls.exited.set(k);
                }
                break;
            }
            case SYS_ENTER: {
                closeSyscall(tid, ts, Long.MIN_VALUE);
                openSyscall.put(tid, syscalls.add(tid, sysTable.number(names.get(sysName[store.type(i)])), sysName[store.type(i)], ts));
                break;
            }
            case SYS_EXIT: {
                final int nm = sysName[store.type(i)];
                long os = openSyscall.remove(tid, ABSENT);
                if (os != ABSENT && syscalls.name.get((int) os) != nm) {
                    // the exit of another syscall (sys_enter_write, then sys_exit_read): the open one ended at or
                    // before this, its exit not traced
                    syscalls.end.set((int) os, ts);
                    os = ABSENT;
                }
                final long ret = num;
                if (os != ABSENT) {
                    final int s = (int) os;
                    syscalls.end.set(s, ts);
                    syscalls.ret.set(s, ret);
                    syscalls.exited.set(s);
                } else {
                    final int k = syscalls.add(tid, sysTable.number(names.get(nm)), nm, Works.NONE);
                    syscalls.end.set(k, ts);
                    syscalls.ret.set(k, ret);
                    syscalls.exited.set(k);
                }
                break;
            }
            default: break;
        }
    }

    private void closeSyscall(final int tid, final long ts, final long ret) {
        final long os = openSyscall.remove(tid, ABSENT);
        if (os != ABSENT) {
            final int s = (int) os;
            // a new entry without an exit: the previous exit was lost (or the task exited/execed)
            syscalls.end.set(s, ts);
            syscalls.ret.set(s, ret);
        }
    }

    private static String symbol(final Fields f, final String field, final String fallback) {
        final String s = f.getString(field);
        return s == null ? fallback : s;
    }

    private static boolean isNullCallback(final Fields f) {
        final int k = f.indexOf("callback");
        if (k < 0) return false;
        if (f.isNumber(k)) return f.number(k) == 0;
        final String t = f.text(k);
        return t.equals("0x0") || t.equals("0") || t.equals("(nil)") || t.equals("0000000000000000");
    }

    static int armIpiKind(final String reason) {
        if (reason == null) return Ipis.OTHER;
        final String r = reason.toLowerCase(java.util.Locale.ROOT);
        if (r.contains("resched")) return Ipis.RESCHED;
        if (r.contains("function call")) return Ipis.CALL;
        if (r.contains("irq work")) return Ipis.IRQ_WORK;
        return Ipis.OTHER;
    }

    /** A send from irq_work_queue / irq_work_queue_on (to the sending CPU: the irq_work vector handles it). */
    private static boolean isIrqWork(final Fields f) {
        final String cs = f.getString("callsite");
        return cs != null && cs.startsWith("irq_work_queue");
    }

    private int addIpi(final int i, final int cpu, final long ts, final int tid, final int target, final int kind, final Fields f) {
        final int e = ipis.add(ts, cpu, tid, top(cpu), target, kind, names.id(f.getString("callsite")),
            kind == Ipis.RESCHED ? -1 : names.id(f.getString("callback")), i, ipiGroup);
        pendIpi(target, kind, e);
        return e;
    }

    /** Links the csds {@code tid} queued on {@code cpu} for {@code target} to IPI edge {@code e}. */
    private void linkCsd(final int cpu, final int tid, final int target, final int e) {
        final IntList un = unsentCsd[cpu];
        for (int k = 0; k < un.size(); k++) {
            final int c = un.get(k);
            if (csds.target.get(c) == target && csds.queueTid.get(c) == tid) csds.ipi.set(c, e);
        }
    }

    private static void removeAt(final IntList l, final int k) {
        final int[] a = l.toArray();
        l.clear();
        for (int j = 0; j < a.length; j++) if (j != k) l.add(a[j]);
    }

    private void pendIpi(final int target, final int kind, final int e) {
        if (target < 0 || target > 65535) return;
        ensureCpu(target);
        if (pendingIpi[target][kind] == null) pendingIpi[target][kind] = new IntList(4);
        pendingIpi[target][kind].add(e);
    }

    private void deliverIpis(final int cpu, final int vecName, final int iv) {
        final String v = names.get(vecName);
        if (v == null) return;
        if (v.equals("reschedule")) deliverKind(cpu, Ipis.RESCHED, iv);
        else if (v.equals("call_function") || v.equals("call_function_single")) deliverKind(cpu, Ipis.CALL, iv);
        else if (v.equals("irq_work")) deliverKind(cpu, Ipis.IRQ_WORK, iv);
    }

    private void deliverKind(final int cpu, final int kind, final int iv) {
        final IntList p = pendingIpi[cpu][kind];
        if (p == null) return;
        for (int k = 0; k < p.size(); k++) ipis.delivered.set(p.get(k), iv);
        p.clear();
    }

    private void hrtimerEntry(final int i, final int cpu, final long ts, final long addr, final long now, final String function) {
        final int iv = push(Intervals.HRTIMER, cpu, ts, -1, names.id(function), store.tid(i));
        final long exp = armed.isEmpty() ? ABSENT : armed.remove(addr, ABSENT);
        final long hard = armedHard.isEmpty() ? ABSENT : armedHard.remove(addr, ABSENT);
        final long at = armedAt.isEmpty() ? ABSENT : armedAt.remove(addr, ABSENT);
        final long by = armedBy.isEmpty() ? ABSENT : armedBy.remove(addr, ABSENT);
        timers.add(iv, addr, now, exp == ABSENT ? Works.NONE : exp, hard == ABSENT ? Works.NONE : hard, at == ABSENT ? Works.NONE : at,
            by == ABSENT ? -1 : (int) by);
    }

    /** A switch: prev_pid (the current task when absent), next_pid, prev_prio, next_prio, prev_state bits. */
    private void onSwitch(final int i, final int cpu, final long ts, final int prev, final int next, final int prevPrio,
                          final int nextPrio, final int state) {
        hasSwitches = true;
        switched[cpu] = true;
        orphans[cpu] = null;
        final IntList st = stack[cpu];
        while (st.size() > 0) intervals.close(st.pop(), ts, false);
        unsentCsd[cpu].clear();
        int s = openSlice[cpu];
        long from = cpuFirst[cpu] == Works.NONE ? ts : cpuFirst[cpu];
        int startFlags = Slices.START_UNKNOWN;
        if (s >= 0 && slices.tid.get(s) != prev) {
            // a switch-out of a task we did not see switch in: events were lost or filtered on this CPU. The open
            // slice ended, and prev began, somewhere before the first event of another task since it opened.
            long cut = foreign[cpu] == Works.NONE ? ts : Math.max(slices.start.get(s), foreign[cpu]);
            if (slices.tid.get(s) == 0 && idleWakeTid[cpu] == prev) {
                // woken out of idle by an interrupt on this CPU: it ran when that interrupt returned
                final int iv = idleWakeIv[cpu];
                final long e = intervals.end.get(iv);
                if (e != Long.MAX_VALUE && (intervals.flags.get(iv) & Intervals.END_UNKNOWN) == 0 && e < cut && e >= slices.start.get(s)) cut = e;
            }
            slices.closeUnknown(s, cut);
            from = cut;
            s = -1;
            startFlags = Slices.START_UNKNOWN | Slices.START_INFERRED;
        }
        if (s < 0) s = slices.open(cpu, prev, prevPrio, from, -1, startFlags);
        slices.close(s, ts, state, i);
        openSlice[cpu] = next >= 0 ? slices.open(cpu, next, nextPrio, ts, i, 0) : -1;
        idleWakeTid[cpu] = -1;
        foreign[cpu] = Works.NONE;
        outgoing[cpu] = prev;
        outgoingTs[cpu] = ts;
    }

    private int push(final int kind, final int cpu, final long ts, final int id, final int name, final int tid) {
        final int iv = intervals.open(kind, cpu, ts, id, name, top(cpu), tid, 0);
        stack[cpu].add(iv);
        orphan(cpu, iv);
        return iv;
    }

    /** Pops the innermost open interval of {@code kind} (matching id or name when given); closes those above it. */
    private void pop(final int kind, final int cpu, final long ts, final int id, final int name, final int tid) {
        final IntList st = stack[cpu];
        for (int k = st.size() - 1; k >= 0; k--) {
            final int iv = st.get(k);
            if (intervals.kind(iv) != kind) continue;
            if (id >= 0 && intervals.id(iv) >= 0 && intervals.id(iv) != id) continue;
            if (name >= 0 && intervals.name.get(iv) >= 0 && intervals.name.get(iv) != name) continue;
            while (st.size() > k + 1) intervals.close(st.pop(), ts, false);
            intervals.close(st.pop(), ts, true);
            lastExit[level(kind)][cpu] = ts;
            return;
        }
        // exit without entry: the handler began before the trace (or before a gap, or its entry was not
        // traced), but not before the last earlier event outside its context, nor before the previous exit
        // at its level. Handlers that ran and ended at top level since then, before any task-level event,
        // were nested in it.
        final int lv = level(kind);
        long from = cpuFirst[cpu] == Works.NONE ? ts : cpuFirst[cpu];
        if (outside[lv][cpu] != Works.NONE) from = Math.max(from, outside[lv][cpu]);
        if (lastExit[lv][cpu] != Works.NONE) from = Math.max(from, lastExit[lv][cpu]);
        from = Math.min(from, ts);
        lastExit[lv][cpu] = ts;
        final int parent = st.size() == 0 ? -1 : st.last();
        final int iv = intervals.open(kind, cpu, from, id, name, parent, tid, Intervals.START_UNKNOWN);
        intervals.close(iv, ts, true);
        final IntList o = orphans[cpu];
        if (o != null && parent < 0) {
            for (int k = 0; k < o.size(); k++) {
                final int x = o.get(k);
                if (intervals.parent.get(x) < 0 && intervals.start.get(x) >= from && intervals.end.get(x) <= ts) intervals.parent.set(x, iv);
            }
        }
        orphan(cpu, iv);
    }

    /** Remembers a top-level interval while the CPU has shown no task-level event (at most 256 of them). */
    private void orphan(final int cpu, final int iv) {
        final IntList o = orphans[cpu];
        if (o == null || intervals.parent.get(iv) >= 0) return;
        if (o.size() >= 256) orphans[cpu] = null;
        else o.add(iv);
    }

    /** 0 for a context that runs in hardirq context, 1 for one in softirq context (by the exit's flags when known). */
    private int level(final int kind) {
        if ((curCtx & Ctx.KNOWN) != 0) return (curCtx & (Ctx.HARDIRQ | Ctx.NMI)) != 0 ? 0 : 1;
        return kind == Intervals.SOFTIRQ || kind == Intervals.TASKLET ? 1 : 0;
    }

    private void finish() {
        for (int c = 0; c < cpuFirst.length; c++) {
            final IntList st = stack[c];
            while (st.size() > 0) intervals.close(st.pop(), cpuLast[c], false);
            if (openSlice[c] >= 0) slices.closeUnknown(openSlice[c], cpuLast[c]);
        }
        // a CPU with no sched_switch: when every event on it came from one task, that task ran throughout
        // (a polling consumer that never left its CPU); otherwise switches were not traced and it has no slices
        for (int c = 0; c < cpuFirst.length; c++) {
            if (!switched[c] && soleTid[c] >= 0 && cpuFirst[c] != Works.NONE) {
                final int s = slices.open(c, soleTid[c], -1, cpuFirst[c], -1, Slices.START_UNKNOWN);
                slices.closeUnknown(s, cpuLast[c]);
            }
        }
    }
}
