#!/usr/bin/env bash
# Drill: steady load for SOAK (default 600 s) on SQLite (or DB=postgres: a fresh
# database on PASSERELLE_BENCH_POSTGRES_URL, dropped after); samples the server's
# resident memory, open file descriptors, threads and (PostgreSQL) its database
# connections every STEP seconds. They must stay flat (no leak). wrk with C
# connections posting new OPIs.
#
#   bash scripts/drills/soak.sh                 # SOAK=600 STEP=30 C=4
#   DB=postgres bash scripts/drills/soak.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SOAK=${SOAK:-600}; STEP=${STEP:-30}; C=${C:-4}; PORT=${PORT:-18497}
. scripts/drills/common.sh
tmp=$(mktemp -d)
server=
PG_ADMIN=${PASSERELLE_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
case ${DB:-sqlite} in
  sqlite) URL="sqlite://$tmp/s.db"
          rows() { sqlite3 -cmd ".timeout 2000" "$tmp/s.db" "SELECT count(*) FROM ind_opi" 2>/dev/null || echo "?"; }
          conns() { echo -; } ;;
  postgres) name="passerelle_soak_$$"
          psql "$PG_ADMIN" -qc "CREATE DATABASE $name" >/dev/null
          URL="${PG_ADMIN%/*}/$name"
          rows() { psql "$URL" -Atc "SELECT count(*) FROM ind_opi" 2>/dev/null || echo "?"; }
          conns() { psql "$PG_ADMIN" -Atc "SELECT count(*) FROM pg_stat_activity WHERE datname = '$name' AND application_name = 'passerelle'" 2>/dev/null || echo "?"; } ;;
esac
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ "${DB:-sqlite}" = postgres ] && { sleep 1; psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null; }
  rm -rf "$tmp"
}
trap cleanup EXIT
RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --database "$URL" 2>"$tmp/server.log" & server=$!
sleep 1
REQ="$REQ" wrk -t1 -c"$C" -d"${SOAK}s" --latency -s bench/opi-unique.lua "http://127.0.0.1:$PORT/services/OpiMetier" >"$tmp/wrk.txt" &
load=$!
printf '%6s %10s %6s %8s %8s %10s\n' t_s rss_kib fds threads db_conns rows
for t in $(seq 0 "$STEP" "$SOAK"); do
  rss=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
  fds=$(ls /proc/$server/fd | wc -l)
  thr=$(awk '/Threads/ {print $2}' /proc/$server/status)
  printf '%6s %10s %6s %8s %8s %10s\n' "$t" "$rss" "$fds" "$thr" "$(conns)" "$(rows)"
  [ "$t" -lt "$SOAK" ] && sleep "$STEP"
done
wait "$load"
grep -E "Requests/sec|requests in|Non-2xx|Socket errors|99%" "$tmp/wrk.txt"
echo "server warnings (first 5 distinct):"
sed -E 's/^[^ ]+ +//' "$tmp/server.log" | sort | uniq -c | sort -rn | head -5 | cut -c1-220
