#!/bin/bash
# One bounded device session (at most ~8 minutes) that looks inside step 04's forward instead of timing it:
# 1. the `--check-only` flow at D=64, S=8192 (where step 04 once raised an illegal memory access) plainly and
#    under compute-sanitizer memcheck, every kernel instrumented, so a bad access is named with its kernel;
# 2. Nsight Compute (full set, SASS-level stall sampling) of one forward of step 04's configs PROFILE_CONFIGS
#    (default 0) and of SDPA's cuDNN kernel on the same tensors, at PROFILE_CASE (default D=128, S=4096,
#    non-causal), exported as the report and as CSV (details and per-instruction source counters).
# Everything lands in OUT, packed into OUT/profile.tgz (the device tool brings back few files).
# Usage: bench/fmha/profile_session.sh LIB OUT   (from the repository root; LIB: a prebuilt libspak_fmha.so)
set -u
lib=$1 out=$2
case_=${PROFILE_CASE:-d=128,s=4096,h=16,causal=0}
configs=${PROFILE_CONFIGS:-0}
dir=$out/profile
mkdir -p "$dir"
start=$SECONDS
export PYTHONUNBUFFERED=1

step() {  # step NAME SECONDS CMD...: one bounded command, its output in NAME.log, its exit status reported
  local name=$1 limit=$2
  shift 2
  timeout -k 5 "$limit" "$@" > "$dir/$name.log" 2>&1
  echo "== $name: exit $? after $((SECONDS - start)) s"
  grep -v '^__SPAK_TRACE__' "$dir/$name.log" | tail -n 8
}

fault_case=(--steps fa3 --configs 0,1 --check-only --no-backward --case d=64,s=8192,h=32,causal=0)
step check_only 90 python3 bench/fmha/fmha_bench.py --lib "$lib" "${fault_case[@]}"
step memcheck 200 compute-sanitizer --tool memcheck --print-limit 20 \
  python3 bench/fmha/fmha_bench.py --lib "$lib" "${fault_case[@]}"

step ncu 150 ncu --clock-control none --nvtx --nvtx-include 'profile/' --set full --import-source no \
  -o "$dir/fwd" python3 bench/fmha/profile_fwd.py --lib "$lib" --case "$case_" --configs "$configs"
if [ -f "$dir/fwd.ncu-rep" ]; then
  ncu --import "$dir/fwd.ncu-rep" --page details --csv > "$dir/details.csv" 2>&1
  ncu --import "$dir/fwd.ncu-rep" --page source --print-source sass --csv > "$dir/source.csv" 2>&1
  echo "== exported: $(wc -l < "$dir/details.csv") detail rows, $(wc -l < "$dir/source.csv") source rows"
fi
tar czf "$out/profile.tgz" -C "$out" profile && rm -rf "$dir"
ls -la "$out"
