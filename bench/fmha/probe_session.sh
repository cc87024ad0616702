#!/bin/bash
# One bounded device session (at most 75 s) comparing step 04's default configs with its rescaling and key-tile
# variants (early=1, lazy=8, bn=176) on the issue's D=128 goal shapes: S 2048 and 8192, causal on and off,
# forward only. fmha_bench.py checks every config against the fp32 reference before timing it, and times SDPA's
# backends in the same process, so each JSON holds same-run ratios. Everything lands in OUT: one JSON and one
# log per run.
# Usage: bench/fmha/probe_session.sh LIB OUT   (from the repository root; LIB: a prebuilt libspak_fmha.so)
set -u
lib=$1 out=$2
mkdir -p "$out"
cases=(--case d=128,s=2048,h=16,causal=0 --case d=128,s=2048,h=16,causal=1
       --case d=128,s=8192,h=16,causal=0 --case d=128,s=8192,h=16,causal=1)
start=$SECONDS

# bench SECONDS NAME CONFIGS: one fmha_bench.py process, killed after SECONDS; prints its summary lines.
bench() {
  timeout -k 3 "$1" python3 bench/fmha/fmha_bench.py --lib "$lib" --steps fa3 --configs "$3" "${cases[@]}" \
    --no-backward --out "$out/$2.json" > "$out/$2.log" 2>&1
  local rc=$?
  echo "== $2 (configs $3): exit $rc after $((SECONDS - start)) s"
  grep -v '^__SPAK_TRACE__' "$out/$2.log" | grep -v -i warn | tail -n 12
  summarize "$out/$2.log"
  return $rc
}

# summarize LOG: every config's TFLOPS and ratio to the best SDPA backend per case, from the trace items each
# finished case prints (so a run cut short still reports the cases it finished).
summarize() {
  python3 - "$1" <<'PY'
import sys
sys.path.insert(0, "bench/fmha")
from traces import items as trace_items
items = trace_items(sys.argv[1])
cases = {}
for it in items:
    if it.get("type") == "Performance":
        cases.setdefault((it["s"], it["causal"], it["best_sdpa_tflops"], it["passed"]), []).append(it)
for (s, causal, best, passed), rows in cases.items():
    print(f"s={s} causal={int(causal)} best sdpa {best:.1f} passed={passed}")
    for it in sorted(rows, key=lambda it: -it["ours_tflops"]):
        print(f"  {it['ours_tflops']:6.1f} {it['ratio']:.3f}  {it['config']}")
failed = [it for it in items if it.get("type") == "Correctness" and not it["passed"]]
for it in failed:
    print(f"FAILED correctness: {it['step']} {it.get('config', '')} {it['case']} err {it['max_abs_error']:.2e}")
PY
}

# Defaults (0: pingpong, 2: no pingpong; 1 and 3 are D=64 only) and every new variant in one process, so they
# share the SDPA numbers they are divided by.
bench 50 fmha_probe "0,2,4,5,6,7,8,9,10"
rc=$?
# 0: all checks passed; 1: a correctness check failed (the JSON is still written). Anything else (a timeout, a
# crash in a new variant) lost the run, so the defaults run alone in the time left.
if [ "$rc" -gt 1 ]; then
  bench $((72 - (SECONDS - start))) fmha_probe_default "0,2"
fi
