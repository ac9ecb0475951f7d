#!/usr/bin/env bash
# End to end on PostgreSQL against pgbench running the same SQL, in one sitting:
#   1. pgbench -M prepared with bench/opi-pgbench.sql (the statements Passerelle sends for
#      one OPI v10 request in steady state: BEGIN / upsert / COMMIT pipelined);
#   2. Passerelle (release build, pool_size 16 by default, demo course structure loaded so
#      that the wishes are checked — and their VETs then cached) under wrk with a new
#      codOpiIntEpo per request (bench/opi-unique.lua), same number of connections.
# Alternates the two ROUNDS times; prints both rates, the ratio, p99 and the server's CPU
# per request. synchronous_commit is the server's (on by default).
#
#   bash scripts/bench-pg.sh                     # CONNS="16 64" ROUNDS=2 T=8
#   BIN=/path/to/old/passerelle bash scripts/bench-pg.sh   # another binary, no build
#
# Needs wrk and pgbench (postgresql-client), PostgreSQL at PASSERELLE_BENCH_POSTGRES_URL
# (default postgres://postgres@127.0.0.1:5432/postgres); creates and drops its database.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-$( [ -d ../shared/bench ] && cd ../shared && pwd || { cd ../../shared && pwd; })}
REQ=${REQ:-$SHARED/bench/opi-v10-request.xml}
BIN=${BIN:-target/release/passerelle}
[ "$BIN" = target/release/passerelle ] && nice cargo build --release --quiet
PG_ADMIN=${PASSERELLE_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DB=passerelle_bench_pg_$$
URL="${PG_ADMIN%/*}/$DB"
PORT=${PORT:-18482}
T=${T:-8}
tmp=$(mktemp -d)
psql "$PG_ADMIN" -qc "CREATE DATABASE $DB" >/dev/null
sp=
cleanup() {
  [ -n "$sp" ] && kill "$sp" 2>/dev/null && wait "$sp" 2>/dev/null
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
RUST_LOG=warn "$BIN" serve --demo --listen "127.0.0.1:$PORT" --database "$URL" 2>"$tmp/server.log" &
sp=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Warm-up of both (prepared statements, caches).
REQ="$REQ" wrk -t1 -c16 -d2s -s bench/opi-unique.lua "http://127.0.0.1:$PORT/services/OpiMetier" >/dev/null
pgbench -n -c16 -j2 -T2 -M prepared -f bench/opi-pgbench.sql "$URL" >/dev/null 2>&1
printf '%-6s %-5s %12s %14s %8s %9s %12s\n' round conns 'pgbench tx/s' 'Passerelle/s' ratio p99 'CPU µs/req'
for r in $(seq 1 "${ROUNDS:-2}"); do
  for c in ${CONNS:-16 64}; do
    pg=$(pgbench -n -c"$c" -j2 -T"$T" -M prepared -f bench/opi-pgbench.sql "$URL" 2>&1 | awk '/^tps/ {print $3}')
    before=$(cpu_ticks "$sp")
    REQ="$REQ" wrk -t1 -c"$c" -d"${T}s" --latency -s bench/opi-unique.lua \
      "http://127.0.0.1:$PORT/services/OpiMetier" >"$tmp/wrk.txt"
    after=$(cpu_ticks "$sp")
    n=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
    rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")
    non2xx=$(awk '/Non-2xx/ {print $5}' "$tmp/wrk.txt")
    [ -z "$non2xx" ] || { echo "non-2xx answers: $non2xx" >&2; exit 1; }
    cpu=$(awk -v t=$((after - before)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }')
    ratio=$(awk -v a="$rps" -v b="$pg" 'BEGIN { printf "%.1f %%", 100 * a / b }')
    printf '%-6s %-5s %12.0f %14.0f %8s %9s %12s\n' "$r" "$c" "$pg" "$rps" "$ratio" "$p99" "$cpu"
  done
done
