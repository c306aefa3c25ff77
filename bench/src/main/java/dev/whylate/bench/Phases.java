package dev.whylate.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.whylate.analysis.cycles.CycleOptions;
import dev.whylate.analysis.cycles.Cycles;
import dev.whylate.analysis.irq.IrqAnalysis;
import dev.whylate.analysis.irq.IrqOptions;
import dev.whylate.analysis.sched.Sched;
import dev.whylate.analysis.sched.SchedOptions;
import dev.whylate.analysis.stats.TraceStats;
import dev.whylate.filter.EventFilter;
import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import dev.whylate.timeline.Timeline;
import java.lang.management.ManagementFactory;

/**
 * Where one command's time goes, phase by phase, in one JVM: wall and process CPU (all threads, JIT and GC
 * included) of reading, building the timeline and running the analysis, for several rounds (the first is
 * cold, like one {@code whylate} run; later ones show the steady state).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.whylate.bench.Phases irq|sched|cycles|stats|timeline FILE [ROUNDS]
 * </pre>
 * cycles uses the pty-deadline filters (requester's 7-byte writes to reads that returned data, 3.5 ms).
 */
public final class Phases {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Phases() {}

    private static long wall0;
    private static long cpu0;

    private static void start() {
        wall0 = System.nanoTime();
        cpu0 = OS.getProcessCpuTime();
    }

    private static String lap(final String what) {
        final long w = System.nanoTime() - wall0;
        final long c = OS.getProcessCpuTime() - cpu0;
        start();
        return String.format("%s %5d/%5d  ", what, w / 1_000_000, c / 1_000_000);
    }

    private static long usedAfterGc() {
        final Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    /** Heap held by a read trace, per event: the whole Trace (store, task table, metadata) and the store's columns. */
    private static void memory(final String file) throws Exception {
        final long base = usedAfterGc();
        final Trace t = Traces.read(file, ReadOptions.defaults());
        final long after = usedAfterGc();
        final long n = t.events().size();
        System.out.printf("%s: %d events; heap held by the trace %.1f MB = %.1f bytes/event; store columns %.1f bytes/event%n",
            file, n, (after - base) / 1e6, (after - base) / (double) n, t.events().residentBytes() / (double) n);
        if (t.events().size() < 0) System.out.println(t);
    }

    public static void main(final String[] args) throws Exception {
        final String cmd = args[0];
        if (cmd.equals("memory")) {
            for (int k = 1; k < args.length; k++) memory(args[k]);
            return;
        }
        final String file = args[1];
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.println("phase wall/cpu ms");
        for (int r = 0; r < rounds; r++) {
            final StringBuilder s = new StringBuilder("round " + r + ": ");
            start();
            final Trace t = Traces.read(file, ReadOptions.defaults());
            s.append(lap("read"));
            Object keep;
            switch (cmd) {
                case "stats":
                    keep = TraceStats.of(t);
                    s.append(lap("stats"));
                    break;
                case "timeline":
                    keep = Timeline.of(t);
                    s.append(lap("timeline"));
                    break;
                case "irq": {
                    final Timeline tl = Timeline.of(t);
                    s.append(lap("timeline"));
                    keep = IrqAnalysis.run(tl, IrqOptions.defaults());
                    s.append(lap("irq"));
                    break;
                }
                case "schednumbers": {
                    final dev.whylate.model.EventStore es = t.events();
                    final dev.whylate.model.PayloadDecoder dec = es.decoder();
                    final dev.whylate.model.Fields sc = new dev.whylate.model.Fields();
                    final String[] nm = {"prev_pid", "next_pid", "prev_prio", "next_prio", "prev_state"};
                    final long[] df = {-1, -1, -1, -1, -1};
                    final long[] out = new long[5];
                    long sum = 0;
                    for (int i = 0; i < es.size(); i++) {
                        final String tn = es.typeName(i);
                        if (tn != null && tn.startsWith("sched_")) {
                            dec.numbers(es, i, nm, df, out, sc);
                            sum += out[0];
                        }
                    }
                    keep = sum;
                    s.append(lap("schednumbers"));
                    break;
                }
                case "perflatency":
                    keep = Sched.perfLatency(t, dev.whylate.analysis.sched.PerfDialect.UPSTREAM, false, java.util.List.of("max"));
                    s.append(lap("perflatency"));
                    break;
                case "sched":
                    keep = Sched.analyze(t, SchedOptions.defaults());
                    s.append(lap("sched(+timeline)"));
                    break;
                case "cycles": {
                    final Timeline tl = Timeline.of(t);
                    s.append(lap("timeline"));
                    final EventFilter sf = EventFilter.parse("sys_enter_write: comm == \"requester\" && count == 7", t.events().types());
                    final EventFilter ef = EventFilter.parse("sys_exit_read: ret > 0", t.events().types());
                    keep = Cycles.run(t, tl, new CycleOptions(sf, ef, 3_500_000, -1, false, CycleOptions.Explain.MISSES, 0));
                    s.append(lap("cycles"));
                    break;
                }
                default:
                    throw new IllegalArgumentException(cmd);
            }
            if (keep == null) s.append("null");
            System.out.println(s);
        }
    }
}
