#!/usr/bin/env bash
# Drill: pool exhaustion. A fresh PostgreSQL database (on PASSERELLE_BENCH_POSTGRES_URL,
# only this database is touched), Passerelle with a pool of 2 and
# acquire_timeout_secs = 1; a psql session holds an ACCESS EXCLUSIVE lock on
# ind_opi for HOLD seconds while 20 OPIs are posted at once. Expected: the
# requests that cannot get a connection get 503 after about the acquire
# timeout (bounded wait, no pile-up); /healthz answers in < 100 ms throughout.
#
# Exit status 1 when: a status other than 200 or 503; no 503 at all (the pool was
# never exhausted); a 503 slower than SLOW_503 s (default 3: the 1 s acquire
# timeout plus margin); a /healthz probe slower than HEALTHZ_MAX s (default 0.1).
#
#   bash scripts/drills/pool_exhaustion.sh     # HOLD=6 s
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-18500}; HOLD=${HOLD:-6}; SLOW_503=${SLOW_503:-3}; HEALTHZ_MAX=${HEALTHZ_MAX:-0.1}
. scripts/drills/common.sh
PG_ADMIN=${PASSERELLE_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
name="passerelle_pool_drill_$$"; URL="${PG_ADMIN%/*}/$name"
tmp=$(mktemp -d); server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
psql "$PG_ADMIN" -qc "CREATE DATABASE $name" >/dev/null
printf '[database]\npool_size = 2\nacquire_timeout_secs = 1.0\n' > "$tmp/p.toml"
RUST_LOG=warn "$BIN" serve --config "$tmp/p.toml" --listen "127.0.0.1:$PORT" --database "$URL" 2>"$tmp/server.log" & server=$!
wait_ready "$PORT"
psql "$URL" -qc "BEGIN; LOCK TABLE ind_opi IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep($HOLD); COMMIT;" >/dev/null &
lock=$!
sleep 0.5
pids=()
for i in $(seq 1 20); do
  sed "s/EC00123456/PX$(printf %08d "$i")/" "$REQ" > "$tmp/r$i.xml"
  curl -s -m 30 -o /dev/null -w "%{http_code} %{time_total}\n" -H 'Content-Type: text/xml; charset=utf-8' \
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
awk '$1 != 200 && $1 != 503 { print "DRILL FAILED: HTTP " $1 " while the lock is held"; bad = 1 }
     $1 == 503 { n503++; if ($2 > max503) max503 = $2 }
     END { if (!n503) { print "DRILL FAILED: no 503: the pool was never exhausted"; bad = 1 }
           if (max503 > lim) { print "DRILL FAILED: a 503 took " max503 " s (limit " lim " s)"; bad = 1 }
           exit bad }' lim="$SLOW_503" "$tmp/codes.txt" >&2 || exit 1
awk -v w="$worst" -v m="$HEALTHZ_MAX" 'BEGIN { exit !(w <= m) }' || fail "/healthz took $worst s during the lock (limit $HEALTHZ_MAX s)"
echo "RESULT CLEAN"
