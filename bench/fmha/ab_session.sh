#!/bin/bash
# A/B of step 04 builds in one bounded device session: each library in LIBS times the same forward cases
# (fmha_bench.py: checked against the fp32 reference first, then timed with SDPA's cuDNN backend in the same
# process), the libraries alternating for ROUNDS rounds so drift of the card's clocks shows up as spread instead
# of as a difference. Prints one line per (case, library, config) with TFLOPS and the same-process ratio to
# cuDNN, every round's value side by side. Logs, JSON and that table as OUT/summary.json land in OUT. With
# AB_ARGS set to backward arguments (e.g. '--bwd-steps 05 --sdpa flash') the fwd+bwd rows are compared, with
# their ratio to SDPA's flash backend.
# Usage: bench/fmha/ab_session.sh OUT LIB1 [LIB2 ...]   (from the repository root)
#   AB_CASES   '--case ...' list (default: D=128, S 2048/4096/8192, causal on and off)
#   AB_CONFIGS step 04 configs (default 0,2)      ROUNDS (default 2)      AB_SECONDS per process (default 120:
#              fmha_bench.py heats each kernel 1 s before timing it, and 10 s before its first timing)
#   AB_ARGS    further fmha_bench.py arguments (default '--no-backward --sdpa cudnn')
set -u
out=$1
shift
mkdir -p "$out"
cases=${AB_CASES:-"--case d=128,s=2048,h=16,causal=0 --case d=128,s=2048,h=16,causal=1 --case d=128,s=4096,h=16,causal=0 --case d=128,s=4096,h=16,causal=1 --case d=128,s=8192,h=16,causal=0 --case d=128,s=8192,h=16,causal=1"}
start=$SECONDS
for round in $(seq 1 "${ROUNDS:-2}"); do
  for i in $(seq 1 $#); do
    lib=${!i}
    log=$out/ab_r${round}_l$i.log
    # shellcheck disable=SC2086  # the case list is words on purpose
    timeout -k 3 "${AB_SECONDS:-120}" python3 bench/fmha/fmha_bench.py --lib "$lib" --steps fa3 \
      --configs "${AB_CONFIGS:-0,2}" $cases ${AB_ARGS:---no-backward --sdpa cudnn} --out "$out/ab_r${round}_l$i.json" \
      > "$log" 2>&1
    echo "== round $round lib $i ($lib): exit $? after $((SECONDS - start)) s"
  done
done
python3 - "$out" "$@" <<'PY'
import glob, json, os, re, sys
sys.path.insert(0, "bench/fmha")
from traces import items as trace_items
out, libs = sys.argv[1], sys.argv[2:]
rows, failed = {}, []
for path in sorted(glob.glob(os.path.join(out, "ab_r*_l*.log"))):
    lib = int(re.search(r"_l(\d+)\.log$", path).group(1))
    for it in trace_items(path):
        if it.get("type") == "Correctness" and not it["passed"]:
            failed.append(f"lib {lib} {it['config']} {it['case']}")
        if it.get("type") == "Performance":
            # The whole shape: cases may share d, s and causal and differ in batch or heads (GQA, whole waves).
            key = (it["d"], it["s"], it["b"], it["h"], it["h_kv"], int(it["causal"]), lib, it["step"], it["config"])
            ratio = it["ratio_flash"] if it["step"].startswith("fwd+bwd") else it["ratio"]
            rows.setdefault(key, []).append((it["ours_tflops"], ratio))
for i, lib in enumerate(libs, 1):
    print(f"lib {i}: {lib}")
print("d    s  b  heads causal lib step        config                                   TFLOPS per round"
      "        / peer per round (forward: cuDNN, fwd+bwd: flash)")
for (d, s, b, h, h_kv, causal, lib, step, config), vals in sorted(rows.items()):
    print(f"{d:3} {s:5} {b:2} {f'{h}/{h_kv}':>6} {causal:6} {lib:3} {step:11} {config:40} "
          + " ".join(f"{t:6.1f}" for t, _ in vals).ljust(22) + "  " + " ".join(f"{r:.3f}" for _, r in vals))
print("correctness failures:", failed or "none")
summary = {"libs": libs, "correctness_failures": failed,
           "rows": [{"d": d, "s": s, "b": b, "h": h, "h_kv": h_kv, "causal": bool(causal), "lib": libs[lib - 1],
                     "step": step, "config": config, "tflops": [t for t, _ in vals], "ratio": [r for _, r in vals]}
                    for (d, s, b, h, h_kv, causal, lib, step, config), vals in sorted(rows.items())]}
with open(os.path.join(out, "summary.json"), "w") as f:
    json.dump(summary, f, indent=1)
PY
