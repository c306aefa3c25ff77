package dev.whylate.format.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.model.Fields;
import dev.whylate.model.TaskState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextPayloadsTest {
    private static Fields decode(final String event, final String payload) {
        final byte[] b = ("XX" + payload + "YY").getBytes(StandardCharsets.UTF_8);
        final Fields f = new Fields();
        TextPayloads.decode(event, b, 2, b.length - 4, f);
        return f;
    }

    @Test
    void schedSwitchKernelForm() {
        final Fields f = decode("sched_switch",
            "prev_comm=bash prev_pid=4163 prev_prio=120 prev_state=R+ ==> next_comm=kworker/1:1H next_pid=44 next_prio=100");
        assertThat(f.getString("prev_comm")).isEqualTo("bash");
        assertThat(f.getInt("prev_pid", -1)).isEqualTo(4163);
        assertThat(f.getInt("prev_prio", -1)).isEqualTo(120);
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.PREEMPTED);
        assertThat(f.getString("prev_state")).isEqualTo("R+");
        assertThat(f.getString("next_comm")).isEqualTo("kworker/1:1H");
        assertThat(f.getInt("next_pid", -1)).isEqualTo(44);
        assertThat(f.getInt("next_prio", -1)).isEqualTo(100);
        assertThat(f.size()).isEqualTo(7);
    }

    @Test
    void schedSwitchCommsWithSpacesAndEquals() {
        final Fields f = decode("sched_switch",
            "prev_comm=Web Content prev_pid=2711 prev_prio=120 prev_state=D|K ==> next_comm=a=b c next_pid=7 next_prio=120");
        assertThat(f.getString("prev_comm")).isEqualTo("Web Content");
        assertThat(f.getInt("prev_pid", -1)).isEqualTo(2711);
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.DISK);
        assertThat(f.getString("prev_state")).isEqualTo("D|K");
        assertThat(f.getString("next_comm")).isEqualTo("a=b c");
        assertThat(f.getInt("next_pid", -1)).isEqualTo(7);
    }

    @Test
    void schedSwitchRawNumericState() {
        Fields f = decode("sched_switch",
            "prev_comm=bash prev_pid=6608 prev_prio=120 prev_state=256 next_comm=migration/0 next_pid=18 next_prio=0");
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.PREEMPTED);
        assertThat(f.getString("next_comm")).isEqualTo("migration/0");
        assertThat(f.getInt("next_prio", -1)).isZero();
        f = decode("sched_switch", "prev_comm=sh prev_pid=1 prev_prio=120 prev_state=4096 next_comm=x next_pid=2 next_prio=120");
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.PREEMPTED);
        f = decode("sched_switch", "prev_comm=sh prev_pid=1 prev_prio=120 prev_state=1 next_comm=x next_pid=2 next_prio=120");
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.SLEEPING);
        assertThat(f.getString("prev_state")).isEqualTo("S");
        f = decode("sched_switch", "prev_comm=sh prev_pid=1 prev_prio=120 prev_state=0 next_comm=x next_pid=2 next_prio=120");
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void schedSwitchTraceCmdPluginForm() {
        Fields f = decode("sched_switch", "bash:6604 [120] S ==> bash:6607 [120]");
        assertThat(f.getString("prev_comm")).isEqualTo("bash");
        assertThat(f.getInt("prev_pid", -1)).isEqualTo(6604);
        assertThat(f.getInt("prev_prio", -1)).isEqualTo(120);
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.SLEEPING);
        assertThat(f.getString("next_comm")).isEqualTo("bash");
        assertThat(f.getInt("next_pid", -1)).isEqualTo(6607);
        assertThat(f.getInt("next_prio", -1)).isEqualTo(120);
        // comms with ':' split on the last ':' before " ["
        f = decode("sched_switch", "swapper/2:0 [120] R ==> kworker/2:1:2923 [120]");
        assertThat(f.getString("prev_comm")).isEqualTo("swapper/2");
        assertThat(f.getInt("prev_pid", -1)).isZero();
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.RUNNING);
        assertThat(f.getString("next_comm")).isEqualTo("kworker/2:1");
        assertThat(f.getInt("next_pid", -1)).isEqualTo(2923);
        // the plugin's letters are libtraceevent's "SDTtZXxW" bit table: X is bit 5 (32, a zombie on 6.x)
        f = decode("sched_switch", "seq:6608 [120] X ==> bash:6607 [120]");
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.ZOMBIE);
        f = decode("sched_switch", "kworker/0:1:12 [120] W ==> swapper/0:0 [120]");
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.IDLE);
        assertThat(f.getString("prev_state")).isEqualTo("I");
        f = decode("sched_switch", "trace-cmd:6244 [120] x ==> Web Content:2711 [0]");
        assertThat(f.getLong("prev_state", -1)).isEqualTo(TaskState.PARKED);
        assertThat(f.getString("next_comm")).isEqualTo("Web Content");
        assertThat(f.getInt("next_prio", -1)).isZero();
    }

    @Test
    void wakeupForms() {
        Fields f = decode("sched_wakeup", "comm=rcu_preempt pid=8 prio=120 success=1 target_cpu=002 state=W|m");
        assertThat(f.getString("comm")).isEqualTo("rcu_preempt");
        assertThat(f.getInt("pid", -1)).isEqualTo(8);
        assertThat(f.getInt("prio", -1)).isEqualTo(120);
        assertThat(f.getInt("success", -1)).isEqualTo(1);
        assertThat(f.getInt("target_cpu", -1)).isEqualTo(2);
        assertThat(f.getString("state")).isEqualTo("W|m");
        f = decode("sched_waking", "comm=Web Content pid=2711 prio=120 target_cpu=010");
        assertThat(f.getString("comm")).isEqualTo("Web Content");
        assertThat(f.getInt("target_cpu", -1)).isEqualTo(10);
        f = decode("sched_wakeup", "migration/0:18 [0] CPU:000");
        assertThat(f.getString("comm")).isEqualTo("migration/0");
        assertThat(f.getInt("pid", -1)).isEqualTo(18);
        assertThat(f.getInt("prio", -1)).isZero();
        assertThat(f.getInt("target_cpu", -1)).isZero();
        f = decode("sched_wakeup_new", "kworker/u8:2:123 [120] success=1 CPU:003");
        assertThat(f.getString("comm")).isEqualTo("kworker/u8:2");
        assertThat(f.getInt("pid", -1)).isEqualTo(123);
        assertThat(f.getInt("success", -1)).isEqualTo(1);
        assertThat(f.getInt("target_cpu", -1)).isEqualTo(3);
    }

    @Test
    void forkRenamesParentFields() {
        final Fields f = decode("sched_process_fork", "comm=bash pid=4163 child_comm=my prog child_pid=4165");
        assertThat(f.getString("parent_comm")).isEqualTo("bash");
        assertThat(f.getInt("parent_pid", -1)).isEqualTo(4163);
        assertThat(f.getString("child_comm")).isEqualTo("my prog");
        assertThat(f.getInt("child_pid", -1)).isEqualTo(4165);
        assertThat(f.has("comm")).isFalse();
        final Fields raw = decode("sched_process_fork", "parent_comm=bash parent_pid=1 child_comm=x child_pid=2");
        assertThat(raw.getInt("parent_pid", -1)).isEqualTo(1);
        assertThat(raw.getString("parent_comm")).isEqualTo("bash");
    }

    @Test
    void statRuntimeAndExit() {
        Fields f = decode("sched_stat_runtime", "comm=perf pid=7700 runtime=33259 [ns] vruntime=123456 [ns]");
        assertThat(f.getString("comm")).isEqualTo("perf");
        assertThat(f.getLong("runtime", -1)).isEqualTo(33259);
        assertThat(f.getLong("vruntime", -1)).isEqualTo(123456);
        assertThat(f.size()).isEqualTo(4);
        f = decode("sched_process_exit", "comm=seq pid=4166 prio=120 group_dead=true");
        assertThat(f.getString("group_dead")).isEqualTo("true");
        assertThat(f.getInt("prio", -1)).isEqualTo(120);
    }

    @Test
    void softirqVectorNumberAndName() {
        Fields f = decode("softirq_raise", "vec=9 [action=RCU]");
        assertThat(f.getLong("vec", -1)).isEqualTo(9);
        assertThat(f.getString("vec")).isEqualTo("RCU");
        assertThat(f.size()).isEqualTo(1);
        f = decode("softirq_entry", "vec=1");
        assertThat(f.getString("vec")).isEqualTo("TIMER");
        f = decode("softirq_exit", "vec=5 [action=BLOCK_IOPOLL]");
        assertThat(f.getString("vec")).isEqualTo("BLOCK_IOPOLL");
    }

    @Test
    void irqHandler() {
        Fields f = decode("irq_handler_entry", "irq=24 name=PCIe PME");
        assertThat(f.getInt("irq", -1)).isEqualTo(24);
        assertThat(f.getString("name")).isEqualTo("PCIe PME");
        f = decode("irq_handler_exit", "irq=36 ret=handled");
        assertThat(f.getLong("ret", -1)).isEqualTo(1);
        assertThat(f.getString("ret")).isEqualTo("handled");
        f = decode("irq_handler_exit", "irq=36 ret=unhandled");
        assertThat(f.getLong("ret", -1)).isZero();
        f = decode("irq_handler_exit", "irq=36 ret=1");
        assertThat(f.getString("ret")).isEqualTo("handled");
    }

    @Test
    void workqueueForms() {
        Fields f = decode("workqueue_queue_work",
            "work struct=00000000e524c8bd function=blk_mq_run_work_fn workqueue=kblockd req_cpu=256 cpu=1");
        assertThat(f.getLong("work", -1)).isEqualTo(0xe524c8bdL);
        assertThat(f.getString("function")).isEqualTo("blk_mq_run_work_fn");
        assertThat(f.getString("workqueue")).isEqualTo("kblockd");
        assertThat(f.getInt("req_cpu", -1)).isEqualTo(256);
        assertThat(f.getInt("cpu", -2)).isEqualTo(1);
        f = decode("workqueue_queue_work", "work struct=0xffff888102512248 function=vmstat_update workqueue=mm_percpu_wq req_cpu=0 cpu=-1");
        assertThat(f.getLong("work", -1)).isEqualTo(0xffff888102512248L);
        assertThat(f.getInt("cpu", 0)).isEqualTo(-1);
        f = decode("workqueue_activate_work", "work struct 00000000e524c8bd function=blk_mq_run_work_fn ");
        assertThat(f.getLong("work", -1)).isEqualTo(0xe524c8bdL);
        assertThat(f.getString("function")).isEqualTo("blk_mq_run_work_fn");
        f = decode("workqueue_activate_work", "work struct ffff88007c5d9000");
        assertThat(f.getLong("work", -1)).isEqualTo(0xffff88007c5d9000L);
        f = decode("workqueue_execute_start", "work struct 00000000e524c8bd: function blk_mq_run_work_fn");
        assertThat(f.getLong("work", -1)).isEqualTo(0xe524c8bdL);
        assertThat(f.getString("function")).isEqualTo("blk_mq_run_work_fn");
        f = decode("workqueue_execute_end", "work struct 0xffff888102512248: function 0xffffffff81234567");
        assertThat(f.getLong("work", -1)).isEqualTo(0xffff888102512248L);
        assertThat(f.getLong("function", -1)).isEqualTo(0xffffffff81234567L);
        f = decode("workqueue_execute_end", "work struct 12345678");
        // a hashed pointer is hexadecimal even when it has no letters
        assertThat(f.getLong("work", -1)).isEqualTo(0x12345678L);
    }

    @Test
    void tlbFlushAndIpi() {
        Fields f = decode("tlb_flush", "pages:-1 reason:local MM shootdown (3)");
        assertThat(f.getLong("pages", 0)).isEqualTo(-1);
        assertThat(f.getLong("reason", -1)).isEqualTo(3);
        assertThat(f.getString("reason")).isEqualTo("local MM shootdown");
        f = decode("tlb_flush", "pages=1 reason=0");
        assertThat(f.getLong("pages", 0)).isEqualTo(1);
        assertThat(f.getString("reason")).isEqualTo("flush on task switch");
        f = decode("ipi_entry", "(Rescheduling interrupts)");
        assertThat(f.getString("reason")).isEqualTo("Rescheduling interrupts");
        f = decode("ipi_raise", "target_mask=00000000,00000001 (Function call interrupts)");
        assertThat(f.getString("target_cpus")).isEqualTo("00000000,00000001");
        assertThat(f.getString("reason")).isEqualTo("Function call interrupts");
        f = decode("ipi_send_cpu", "cpu=1 callsite=wakeup_preempt+0x55/0xa0 callback=0x0");
        assertThat(f.getInt("cpu", -1)).isEqualTo(1);
        assertThat(f.getString("callsite")).isEqualTo("wakeup_preempt+0x55/0xa0");
        assertThat(f.getLong("callback", -1)).isZero();
        f = decode("reschedule_entry", "vector=253");
        assertThat(f.getInt("vector", -1)).isEqualTo(253);
    }

    @Test
    void rawSyscalls() {
        Fields f = decode("sys_enter", "NR 273 (7f19595f7a20, 18, 0, 7f19595f7a10, 0, 564f32833150)");
        assertThat(f.getLong("id", -1)).isEqualTo(273);
        assertThat(f.getString("args")).isEqualTo("7f19595f7a20, 18, 0, 7f19595f7a10, 0, 564f32833150");
        f = decode("sys_exit", "NR 273 = 0");
        assertThat(f.getLong("id", -1)).isEqualTo(273);
        assertThat(f.getLong("ret", -1)).isZero();
        f = decode("sys_exit", "NR 0 = -11");
        assertThat(f.getLong("ret", 0)).isEqualTo(-11);
    }

    @Test
    void perSyscallKernelTextOldBareHex() {
        Fields f = decode("sys_enter_ioctl", "sys_ioctl(fd: ff, cmd: 5410, arg: 7ffe0babe8fc)");
        assertThat(f.getLong("fd", -1)).isEqualTo(0xff);
        assertThat(f.getLong("cmd", -1)).isEqualTo(0x5410);
        assertThat(f.getLong("arg", -1)).isEqualTo(0x7ffe0babe8fcL);
        f = decode("sys_enter_read", "sys_read(fd: 3, buf: 7ffd, count: 20000)");
        assertThat(f.getLong("fd", -1)).isEqualTo(3);
        assertThat(f.getLong("count", -1)).isEqualTo(0x20000);
        f = decode("sys_exit_recvmsg", "sys_recvmsg -> 0xfffffffffffffff5");
        assertThat(f.getLong("ret", 0)).isEqualTo(-11);
    }

    @Test
    void perSyscallNewAndToolStyles() {
        // 6.18 kernel text: bare digits up to 9, 0x above
        Fields f = decode("sys_enter_read", "sys_read(fd: 0, buf: 0x7f744131f000, count: 0x20000)");
        assertThat(f.getLong("fd", -1)).isZero();
        assertThat(f.getLong("buf", -1)).isEqualTo(0x7f744131f000L);
        assertThat(f.getLong("count", -1)).isEqualTo(0x20000);
        f = decode("sys_exit_read", "sys_read -> 0x10000");
        assertThat(f.getLong("ret", -1)).isEqualTo(0x10000);
        // trace-cmd / perf: the format's print fmt
        f = decode("sys_enter_read", "fd: 0x00000033, buf: 0x7ffdf3c84420, count: 0x00000fff");
        assertThat(f.getLong("fd", -1)).isEqualTo(0x33);
        assertThat(f.getLong("count", -1)).isEqualTo(0xfff);
        f = decode("sys_exit_read", "0x582");
        assertThat(f.getLong("ret", -1)).isEqualTo(0x582);
        // user strings appended by newer kernels
        f = decode("sys_enter_execve", "sys_execve(filename: 0x564ebcf5a6b8 \"/usr/bin/my, emacs\", argv: 0x1, envp: 0x2)");
        assertThat(f.getLong("filename", -1)).isEqualTo(0x564ebcf5a6b8L);
        assertThat(f.getString("filename")).isEqualTo("/usr/bin/my, emacs");
        assertThat(f.getLong("argv", -1)).isEqualTo(1);
        assertThat(f.getLong("envp", -1)).isEqualTo(2);
        f = decode("sys_enter_getpid", "sys_getpid()");
        assertThat(f.size()).isZero();
        // trace-cmd -R prints name=value
        f = decode("sys_exit_read", "__syscall_nr=0 ret=1410");
        assertThat(f.getLong("ret", -1)).isEqualTo(1410);
    }

    @Test
    void printForms() {
        Fields f = decode("tracing_mark_write", "B|598|some event");
        assertThat(f.getString("buf")).isEqualTo("B|598|some event");
        f = decode("print", "0xffff00000819ff24s: cpu_frequency_devlib:        state=950000 cpu_id=0");
        assertThat(f.getString("ip")).isEqualTo("0xffff00000819ff24s");
        assertThat(f.getString("buf")).isEqualTo("cpu_frequency_devlib:        state=950000 cpu_id=0");
        f = decode("print", "tracing_mark_write: hello world");
        assertThat(f.getString("ip")).isEqualTo("tracing_mark_write");
        assertThat(f.getString("buf")).isEqualTo("hello world");
        f = decode("function", "do_sys_open <-__x64_sys_openat");
        assertThat(f.getString("ip")).isEqualTo("do_sys_open");
        assertThat(f.getString("parent_ip")).isEqualTo("__x64_sys_openat");
    }

    @Test
    void genericTokens() {
        Fields f = decode("hrtimer_start",
            "hrtimer=ffffaf6e0126bd18 function=tick_sched_timer expires=26186336000000 softexpires=26186336000000 mode=HRTIMER_MODE_ABS_PINNED_HARD");
        assertThat(f.getLong("hrtimer", -1)).isEqualTo(0xffffaf6e0126bd18L);
        assertThat(f.getString("hrtimer")).isEqualTo("ffffaf6e0126bd18");
        assertThat(f.getLong("expires", -1)).isEqualTo(26186336000000L);
        assertThat(f.getString("mode")).isEqualTo("HRTIMER_MODE_ABS_PINNED_HARD");
        f = decode("timer_start", "timer=0000000022f1a1c0 function=process_timeout expires=4295112345 [timeout=1000] cpu=0 idx=0 flags=");
        assertThat(f.getLong("timer", -1)).isEqualTo(0x22f1a1c0L);
        assertThat(f.getLong("timeout", -1)).isEqualTo(1000);
        assertThat(f.getString("flags")).isEmpty();
        f = decode("cpu_idle", "state=4294967295 cpu_id=5");
        assertThat(f.getLong("state", -1)).isEqualTo(4294967295L);
        f = decode("sched_load_avg_sg", "cpus=00000002 load=0 utilization=0");
        assertThat(f.getLong("cpus", -1)).isEqualTo(2);
        f = decode("sched_blocked_reason", "pid=269 iowait=0 caller=worker_thread+0x534/0x820");
        assertThat(f.getString("caller")).isEqualTo("worker_thread+0x534/0x820");
        f = decode("funcgraph_exit", "func=0xffffffffba5d6b90 calltime=0xa9a8c8a4f43 rettime=0xa9a8c8a55e7 overrun=0x0 depth=0");
        assertThat(f.getLong("calltime", -1)).isEqualTo(0xa9a8c8a4f43L);
        assertThat(f.getLong("depth", -1)).isZero();
        f = decode("tasklet_entry", "tasklet=0xffff88810 function=tcp_tasklet_func");
        assertThat(f.getString("func")).isEqualTo("tcp_tasklet_func");
        f = decode("clock_set_rate", "l4_wkup_clk_mux_ck state=19200000 cpu_id=0");
        assertThat(f.getString("name")).isEqualTo("l4_wkup_clk_mux_ck");
        assertThat(f.getLong("state", -1)).isEqualTo(19200000);
        f = decode("mystery_event", "dev: 8 sector: 0x10 label=some words here, last=1");
        assertThat(f.getLong("dev", -1)).isEqualTo(8);
        assertThat(f.getLong("sector", -1)).isEqualTo(16);
        assertThat(f.getString("label")).isEqualTo("some words here,");
        assertThat(f.getLong("last", -1)).isEqualTo(1);
    }

    @Test
    void fieldNamesAreInternedConstants() {
        final Fields f = decode("sched_wakeup", "comm=a pid=1 prio=2 target_cpu=3");
        for (int k = 0; k < f.size(); k++) assertThat(f.name(k)).isSameAs(f.name(k).intern());
        final Fields g = decode("unknown_event_x", "some_field=1");
        assertThat(g.name(0)).isSameAs("some_field");
    }

    @Test
    void randomGarbageNeverThrowsSeed42() {
        final java.util.Random r = new java.util.Random(42);
        final String[] events = {"sched_switch", "sched_wakeup", "softirq_entry", "workqueue_execute_start", "tlb_flush",
            "sys_enter", "sys_exit", "sys_enter_read", "sys_exit_read", "ipi_raise", "print", "x"};
        final String alphabet = "=: ()[]<>,-+|x0aZ_9\"";
        for (int n = 0; n < 20000; n++) {
            final StringBuilder s = new StringBuilder();
            final int len = r.nextInt(30);
            for (int i = 0; i < len; i++) s.append(alphabet.charAt(r.nextInt(alphabet.length())));
            decode(events[r.nextInt(events.length)], s.toString());
        }
    }
}
