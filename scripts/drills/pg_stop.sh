#!/usr/bin/env bash
# Drill: PostgreSQL stopped (immediate) mid-load and restarted, Passerelle left
# running. Uses a PRIVATE PostgreSQL instance (initdb + pg_ctl in a temporary
# directory, port PGPORT, default 15433: below the ephemeral range 32768–60999, so
# that no outgoing connection of the load can hold it), never the shared server. Run as root
# (the instance runs as the postgres user).
# Expected: while the database is down, requests fail fast with a Server fault or
# 503; Passerelle recovers by itself once it is back; reconciliation clean.
#
#   sudo bash scripts/drills/pg_stop.sh        # N=20000 C=64, stop AFTER=3 s into the load, down for DOWN=5 s
# Exit status 1 when: not root; a request while the database is down is answered
# 200 or takes more than 6 s, /healthz is not 200 or /readyz not 503 meanwhile;
# Passerelle is not ready again within 30 s of the restart; the reconciliation
# fails; the load was already over at the stop (sizes too small).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-20000}; C=${C:-64}; AFTER=${AFTER:-3}; DOWN=${DOWN:-5}; PORT=${PORT:-18495}; PGPORT=${PGPORT:-15433}
. scripts/drills/common.sh
need_root "the private PostgreSQL instance runs as the postgres user"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
tmp=$(mktemp -d); chmod 755 "$tmp"; touch "$tmp/pg.log"; chown postgres "$tmp/pg.log" "$tmp"
data="$tmp/pgdata"; mkdir "$data"; chown postgres "$data"
pg() { runuser -u postgres -- "$PGBIN/$@"; }
server=; load=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; [ -n "$load" ] && kill "$load" 2>/dev/null; pg pg_ctl -D "$data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
pg initdb -D "$data" -A trust -U postgres >/dev/null
# pg_start: start the private instance; on failure, its log and exit 1.
pg_start() { pg pg_ctl -D "$data" -o "-p $PGPORT -k $tmp -c listen_addresses=127.0.0.1 -c synchronous_commit=on" -l "$tmp/pg.log" -w start >/dev/null \
  || { tail -n 5 "$tmp/pg.log" | sed 's/^/  pg.log: /' >&2; fail "the private PostgreSQL did not start on port $PGPORT"; }; }
pg_start
URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --database "$URL" 2>"$tmp/server.log" & server=$!
wait_ready "$PORT"
python3 scripts/drills/opi_load.py "http://127.0.0.1:$PORT/services/OpiMetier" "$N" "$C" P "$tmp/outcomes.txt" "$REQ" &
load=$!
sleep "$AFTER"
still_loading "$load" "the stop"
echo "stop (immediate) at $(date +%T.%N | cut -c1-12)"
pg pg_ctl -D "$data" -m immediate stop >/dev/null
# While it is down: how fast does a request fail, and how?
for i in 1 2 3; do
  r=$(curl -s -o /dev/null -m 30 -w "%{http_code} %{time_total}" -H 'Content-Type: text/xml; charset=utf-8' \
    --data-binary @"$REQ" "http://127.0.0.1:$PORT/services/OpiMetier" || true)
  h=$(curl -s -o /dev/null -m 10 -w "%{http_code} %{time_total}" "http://127.0.0.1:$PORT/healthz" || true)
  y=$(curl -s -o /dev/null -m 10 -w "%{http_code} %{time_total}" "http://127.0.0.1:$PORT/readyz" || true)
  echo "  down: request HTTP ${r% *} in ${r#* } s, /healthz HTTP ${h% *} in ${h#* } s, /readyz HTTP ${y% *} in ${y#* } s"
  case ${r% *} in 503|500) ;; *) fail "a request while the database is down got HTTP ${r% *}" ;; esac
  awk -v t="${r#* }" 'BEGIN { exit !(t < 6) }' || fail "a request while the database is down took ${r#* } s"
  [ "${h% *}" = 200 ] || fail "/healthz while the database is down: HTTP ${h% *}"
  [ "${y% *}" = 503 ] || fail "/readyz while the database is down: HTTP ${y% *}"
done
sleep "$DOWN"
pg_start
up=$(date +%s.%N)
echo "restarted at $(date +%T.%N | cut -c1-12)"
wait_ready "$PORT"
kill -0 "$server" || fail "Passerelle is not running any more"
echo "ready again $(awk -v a="$up" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s after the restart (same Passerelle process: alive)"
wait "$load" || fail "the load client failed"; load=
kill "$server"; wait "$server" 2>/dev/null || true; server=
psql "$URL" -AtF' ' -c "SELECT cod_opi_int_epo, count(*) FROM ind_opi GROUP BY 1" > "$tmp/db.txt"
python3 - "$tmp/outcomes.txt" "$tmp/db.txt" <<'PY'
import sys
out = {l.split()[0]: l.split()[1:] for l in open(sys.argv[1])}
db = {k: int(n) for k, n in (l.split() for l in open(sys.argv[2]))}
acked = {k for k, (o, _) in out.items() if o == "ok"}
missing = acked - db.keys(); dup = [k for k, n in db.items() if n != 1]; extra = db.keys() - acked
retried = sum(1 for _, t in out.values() if int(t) > 1)
print(f"sent {len(out)}  acknowledged {len(acked)}  retried {retried}  in database {len(db)}  missing {len(missing)}  duplicated {len(dup)}  present, not acknowledged {len(extra)}")
ok = not missing and not dup and not extra and len(acked) == len(out)
print("RECONCILIATION", "CLEAN" if ok else "FAILED")
sys.exit(0 if ok else 1)
PY
