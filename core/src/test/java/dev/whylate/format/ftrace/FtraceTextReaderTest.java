package dev.whylate.format.ftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.io.Input;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.Ctx;
import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import dev.whylate.model.Lost;
import dev.whylate.model.TaskState;
import dev.whylate.model.Trace;
import dev.whylate.model.Unparsed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FtraceTextReaderTest {
    @TempDir
    Path dir;

    private static final String HEADER_618 = String.join("\n",
        "# tracer: nop",
        "#",
        "# entries-in-buffer/entries-written: 3/5   #P:2",
        "#",
        "#                                _-----=> irqs-off/BH-disabled",
        "#                               / _----=> need-resched",
        "#                              | / _---=> hardirq/softirq",
        "#                              || / _--=> preempt-depth",
        "#                              ||| / _-=> migrate-disable",
        "#                              |||| /     delay",
        "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION",
        "#              | |         |   |||||     |         |",
        "");

    private Path write(final String name, final String text) throws IOException {
        final Path p = dir.resolve(name);
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    private Trace read(final String text) throws Exception {
        return Traces.read(write("t.txt", text).toString(), new ReadOptions(1));
    }

    /** Reads with the ftrace reader itself (no format detection). */
    private Trace readFtrace(final String text) throws Exception {
        try (Input in = Input.open(write("f.txt", text).toString())) {
            return new FtraceTextReader().read(in, new ReadOptions(1));
        }
    }

    private static Fields fields(final Trace t, final int i) {
        return t.events().cursor().load(i);
    }

    @Test
    void defaultHeaderOf618() throws Exception {
        final Trace t = read(HEADER_618
            + "            bash-4163    [000] d..2.   162.194027: sched_switch: prev_comm=bash prev_pid=4163 prev_prio=120 prev_state=S ==> next_comm=seq next_pid=4165 next_prio=120\n"
            + "          <idle>-0       [001] dNs5.   162.197090: sched_wakeup: comm=mandb pid=3967 prio=120 target_cpu=001\n"
            + "             seq-4165    [000] d.h1.   162.197092: irq_handler_entry: irq=36 name=virtio1-req.0\n");
        assertThat(t.format()).isEqualTo("ftrace-text");
        assertThat(t.cpus()).isEqualTo(2);
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.truncated()).isNull();
        assertThat(t.meta()).containsEntry("tracer", "nop").containsEntry("entries-in-buffer", "3")
            .containsEntry("entries-written", "5").containsEntry("overwritten", "2");
        final EventStore s = t.events();
        assertThat(s.typeNames()).containsExactly("sched_switch", "sched_wakeup", "irq_handler_entry");
        assertThat(s.ts(0)).isEqualTo(162_194_027_000L);
        assertThat(s.ts(1)).isEqualTo(162_197_090_000L);
        assertThat(s.cpu(1)).isEqualTo(1);
        assertThat(s.tid(0)).isEqualTo(4163);
        assertThat(s.tid(1)).isZero();
        assertThat(s.ctx(0)).isEqualTo(Ctx.KNOWN | Ctx.IRQS_OFF);
        assertThat(s.ctx(1)).isEqualTo(Ctx.KNOWN | Ctx.IRQS_OFF | Ctx.NEED_RESCHED | Ctx.SOFTIRQ);
        assertThat(s.ctx(2)).isEqualTo(Ctx.KNOWN | Ctx.IRQS_OFF | Ctx.HARDIRQ);
        assertThat(s.types().system(s.type(0))).isEqualTo("sched");
        assertThat(s.types().find("sched:sched_switch")).isEqualTo(s.type(0));
        final Fields f = fields(t, 0);
        assertThat(f.getInt("next_pid", -1)).isEqualTo(4165);
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.SLEEPING);
        assertThat(f.raw()).isEqualTo("prev_comm=bash prev_pid=4163 prev_prio=120 prev_state=S ==> next_comm=seq next_pid=4165 next_prio=120");
        assertThat(s.decoder().text(s, 2)).isEqualTo("irq=36 name=virtio1-req.0");
        // tasks: from the comm column and from the payloads (seq = 4165, mandb = 3967)
        assertThat(t.tasks().comm(4163)).isEqualTo("bash");
        assertThat(t.tasks().comm(4165)).isEqualTo("seq");
        assertThat(t.tasks().comm(3967)).isEqualTo("mandb");
        assertThat(t.tasks().tgid(4163)).isEqualTo(-1);
    }

    @Test
    void tgidColumnsNewAndOld() throws Exception {
        final Trace t = read("# tracer: nop\n"
            + "#           TASK-PID       TGID    CPU#  |||||  TIMESTAMP  FUNCTION\n"
            + "            bash-4738    (   4738) [000] .....   172.868908: sched_process_fork: comm=bash pid=4738 child_comm=bash child_pid=4740\n"
            + "          <idle>-0       (-------) [001] dnh1.   172.869342: reschedule_entry: vector=253\n"
            + " kworker/u17:1-959   (  959) [006] d..3   538.064659: sched_waking: comm=a pid=1 prio=120 target_cpu=006\n"
            + "           <...>-19161 (-----) [001] ...1 683201.354908: tracing_mark_write: trace_event_clock_sync: parent_ts=683201.375000\n"
            + "<7952>-7952  (-----) [000] ...1   538.064761: tracing_mark_write: B|7952|x\n");
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.events().size()).isEqualTo(5);
        assertThat(t.tasks().tgid(4738)).isEqualTo(4738);
        assertThat(t.tasks().tgid(959)).isEqualTo(959);
        assertThat(t.tasks().comm(959)).isEqualTo("kworker/u17:1");
        assertThat(t.tasks().comm(4740)).isEqualTo("bash");
        // placeholders are not comms
        assertThat(t.tasks().get(19161) == null || t.tasks().get(19161).comm() == null).isTrue();
        assertThat(t.tasks().get(7952) == null || t.tasks().get(7952).comm() == null).isTrue();
        assertThat(t.events().tid(3)).isEqualTo(7952);
        assertThat(t.events().cpu(2)).isEqualTo(6);
        assertThat(fields(t, 4).getString("buf")).isEqualTo("trace_event_clock_sync: parent_ts=683201.375000");
    }

    @Test
    void irqInfoOffFourAndEightCharFlags() throws Exception {
        final Trace t = read(
            "            bash-4738    [000]    172.868908: sched_process_fork: comm=bash pid=4738 child_comm=bash child_pid=4740\n"
                + "              sh-12958 [002] d.H5 365761.623995: sched_wakeup: comm=rcu_preempt pid=8 prio=120 success=1 target_cpu=002\n"
                + "          <idle>-0     [003] dN.h4.. 365761.700000: irq_handler_exit: irq=5 ret=handled\n"
                + "          <idle>-0     [003] D.z.   365761.800000: x: y=1\n");
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.events().ctx(0)).isZero();
        assertThat(t.events().ctx(1)).isEqualTo(Ctx.KNOWN | Ctx.IRQS_OFF | Ctx.HARDIRQ | Ctx.SOFTIRQ);
        // PREEMPT_RT's 7 columns: the hardirq/softirq column is the fourth
        assertThat(t.events().ctx(2)).isEqualTo(Ctx.KNOWN | Ctx.IRQS_OFF | Ctx.NEED_RESCHED | Ctx.HARDIRQ);
        assertThat(t.events().ctx(3)).isEqualTo(Ctx.KNOWN | Ctx.IRQS_OFF | Ctx.BH_OFF | Ctx.NMI);
        assertThat(t.events().ts(1)).isEqualTo(365_761_623_995_000L);
    }

    @Test
    void latencyFormat() throws Exception {
        final Trace t = read("# tracer: nop\n#\n# nop latency trace v1.1.5 on 6.18.44-fc-v669\n"
            + "# latency: 0 us, #1602/1602, CPU#0 | (M:PREEMPT(none) VP:0, KP:0, SP:0 HP:0 #P:2)\n"
            + "#  cmd     pid     |||||| time  |   caller     \n"
            + "    bash-4738      0..... 16486us : sched_process_fork: comm=bash pid=4738 child_comm=bash child_pid=4740\n"
            + "    bash-4738      0d..2. 16492us+: sched_wakeup_new: comm=bash pid=4740 prio=120 target_cpu=000\n"
            + "  <idle>-0         1dNh1. 16920us#: reschedule_exit: vector=253\n"
            + "migratio-18        1d..3. 16921us : sched_migrate_task: comm=bash pid=6608 prio=120 orig_cpu=0 dest_cpu=1\n");
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.cpus()).isEqualTo(2);
        assertThat(t.meta()).containsEntry("latency-format", "true").containsEntry("timestamps", "relative-us")
            .containsEntry("kernel", "6.18.44-fc-v669");
        assertThat(t.events().ts(0)).isEqualTo(16_486_000L);
        assertThat(t.events().ts(2)).isEqualTo(16_920_000L);
        assertThat(t.events().cpu(2)).isEqualTo(1);
        assertThat(t.events().ctx(2)).isEqualTo(Ctx.KNOWN | Ctx.IRQS_OFF | Ctx.NEED_RESCHED | Ctx.HARDIRQ);
        // latency-format truncates comms to 8 characters: not taken as the task's comm
        assertThat(t.tasks().get(18) == null || t.tasks().get(18).comm() == null).isTrue();
        assertThat(t.tasks().comm(4738)).isEqualTo("bash");
    }

    @Test
    void awkwardComms() throws Exception {
        final Trace t = read(
            "     Web Content-2711  [003] d... 26186.336632: sched_waking: comm=Timer pid=2745 prio=120 target_cpu=001\n"
                + "   Binder:2030_3-2053  [001] ...1   652.762396: sys_enter: NR 172 (29, c350, 805, ffffffff, 81, a508c6e8)\n"
                + "atrace-14446 [000] ...2  1212.465062: sched_switch: prev_comm=atrace prev_pid=14446 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120\n"
                + "memfd:sealed-91-2574 [000] ....  1212.5: x: a=1\n"
                + "  foo-12 bar-345  [001] ....  1212.6: x: a=2\n"
                + "kworker/u17:1-ev-959 [001] ....  1212.7: x: a=3\n");
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.tasks().comm(2711)).isEqualTo("Web Content");
        assertThat(t.tasks().comm(2053)).isEqualTo("Binder:2030_3");
        assertThat(t.tasks().comm(14446)).isEqualTo("atrace");
        assertThat(t.tasks().comm(2574)).isEqualTo("memfd:sealed-91");
        assertThat(t.tasks().comm(345)).isEqualTo("foo-12 bar");
        assertThat(t.tasks().comm(959)).isEqualTo("kworker/u17:1-ev");
        assertThat(t.tasks().comm(2745)).isEqualTo("Timer");
        assertThat(t.events().ts(2)).isEqualTo(1212_500_000_000L);
    }

    @Test
    void functionTracerLines() throws Exception {
        final Trace t = read("# tracer: function\n"
            + "            bash-4163    [000] .....   162.100000: do_sys_open <-__x64_sys_openat\n"
            + "            bash-4163    [000] .....   162.100001: do_filp_open+0x0/0x120 <-do_sys_openat2+0x7e/0xd0\n");
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.events().typeNames()).containsExactly("function", "function");
        assertThat(t.meta()).containsEntry("tracer", "function");
        assertThat(fields(t, 0).getString("ip")).isEqualTo("do_sys_open");
        assertThat(fields(t, 0).getString("parent_ip")).isEqualTo("__x64_sys_openat");
        assertThat(fields(t, 1).getString("ip")).isEqualTo("do_filp_open+0x0/0x120");
        assertThat(fields(t, 1).getString("parent_ip")).isEqualTo("do_sys_openat2+0x7e/0xd0");
    }

    @Test
    void lostEventsBufferStartedAndTracePipe() throws Exception {
        final Trace t = read(
            "##### CPU 1 buffer started ####\n"
                + "          <idle>-0       [001] d.s3.   100.000001: softirq_entry: vec=1 [action=TIMER]\n"
                + "CPU:0 [LOST 42 EVENTS]\n"
                + "            bash-1       [000] .....   100.000005: x: a=1\n"
                + "CPU:1 [LOST 7 EVENTS]\n"
                + "CPU:0 [3 EVENTS DROPPED]\n"
                + "CPU:0 [EVENTS DROPPED]\n"
                + "            bash-1       [000] .....   100.000009: x: a=2\n");
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.events().size()).isEqualTo(3);
        assertThat(t.meta()).containsEntry("cpu-buffer-started", "1");
        assertThat(t.lost()).containsExactly(new Lost(100_000_005_000L, 0, 42), new Lost(100_000_009_000L, 1, 7),
            new Lost(100_000_009_000L, 0, 3), new Lost(100_000_009_000L, 0, -1));
        assertThat(t.lostEvents()).isEqualTo(52);
        assertThat(t.cpus()).isEqualTo(-1);
    }

    @Test
    void perSyscallKernelText() throws Exception {
        final Trace t = read(
            "             cat-5500    [000] .....   189.899190: sys_read(fd: 0, buf: 0x7f744131f000, count: 0x20000)\n"
                + "             cat-5500    [000] .N...   189.899588: sys_read -> 0x10000\n"
                + "           xfwm4-3252  [005] ....   395.705680: sys_recvmsg(fd: 3, msg: 7ffe3ce41670, flags: 0)\n"
                + "           xfwm4-3252  [005] ....   395.705681: sys_recvmsg -> 0xfffffffffffffff5\n"
                + "            sshd-3977  [003] ....   395.705690: sys_exit_group(error_code: 0)\n"
                + "            sshd-3977  [003] ....   395.705691: sys_getpid()\n");
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.events().typeNames()).containsExactly("sys_enter_read", "sys_exit_read", "sys_enter_recvmsg",
            "sys_exit_recvmsg", "sys_enter_exit_group", "sys_enter_getpid");
        assertThat(t.events().types().system(t.events().type(0))).isEqualTo("syscalls");
        assertThat(fields(t, 0).getLong("count", -1)).isEqualTo(0x20000);
        assertThat(fields(t, 0).raw()).isEqualTo("sys_read(fd: 0, buf: 0x7f744131f000, count: 0x20000)");
        assertThat(fields(t, 1).getLong("ret", -1)).isEqualTo(0x10000);
        assertThat(fields(t, 2).getLong("msg", -1)).isEqualTo(0x7ffe3ce41670L);
        assertThat(fields(t, 3).getLong("ret", 0)).isEqualTo(-11);
        assertThat(fields(t, 5).size()).isZero();
    }

    @Test
    void stackTracesAttachToTheirEvent() throws Exception {
        final Trace t = read(
            "          <idle>-0       [001] d.h2.   172.869342: sched_wakeup: comm=a pid=5 prio=120 target_cpu=001\n"
                + "          <idle>-0       [001] d.h2.   172.869342: <stack trace>\n"
                + " => __ftrace_trace_stack\n"
                + " => ttwu_do_activate+0x5a/0x1b0\n"
                + "          <idle>-0       [001] d.h2.   172.869342: <user stack trace>\n"
                + " => <00007f1234567890>\n"
                + "             foo-9       [000] .....   172.869400: <stack trace>\n"
                + " => do_syscall_64\n"
                + "             foo-9       [000] .....   172.869500: x: a=1\n"
                + " => orphan\n");
        assertThat(t.events().typeNames()).containsExactly("sched_wakeup", "kernel_stack", "x");
        assertThat(t.events().stack(0)).containsExactly("__ftrace_trace_stack", "ttwu_do_activate+0x5a/0x1b0", "<00007f1234567890>");
        assertThat(t.events().stack(1)).containsExactly("do_syscall_64");
        assertThat(t.events().stack(2)).isNull();
        assertThat(t.meta()).containsEntry("stack-traces", "2");
        assertThat(t.unparsedCount()).isEqualTo(1);
        assertThat(t.unparsed().get(0).line()).isEqualTo(10);
        assertThat(t.unparsed().get(0).reason()).contains("stack frame");
    }

    @Test
    void multiLinePayloadIsKeptWithItsEvent() throws Exception {
        final Trace t = read(
            "           <...>-882   (  882) [003] .... 10852.771186: event: event: abc xyz =0x34 clk id = 019\n"
                + "some = 000, other = 0x4\n"
                + "xyz = 0x0 abc = 0x0\n"
                + "  surfaceflinger-598   (  598) [004] .... 10852.771242: tracing_mark_write: B|598|some event\n");
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.events().size()).isEqualTo(2);
        assertThat(t.events().decoder().text(t.events(), 0))
            .isEqualTo("event: abc xyz =0x34 clk id = 019\nsome = 000, other = 0x4\nxyz = 0x0 abc = 0x0");
        assertThat(fields(t, 1).getString("buf")).isEqualTo("B|598|some event");
        assertThat(t.meta().get("multi-line-payloads")).isEqualTo("1 events, 2 continuation lines");
    }

    @Test
    void rawCounterClockAndCrLf() throws Exception {
        final Trace t = read("            bash-1       [000] .....   12345678901234: x: a=1\r\n"
            + "            bash-1       [000] .....   12345678901240: x: a=2\r\n");
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.events().ts(1)).isEqualTo(12345678901240L);
        assertThat(t.meta()).containsEntry("clock", "raw-counter");
        assertThat(fields(t, 1).getLong("a", -1)).isEqualTo(2);
        assertThat(fields(t, 1).raw()).isEqualTo("a=2");
    }

    @Test
    void nanosecondAndOddFractionDigits() throws Exception {
        final Trace t = read("            bash-1       [000] .....   211.148846161: x: a=1\n"
            + "            bash-1       [000] .....   211.1488: x: a=1\n");
        assertThat(t.events().ts(0)).isEqualTo(211_148_800_000L);
        assertThat(t.events().ts(1)).isEqualTo(211_148_846_161L);
        assertThat(t.outOfOrder()).isEqualTo(1);
    }

    @Test
    void garbageLinesAreReportedWithLineNumbers() throws Exception {
        final Trace t = read(HEADER_618
            + "            bash-1       [000] .....   100.000001: x: a=1\n"
            + "\n"
            + "this is not an event\n"
            + "            bash-1       [000] .....   100.00000x: x: a=2\n"
            + "            bash-1       [000] .....   100.000003: x: a=3\n");
        assertThat(t.events().size()).isEqualTo(2);
        assertThat(t.unparsedCount()).isEqualTo(2);
        assertThat(t.unparsed()).extracting(Unparsed::line).containsExactly(15L, 16L);
        assertThat(t.unparsed().get(0).reason()).contains("no 'COMM-PID [CPU]'");
        assertThat(t.unparsed().get(1).reason()).isEqualTo("bad timestamp");
        assertThat(t.truncated()).isNull();
    }

    @Test
    void truncatedLastLineKeepsEvents() throws Exception {
        final Trace t = read(HEADER_618
            + "            bash-1       [000] .....   100.000001: x: a=1\n"
            + "            bash-1       [000] .....   100.000002: x: a=2\n"
            + "            bash-1       [000] ...");
        assertThat(t.events().size()).isEqualTo(2);
        assertThat(t.truncated()).isEqualTo("input ends in the middle of line 15");
        assertThat(t.unparsed()).hasSize(1);
        assertThat(t.unparsed().get(0).reason()).startsWith("incomplete last line");
        // a complete last line without a newline is fine
        final Trace ok = read("            bash-1       [000] .....   100.000001: x: a=1");
        assertThat(ok.truncated()).isNull();
        assertThat(ok.meta()).containsEntry("final-newline", "missing");
    }

    @Test
    void overlongLineIsOneUnparsedLine() throws Exception {
        final StringBuilder b = new StringBuilder();
        b.append("            bash-1       [000] .....   100.000001: x: a=1\n");
        b.append("            bash-1       [000] .....   100.000002: x: a=").append("y".repeat(9 << 20)).append('\n');
        b.append("            bash-1       [000] .....   100.000003: x: a=3\n");
        final Trace t = readFtrace(b.toString());
        assertThat(t.events().size()).isEqualTo(2);
        assertThat(t.unparsedCount()).isEqualTo(1);
        assertThat(t.unparsed().get(0).line()).isEqualTo(2);
        assertThat(t.unparsed().get(0).reason()).startsWith("line longer than");
        assertThat(fields(t, 1).getLong("a", -1)).isEqualTo(3);
    }

    @Test
    void binaryDamageInTheMiddleIsReported() throws Exception {
        final Trace t = readFtrace("            bash-1       [000] .....   100.000001: x: a=1\n"
            + "\u0001\u0002\u0003garbage\u0000\n"
            + "            bash-1       [000] .....   100.000002: x: a=2\n");
        assertThat(t.events().size()).isEqualTo(2);
        assertThat(t.truncated()).contains("binary data at line 2");
        assertThat(t.unparsed().get(0).reason()).isEqualTo("binary data");
    }

    @Test
    void badInputs() throws Exception {
        final Path empty = write("empty", "");
        assertThatThrownBy(() -> Traces.read(empty.toString())).isInstanceOf(TraceFormatException.class).hasMessageContaining("empty");
        final byte[] bin = new byte[4096];
        new Random(7).nextBytes(bin);
        final Path garbage = dir.resolve("garbage.bin");
        Files.write(garbage, bin);
        assertThatThrownBy(() -> Traces.read(garbage.toString())).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("unknown format");
        final Path text = write("words.txt", "hello world\nthis is not a trace\n");
        assertThatThrownBy(() -> Traces.read(text.toString())).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("unknown format");
        // tracefs text printed with options that drop the columns: the error names the option (lines as 6.18 prints them)
        final String header = "# tracer: nop\n#\n#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n#              | |         |   |||||     |         |\n";
        final Path raw = write("raw.txt", header + "24886 0 22692868284143 type: 372\n24886 0 22692868284999 type: 372\n");
        try (Input in = Input.open(raw.toString())) {
            assertThatThrownBy(() -> new FtraceTextReader().read(in, new ReadOptions(1))).hasMessageContaining("options/raw, hex or bin on");
        }
        final Path noCtx = write("noctx.txt", header + "sched_waking: comm=rcu_preempt pid=15 prio=120 target_cpu=000\n"
            + "sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=rcu_preempt next_pid=15 next_prio=120\n");
        try (Input in = Input.open(noCtx.toString())) {
            assertThatThrownBy(() -> new FtraceTextReader().read(in, new ReadOptions(1))).hasMessageContaining("options/context-info off");
        }
        // forcing the reader on text without events: one clear exception naming the first bad line
        try (Input in = Input.open(text.toString())) {
            assertThatThrownBy(() -> new FtraceTextReader().read(in, new ReadOptions(1)))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("no ftrace-text event lines; line 1")
                .satisfies(e -> assertThat(((TraceFormatException) e).offset()).isZero());
        }
        // a header alone is an empty trace, not an error
        final Trace none = Traces.read(write("hdr.txt", HEADER_618).toString(), new ReadOptions(1));
        assertThat(none.events().size()).isZero();
        assertThat(none.cpus()).isEqualTo(2);
        assertThatThrownBy(() -> Traces.read(dir.toString())).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("directory");
        assertThatThrownBy(() -> Traces.read(dir.resolve("missing").toString())).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("no such file");
    }

    @Test
    void sniffersTellFormatsApart() throws IOException {
        final FtraceTextReader ft = new FtraceTextReader();
        final dev.whylate.format.tracecmd.TraceCmdReportReader tc = new dev.whylate.format.tracecmd.TraceCmdReportReader();
        final SystraceHtmlReader html = new SystraceHtmlReader();
        final Path data = Path.of("../testdata");
        for (final String perf : List.of("generated/perf-6.1_script_perf-sched-record.txt",
            "generated/perf-6.1_script_irq_wq_ipi_syscalls_head3000.txt", "generated/perf-6.1_script_callchain_head400.txt",
            "generated/sysdig-0.29.3_curl_google.txt", "public/falcosecurity-libs/curl_google.scap",
            "public/trappy/trace.dat", "generated/trace-cmd-3.1.6_instance_rtrc_v7_zstd.dat")) {
            final byte[] h = head(data.resolve(perf));
            assertThat(ft.sniff(h)).as(perf).isZero();
            assertThat(tc.sniff(h)).as(perf).isZero();
            assertThat(html.sniff(h)).as(perf).isZero();
        }
        final byte[] ftrace = head(data.resolve("generated/ftrace_6.18_default_head2000.txt"));
        assertThat(ft.sniff(ftrace)).isGreaterThan(tc.sniff(ftrace));
        final byte[] pipe = head(data.resolve("public/tracecompass-incubator/ftrace_syscalls.txt"));
        assertThat(ft.sniff(pipe)).isGreaterThan(tc.sniff(pipe));
        for (final String r : List.of("generated/trace-cmd-3.1.6_report_default.txt", "generated/trace-cmd-3.1.6_report_-l.txt",
            "public/trappy/trace_idle_unsorted.txt", "public/lisa/trace_txt-trace.txt")) {
            final byte[] h = head(data.resolve(r));
            assertThat(tc.sniff(h)).as(r).isGreaterThan(ft.sniff(h));
        }
        // a perf script line that happens to have ftrace-like columns still loses on its "sys:event" name
        final byte[] perfish = "      foo-1234  [000] 249.507445: sched:sched_switch: prev_comm=a prev_pid=1\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(ft.sniff(perfish)).isZero();
        assertThat(tc.sniff(perfish)).isZero();
        // trace-cmd report without its header line, but with instance prefixes / padded names
        final byte[] noHeader = "rtrc:             bash-6604  [000]   211.148996: sched_switch:         bash:6604 [120] S ==> bash:6607 [120]\n"
            .getBytes(StandardCharsets.US_ASCII);
        assertThat(tc.sniff(noHeader)).isGreaterThan(ft.sniff(noHeader));
        final byte[] sys = head(data.resolve("public/trappy/trace_surfaceflinger.html"));
        assertThat(html.sniff(sys)).isGreaterThan(Math.max(ft.sniff(sys), tc.sniff(sys)));
    }

    private static byte[] head(final Path p) throws IOException {
        final byte[] all = Files.readAllBytes(p);
        return java.util.Arrays.copyOf(all, Math.min(all.length, 64 * 1024));
    }

    /** A multi-chunk file read with 1 and 2 threads gives the same trace, line numbers included. */
    @Test
    void parallelChunksEqualSequentialSeed11() throws Exception {
        final List<String> lines = Files.readAllLines(Path.of("../testdata/generated/ftrace_6.18_default_head2000.txt"));
        final Random r = new Random(11);
        final StringBuilder b = new StringBuilder();
        long base = 1000;
        int lineNo = 0;
        final List<Long> badLines = new ArrayList<>();
        for (int rep = 0; rep < 16; rep++) {
            for (final String l : lines) {
                if (l.startsWith("#") && rep > 0) continue;
                final String shifted = l.replaceFirst(" 162\\.", " " + (base + rep) + ".");
                b.append(shifted).append('\n');
                lineNo++;
                final int dice = r.nextInt(400);
                if (dice == 0 && !l.startsWith("#")) {
                    b.append("          <idle>-0       [001] d.h2. ").append(base + rep).append(".999999: <stack trace>\n => a\n => b\n");
                    lineNo += 3;
                } else if (dice == 1) {
                    b.append("CPU:1 [LOST 3 EVENTS]\n");
                    lineNo++;
                } else if (dice == 2) {
                    b.append("\u0007junk\n");
                    lineNo++;
                    badLines.add((long) lineNo);
                }
            }
        }
        final Path p = write("big.txt", b.toString());
        assertThat(Files.size(p)).isGreaterThan(3L << 20);
        final Trace one = Traces.read(p.toString(), new ReadOptions(1));
        final Trace two = Traces.read(p.toString(), new ReadOptions(2));
        final Trace four = Traces.read(p.toString(), new ReadOptions(4));
        for (final Trace t : List.of(two, four)) {
            assertThat(t.events().size()).isEqualTo(one.events().size());
            for (int i = 0; i < one.events().size(); i++) {
                assertThat(t.events().ts(i)).isEqualTo(one.events().ts(i));
                assertThat(t.events().payload(i)).isEqualTo(one.events().payload(i));
                assertThat(t.events().typeName(i)).isEqualTo(one.events().typeName(i));
                assertThat(t.events().tid(i)).isEqualTo(one.events().tid(i));
                assertThat(t.events().cpu(i)).isEqualTo(one.events().cpu(i));
                assertThat(t.events().ctx(i)).isEqualTo(one.events().ctx(i));
                final String[] st = one.events().stack(i);
                if (st == null) assertThat(t.events().stack(i)).isNull();
                else assertThat(t.events().stack(i)).containsExactly(st);
            }
            assertThat(t.lost()).isEqualTo(one.lost());
            assertThat(t.unparsed()).isEqualTo(one.unparsed());
            assertThat(t.unparsedCount()).isEqualTo(one.unparsedCount());
            assertThat(t.outOfOrder()).isEqualTo(one.outOfOrder());
            assertThat(t.tasks().size()).isEqualTo(one.tasks().size());
        }
        assertThat(one.unparsed()).extracting(Unparsed::line).containsExactlyElementsOf(badLines.subList(0, Math.min(badLines.size(), Trace.MAX_UNPARSED_KEPT)));
        assertThat(one.unparsedCount()).isEqualTo(badLines.size());
    }
}
