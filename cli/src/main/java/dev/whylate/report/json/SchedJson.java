package dev.whylate.report.json;

import dev.whylate.analysis.sched.LatencyRow;
import dev.whylate.analysis.sched.SchedReport;
import dev.whylate.analysis.sched.TaskSched;
import dev.whylate.analysis.sched.TaskWaits;
import dev.whylate.analysis.sched.TimeHistRow;
import dev.whylate.model.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shape of {@code whylate sched} (keys documented in docs/JSON.md, section "sched"). */
public final class SchedJson {
    private SchedJson() {}

    /** The report as ordered maps. */
    public static Map<String, Object> report(final SchedReport r) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("perfVersion", r.perfVersion());
        m.put("perPid", r.perPid());
        final List<Object> tasks = new ArrayList<>();
        for (final TaskSched s : r.tasks()) tasks.add(task(s, r.perPid()));
        m.put("tasks", tasks);
        final Map<String, Object> total = new LinkedHashMap<>();
        total.put("runtimeNs", r.totalRuntimeNs());
        total.put("switches", r.totalSwitches());
        m.put("total", total);
        m.put("contextSwitchBugs", r.contextSwitchBugs());
        m.put("wakeupsSeen", r.wakeupsSeen());
        m.put("unorderedTimestamps", r.unorderedTimestamps());
        m.put("lostEvents", r.lostEvents());
        m.put("notes", r.notes());
        if (r.wakeupDelay() != null) {
            m.put("wakeupDelay", r.wakeupDelay());
            m.put("preemptWait", r.preemptWait());
            m.put("cpus", r.cpus());
            m.put("classes", r.classes());
        }
        return m;
    }

    private static Map<String, Object> task(final TaskSched s, final boolean perPid) {
        final LatencyRow p = s.perf();
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("comm", p.comm());
        if (perPid) m.put("pid", p.pid());
        m.put("pids", p.pids());
        m.put("merged", p.merged());
        m.put("switches", p.switches());
        m.put("runtimeNs", p.runtimeNs());
        m.put("avgDelayNs", p.avgDelayNs());
        m.put("maxDelayNs", p.maxDelayNs());
        m.put("maxDelayStartNs", p.maxDelayStartNs());
        m.put("maxDelayEndNs", p.maxDelayEndNs());
        final TaskWaits w = s.waits();
        if (w != null) {
            m.put("wakeupDelay", w.wakeupDelay());
            m.put("preemptWait", w.preemptWait());
            m.put("wakingToWakeup", w.wakingToWakeup());
            m.put("timerWakeup", w.timerWakeup());
            m.put("timerIrq", w.timerIrq());
            m.put("timerSlack", w.timerSlack());
            m.put("timerExpiryUnknown", w.timerExpiryUnknown());
            m.put("wakingWithoutWakeup", w.wakingWithoutWakeup());
            m.put("switchInMissing", w.switchInMissing());
            m.put("unfinished", w.unfinished());
            m.put("unfinishedNs", w.unfinishedNs());
            m.put("wakers", w.wakers());
            m.put("holders", w.holders());
        }
        return m;
    }

    /** Timehist rows as maps. */
    public static Map<String, Object> timehist(final String perfVersion, final List<TimeHistRow> rows) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("perfVersion", perfVersion);
        final List<Object> out = new ArrayList<>(rows.size());
        final String[] kinds = {"sleep", "iowait", "preempt"};
        for (final TimeHistRow r : rows) {
            final Map<String, Object> x = new LinkedHashMap<>();
            x.put("tsNs", r.tsNs());
            x.put("cpu", r.cpu());
            x.put("tid", r.tid());
            if (r.pid() > 0) x.put("pid", r.pid());
            x.put("comm", r.comm());
            x.put("waitNs", r.waitNs());
            x.put("waitKind", kinds[r.waitKind()]);
            x.put("schDelayNs", r.schDelayNs());
            x.put("runNs", r.runNs());
            x.put("state", TaskState.render(r.state()));
            out.add(x);
        }
        m.put("rows", out);
        return m;
    }
}
