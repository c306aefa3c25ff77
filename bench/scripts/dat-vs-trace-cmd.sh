#!/usr/bin/env bash
# Whole-process comparison on one trace.dat: `whylate stats FILE` against `trace-cmd report FILE > /dev/null`,
# RUNS times each (alternating, after one warm-up run of each), median wall and CPU (user+sys) seconds.
# Usage: bench/scripts/dat-vs-trace-cmd.sh FILE [RUNS]
set -euo pipefail
file=$1; runs=${2:-5}
here=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$here/whylate" stats "$file" > /dev/null 2>&1 || { echo "whylate stats failed" >&2; exit 1; }
trace-cmd report "$file" > /dev/null 2>&1
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %U %S" -a -o "$tmp/w" "$here/whylate" stats "$file" > /dev/null 2>&1
  /usr/bin/time -f "%e %U %S" -a -o "$tmp/t" trace-cmd report "$file" > /dev/null 2>&1
done
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ww=$(awk '{print $1}' "$tmp/w" | med); wc=$(awk '{print $2+$3}' "$tmp/w" | med)
tw=$(awk '{print $1}' "$tmp/t" | med); tc=$(awk '{print $2+$3}' "$tmp/t" | med)
echo "file: $file ($(stat -c %s "$file") bytes), runs: $runs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "whylate stats:      wall ${ww}s  cpu ${wc}s   (all: $(awk '{printf "%s ", $1}' "$tmp/w"))"
echo "trace-cmd report:   wall ${tw}s  cpu ${tc}s   (all: $(awk '{printf "%s ", $1}' "$tmp/t"))"
awk -v a="$ww" -v b="$tw" -v c="$wc" -v d="$tc" 'BEGIN {printf "ratio whylate/trace-cmd: wall %.3f  cpu %.3f\n", a/b, c/d}'
