#!/usr/bin/env bash
# Bounded fuzzing of the request parsers (cargo-fuzz / libFuzzer, AddressSanitizer).
# Each target runs FUZZ_SECONDS (default 60) from the committed seeds in
# fuzz/corpus/<target>/ (valid requests); new inputs go to fuzz/work/<target>/
# (not committed), crashes to fuzz/artifacts/<target>/. Exit status non-zero if
# any target found a crash, a timeout (> 5 s for one input) or an input using
# more than 1 GiB.
#
#   bash scripts/fuzz.sh                         # every target, 60 s each
#   FUZZ_SECONDS=600 TARGETS="envelope mtom" bash scripts/fuzz.sh
#
# The machine has a stable toolchain only: cargo-fuzz passes nightly `-Z` flags
# (sanitizer, coverage instrumentation), which stable rustc accepts with
# RUSTC_BOOTSTRAP=1 (docs/PERFORMANCE.md § Fuzzing explains the choice).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-fuzz >/dev/null || nice cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
SECS=${FUZZ_SECONDS:-60}
TARGETS=${TARGETS:-envelope opi lp_v2 se_critere mtom}
status=0
for t in $TARGETS; do
  mkdir -p "fuzz/work/$t"
  echo "== $t: ${SECS}s"
  if ! nice cargo fuzz run "$t" "fuzz/work/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$SECS" -timeout=5 -rss_limit_mb=1024 -max_len=65536 \
      -print_final_stats=1 2>"fuzz/work/$t.log"; then
    status=1
    echo "!! $t failed: see fuzz/work/$t.log and fuzz/artifacts/$t/"
  fi
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)" "fuzz/work/$t.log" || tail -5 "fuzz/work/$t.log"
done
exit $status
