#!/usr/bin/env bash
# Records the pty-deadline example under CPU load into OUTDIR: trace.txt (tracefs text of the buffer),
# trace.dat (trace-cmd extract of the same buffer) and program.out (the program's own per-cycle clock).
# Usage: sudo ./record.sh OUTDIR [CYCLES] [HOGS]
set -euo pipefail
out=${1:?OUTDIR}; cycles=${2:-300}; hogs=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
gcc -O2 -o "$out/pty_deadline" "$here/pty_deadline.c"
T=/sys/kernel/tracing; [ -e $T/instances ] || mount -t tracefs nodev $T
name=whylate-ptydemo-$$; I=$T/instances/$name; mkdir $I
cleanup() { set +e; [ -d $I ] || return 0; echo 0 > $I/tracing_on; for f in $I/events/syscalls/sys_enter_write/filter $I/events/syscalls/sys_exit_read/filter; do echo 0 > $f; done; echo 0 > $I/events/enable; rmdir $I; }
trap cleanup EXIT
echo 30000 > $I/buffer_size_kb
echo 1 > $I/options/record-tgid
for e in sched/sched_switch sched/sched_waking sched/sched_wakeup sched/sched_wakeup_new sched/sched_migrate_task \
         sched/sched_process_fork sched/sched_process_exit irq irq_vectors ipi workqueue \
         timer/hrtimer_start timer/hrtimer_expire_entry timer/hrtimer_expire_exit \
         syscalls/sys_enter_write syscalls/sys_exit_read; do echo 1 > $I/events/$e/enable; done
# only the requests (7-byte writes) and the reads that returned data: the requester's non-blocking read loop
# would otherwise log millions of empty reads
echo 'count == 7' > $I/events/syscalls/sys_enter_write/filter
echo 'ret > 0' > $I/events/syscalls/sys_exit_read/filter
stress-ng --cpu "$hogs" --timeout $(( cycles / 100 + 8 )) >/dev/null 2>&1 &
hog=$!
sleep 0.5
echo 1 > $I/tracing_on
"$out/pty_deadline" "$cycles" > "$out/program.out"
echo 0 > $I/tracing_on
kill $hog 2>/dev/null || true; wait $hog 2>/dev/null || true
cat $I/trace > "$out/trace.txt"
(cd "$out" && trace-cmd extract -B $name -o x.dat >/dev/null 2>&1 && mv "$(ls -S x*.dat | head -1)" trace.dat && rm -f x*.dat) || echo "trace-cmd extract failed" >&2
tail -1 "$out/program.out"
