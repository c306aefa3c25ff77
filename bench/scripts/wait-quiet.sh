#!/bin/bash
# Waits (at most $1 s, default 600) until no Maven build or test run is going on and CPU pressure is low:
# used by budgets.sh on a machine shared with other builds.
max=${1:-600}; t=0
while [ $t -lt $max ]; do
  busy=$(ps -eo pid,args | grep -E "plexus-classworlds|surefire" | grep -v grep | wc -l)
  p=$(awk '/some/ {split($2,a,"="); print int(a[2])}' /proc/pressure/cpu)
  if [ "$busy" -eq 0 ] && [ "$p" -lt 15 ]; then exit 0; fi
  sleep 3; t=$((t+3))
done
echo "waitq: still busy after $max s" >&2; exit 1
