#!/usr/bin/env bash
# Measures every whole-process performance budget of docs/PERFORMANCE.md on the corpus made by make-corpus.sh:
# hyperfine, RUNS runs each after one warm-up run, median wall time (hyperfine also reports user and system
# CPU), ratios of medians. whylate runs through the ./whylate launcher (its JVM flags are part of the product).
# Usage: bench/scripts/budgets.sh [CORPUS] [RUNS] [OUT.json-dir]     (needs hyperfine, perf, trace-cmd)
set -euo pipefail
corpus=${1:-/tmp/bench}; runs=${2:-5}
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${3:-$corpus/budgets-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
w="$here/whylate"
"$w" --version > /dev/null   # builds the jar if needed, picks the JDK, creates the launcher's caches
cd "$corpus"
start='sys_enter_write: comm == "requester" && count == 7'
end='sys_exit_read: ret > 0'

hf() { # name, then commands
  local name=$1; shift
  hyperfine -N --style basic -w 1 -r "$runs" --export-json "$out/$name.json" "$@" > "$out/$name.log" 2>&1 \
    || hyperfine --style basic -w 1 -r "$runs" --export-json "$out/$name.json" "$@" > "$out/$name.log" 2>&1
}

echo "machine: $(uname -r), $(nproc) CPUs, $("$(cat "$here/cli/target/.java")" -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/machine.txt"

# 1. stats on trace.dat vs trace-cmd report (<= 0.25x); sched on trace.dat vs trace-cmd report (within 0.3x)
hf dat "$w stats lat.dat" "$w sched lat.dat" "sh -c 'trace-cmd report lat.dat > /dev/null'"
# 2. irq vs stats (<= 1.3x), on trace.dat and on the same recording's tracefs text
hf irq "$w stats lat.dat" "$w irq lat.dat" "$w stats lat.txt" "$w irq lat.txt"
# 3. cycles --explain misses vs stats (<= 1.5x) on the 1.2 M-event trace
hf cycles "$w stats lat.dat" "$w cycles lat.dat --start '$start' --end '$end' --deadline 3.5ms --explain misses" \
   "$w stats lat.txt" "$w cycles lat.txt --start '$start' --end '$end' --deadline 3.5ms --explain misses"
# 4. sched on perf script text vs the perf script run that produced it (<= 1.0x)
hf sched-perf "sh -c 'perf script --ns -i perf.data > $out/perf.txt'" "$w sched perf.txt" \
   "sh -c 'perf script --ns -i perf-large.data > $out/perf-large.txt 2>/dev/null'" "$w sched perf-large.txt"
rm -f "$out/perf.txt" "$out/perf-large.txt"
# 5. whole-process text throughput (>= 400 MB/s) with wc -l and trace-cmd report of the matching .dat beside it
hf text "$w stats large.txt" "wc -l large.txt" "sh -c 'trace-cmd report large.dat > /dev/null'"

python3 - "$out" <<'EOF'
import json, sys, os, glob
out = sys.argv[1]
med = {}
for f in sorted(glob.glob(os.path.join(out, '*.json'))):
    for r in json.load(open(f))['results']:
        med[(os.path.basename(f)[:-5], r['command'])] = r
        print(f"{os.path.basename(f)[:-5]:10s} median {r['median']:7.3f} s  mean {r['mean']:7.3f} ± {r['stddev'] or 0:5.3f}  "
              f"user {r['user']:6.3f} sys {r['system']:6.3f}  runs {' '.join('%.3f' % t for t in r['times'])}  {r['command']}")
def find(group, sub):
    for (g, c), r in med.items():
        if g == group and sub in c: return r['median']
    return None
print()
for group, num, den, what in [
        ('dat', ' stats lat.dat', 'trace-cmd report lat.dat', 'stats x.dat / trace-cmd report x.dat (budget <= 0.25)'),
        ('dat', ' sched lat.dat', 'trace-cmd report lat.dat', 'sched x.dat / trace-cmd report x.dat (budget "within 0.3x")'),
        ('irq', ' irq lat.dat', ' stats lat.dat', 'irq / stats, trace.dat (budget <= 1.3)'),
        ('irq', ' irq lat.txt', ' stats lat.txt', 'irq / stats, tracefs text (budget <= 1.3)'),
        ('cycles', ' cycles lat.dat', ' stats lat.dat', 'cycles --explain misses / stats, trace.dat (budget <= 1.5)'),
        ('cycles', ' cycles lat.txt', ' stats lat.txt', 'cycles --explain misses / stats, tracefs text (budget <= 1.5)'),
        ('sched-perf', ' sched perf.txt', '-i perf.data', 'sched perf.txt / perf script (budget <= 1.0)'),
        ('sched-perf', ' sched perf-large.txt', '-i perf-large.data', 'sched perf-large.txt / perf script (budget <= 1.0)')]:
    a, b = find(group, num), find(group, den)
    if a and b: print(f"{what:70s} {a:7.3f} / {b:7.3f} = {a / b:5.2f}")
size = os.path.getsize('large.txt')
for sub in (' stats large.txt', 'wc -l', 'trace-cmd report large.dat'):
    m = find('text', sub)
    if m: print(f"{sub.strip():70s} {size / 1e6:7.1f} MB in {m:6.3f} s = {size / 1e6 / m:6.0f} MB/s")
EOF
echo "results in $out"
