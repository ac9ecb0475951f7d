#!/usr/bin/env bash
# Regression check of the SOAP path against a saved baseline: a release step
# (docs/PERFORMANCE.md § Regression check), not CI (the release build alone takes
# minutes). Two modes:
#
#   bash scripts/bench-check.sh instr-save   # instruction counts (callgrind), reference commit
#   bash scripts/bench-check.sh instr        # candidate: fails if a count grew > INSTR_THRESHOLD (2 %)
#
#   bash scripts/bench-check.sh save         # criterion times, reference commit (baseline "release")
#   bash scripts/bench-check.sh check        # candidate: fails on a time regression
#
# Instruction counts (examples/soap_work.rs under valgrind --tool=callgrind, per
# iteration = (count at N iterations - count at 0) / N) do not depend on the
# machine's load: use them on a shared machine. Criterion times do: a bench
# fails when the median change is above THRESHOLD (default +15 %) AND the whole
# 95 % confidence interval is above 0; run both sides on a quiet machine.
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
  instr|instr-save)
    command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
    SHARED=${SHARED:-$( [ -d ../shared/bench ] && cd ../shared && pwd || { cd ../../shared && pwd; })}
    REQ=${REQ:-$SHARED/bench/opi-v10-request.xml}
    N=${N:-200}
    nice cargo build --release --quiet --example soap_work
    ex=target/release/examples/soap_work
    file=${INSTR_BASELINE:-target/bench-instr-$BASELINE.txt}
    ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$ex" "$1" "$2" "$REQ" 2>&1 \
             | awk '/Collected :/ {print $4}'; }
    out=$(mktemp)
    for b in read_envelope decode_dto parse_decode_map_validate encode_dto fault_soap11; do
      base=$(ir "$b" 0); full=$(ir "$b" "$N")
      echo "$b $(( (full - base) / N ))" >> "$out"
    done
    if [ "$MODE" = instr-save ]; then
      mv "$out" "$file"; echo "saved $file:"; cat "$file"
    else
      [ -f "$file" ] || { echo "no baseline $file: run '$0 instr-save' first" >&2; exit 2; }
      python3 - "$file" "$out" "${INSTR_THRESHOLD:-0.02}" <<'PY'
import sys
base = dict(l.split() for l in open(sys.argv[1]))
now = dict(l.split() for l in open(sys.argv[2]))
t = float(sys.argv[3]); bad = []
for k, v in now.items():
    b = int(base.get(k, 0)) or 1
    ch = int(v) / b - 1
    flag = ch > t
    print(f"{k:30} {int(base.get(k, 0)):>10} -> {int(v):>10} instructions/iteration  {ch:+.1%}{'  REGRESSION' if flag else ''}")
    bad += [k] if flag else []
if bad:
    sys.exit(f"{len(bad)} bench(es) over +{t:.0%} instructions: {', '.join(bad)}")
PY
    fi ;;
  *) echo "usage: $0 instr-save|instr|save|check" >&2; exit 2 ;;
esac
