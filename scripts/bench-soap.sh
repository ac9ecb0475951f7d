#!/usr/bin/env bash
# SOAP path alone, side by side with the HTTP ceiling, in one sitting:
#   1. ../shared/bench/http-ceiling (hyper, reads the body, fixed answer, no parsing);
#   2. Passerelle with PASSERELLE_BENCH_STORE=off (BENCH-ONLY: the OPI request is
#      decoded, mapped and validated in full, then discarded: no database work).
# Both get the reference request ../shared/bench/opi-v10-request.xml with
# wrk -t1 -c64 (same request every time: no store, so no key to vary).
# Prints requests/s, p50, p99, server CPU per request and the ratio to the ceiling.
#
#   bash scripts/bench-soap.sh                  # DURATION=10s ROUNDS=2 by default
#   ROUNDS=3 DURATION=5s bash scripts/bench-soap.sh
#
# Needs wrk. Builds both servers in release mode (the ceiling in a private copy
# under ${TMPDIR:-/tmp}, never in ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
# ../shared from the main checkout, ../../shared from a worktree under wt/.
SHARED=${SHARED:-$( [ -d ../shared/bench ] && cd ../shared && pwd || { cd ../../shared && pwd; })}
REQ=${REQ:-$SHARED/bench/opi-v10-request.xml}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-2}
CONNS=${CONNS:-64}
P_PORT=${P_PORT:-18490}
C_PORT=${C_PORT:-18491}
CEILING_SRC=$SHARED/bench/http-ceiling
CEILING_DIR=${CEILING_DIR:-${TMPDIR:-/tmp}/passerelle-http-ceiling}

BIN=${BIN:-target/release/passerelle}   # BIN=path: measure that binary (no build)
[ "$BIN" = target/release/passerelle ] && nice cargo build --release --quiet
if [ ! -x "$CEILING_DIR/target/release/http-ceiling" ]; then
  rm -rf "$CEILING_DIR" && cp -r "$CEILING_SRC" "$CEILING_DIR" && rm -rf "$CEILING_DIR/target"
  (cd "$CEILING_DIR" && nice cargo build --release --quiet)
fi
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

wait_port() { for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; return 1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

PORT=$C_PORT "$CEILING_DIR/target/release/http-ceiling" 2>/dev/null &
cpid=$!; pids+=("$cpid")
PASSERELLE_BENCH_STORE=off RUST_LOG=warn "$BIN" serve \
  --listen "127.0.0.1:$P_PORT" --database "sqlite://$tmp/bench.db" 2>"$tmp/server.log" &
ppid=$!; pids+=("$ppid")
wait_port "$C_PORT"; wait_port "$P_PORT"

# One quick check that the bench server really answers the request with success.
code=$(curl -s -o "$tmp/answer.xml" -w '%{http_code}' -H 'Content-Type: text/xml; charset=utf-8' \
  --data-binary @"$REQ" "http://127.0.0.1:$P_PORT/services/OpiMetier")
[ "$code" = 200 ] || { echo "passerelle answered $code:"; cat "$tmp/answer.xml"; exit 1; }

measure() { # name pid url
  local name=$1 pid=$2 url=$3 before after
  before=$(cpu_ticks "$pid")
  REQ="$REQ" wrk -t1 -c"$CONNS" -d"$DURATION" --latency -s "$CEILING_SRC/../soap-post.lua" "$url" >"$tmp/wrk.txt"
  after=$(cpu_ticks "$pid")
  local rps p50 p99 n non2xx hz cpu_us
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")
  n=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$tmp/wrk.txt")
  hz=$(getconf CLK_TCK)
  cpu_us=$(awk -v t=$((after - before)) -v n="$n" -v hz="$hz" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  echo "$name $rps $p50 $p99 $cpu_us ${non2xx:-0}"
}

# Warm-up of both.
REQ="$REQ" wrk -t1 -c16 -d2s -s "$CEILING_SRC/../soap-post.lua" "http://127.0.0.1:$C_PORT/" >/dev/null
REQ="$REQ" wrk -t1 -c16 -d2s -s "$CEILING_SRC/../soap-post.lua" "http://127.0.0.1:$P_PORT/services/OpiMetier" >/dev/null

printf '%-6s %-11s %10s %9s %9s %12s %8s %10s\n' round server 'req/s' p50 p99 'CPU µs/req' non-2xx 'vs ceiling'
for r in $(seq 1 "$ROUNDS"); do
  read -r _ c_rps c_p50 c_p99 c_cpu c_err < <(measure ceiling "$cpid" "http://127.0.0.1:$C_PORT/")
  read -r _ p_rps p_p50 p_p99 p_cpu p_err < <(measure passerelle "$ppid" "http://127.0.0.1:$P_PORT/services/OpiMetier")
  ratio=$(awk -v a="$p_rps" -v b="$c_rps" 'BEGIN { printf "%.1f %%", 100 * a / b }')
  printf '%-6s %-11s %10s %9s %9s %12s %8s %10s\n' "$r" ceiling "$c_rps" "$c_p50" "$c_p99" "$c_cpu" "$c_err" ""
  printf '%-6s %-11s %10s %9s %9s %12s %8s %10s\n' "$r" passerelle "$p_rps" "$p_p50" "$p_p99" "$p_cpu" "$p_err" "$ratio"
done
