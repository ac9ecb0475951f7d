#!/usr/bin/env bash
# Drill: slow clients (slowloris: headers one byte at a time; slow body: a
# declared body trickled) must not stop normal clients being served.
# SLOW=200 slow connections of each kind are opened, then wrk -c16 measures the
# normal clients for DURATION=10 s; the same wrk run without slow clients is the
# reference. The slow clients keep trickling for SLOW_FOR=40 s (more than the
# server's body_read_timeout_secs, 30 s by default). HEADER_TIMEOUT and
# BODY_TIMEOUT, when set, give the server shorter read timeouts (CI: a short run).
# Exit status 1 when: a non-2xx answer to a normal client; the normal clients'
# rate with slow clients below MIN_RATIO (default 0.2) of the reference; a slow
# connection still open after SLOW_FOR s; the server died.
#
#   bash scripts/drills/slowloris.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SLOW=${SLOW:-200}; PORT=${PORT:-18499}; DURATION=${DURATION:-10}; SLOW_FOR=${SLOW_FOR:-40}; MIN_RATIO=${MIN_RATIO:-0.2}
. scripts/drills/common.sh
command -v wrk >/dev/null || fail "wrk is needed (apt-get install wrk)"
tmp=$(mktemp -d)
server=; slow=
cleanup() { [ -n "$slow" ] && kill "$slow" 2>/dev/null; [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
: > "$tmp/s.toml"
if [ -n "${HEADER_TIMEOUT:-}${BODY_TIMEOUT:-}" ]; then
  printf '[limits]\nheader_read_timeout_secs = %s\nbody_read_timeout_secs = %s\n' \
    "${HEADER_TIMEOUT:-10.0}" "${BODY_TIMEOUT:-30.0}" > "$tmp/s.toml"
fi
RUST_LOG=warn "$BIN" serve --config "$tmp/s.toml" --listen "127.0.0.1:$PORT" --database "sqlite://$tmp/s.db" 2>"$tmp/server.log" & server=$!
wait_ready "$PORT"
url="http://127.0.0.1:$PORT/services/OpiMetier"
# measure LABEL: one wrk run; sets rps; fails on a non-2xx answer or a socket error.
measure() { REQ="$REQ" wrk -t1 -c16 -d"${DURATION}s" --latency -s bench/opi-unique.lua "$url" > "$tmp/wrk.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
  local non2xx errors
  non2xx=$(awk '/Non-2xx/ {print $5}' "$tmp/wrk.txt" | grep . || echo 0)
  errors=$(grep 'Socket errors' "$tmp/wrk.txt" || true)
  echo "$1: $rps req/s, p99 $(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt"), non-2xx $non2xx${errors:+, $errors}"
  [ "$non2xx" = 0 ] || fail "$non2xx non-2xx answers to normal clients ($1)"
  [ -z "$errors" ] || fail "socket errors for normal clients ($1): $errors"; }
measure "no slow clients  "; reference=$rps
python3 - "$PORT" "$SLOW" "$SLOW_FOR" > "$tmp/slow.txt" 2>&1 <<'PY' &
import socket, sys, time
port, n, slow_for = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
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
while time.time() - start < slow_for:
    for kind, s in conns:
        try:
            s.sendall(b"a" if kind == "body" else b"X-a: b\r\n")
        except OSError:
            closed[kind] += 1
            s.close()
    conns = [(k, s) for k, s in conns if s.fileno() != -1]
    time.sleep(1)
print(f"of {n}+{n} slow connections, closed by the server within {slow_for:g} s:", closed, "still open:", len(conns), flush=True)
sys.exit(1 if conns else 0)
PY
slow=$!
sleep 2
measure "with $SLOW+$SLOW slow"
awk -v a="$rps" -v r="$reference" -v m="$MIN_RATIO" 'BEGIN { exit !(a >= m * r) }' \
  || fail "normal clients served at $rps req/s with slow clients, under $MIN_RATIO x $reference"
set +e; wait "$slow"; slow_rc=$?; set -e; slow=
cat "$tmp/slow.txt"
[ "$slow_rc" = 0 ] || fail "slow connections still open after $SLOW_FOR s (or the slow client failed)"
kill -0 "$server" || fail "the server died"
echo "server alive: yes"
echo "RESULT CLEAN"
