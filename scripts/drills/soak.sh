#!/usr/bin/env bash
# Drill: steady load for SOAK (default 600 s) on SQLite; samples the server's
# resident memory, open file descriptors and threads every STEP seconds. They
# must stay flat (no leak). wrk with C connections posting new OPIs.
#
#   bash scripts/drills/soak.sh                 # SOAK=600 STEP=30 C=4
set -euo pipefail
cd "$(dirname "$0")/../.."
SOAK=${SOAK:-600}; STEP=${STEP:-30}; C=${C:-4}; PORT=${PORT:-18497}
. scripts/drills/common.sh
tmp=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --database "sqlite://$tmp/s.db" 2>"$tmp/server.log" & server=$!
sleep 1
REQ="$REQ" wrk -t1 -c"$C" -d"${SOAK}s" --latency -s bench/opi-unique.lua "http://127.0.0.1:$PORT/services/OpiMetier" >"$tmp/wrk.txt" &
load=$!
printf '%6s %10s %6s %8s %10s\n' t_s rss_kib fds threads rows
for t in $(seq 0 "$STEP" "$SOAK"); do
  rss=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
  fds=$(ls /proc/$server/fd | wc -l)
  thr=$(awk '/Threads/ {print $2}' /proc/$server/status)
  rows=$(sqlite3 -cmd ".timeout 2000" "$tmp/s.db" "SELECT count(*) FROM ind_opi" 2>/dev/null || echo "?")
  printf '%6s %10s %6s %8s %10s\n' "$t" "$rss" "$fds" "$thr" "$rows"
  [ "$t" -lt "$SOAK" ] && sleep "$STEP"
done
wait "$load"
grep -E "Requests/sec|requests in|Non-2xx|Socket errors|99%" "$tmp/wrk.txt"
echo "server warnings (first 5 distinct):"
sed -E 's/^[^ ]+ +//' "$tmp/server.log" | sort | uniq -c | sort -rn | head -5 | cut -c1-220
