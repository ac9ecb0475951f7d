#!/usr/bin/env bash
# Load benchmark: OPI v10 inserts per second (every request a new codOpiIntEpo),
# at 16 and 64 concurrent connections, on SQLite and on PostgreSQL, against a
# release build. Prints one line per run; docs/PERFORMANCE.md records the results.
#
#   bash scripts/bench-opi.sh            # both back-ends
#   BACKENDS=sqlite bash scripts/bench-opi.sh
#   PASSERELLE_SQLITE_GROUP_MAX=1 BACKENDS=sqlite bash scripts/bench-opi.sh   # no group commit
#
# Needs wrk (apt-get install wrk) and, for PostgreSQL, a server at
# PASSERELLE_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
BIN=${BIN:-target/release/passerelle}   # BIN=path: measure that binary (no build)
[ "$BIN" = target/release/passerelle ] && nice cargo build --release --quiet
# ../shared from the main checkout, ../../shared from a worktree under wt/.
SHARED=${SHARED:-$( [ -d ../shared/bench ] && cd ../shared && pwd || { cd ../../shared && pwd; })}
REQ=${REQ:-$SHARED/bench/opi-v10-request.xml}
PORT=${PORT:-18480}
DURATION=${DURATION:-10s}
PG_ADMIN=${PASSERELLE_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run() { # backend url
  local backend=$1 url=$2
  RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --database "$url" 2>"$tmp/server.log" &
  local pid=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  # Warm-up (connections, prepared statements, page cache).
  REQ="$REQ" wrk -t1 -c16 -d2s -s bench/opi-unique.lua "http://127.0.0.1:$PORT/services/OpiMetier" >/dev/null
  for c in 16 64; do
    local before after
    before=$(cpu_ticks $pid)
    REQ="$REQ" wrk -t1 -c$c -d"$DURATION" --latency -s bench/opi-unique.lua \
      "http://127.0.0.1:$PORT/services/OpiMetier" >"$tmp/wrk.txt"
    after=$(cpu_ticks $pid)
    local rps p50 p99 n non2xx
    rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")
    n=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
    non2xx=$(awk '/Non-2xx/ {print $5}' "$tmp/wrk.txt")
    local hz; hz=$(getconf CLK_TCK)
    local cpu_us; cpu_us=$(awk -v t=$((after - before)) -v n="$n" -v hz="$hz" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }')
    printf '%-8s c=%-3s %9s req/s  p50 %-8s p99 %-8s server CPU %s µs/req  non-2xx %s\n' \
      "$backend" "$c" "$rps" "$p50" "$p99" "$cpu_us" "${non2xx:-0}"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for backend in ${BACKENDS:-sqlite postgres}; do
  case $backend in
    sqlite) run sqlite "sqlite://$tmp/bench.db" ;;
    postgres)
      db="passerelle_bench_$$"
      psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
      run postgres "${PG_ADMIN%/*}/$db"
      psql "$PG_ADMIN" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null ;;
  esac
done
