#!/usr/bin/env bash
# Per shape: `spak tune DSL` over the whole grid (the DSL's measure command times 20 pairs, cheap and noisy), then
# the top TOP configurations again with many interleaved pairs over two data seeds, so the config written into the
# DSL as a fact is one whose ratio holds up (a 20-pair ratio moves by about 0.5% from run to run).
# Environment: BUDGET (grid trials per shape, default 95: the v4 space after constraints), TOP (default 3),
# PAIRS (default 200). The DSL's measure command runs build-gemm/gemm_bench, which this script fills.
# usage: bench/gemm/tune_validate.sh SPAK GEMM_BENCH DSL OUT_DIR COMMIT SHAPE...   (from the repository root)
set -uo pipefail
[ $# -ge 6 ] || { echo "usage: $0 SPAK GEMM_BENCH DSL OUT_DIR COMMIT SHAPE..." >&2; exit 2; }
spak=$1 bench=$2 dsl=$3 out=$4 commit=$5
shift 5
mkdir -p "$out" build-gemm
cp "$bench" build-gemm/gemm_bench
log=$out/session.log
status=0
source "$(dirname "$0")/session_step.sh"
gpu_state "$out/nvidia_smi.csv"

for shape in "$@"; do
  step "tune_$shape" 300 "$spak" tune "$dsl" --strategy grid --budget "${BUDGET:-95}" --set "shape=$shape" \
    --store "$out/spak.db" --top "${TOP:-3}" --json
  # The final table's rows, best first, from the last `end` event of the --json output.
  mapfile -t rows < <(python3 -c '
import json, sys
end = None
for line in open(sys.argv[1], errors="replace"):
    if line.startswith("{"):
        try: event = json.loads(line)
        except ValueError: continue
        if event.get("event") == "end": end = event
for trial in (end or {}).get("top", []):
    print(" ".join(f"{k}={v}" for k, v in trial["config"].items()))' "$log")
  rank=0
  for row in "${rows[@]}"; do
    rank=$((rank + 1))
    read -r -a args <<<"$(gemm_config_args $row)"
    for seed in 1 2; do
      name="pairs_${shape}_top${rank}_seed$seed"
      gemm_pairs "$name" "$shape" "$seed" "$out/$name.json" "${args[@]}"
    done
  done
done
exit $status
