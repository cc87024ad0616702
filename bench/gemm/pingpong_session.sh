#!/usr/bin/env bash
# One device call for step 10 (ping-pong consumers): correctness of every step-10 instantiation at small and
# odd grids (k_tiles below the ring depth, odd tile counts per CTA) and the issue shapes, steps 08 and 10
# interleaved with cuBLAS at the six issue shapes (the committed JSON), every step-10 instantiation at 4096^3
# and 8192^3, and compute-sanitizer memcheck on step 10. Every run is bounded by `timeout`.
# usage: bench/gemm/pingpong_session.sh GEMM_BENCH OUT_DIR COMMIT   (from the repository root)
set -uo pipefail
[ $# -eq 3 ] || { echo "usage: $0 GEMM_BENCH OUT_DIR COMMIT" >&2; exit 2; }
bench=$1 out=$2 commit=$3
log=$out/session.log
status=0

source "$(dirname "$0")/session_step.sh"

gpu_state "$out/nvidia_smi.csv"
quick=(--reps 2 --warmup 0 --budget 0.05)
# 6 SMs: 3 clusters share 8 tiles of 384x512 (odd counts per CTA) with 5 K tiles (< ring depth 6).
step check_sms6 30 "$bench" --step 10 --config all --sms 6 --shape 384x512x320,2048x2048x512 "${quick[@]}" || exit 1
step check 40 "$bench" --step 10 --config all --shape 384x512x320,1000x2040x3000,4096x4096x4096 "${quick[@]}" || exit 1
step check_f16 20 "$bench" --dtype f16 --step 10 --shape 384x512x320,4096x4096x4096 "${quick[@]}"
step ladder 120 "$bench" --step 8,10 --shapes issue --reps 30 --budget 2 --commit "$commit" \
  --json "$out/gemm_h100_2026-11-25c.json"
step configs 60 "$bench" --step 10 --config all --shape 4096x4096x4096,8192x8192x8192 --reps 30 --budget 1 \
  --commit "$commit" --json "$out/gemm_h100_2026-11-25c_configs.json"
step memcheck 60 compute-sanitizer --tool memcheck --error-exitcode 3 "$bench" --step 10 --shape 384x512x320 \
  --reps 3 --warmup 0 --budget 0
grep -E "^=== .*exit|ERROR SUMMARY| NO$" "$log" | tail -30
exit $status
