#!/usr/bin/env bash
# Drill: pool exhaustion. A fresh PostgreSQL database (on PASSERELLE_BENCH_POSTGRES_URL,
# only this database is touched), Passerelle with a pool of 2 and
# acquire_timeout_secs = 1; a psql session holds an ACCESS EXCLUSIVE lock on
# ind_opi for HOLD seconds while 20 OPIs are posted at once. Expected: the
# requests that cannot get a connection get 503 after about the acquire
# timeout (bounded wait, no pile-up); /healthz answers in < 100 ms throughout.
#
#   bash scripts/drills/pool_exhaustion.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-$( [ -d ../shared/bench ] && cd ../shared && pwd || { cd ../../shared && pwd; })}
REQ=${REQ:-$SHARED/bench/opi-v10-request.xml}
PORT=${PORT:-18500}; HOLD=${HOLD:-6}
BIN=${BIN:-target/release/passerelle}
[ -x "$BIN" ] || nice cargo build --release --quiet
PG_ADMIN=${PASSERELLE_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
name="passerelle_pool_drill_$$"; URL="${PG_ADMIN%/*}/$name"
tmp=$(mktemp -d); server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
psql "$PG_ADMIN" -qc "CREATE DATABASE $name" >/dev/null
printf '[database]\npool_size = 2\nacquire_timeout_secs = 1.0\n' > "$tmp/p.toml"
RUST_LOG=warn "$BIN" serve --config "$tmp/p.toml" --listen "127.0.0.1:$PORT" --database "$URL" 2>"$tmp/server.log" & server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
psql "$URL" -qc "BEGIN; LOCK TABLE ind_opi IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep($HOLD); COMMIT;" >/dev/null &
lock=$!
sleep 0.5
pids=()
for i in $(seq 1 20); do
  sed "s/EC00123456/PX$(printf %08d "$i")/" "$REQ" > "$tmp/r$i.xml"
  curl -s -o /dev/null -w "%{http_code} %{time_total}\n" -H 'Content-Type: text/xml; charset=utf-8' \
    --data-binary @"$tmp/r$i.xml" "http://127.0.0.1:$PORT/services/OpiMetier" >> "$tmp/codes.txt" &
  pids+=($!)
done
worst=0
for _ in $(seq 1 20); do
  t=$(curl -s -o /dev/null -w "%{time_total}" "http://127.0.0.1:$PORT/healthz")
  worst=$(awk -v a="$worst" -v b="$t" 'BEGIN { print (b > a ? b : a) }')
  sleep 0.2
done
wait "$lock" || true; for p in "${pids[@]}"; do wait "$p" || true; done
echo "requests while the lock is held (status: count, slowest):"
awk '{n[$1]++; if ($2 > m[$1]) m[$1] = $2} END {for (c in n) printf "  HTTP %s: %d, slowest %.2f s\n", c, n[c], m[c]}' "$tmp/codes.txt"
echo "/healthz slowest of 20 probes during the lock: ${worst} s"
