#!/usr/bin/env bash
# Recreates the benchmark corpus of docs/PERFORMANCE.md in OUTDIR (default /tmp/bench; several GB, not
# committed). Needs root, tracefs, gcc, stress-ng, trace-cmd, perf. Takes a few minutes.
#
#   lat.dat / lat.txt / lat.report.txt   `whylate record --preset latency` plus the two syscall filters of the
#        pty-deadline example while examples/pty-deadline runs CYCLES cycles under `stress-ng --cpu 2` and
#        `stress-ng --switch 1 --switch-freq 3000` (~1.2 M events: the trace for stats, irq, sched, cycles);
#        lat.txt is the tracefs text of the same buffer (--text), lat.report.txt is `trace-cmd report lat.dat`.
#   large.dat / large.txt / large.report.txt   the same with `--switch-freq 20000`: ~4.8 M events, ~650 MB of
#        tracefs text (the >= 500 MB text budget; large.dat is its matching trace.dat).
#   perf.data / perf.txt, perf-large.data / perf-large.txt   `perf sched record` of the lat and large
#        workloads (sched tracepoints only, as perf sched records them); *.txt = `perf script --ns`.
#   *.prog.out                            the program's own per-cycle clock.
#
# Usage (as root): bench/scripts/make-corpus.sh [OUTDIR] [CYCLES]
set -euo pipefail
out=${1:-/tmp/bench}; cycles=${2:-2000}
here=$(cd "$(dirname "$0")/../.." && pwd)
whylate="$here/whylate"
mkdir -p "$out"
gcc -O2 -o "$out/pty_deadline" "$here/examples/pty-deadline/pty_deadline.c"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# load: two CPU hogs (so the pty's kworker waits and cycles miss) and a context-switch storm (sched load)
load() { # seconds
  stress-ng --cpu 2 --timeout "$1" >/dev/null 2>&1 & pids+=($!)
  stress-ng --switch 1 --switch-freq "${SWITCH_FREQ:-20000}" --timeout "$1" >/dev/null 2>&1 & pids+=($!)
  sleep 0.5
}

record() { # name switch-freq
  local name=$1
  SWITCH_FREQ=$2 load $(( cycles * 8 / 1000 + 10 ))
  "$whylate" record -o "$out/$name.dat" --text "$out/$name.txt" --buffer-kb 120000 --preset latency \
      -f 'sys_enter_write: count == 7' -f 'sys_exit_read: ret > 0' \
      -- "$out/pty_deadline" "$cycles" > "$out/$name.prog.out"
  cleanup; pids=()
  tail -1 "$out/$name.prog.out"
  trace-cmd report "$out/$name.dat" > "$out/$name.report.txt"
}

perfrec() { # name switch-freq
  local name=$1
  SWITCH_FREQ=$2 load $(( cycles * 8 / 1000 + 10 ))
  perf sched record -o "$out/$name.data" -- "$out/pty_deadline" "$cycles" > "$out/$name.prog.out" 2>/dev/null
  cleanup; pids=()
  perf script --ns -i "$out/$name.data" > "$out/$name.txt" 2>/dev/null
}

record lat 3000
record large 20000
perfrec perf 3000
perfrec perf-large 20000

for f in lat.dat lat.txt lat.report.txt large.dat large.txt large.report.txt perf.txt perf-large.txt; do
  printf '%-18s %12d bytes\n' "$f" "$(stat -c %s "$out/$f")"
done
