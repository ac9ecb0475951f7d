#!/usr/bin/env bash
# SOAP path alone, side by side with the HTTP ceiling, in one sitting:
#   1. ../shared/bench/http-ceiling (hyper, reads the body, fixed answer, no parsing);
#   2. bench/parse-only (hyper + quick-xml parse into structs, no validation: the
#      comparator of issue 9's ">= 85 % of a parse-only server");
#   3. Passerelle with PASSERELLE_BENCH_STORE=off (BENCH-ONLY: the OPI request is
#      decoded, mapped and validated in full, then discarded: no database work).
# All get the reference request ../shared/bench/opi-v10-request.xml with
# wrk -t1 -c64 (same request every time: no store, so no key to vary).
# Prints requests/s, p50, p99, server CPU per request and the ratios to the ceiling
# and to the parse-only server (one line per server per round).
#
#   bash scripts/bench-soap.sh                  # ROUNDS=6 DURATION=3s by default
# The "all" rows sum every round (requests, CPU): read the ratios there.
#   ROUNDS=3 DURATION=5s bash scripts/bench-soap.sh
#
# SKIP_PARSEONLY=1: as before the comparator existed (ceiling and Passerelle only).
#
# Needs wrk. Builds the servers in release mode (the ceiling in a private copy
# under ${TMPDIR:-/tmp}, never in ../shared; parse-only with its target directory
# under ${TMPDIR:-/tmp}, never in bench/).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
# ../shared from the main checkout, ../../shared from a worktree under wt/.
SHARED=${SHARED:-$( [ -d ../shared/bench ] && cd ../shared && pwd || { cd ../../shared && pwd; })}
REQ=${REQ:-$SHARED/bench/opi-v10-request.xml}
DURATION=${DURATION:-3s}
ROUNDS=${ROUNDS:-6}
CONNS=${CONNS:-64}
P_PORT=${P_PORT:-18490}
C_PORT=${C_PORT:-18491}
PO_PORT=${PO_PORT:-18492}
SKIP_PARSEONLY=${SKIP_PARSEONLY:-0}
CEILING_SRC=$SHARED/bench/http-ceiling
CEILING_DIR=${CEILING_DIR:-${TMPDIR:-/tmp}/passerelle-http-ceiling}
PARSEONLY_TARGET=${PARSEONLY_TARGET:-${TMPDIR:-/tmp}/passerelle-parse-only-target}

BIN=${BIN:-target/release/passerelle}   # BIN=path: measure that binary (no build)
[ "$BIN" = target/release/passerelle ] && nice cargo build --release --quiet
if [ ! -x "$CEILING_DIR/target/release/http-ceiling" ]; then
  rm -rf "$CEILING_DIR" && cp -r "$CEILING_SRC" "$CEILING_DIR" && rm -rf "$CEILING_DIR/target"
  (cd "$CEILING_DIR" && nice cargo build --release --quiet)
fi
# Rebuilt when its sources change (incremental, target outside the worktree).
[ "$SKIP_PARSEONLY" = 1 ] || (cd bench/parse-only &&
  CARGO_TARGET_DIR="$PARSEONLY_TARGET" nice cargo build --release --quiet --locked)
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

wait_port() { for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; return 1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

PORT=$C_PORT "$CEILING_DIR/target/release/http-ceiling" 2>/dev/null &
cpid=$!; pids+=("$cpid")
if [ "$SKIP_PARSEONLY" != 1 ]; then
  PORT=$PO_PORT "$PARSEONLY_TARGET/release/parse-only" 2>/dev/null &
  opid=$!; pids+=("$opid")
fi
PASSERELLE_BENCH_STORE=off RUST_LOG=warn "$BIN" serve \
  --listen "127.0.0.1:$P_PORT" --database "sqlite://$tmp/bench.db" 2>"$tmp/server.log" &
ppid=$!; pids+=("$ppid")
wait_port "$C_PORT"; wait_port "$P_PORT"
[ "$SKIP_PARSEONLY" = 1 ] || wait_port "$PO_PORT"

# One quick check that the bench servers really answer the request with success.
check() { # name port
  local code
  code=$(curl -s -o "$tmp/answer.xml" -w '%{http_code}' -H 'Content-Type: text/xml; charset=utf-8' \
    --data-binary @"$REQ" "http://127.0.0.1:$2/services/OpiMetier")
  [ "$code" = 200 ] || { echo "$1 answered $code:"; cat "$tmp/answer.xml"; exit 1; }
}
check passerelle "$P_PORT"
[ "$SKIP_PARSEONLY" = 1 ] || check parse-only "$PO_PORT"

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
  echo "$name $rps $p50 $p99 $cpu_us ${non2xx:-0} $n $((after - before))"
}
# Totals over the rounds, per server: requests and CPU ticks (the "all" rows).
declare -A tot_n tot_t
add() { tot_n[$1]=$(( ${tot_n[$1]:-0} + $2 )); tot_t[$1]=$(( ${tot_t[$1]:-0} + $3 )); }

