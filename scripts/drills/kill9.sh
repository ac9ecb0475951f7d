#!/usr/bin/env bash
# Drill: Passerelle killed (kill -9) mid-load and restarted, clients retrying:
# every acknowledged key must be in the database exactly once, no key missing,
# none extra. SQLite by default; DB=postgres uses a fresh database on
# PASSERELLE_BENCH_POSTGRES_URL (default the local server) — never stops it.
#
#   bash scripts/drills/kill9.sh              # N=20000 C=64 KILLS=3 EVERY=2 (seconds)
#   DB=postgres bash scripts/drills/kill9.sh
# Exit status 1 when the reconciliation fails, or when the load was already over
# at a kill (sizes too small: the drill would prove nothing).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-20000}; C=${C:-64}; KILLS=${KILLS:-3}; EVERY=${EVERY:-2}; PORT=${PORT:-18493}
. scripts/drills/common.sh
tmp=$(mktemp -d)
PG_ADMIN=${PASSERELLE_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
case ${DB:-sqlite} in
  sqlite) URL="sqlite://$tmp/drill.db"
          count() { sqlite3 -separator " " -cmd ".timeout 5000" "$tmp/drill.db" "SELECT cod_opi_int_epo, count(*) FROM ind_opi GROUP BY 1"; } ;;
  postgres) name="passerelle_drill_$$"
          psql "$PG_ADMIN" -qc "CREATE DATABASE $name" >/dev/null
          URL="${PG_ADMIN%/*}/$name"
          count() { psql "$URL" -AtF' ' -c "SELECT cod_opi_int_epo, count(*) FROM ind_opi GROUP BY 1"; } ;;
esac
server=; load=
start() { RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --database "$URL" 2>>"$tmp/server.log" & server=$!; }
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; [ -n "$load" ] && kill "$load" 2>/dev/null; [ "${DB:-sqlite}" = postgres ] && psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
start; wait_ready "$PORT"
python3 scripts/drills/opi_load.py "http://127.0.0.1:$PORT/services/OpiMetier" "$N" "$C" K "$tmp/outcomes.txt" "$REQ" &
load=$!
for k in $(seq 1 "$KILLS"); do
  sleep "$EVERY"
  still_loading "$load" "kill -9 #$k"
  kill -9 "$server"; wait "$server" 2>/dev/null || true
  echo "kill -9 #$k at $(date +%T)"
  sleep 1; start
done
wait "$load" || fail "the load client failed"; load=
kill "$server"; wait "$server" 2>/dev/null || true; server=
count | sort > "$tmp/db.txt"
python3 - "$tmp/outcomes.txt" "$tmp/db.txt" <<'PY'
import sys
out = {l.split()[0]: l.split()[1:] for l in open(sys.argv[1])}
db = {}
for l in open(sys.argv[2]):
    k, n = l.split()
    db[k] = int(n)
acked = {k for k, (o, _) in out.items() if o == "ok"}
refused = {k for k, (o, _) in out.items() if o != "ok"}
missing = sorted(acked - db.keys())
dup = sorted(k for k, n in db.items() if n != 1)
extra = sorted(db.keys() - acked)
retried = sum(1 for _, t in out.values() if int(t) > 1)
print(f"sent {len(out)}  acknowledged {len(acked)}  refused/gave up {len(refused)}  retried {retried}")
print(f"in database {len(db)}  missing {len(missing)}  duplicated {len(dup)}  not acknowledged but present {len(extra)}")
ok = not missing and not dup and not extra and not refused
print("RECONCILIATION", "CLEAN" if ok else "FAILED", missing[:5], dup[:5], extra[:5])
sys.exit(0 if ok else 1)
PY
