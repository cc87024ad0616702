#!/usr/bin/env bash
# Issue 6's tuning evidence on the H200, in calls of under 10 minutes each. With PROBE=1:
#   1. which kernel cuBLASLt runs at 4096^3 (its name carries tile, cluster and schedule), from one ncu pass;
#   2. 4096^3 with many interleaved pairs over five data seeds, for the default and the two closest candidates,
#      so that 0.997x and 1.000x can be told apart (the spread of one 20-pair run is about 0.5%);
# Always: 3. `spak tune DSL --strategy grid --set shape=S --set raster=8` for each SHAPE into one store (the DSL's
#      measure command runs build-gemm/gemm_bench), exported as JSONL, so that `spak compound DSL --store STORE`
#      (or --traces JSONL) turns the per-shape optima into facts back home. About 2-3 s per trial.
# Every run is bounded by `timeout`.
# usage: [PROBE=1] bench/gemm/tune_session.sh SPAK GEMM_BENCH DSL OUT_DIR COMMIT SHAPE...   (from the repository root)
set -uo pipefail
[ $# -ge 6 ] || { echo "usage: [PROBE=1] $0 SPAK GEMM_BENCH DSL OUT_DIR COMMIT SHAPE..." >&2; exit 2; }
spak=$1 bench=$2 dsl=$3 out=$4 commit=$5
shift 5
mkdir -p "$out"
log=$out/session.log
status=0

source "$(dirname "$0")/session_step.sh"

gpu_state "$out/nvidia_smi.csv"

shape=4096x4096x4096
if [ "${PROBE:-0}" = 1 ] && command -v ncu >/dev/null; then
  step cublas_kernel 90 ncu --clock-control none --metrics gpu__time_duration.sum "$bench" --step 8 --shape "$shape" --reps 3 --warmup 0 \
    --budget 0
fi

base=bm128_bn256_bk64_s4_w8_c2_e2_bf16  # the default
for seed in 1 2 3 4 5; do
  [ "${PROBE:-0}" = 1 ] || break
  step "pairs_seed$seed" 60 "$bench" --step 8 --config "$base,${base}_d1_h2,bm128_bn256_bk64_s4_w8_c1_e2_bf16_d1" \
    --shape "$shape" --reps 200 --budget 4 --seed "$seed" --commit "$commit" --json "$out/pairs_seed$seed.json"
done

mkdir -p build-gemm
cp "$bench" build-gemm/gemm_bench
export SPAK_TUNE_ARGS="--set raster=8"
step tune 480 bash bench/gemm/tune_h100.sh "$spak" "$out/spak.db" "$dsl" "$@"
"$spak" trace export --store "$out/spak.db" --format jsonl >"$out/tune.jsonl" 2>>"$log" || status=1
grep -E "^=== .*exit|sm90|ERROR" "$log" | tail -60
exit $status
