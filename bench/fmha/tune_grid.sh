#!/bin/sh
# The TuneForward loop of examples/fmha_h100.dsl for step 04 (fa3_wgmma_tma), run by the shell where no `spak`
# binary is at hand: the same measure command, one trial per built config (the DSL's constraints leave bm=192 to
# D=64), for each problem given as "d s h h_kv causal". Each trial's __SPAK_TRACE__ items go to one JSON line
# {"problem": {...}, "config": {...}, "exit_code": N, "items": [...]} of OUT (the metric is the last Performance
# item's ratio, as in the loop).
# Usage: bench/fmha/tune_grid.sh LIB OUT "128 4096 16 16 0" ["64 4096 32 32 1" ...]
set -u
lib=$1 out=$2
shift 2
: > "$out"
for problem in "$@"; do
  set -- $problem
  d=$1 s=$2 h=$3 hkv=$4 causal=$5
  for config in "128 128 12 1" "128 128 12 0" "192 128 16 1" "192 128 16 0"; do
    set -- $config
    bm=$1 bn=$2 warps=$3 pingpong=$4
    [ "$bm" = 128 ] || [ "$d" = 64 ] || continue
    log=$(python3 bench/fmha/fmha_bench.py --lib "$lib" --steps fa3_wgmma_tma \
      --select "bm=$bm,bn=$bn,warps=$warps,pingpong=$pingpong" \
      --case "d=$d,s=$s,h=$h,h_kv=$hkv,causal=$causal" --dtype bf16 --no-backward 2>/dev/null)
    rc=$?
    items=$(printf '%s\n' "$log" | sed -n 's/^__SPAK_TRACE__//p' | paste -sd, -)
    printf '{"problem": {"step": "fa3_wgmma_tma", "head_dim": %s, "seq_len": %s, "num_heads": %s, "num_kv_heads": %s, "causal": %s, "dtype": "bf16"}, "config": {"bm": %s, "bn": %s, "warps": %s, "pingpong": %s}, "exit_code": %s, "items": [%s]}\n' \
      "$d" "$s" "$h" "$hkv" "$([ "$causal" = 1 ] && echo true || echo false)" "$bm" "$bn" "$warps" "$pingpong" \
      "$rc" "$items" >> "$out"
    echo "d=$d s=$s causal=$causal bm=$bm warps=$warps pingpong=$pingpong rc=$rc"
  done
done
