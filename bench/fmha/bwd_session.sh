#!/bin/bash
# One bounded device session for the backwards (steps 03 and 05): correctness first, then timing.
#   1. check-only, small shapes: D 64/128, causal on/off, GQA, S=1000 ragged, s_q != s_k, fp16 (per-tensor dQ,
#      dK, dV errors of both backwards against torch fp32 autograd), bf16 and fp16;
#   2. check-only at the issue's shapes that matter most (S 2048 and 8192, both D, causal on/off, GQA 32/8,
#      S=1000) on the full grid up to S=2048, on one batch and KV head group above, one process per shape;
#   3. fwd+bwd timings of both backwards against the SDPA flash and cuDNN backends at every issue shape (fmha_bench
#      checks each case's gradients again before timing it). With the heat-up before every timing (run 25) the
#      default 300 s reach 23 of the 30 shapes (run 27); TIMING_SECONDS up to about 420 still fits the session.
# Each run is bounded by `timeout`; everything lands in OUT (one log per run, the timing JSON), and a summary of
# failures and ratios is printed at the end, also from runs cut short (from their trace items).
# Usage: bench/fmha/bwd_session.sh LIB OUT [TIMING_SECONDS]   (from the repository root; LIB: libspak_fmha.so)
set -u
lib=$1 out=$2 timing_s=${3:-300}  # defaults: the whole session stays under 9 minutes
mkdir -p "$out"
# The forward rows timed beside the backwards: step 04's configs 0 and 1 (1 is D=64 only), cheap to check; the
# fwd+bwd timings run step 04's default config, whichever these are.
fwd=(--steps fa3 --configs 0,1)

run() {  # run SECONDS NAME ARGS...: one fmha_bench.py process bounded by SECONDS
  local seconds=$1 name=$2
  shift 2
  local start=$SECONDS
  timeout -k 5 "$seconds" python3 bench/fmha/fmha_bench.py --lib "$lib" "${fwd[@]}" "$@" > "$out/$name.log" 2>&1
  local rc=$?
  echo "== $name: exit $rc after $((SECONDS - start)) s (124: timed out)"
  grep -v "^__SPAK_TRACE__" "$out/$name.log" | grep -v -i warn | tail -n 8
}

run 60 check_small_bf16 --check-only --dtype bf16
run 45 check_small_fp16 --check-only --dtype fp16
issue_checks=()
for d in 64 128; do
  h=$((2048 / d))
  for s in 2048 8192; do
    for causal in 0 1; do issue_checks+=(--case d=$d,s=$s,h=$h,causal=$causal); done
  done
done
for causal in 0 1; do
  issue_checks+=(--case d=64,s=2048,h=32,h_kv=8,causal=$causal --case d=64,s=8192,h=32,h_kv=8,causal=$causal
                 --case d=128,s=1000,h=16,b=16,causal=$causal)
done
# One process per issue shape (a crash loses one shape, not the rest); forward checks are the forward sessions'
# job (and the library's reference is slow at S=8192): our forward still runs, and the gradients catch it.
for ((i = 0; i < ${#issue_checks[@]}; i += 2)); do
  run 30 "check_issue_$((i / 2))" --check-only --no-forward-check "${issue_checks[i]}" "${issue_checks[i + 1]}"
done
# Timing order: the shapes above first (a run cut short still has them), then the issue's other sequence lengths.
timing_cases=("${issue_checks[@]}")
for d in 64 128; do
  for s in 512 1024 4096 16384; do
    for causal in 0 1; do timing_cases+=(--case d=$d,s=$s,h=$((2048 / d)),causal=$causal); done
  done
done
timing_s=$((timing_s < 570 - SECONDS ? timing_s : 570 - SECONDS))  # the whole session stays under 9.5 minutes
run "$timing_s" timing --sdpa flash,cudnn --out "$out/bwd_timing.json" "${timing_cases[@]}"

python3 - "$out" <<'PY'
import glob, json, os, sys
sys.path.insert(0, "bench/fmha")
from traces import items as trace_items
for log in sorted(glob.glob(os.path.join(sys.argv[1], "*.log"))):
    items = trace_items(log)
    bad = [it for it in items if it.get("type") == "Correctness" and not it["passed"]]
    print(f"{os.path.basename(log)}: {len(items)} items, {len(bad)} failed checks")
    for it in bad:
        print(f"  FAILED {it['step']} {it['case']} " + json.dumps(it.get("rel_errors", it.get("max_abs_error"))))
    for it in items:
        if it.get("type") == "Performance" and it["step"].startswith("fwd+bwd"):
            rf = it.get("ratio_flash")
            print(f"  {it['step']:11s} d={it['d']:3d} s={it['s']:5d} h={it['h']}/{it['h_kv']} causal={int(it['causal'])}"
                  f" {it['ours_tflops']:6.1f} TFLOPS bwd {it['backward_ms']:.3f} ms ratio_flash "
                  + (f"{rf:.3f}" if rf else "n/a"))
PY