# Warm-up of each.
REQ="$REQ" wrk -t1 -c16 -d2s -s "$CEILING_SRC/../soap-post.lua" "http://127.0.0.1:$C_PORT/" >/dev/null
[ "$SKIP_PARSEONLY" = 1 ] ||
  REQ="$REQ" wrk -t1 -c16 -d2s -s "$CEILING_SRC/../soap-post.lua" "http://127.0.0.1:$PO_PORT/services/OpiMetier" >/dev/null
REQ="$REQ" wrk -t1 -c16 -d2s -s "$CEILING_SRC/../soap-post.lua" "http://127.0.0.1:$P_PORT/services/OpiMetier" >/dev/null

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f %%", 100 * a / b }'; }
row() { printf '%-6s %-11s %10s %9s %9s %12s %8s %10s %13s\n' "$@"; }
row round server 'req/s' p50 p99 'CPU µs/req' non-2xx 'vs ceiling' 'vs parse-only'
for r in $(seq 1 "$ROUNDS"); do
  read -r _ c_rps c_p50 c_p99 c_cpu c_err c_n c_t < <(measure ceiling "$cpid" "http://127.0.0.1:$C_PORT/")
  add ceiling "$c_n" "$c_t"
  row "$r" ceiling "$c_rps" "$c_p50" "$c_p99" "$c_cpu" "$c_err" "" ""
  vs_po=-
  if [ "$SKIP_PARSEONLY" != 1 ]; then
    read -r _ o_rps o_p50 o_p99 o_cpu o_err o_n o_t < <(measure parse-only "$opid" "http://127.0.0.1:$PO_PORT/services/OpiMetier")
    add parse-only "$o_n" "$o_t"
    row "$r" parse-only "$o_rps" "$o_p50" "$o_p99" "$o_cpu" "$o_err" "$(pct "$o_rps" "$c_rps")" ""
  fi
  read -r _ p_rps p_p50 p_p99 p_cpu p_err p_n p_t < <(measure passerelle "$ppid" "http://127.0.0.1:$P_PORT/services/OpiMetier")
  add passerelle "$p_n" "$p_t"
  [ "$SKIP_PARSEONLY" = 1 ] || vs_po=$(pct "$p_rps" "$o_rps")
  row "$r" passerelle "$p_rps" "$p_p50" "$p_p99" "$p_cpu" "$p_err" "$(pct "$p_rps" "$c_rps")" "$vs_po"
done
# All rounds together: each round measures the servers one after the other, so
# many short rounds (ROUNDS=8 DURATION=2s) spread the machine's drift evenly.
secs=$(( ROUNDS * ${DURATION%s} ))
hz=$(getconf CLK_TCK)
rate() { awk -v n="${tot_n[$1]}" -v s="$secs" 'BEGIN { printf "%.0f", n / s }'; }
cpu() { awk -v t="${tot_t[$1]}" -v n="${tot_n[$1]}" -v hz="$hz" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }'; }
row all ceiling "$(rate ceiling)" - - "$(cpu ceiling)" - "" ""
if [ "$SKIP_PARSEONLY" != 1 ]; then
  row all parse-only "$(rate parse-only)" - - "$(cpu parse-only)" - "$(pct "${tot_n[parse-only]}" "${tot_n[ceiling]}")" ""
  vs_po=$(pct "${tot_n[passerelle]}" "${tot_n[parse-only]}")
fi
row all passerelle "$(rate passerelle)" - - "$(cpu passerelle)" - "$(pct "${tot_n[passerelle]}" "${tot_n[ceiling]}")" "$vs_po"
