#!/usr/bin/env bash
# Drill: SQLite on a full disk. The database lives on a small tmpfs (SIZE, default
# 4m; needs root for mount) and OPI requests are pushed until the disk is full.
# Expected: requests fail with a SOAP Server fault (HTTP 500, faultcode Server),
# never a hang or a crash; the database passes PRAGMA integrity_check afterwards;
# every acknowledged key is in it exactly once.
#
# Exit status 1 when: not root (no skipping); the disk never filled (no Server
# fault: SIZE too large for N) or nothing was acknowledged; any other outcome
# (hang, crash, another status); integrity_check is not ok; the reconciliation fails.
#
#   sudo bash scripts/drills/disk_full.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-18494}; SIZE=${SIZE:-4m}; N=${N:-6000}
. scripts/drills/common.sh
need_root "mounting a $SIZE tmpfs for the database"
mnt=$(mktemp -d); tmp=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; umount "$mnt" 2>/dev/null; rmdir "$mnt"; rm -rf "$tmp"; }
trap cleanup EXIT
mount -t tmpfs -o size="$SIZE" tmpfs "$mnt" || fail "cannot mount a $SIZE tmpfs on $mnt"
RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --database "sqlite://$mnt/full.db" 2>"$tmp/server.log" & server=$!
wait_ready "$PORT"
# One client, no retries: each request's own outcome.
python3 - "$REQ" "http://127.0.0.1:$PORT/services/OpiMetier" "$N" "$tmp/outcomes.txt" <<'PY'
import sys, urllib.request, urllib.error, collections
req, url, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
t = open(req, encoding="utf-8").read()
seen = collections.Counter()
with open(out, "w") as f:
    for i in range(n):
        k = f"F{i:09d}"
        r = urllib.request.Request(url, data=t.replace("EC00123456", k).encode(), method="POST",
                                   headers={"Content-Type": "text/xml; charset=utf-8"})
        try:
            with urllib.request.urlopen(r, timeout=30) as resp:
                resp.read(); o = "ok"
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace")
            o = f"{e.code}-" + ("Server" if "Server</faultcode>" in body else "other")
        except Exception as e:
            o = "error:" + type(e).__name__
        seen[o] += 1
        f.write(f"{k} {o}\n")
print(dict(seen))
PY
echo "disk: $(df -h "$mnt" | tail -1)"
grep -m1 -o 'error=.*' "$tmp/server.log" || true
kill "$server"; wait "$server" 2>/dev/null || true; server=
integrity=$(sqlite3 "$mnt/full.db" 'PRAGMA integrity_check')
echo "integrity_check: $integrity"
[ "$integrity" = ok ] || fail "PRAGMA integrity_check: $integrity"
sqlite3 -separator ' ' "$mnt/full.db" "SELECT cod_opi_int_epo, count(*) FROM ind_opi GROUP BY 1" > "$tmp/db.txt"
python3 - "$tmp/outcomes.txt" "$tmp/db.txt" <<'PY'
import sys
out = dict(l.split() for l in open(sys.argv[1]))
db = {k: int(n) for k, n in (l.split() for l in open(sys.argv[2]))}
acked = {k for k, o in out.items() if o == "ok"}
missing = acked - db.keys(); dup = [k for k, n in db.items() if n != 1]
extra = db.keys() - acked
faulted = sum(1 for o in out.values() if o == "500-Server")
other = sorted({o for o in out.values() if o not in ("ok", "500-Server")})
print(f"acknowledged {len(acked)}  Server faults {faulted}  other outcomes {other}  in database {len(db)}  missing {len(missing)}  duplicated {len(dup)}  present but faulted {len(extra)}")
ok = not missing and not dup and not extra and not other and acked and faulted
if not faulted:
    print("the disk never filled: raise N or lower SIZE")
print("RESULT", "CLEAN" if ok else "FAILED")
sys.exit(0 if ok else 1)
PY
