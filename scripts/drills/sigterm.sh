#!/usr/bin/env bash
# Drill: SIGTERM under load. Passerelle must let in-flight requests complete,
# refuse new connections, and exit 0; clients retrying against the restarted
# server end with every key exactly once (SQLite).
#
#   bash scripts/drills/sigterm.sh              # N=20000 C=64, SIGTERM AFTER=3 s into the load
# Exit status 1 when the exit status is not 0, the reconciliation fails, or the
# load was already over at the signal (sizes too small).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-20000}; C=${C:-64}; AFTER=${AFTER:-3}; PORT=${PORT:-18496}
. scripts/drills/common.sh
tmp=$(mktemp -d)
server=; load=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; [ -n "$load" ] && kill "$load" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
start() { RUST_LOG=info "$BIN" serve --listen "127.0.0.1:$PORT" --database "sqlite://$tmp/d.db" 2>>"$tmp/server.log" & server=$!; }
start; wait_ready "$PORT"
python3 scripts/drills/opi_load.py "http://127.0.0.1:$PORT/services/OpiMetier" "$N" "$C" T "$tmp/outcomes.txt" "$REQ" &
load=$!
sleep "$AFTER"
still_loading "$load" SIGTERM
t0=$(date +%s.%N)
kill -TERM "$server"
set +e; wait "$server"; code=$?; set -e
echo "SIGTERM: exit status $code after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s"
grep -E "shutting down|all connections closed|grace" "$tmp/server.log" | sed 's/^/  log: /' | cut -c1-160
sleep 1; start
wait "$load" || fail "the load client failed"; load=
kill "$server"; wait "$server" 2>/dev/null || true; server=
sqlite3 -separator ' ' -cmd ".timeout 5000" "$tmp/d.db" "SELECT cod_opi_int_epo, count(*) FROM ind_opi GROUP BY 1" > "$tmp/db.txt"
python3 - "$tmp/outcomes.txt" "$tmp/db.txt" "$code" <<'PY'
import sys
out = {l.split()[0]: l.split()[1:] for l in open(sys.argv[1])}
db = {k: int(n) for k, n in (l.split() for l in open(sys.argv[2]))}
acked = {k for k, (o, _) in out.items() if o == "ok"}
missing = acked - db.keys(); dup = [k for k, n in db.items() if n != 1]; extra = db.keys() - acked
print(f"sent {len(out)}  acknowledged {len(acked)}  in database {len(db)}  missing {len(missing)}  duplicated {len(dup)}  present, not acknowledged {len(extra)}")
ok = not missing and not dup and not extra and len(acked) == len(out) and sys.argv[3] == "0"
print("RESULT", "CLEAN" if ok else "FAILED")
sys.exit(0 if ok else 1)
PY
