#!/usr/bin/env bash
# Measures every whole-process performance budget of docs/PERFORMANCE.md on the corpus made by make-corpus.sh.
# Each group of commands runs RUNS rounds after one warm-up round; within a round the commands run one after
# the other (alternating), so that a load change on a shared machine hits every command of a ratio alike.
# Reported: median wall time and median CPU (user + sys of the process and its children) per command, and the
# ratios of the medians. whylate runs through the ./whylate launcher (its JVM flags are part of the product).
# Usage: bench/scripts/budgets.sh [CORPUS] [RUNS] [OUTDIR]        (needs perf, trace-cmd, python3)
set -euo pipefail
corpus=${1:-/tmp/bench}; runs=${2:-5}
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${3:-$corpus/budgets-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
"$here/whylate" --version > /dev/null   # builds the jar if needed, picks the JDK, makes the class-data archive
cd "$corpus"
python3 - "$here/whylate" "$runs" "$out" "$(cat "$here/cli/target/.java")" "$here/bench/scripts/wait-quiet.sh" <<'EOF'
import json, os, resource, shlex, statistics, subprocess, sys, time
w, runs, out, java, quiet = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
q = shlex.quote
start = 'sys_enter_write: comm == "requester" && count == 7'
end = 'sys_exit_read: ret > 0'
cyc = f"--start {q(start)} --end {q(end)} --deadline 3.5ms --explain misses"
groups = [
    ('dat', [f'{w} stats lat.dat', f'{w} sched lat.dat', 'trace-cmd report lat.dat > /dev/null']),
    ('dat-large', [f'{w} sched large.dat', 'trace-cmd report large.dat > /dev/null', f'{w} stats large.dat', f'{w} irq large.dat']),
    ('irq', [f'{w} stats lat.dat', f'{w} irq lat.dat', f'{w} stats lat.txt', f'{w} irq lat.txt']),
    ('cycles', [f'{w} stats lat.dat', f'{w} cycles lat.dat {cyc}', f'{w} stats lat.txt', f'{w} cycles lat.txt {cyc}']),
    ('sched-perf', [f'perf script --ns -i perf.data > {out}/perf.txt', f'{w} sched perf.txt']),
    ('sched-perf-large', [f'perf script --ns -i perf-large.data > {out}/perf-large.txt 2>/dev/null', f'{w} sched perf-large.txt']),
    ('text', [f'{w} stats large.txt', 'wc -l large.txt', 'trace-cmd report large.dat > /dev/null']),
]
only = os.environ.get('BUDGETS', '')
def run(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(['bash', '-c', cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1): print(f'warning: exit {p.returncode}: {cmd}', file=sys.stderr)
    return t, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
load = open('/proc/loadavg').read().split()[:3]
jv = subprocess.run([java, '-version'], capture_output=True, text=True).stderr.splitlines()[0]
info = {'date': time.strftime('%Y-%m-%d %H:%M'), 'kernel': os.uname().release, 'cpus': os.cpu_count(), 'jdk': jv,
        'whylate_java_opts': os.environ.get('WHYLATE_JAVA_OPTS', '(launcher default)'), 'load_before': load}
print(json.dumps(info))
res = {}
for name, cmds in groups:
    if only and name not in only.split(','): continue
    if os.environ.get('WAIT_QUIET', '1') != '0': subprocess.run([quiet, '300'])
    for c in cmds: run(c)  # warm-up (page cache, launcher caches)
    times = {c: [] for c in cmds}
    cpus = {c: [] for c in cmds}
    for r in range(runs):
        for c in cmds:
            t, u = run(c)
            times[c].append(t); cpus[c].append(u)
    for c in cmds:
        res[(name, c)] = (statistics.median(times[c]), statistics.median(cpus[c]))
        print(f"{name:16s} wall {statistics.median(times[c]):7.3f} s  cpu {statistics.median(cpus[c]):7.3f} s  "
              f"runs {' '.join('%.2f' % x for x in times[c])}  | {c}", flush=True)
json.dump({'info': info, 'results': [{'group': g, 'command': c, 'wall': v[0], 'cpu': v[1]} for (g, c), v in res.items()]},
          open(os.path.join(out, 'results.json'), 'w'), indent=1)
def find(group, sub):
    for (g, c), v in res.items():
        if g == group and sub in c: return v
    return None
print()
for group, num, den, what in [
        ('dat', ' stats lat.dat', 'trace-cmd report lat.dat', 'stats x.dat / trace-cmd report x.dat (<= 0.25)'),
        ('dat', ' sched lat.dat', 'trace-cmd report lat.dat', 'sched x.dat / trace-cmd report x.dat ("within 0.3x")'),
        ('irq', ' irq lat.dat', ' stats lat.dat', 'irq / stats, trace.dat (<= 1.3)'),
        ('irq', ' irq lat.txt', ' stats lat.txt', 'irq / stats, tracefs text (<= 1.3)'),
        ('cycles', ' cycles lat.dat', ' stats lat.dat', 'cycles --explain misses / stats, trace.dat (<= 1.5)'),
        ('cycles', ' cycles lat.txt', ' stats lat.txt', 'cycles --explain misses / stats, tracefs text (<= 1.5)'),
        ('sched-perf', ' sched perf.txt', '-i perf.data', 'sched perf.txt / perf script (<= 1.0)'),
        ('sched-perf-large', ' sched perf-large.txt', '-i perf-large.data', 'sched perf-large.txt / perf script (<= 1.0)')]:
    a, b = find(group, num), find(group, den)
    if a and b: print(f"{what:58s} wall {a[0]:6.3f} / {b[0]:6.3f} = {a[0] / b[0]:5.2f}   cpu {a[1]:6.3f} / {b[1]:6.3f} = {a[1] / b[1]:5.2f}")
size = os.path.getsize('large.txt')
for sub in (' stats large.txt', 'wc -l', 'trace-cmd report large.dat'):
    m = find('text', sub)
    if m: print(f"{sub.strip():58s} {size / 1e6:6.1f} MB in {m[0]:6.3f} s = {size / 1e6 / m[0]:5.0f} MB/s (cpu {m[1]:.3f} s)")
EOF
rm -f "$out/perf.txt" "$out/perf-large.txt"
echo "results in $out"
