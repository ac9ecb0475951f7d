#!/usr/bin/env bash
# Drill: SQLite on a full disk. The database lives on a small tmpfs (SIZE, default
# 4m; needs root for mount) and OPI requests are pushed until the disk is full.
# Expected: requests fail with a SOAP Server fault (HTTP 500, faultcode Server),
# never a hang or a crash; the database passes PRAGMA integrity_check afterwards;
# every acknowledged key is in it exactly once.
#
#   sudo bash scripts/drills/disk_full.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-$( [ -d ../shared/bench ] && cd ../shared && pwd || { cd ../../shared && pwd; })}
REQ=${REQ:-$SHARED/bench/opi-v10-request.xml}
BIN=${BIN:-target/release/passerelle}; PORT=${PORT:-18494}; SIZE=${SIZE:-4m}; N=${N:-6000}
[ -x "$BIN" ] || nice cargo build --release --quiet
mnt=$(mktemp -d); tmp=$(mktemp -d)
mount -t tmpfs -o size="$SIZE" tmpfs "$mnt"
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; umount "$mnt" 2>/dev/null; rmdir "$mnt"; rm -rf "$tmp"; }
trap cleanup EXIT
RUST_LOG=warn "$BIN" serve --listen "127.0.0.1:$PORT" --database "sqlite://$mnt/full.db" 2>"$tmp/server.log" & server=$!
sleep 1
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
echo "integrity_check: $(sqlite3 "$mnt/full.db" 'PRAGMA integrity_check')"
sqlite3 -separator ' ' "$mnt/full.db" "SELECT cod_opi_int_epo, count(*) FROM ind_opi GROUP BY 1" > "$tmp/db.txt"
python3 - "$tmp/outcomes.txt" "$tmp/db.txt" <<'PY'
import sys
out = dict(l.split() for l in open(sys.argv[1]))
db = {k: int(n) for k, n in (l.split() for l in open(sys.argv[2]))}
acked = {k for k, o in out.items() if o == "ok"}
missing = acked - db.keys(); dup = [k for k, n in db.items() if n != 1]
extra = db.keys() - acked
print(f"acknowledged {len(acked)}  in database {len(db)}  missing {len(missing)}  duplicated {len(dup)}  present but faulted {len(extra)}")
sys.exit(0 if not missing and not dup and not extra else 1)
PY
