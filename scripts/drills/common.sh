# Sourced by the drills (scripts/drills/*.sh), from the repository's root.
# Sets SHARED, REQ and BIN, and builds BIN when it is missing: a debug build for
# target/debug/passerelle (what `cargo test` already built), a release build
# otherwise (the default, target/release/passerelle).
SHARED=${SHARED:-$( [ -d ../shared/bench ] && cd ../shared && pwd || { cd ../../shared && pwd; })}
REQ=${REQ:-$SHARED/bench/opi-v10-request.xml}
BIN=${BIN:-target/release/passerelle}
if [ ! -x "$BIN" ]; then
  case "$BIN" in
    target/debug/passerelle) nice cargo build --quiet --bin passerelle ;;
    *) nice cargo build --release --quiet --bin passerelle ;;
  esac
fi
[ -x "$BIN" ] || { echo "FAILED: no passerelle binary at $BIN" >&2; exit 1; }

# fail MESSAGE: the drill's check failed (exit status 1, a line CI can grep).
fail() { echo "DRILL FAILED: $*" >&2; exit 1; }

# still_loading PID WHAT: the load must still be running when the fault is injected,
# otherwise the drill exercised nothing (sizes too small for this machine).
still_loading() { kill -0 "$1" 2>/dev/null || fail "the load had already finished before $2: raise N"; }

# need_root WHY: fail loudly (never skip) when not root.
need_root() { [ "$(id -u)" = 0 ] || fail "must run as root ($1)"; }

# wait_ready PORT: until /readyz answers 200 (at most 30 s; a debug build starts slower).
wait_ready() {
  for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz")" = 200 ] && return 0
    sleep 0.1
  done
  fail "the server on port $1 was not ready within 30 s"
}
