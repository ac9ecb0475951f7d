#!/usr/bin/env bash
# Drill: PostgreSQL stopped (immediate) mid-load and restarted, Passerelle left
# running. Uses a PRIVATE PostgreSQL instance (initdb + pg_ctl in a temporary
# directory, port PGPORT, default 55432), never the shared server. Run as root
# (the instance runs as the postgres user).
# Expected: while the database is down, requests fail fast with a Server fault or
# 503; Passerelle recovers by itself once it is back; reconciliation clean.
#
#   sudo bash scripts/drills/pg_stop.sh        # N=20000 C=64, down for DOWN=5 s
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-$( [ -d ../shared/bench ] && cd ../shared && pwd || { cd ../../shared && pwd; })}
REQ=${REQ:-$SHARED/bench/opi-v10-request.xml}
N=${N:-20000}; C=${C:-64}; DOWN=${DOWN:-5}; PORT=${PORT:-18495}; PGPORT=${PGPORT:-55432}
BIN=${BIN:-target/release/passerelle}
[ -x "$BIN" ] || nice cargo build --release --quiet
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
tmp=$(mktemp -d); chmod 755 "$tmp"; touch "$tmp/pg.log"; chown postgres "$tmp/pg.log" "$tmp"
data="$tmp/pgdata"; mkdir "$data"; chown postgres "$data"
pg() { runuser -u postgres -- "$PGBIN/$@"; }
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; pg pg_ctl -D "$data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
pg initdb -D "$data" -A trust -U postgres >/dev/null
pg pg_ctl -D "$data" -o "-p $PGPORT -k $tmp -c listen_addresses=127.0.0.1 -c synchronous_commit=on" -l "$tmp/pg.log" -w start >/dev/null
URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --database "$URL" 2>"$tmp/server.log" & server=$!
sleep 1.5
python3 scripts/drills/opi_load.py "http://127.0.0.1:$PORT/services/OpiMetier" "$N" "$C" P "$tmp/outcomes.txt" "$REQ" &
load=$!
sleep 3
echo "stop (immediate) at $(date +%T.%N | cut -c1-12)"
pg pg_ctl -D "$data" -m immediate stop >/dev/null
# While it is down: how fast does a request fail, and how?
for i in 1 2 3; do
  curl -s -o /dev/null -w "  down: HTTP %{http_code} in %{time_total} s\n" -H 'Content-Type: text/xml; charset=utf-8' \
    --data-binary @"$REQ" "http://127.0.0.1:$PORT/services/OpiMetier"
  curl -s -o /dev/null -w "  down: /healthz HTTP %{http_code} in %{time_total} s, " "http://127.0.0.1:$PORT/healthz"
  curl -s -o /dev/null -w "/readyz HTTP %{http_code} in %{time_total} s\n" "http://127.0.0.1:$PORT/readyz"
done
sleep "$DOWN"
pg pg_ctl -D "$data" -o "-p $PGPORT -k $tmp -c listen_addresses=127.0.0.1" -l "$tmp/pg.log" -w start >/dev/null
up=$(date +%s.%N)
echo "restarted at $(date +%T.%N | cut -c1-12)"
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")" = 200 ] && break; sleep 0.1
done
echo "ready again $(awk -v a="$up" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s after the restart (same Passerelle process: $(kill -0 $server && echo alive))"
wait "$load"
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
