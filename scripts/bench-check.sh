#!/usr/bin/env bash
# Regression check of the criterion benches (benches/soap.rs) against a saved
# baseline: a release step (docs/PERFORMANCE.md § Regression check), not CI
# (building the benches with the release profile's fat LTO alone takes minutes).
#
#   bash scripts/bench-check.sh save      # on the reference commit: records baseline "release"
#   bash scripts/bench-check.sh check     # on the candidate: fails if a bench got slower
#
# A bench fails when criterion's median estimate of the change is above
# THRESHOLD (default 0.15, i.e. +15 %: this shared 2-core machine varies by
# ±5–10 % between runs) AND the whole 95 % confidence interval is above 0
# (criterion's own significance). Run both on a quiet machine, in one sitting.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-check}
BASELINE=${BASELINE:-release}
THRESHOLD=${THRESHOLD:-0.15}
ARGS=(--warm-up-time 1 --measurement-time "${MEASURE_SECS:-3}")
case $MODE in
  save)
    nice cargo bench --bench soap -- "${ARGS[@]}" --save-baseline "$BASELINE" ;;
  check)
    [ -d "target/criterion" ] || { echo "no baseline: run '$0 save' first" >&2; exit 2; }
    find target/criterion -path '*/change/estimates.json' -delete
    nice cargo bench --bench soap -- "${ARGS[@]}" --baseline "$BASELINE"
    python3 - "$THRESHOLD" <<'PY'
import json, pathlib, sys
threshold = float(sys.argv[1])
bad = []
for f in sorted(pathlib.Path("target/criterion").glob("*/*/change/estimates.json")):
    name = "/".join(f.parts[-4:-2])
    med = json.loads(f.read_text())["median"]
    pe, lo = med["point_estimate"], med["confidence_interval"]["lower_bound"]
    flag = pe > threshold and lo > 0
    print(f"{name:45} {pe:+7.1%}  (95% CI from {lo:+.1%}){'  REGRESSION' if flag else ''}")
    bad += [name] if flag else []
if bad:
    sys.exit(f"{len(bad)} bench(es) slower than +{threshold:.0%}: {', '.join(bad)}")
PY
    ;;
  *) echo "usage: $0 save|check" >&2; exit 2 ;;
esac
