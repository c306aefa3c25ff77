#!/bin/sh
# The workload recorded in examples/basic: for DURATION seconds (default 2), side by side,
#  - a CPU hog at 60 % of one CPU (stress-ng),
#  - loopback TCP request/response traffic: a client sends 1 KiB requests to an echo server about
#    every 2 ms and waits for each answer (python3),
#  - synchronous direct disk writes of 64 KiB (dd) every 100 ms.
D=${DURATION:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stress-ng --cpu 1 --cpu-load 60 -t "$D" -q &
python3 - "$D" <<'PY' &
import socket, sys, threading, time
end = time.time() + float(sys.argv[1])
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
def echo():
    c, _ = srv.accept()
    while True:
        b = c.recv(4096)
        if not b: break
        c.sendall(b)
threading.Thread(target=echo, daemon=True).start()
cl = socket.create_connection(srv.getsockname()); cl.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
msg = b"x" * 1024
while time.time() < end:
    cl.sendall(msg); got = 0
    while got < len(msg): got += len(cl.recv(4096))
    time.sleep(0.002)
cl.close()
PY
i=0
while [ $i -lt $((D * 10)) ]; do
  dd if=/dev/zero of="$tmp/f" bs=64k count=1 oflag=direct,dsync 2>/dev/null
  sleep 0.1; i=$((i + 1))
done
wait
