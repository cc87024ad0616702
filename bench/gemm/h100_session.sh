#!/usr/bin/env bash
# One device session of issue 6's evidence, in one call (the device budget pays a start per call): stream-K
# correctness at unusual grids, every step-08/09 instantiation at the six issue shapes, fp16, the raster knob,
# the whole ladder (the committed result JSON), compute-sanitizer on the step-08/09 defaults, DRAM traffic and
# L2 hit rate of steps 08/09 at 4096^3 (ncu), and, when SPAK names a spak binary, `spak tune` of
# examples/gemm_h100_v2.dsl at raster 8 over the issue shapes (store: OUT_DIR/spak.db).
# Every run is bounded by `timeout`, so a hung kernel costs minutes, not the session.
# usage: [SPAK=path/to/spak] bench/gemm/h100_session.sh GEMM_BENCH OUT_DIR COMMIT   (from the repository root)
set -uo pipefail
[ $# -eq 3 ] || { echo "usage: $0 GEMM_BENCH OUT_DIR COMMIT" >&2; exit 2; }
bench=$1 out=$2 commit=$3
log=$out/session.log
status=0

source "$(dirname "$0")/session_step.sh"

gpu_state "$out/nvidia_smi.csv"

# Stream-K pieces at grids where the schedule splits tiles in different places (and at full size), two seeds.
# A hang (timeout) drops step 09 from the rest of the session.
ws_steps=8,9 all_steps=all
for run in 6:1 20:1 132:2; do
  sms=${run%:*} seed=${run#*:}
  [ "$ws_steps" = 8 ] && break
  step "check_sms${sms}_seed${seed}" 30 "$bench" --step 9 --config all --seed "$seed" --sms "$sms" \
    --shape 384x512x320,1000x2040x3000,3000x3000x3000,4096x4096x4096,2048x2048x8192 --reps 3 --warmup 0 --budget 0.05
  [ "$last_rc" = 124 ] && ws_steps=8 all_steps=1,2,3,4,5,6,7,8
done

step configs 240 "$bench" --step "$ws_steps" --config all --shapes issue --reps 30 --budget 2 --commit "$commit" \
  --json "$out/gemm_h100_configs.json"
step f16 120 "$bench" --dtype f16 --step "$ws_steps" --config all --shapes issue --reps 30 --budget 2 --commit "$commit" \
  --json "$out/gemm_h100_f16.json"
for raster in 0 4 16; do
  step "raster$raster" 60 "$bench" --step "$ws_steps" --raster "$raster" --shape 4096x4096x4096,8192x8192x8192,16384x1024x4096 \
    --reps 30 --budget 2
done
step ladder 300 "$bench" --step "$all_steps" --shapes issue --reps 30 --budget 2 --commit "$commit" --json "$out/gemm_h100_ladder.json"

# Stream-K is active at 384x512x320 with 6 SMs (3 clusters for 4 cluster tiles: every tile split).
for tool in memcheck racecheck; do
  [ "$ws_steps" = 8 ] || step "sanitizer_${tool}_step9" 120 compute-sanitizer --tool "$tool" --error-exitcode 3 "$bench" --step 9 \
    --shape 384x512x320 --sms 6 --reps 3 --warmup 0 --budget 0
  step "sanitizer_${tool}_step8" 120 compute-sanitizer --tool "$tool" --error-exitcode 3 "$bench" --step 8 \
    --shape 384x512x320 --reps 3 --warmup 0 --budget 0
done
# Where step 09's time goes: bytes from DRAM and L2 hit rate of one launch each (ncu replays it per metric pass).
for s in 8:warp_specialized 9:stream_k; do
  step "ncu_step${s%%:*}" 120 ncu --metrics dram__bytes_read.sum,lts__t_sector_hit_rate.pct,gpu__time_duration.sum \
    -k "regex:${s#*:}_kernel" -c 1 "$bench" --step "${s%%:*}" --shape 4096x4096x4096 --reps 3 --warmup 0 --budget 0
done
# 3000^3 against its 128-byte-aligned neighbours (row pitch 6000 vs 6016 bytes).
step pitch 60 "$bench" --step 8 --config bm128_bn192_bk64_s4_w8_c2_e1_bf16 --shape 3000x3000x3000,3000x3000x3008,3008x3008x3008 \
  --reps 30 --budget 2

if [ -n "${SPAK:-}" ]; then
  mkdir -p build-gemm /tmp/gemm_tune
  cp "$bench" build-gemm/gemm_bench  # the DSL's measure command runs build-gemm/gemm_bench
  export SPAK_TUNE_ARGS="--set raster=8"
  step tune 150 bash bench/gemm/tune_h100.sh "$SPAK" /tmp/gemm_tune/spak.db \
    examples/gemm_h100_v2.dsl 4096x4096x4096 8192x8192x8192 2048x2048x2048 4096x4096x1024 3000x3000x3000 16384x1024x4096
  cp /tmp/gemm_tune/spak.db "$out/spak.db"
fi
grep -E "^=== .*exit|ERROR SUMMARY|NO$" "$log" | tail -60
exit $status
