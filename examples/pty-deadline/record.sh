#!/usr/bin/env bash
# Records the pty-deadline example under CPU load with `whylate record` into OUTDIR: trace.dat (v7, zstd),
# trace.txt.zst (tracefs text of the same buffer) and program.out (the program's own per-cycle clock).
# Usage (as root): ./record.sh OUTDIR [CYCLES] [HOGS]
set -euo pipefail
out=${1:?OUTDIR}; cycles=${2:-300}; hogs=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
whylate="$here/../../whylate"
mkdir -p "$out"
gcc -O2 -o "$out/pty_deadline" "$here/pty_deadline.c"
events=sched:sched_switch,sched:sched_waking,sched:sched_wakeup,sched:sched_wakeup_new,sched:sched_migrate_task
events=$events,sched:sched_process_fork,sched:sched_process_exit,irq,irq_vectors,ipi,workqueue
events=$events,timer:hrtimer_start,timer:hrtimer_expire_entry,timer:hrtimer_expire_exit
stress-ng --cpu "$hogs" --timeout $(( cycles / 100 + 10 )) >/dev/null 2>&1 &
hog=$!
trap 'kill $hog 2>/dev/null || true' EXIT
sleep 0.5
# Only the requests (7-byte writes) and the reads that returned data are recorded: the requester's
# non-blocking read loop would otherwise log millions of empty reads. --text keeps the whole run in the
# kernel buffer (30 MB per CPU) and saves its text before the binary pages.
"$whylate" record -o "$out/trace.dat" --text "$out/trace.txt.zst" --buffer-kb 30000 -e "$events" \
    -f 'sys_enter_write: count == 7' -f 'sys_exit_read: ret > 0' \
    -- "$out/pty_deadline" "$cycles" > "$out/program.out"
tail -1 "$out/program.out"
