#!/usr/bin/env bash
# One short device call (about 90 s of GPU time at most) for the step-08 candidates of 2026-12-02 (docs/gemm.md):
# the deferred epilogue (_d1), L2 evict_first hints (_h1, _h2), 128x192 with 5 stages and a three-round
# epilogue, and 192x192 with three consumer warpgroups. First every candidate is checked against cuBLAS at its
# edge cases; then the default, the per-shape bests of 2026-11-25b and the candidates are timed, interleaved with
# cuBLAS, at the six issue shapes (4096^3, 8192^3 and 3000^3 first) and 3000x3000x3008, then again at the three
# main shapes on other data (the noise); last, compute-sanitizer memcheck and racecheck on the deferred epilogue
# and, where ncu exists, DRAM bytes and L2 hit rate at 4096^3 with and without the hints. Every run is bounded by
# `timeout`; the bounds add up to 86 s (90 s when a candidate fails its check: then no ncu).
# usage: bench/gemm/probe_session.sh GEMM_BENCH OUT_DIR [COMMIT]   (from the repository root)
set -uo pipefail
[ $# -ge 2 ] && [ $# -le 3 ] || { echo "usage: $0 GEMM_BENCH OUT_DIR [COMMIT]" >&2; exit 2; }
bench=$1 out=$2 commit=${3:-unknown}
mkdir -p "$out"
log=$out/session.log
status=0

source "$(dirname "$0")/session_step.sh"

gpu_state "$out/nvidia_smi.csv"

base=bm128_bn256_bk64_s4_w8_c2_e2_bf16  # the default
candidates=${base}_d1,bm128_bn256_bk64_s4_w8_c1_e2_bf16_d1,${base}_h1,${base}_h2,${base}_d1_h1,${base}_d1_h2
candidates+=,bm128_bn192_bk64_s5_w8_c2_e3_bf16,bm128_bn192_bk64_s5_w8_c2_e3_bf16_d1
candidates+=,bm128_bn192_bk64_s4_w8_c2_e1_bf16_d1,bm192_bn192_bk64_s4_w12_c2_e3_bf16
# 2026-11-25b per-shape bests: 128x192 c2 e1 (3000^3, 8192^3), 128x256 c1 e2 (2048^3, 16384x1024x4096)
references=$base,bm128_bn192_bk64_s4_w8_c2_e1_bf16,bm128_bn256_bk64_s4_w8_c1_e2_bf16

# Edge cases, with 6 SMs so that every CTA runs several tiles (each tile's epilogue under the next's MMAs):
# K = 64 (one K tile, fewer than the epilogue rounds: the deferred rounds are flushed after the K loop),
# 200x264x136 (partial tiles at both edges), 384x512x320 and 2048x2048x512. If the joint run fails, each
# candidate is checked alone and only those that pass are timed. (Every timed case is checked again first.)
edge=(--sms 6 --shape 384x512x64,200x264x136,384x512x320,2048x2048x512 --reps 2 --warmup 0 --budget 0.05)
if ! step check 10 "$bench" --step 8 --config "$candidates" "${edge[@]}"; then
  passed=
  for config in ${candidates//,/ }; do
    step "check_$config" 2.5 "$bench" --step 8 --config "$config" "${edge[@]}" && passed+=${passed:+,}$config
  done
  candidates=$passed
  echo "probe_session: timing only the candidates that passed: ${candidates:-none}" | tee -a "$log"
fi

step issue 25 "$bench" --step 8 --config "$references,$candidates" \
  --shape 4096x4096x4096,8192x8192x8192,3000x3000x3000,2048x2048x2048,4096x4096x1024,16384x1024x4096,3000x3000x3008 \
  --reps 20 --budget 1 --commit "$commit" --json "$out/gemm_h200_probe.json"
# The same three main shapes again on other data: the spread between the two runs is the noise to read against.
step repeat 10 "$bench" --step 8 --config "$references,$candidates" --seed 2 \
  --shape 4096x4096x4096,8192x8192x8192,3000x3000x3000 --reps 20 --budget 1 --commit "$commit" \
  --json "$out/gemm_h200_probe_repeat.json"

# The deferred epilogue writes the buffer while the next tile's MMAs run: memcheck and racecheck on it, with
# 6 SMs so that each CTA runs five tiles of five K tiles (the hooks, not only the last flush, are exercised).
small=(--sms 6 --shape 1024x1024x320 --reps 3 --warmup 0 --budget 0)
step memcheck 8 compute-sanitizer --tool memcheck --error-exitcode 3 "$bench" --step 8 \
  --config "${base}_d1,bm128_bn192_bk64_s5_w8_c2_e3_bf16_d1" "${small[@]}"
step racecheck 12 compute-sanitizer --tool racecheck --error-exitcode 3 "$bench" --step 8 --config "${base}_d1" "${small[@]}"
# Whether the evict_first hints keep A in L2: DRAM bytes read and L2 hit rate of one launch at 4096^3.
if command -v ncu >/dev/null && [ "$status" -eq 0 ]; then
  for config in $base ${base}_h1 ${base}_h2; do
    step "ncu_$config" 7 ncu --metrics dram__bytes_read.sum,lts__t_sector_hit_rate.pct,gpu__time_duration.sum \
      -k regex:warp_specialized_kernel -c 1 "$bench" --step 8 --config "$config" --shape 4096x4096x4096 \
      --reps 3 --warmup 0 --budget 0
  done
fi

grep -E "^=== .*exit|ERROR SUMMARY|dram__bytes_read|lts__t_sector_hit_rate|gpu__time_duration" "$log"
# The timed table: config, shape, ours TFLOPS, cuBLAS TFLOPS, ratio (median of interleaved pairs), max rel. error.
awk '/^=== issue \(/ { on = 1 } /^=== memcheck \(/ { on = 0 }
     on && $1 ~ /^08_/ && $4 ~ /^[0-9.]+$/ { sub(/^bm/, "", $2); sub(/_bk64/, "", $2); sub(/_w8/, "", $2); sub(/_bf16/, "", $2)
                                         printf "%-26s %-15s %4.0f %4.0f %6s %8s %s\n", $2, $3, $5, $6, $7, $8, $9 }' "$log"
exit $status
