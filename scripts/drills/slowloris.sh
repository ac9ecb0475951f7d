#!/usr/bin/env bash
# Drill: slow clients (slowloris: headers one byte at a time; slow body: a
# declared body trickled) must not stop normal clients being served.
# SLOW=200 slow connections of each kind are opened, then wrk -c16 measures the
# normal clients for 10 s; the same wrk run without slow clients is the reference.
#
#   bash scripts/drills/slowloris.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-$( [ -d ../shared/bench ] && cd ../shared && pwd || { cd ../../shared && pwd; })}
REQ=${REQ:-$SHARED/bench/opi-v10-request.xml}
SLOW=${SLOW:-200}; PORT=${PORT:-18499}
BIN=${BIN:-target/release/passerelle}
[ -x "$BIN" ] || nice cargo build --release --quiet
tmp=$(mktemp -d)
server=; slow=
cleanup() { [ -n "$slow" ] && kill "$slow" 2>/dev/null; [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --database "sqlite://$tmp/s.db" 2>"$tmp/server.log" & server=$!
sleep 1
url="http://127.0.0.1:$PORT/services/OpiMetier"
measure() { REQ="$REQ" wrk -t1 -c16 -d10s --latency -s bench/opi-unique.lua "$url" > "$tmp/wrk.txt"
  echo "$1: $(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt") req/s, p99 $(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt"), non-2xx $(awk '/Non-2xx/ {print $5}' "$tmp/wrk.txt" | grep . || echo 0)"; }
measure "no slow clients  "
python3 - "$PORT" "$SLOW" > "$tmp/slow.txt" 2>&1 <<'PY' &
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
conns = []
for i in range(n):
    for kind in ("headers", "body"):
        s = socket.create_connection(("127.0.0.1", port))
        if kind == "body":
            s.sendall(b"POST /services/OpiMetier HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n<")
        else:
            s.sendall(b"POST /services/OpiMetier HTTP/1.1\r\n")
        conns.append((kind, s))
start = time.time(); closed = {"headers": 0, "body": 0}
while time.time() - start < 40:
    for kind, s in conns:
        try:
            s.sendall(b"a" if kind == "body" else b"X-a: b\r\n")
        except OSError:
            closed[kind] += 1
            s.close()
    conns = [(k, s) for k, s in conns if s.fileno() != -1]
    time.sleep(1)
print(f"of {n}+{n} slow connections, closed by the server within 40 s:", closed, "still open:", len(conns), flush=True)
PY
slow=$!
sleep 2
measure "with $SLOW+$SLOW slow"
wait "$slow" || true; slow=
cat "$tmp/slow.txt"
echo "server alive: $(kill -0 $server && echo yes)"
