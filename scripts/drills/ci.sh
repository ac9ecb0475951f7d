#!/usr/bin/env bash
# The short drills, run by CI (.ci/run) after the tests: the same scripts as the
# release drills of docs/RELIABILITY.md with small sizes, on the debug binary that
# `cargo test` has already built (BIN, default target/debug/passerelle; built if
# missing). Every drill runs, then a summary; exit status 1 when any drill failed.
# Needs root (disk_full mounts a tmpfs, pg_stop runs a private PostgreSQL as the
# postgres user): not root is a failure, never a skip. kill9 on PostgreSQL and
# pool_exhaustion create (and drop) their own database on
# PASSERELLE_BENCH_POSTGRES_URL (default the local server on 5432).
#
#   bash scripts/drills/ci.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
export BIN=${BIN:-target/debug/passerelle}
export PASSERELLE_BENCH_POSTGRES_URL=${PASSERELLE_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
# The load tool and the SQLite shell the drills reconcile with (Debian's packages).
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
start=$(date +%s.%N)
summary=(); failed=0

# drill NAME SCRIPT [VAR=value...]: one drill, at most 300 s.
drill() {
  local name=$1 script=$2 t0 status
  shift 2
  printf '\n--- drill: %s (%s)\n' "$name" "$*"
  t0=$(date +%s.%N)
  if env "$@" timeout 300 bash "scripts/drills/$script"; then status=ok; else status=FAILED; failed=1; fi
  summary+=("$(printf '%-22s %-6s %5.1f s' "$name" "$status" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')")")
}

drill "kill9 (SQLite)"      kill9.sh   N=2000 C=32 KILLS=2 EVERY=1
drill "kill9 (PostgreSQL)"  kill9.sh   DB=postgres N=2000 C=32 KILLS=2 EVERY=1
drill "sigterm"             sigterm.sh N=2000 C=32 AFTER=1
drill "slowloris"           slowloris.sh SLOW=50 DURATION=3 HEADER_TIMEOUT=2 BODY_TIMEOUT=4 SLOW_FOR=8
drill "pool_exhaustion"     pool_exhaustion.sh HOLD=3
drill "pg_stop"             pg_stop.sh N=1000 C=32 AFTER=1 DOWN=2
drill "disk_full"           disk_full.sh SIZE=4m N=300

printf '\n--- drills: summary (%.0f s in all)\n' "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
printf '%s\n' "${summary[@]}"
exit "$failed"
