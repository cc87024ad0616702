#!/usr/bin/env bash
# The compounding benchmark (docs/compound.md): does what version 1 proved make version 2 faster to tune, and
# does that hold whichever tuning of version 1 compound saw?
#   bench/compound/run.sh [BUILD_DIR]   (needs spak and bench/search/spak-search-replay there)
# Needs the exhaustive recordings of both problems, measured on this machine (bench/compound/record.sh A, B):
#   A: examples/matmul_cpu.dsl at size 384, one thread; B: size 256, one thread (720 configurations each).
# 1. A is tuned A_TUNINGS times (default 10: seeds 0..9) by the loop's strategy, bayes, replayed on A's
#    recording (real measurements, answered from the table), at budget 40 (the loop's) and 100.
# 2. Each A tuning is compounded twice: with the defaults (facts, and a narrowed tuning_space when a problem
#    has at least 50 ok trials) and with --min-trials 1000000000 (the same facts, no narrowing).
# 3. B is replayed: random and bayes from scratch (examples/matmul_cpu.dsl) and guided from each version 2,
#    20 seeds each, counting evaluations until 95% / 97% / 99% of B's exhaustive best.
# Writes bench/results/compound_matmul_cpu_scratch.json and compound_matmul_cpu_robust.json (per A tuning
# and version: guided's mean evaluations per target and the seeds that reached it) and prints the table.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
results=${RESULTS:-$root/bench/results}
tunings=${A_TUNINGS:-10}
a_table=$root/bench/results/compound_matmul_cpu_A_exhaustive.jsonl
b_table=$root/bench/results/compound_matmul_cpu_B_exhaustive.jsonl
for t in "$a_table" "$b_table"; do
  [ -s "$t" ] || { echo "no recording $t: run bench/compound/record.sh BUILD_DIR A (and B) first" >&2; exit 2; }
done
replay="$build/bench/search/spak-search-replay"
# Facts are looked up by device; both recordings name the host they ran on.
device=$(python3 -c 'import json,sys; print(next(r["host"] for r in map(json.loads, open(sys.argv[1])) if r.get("host")))' "$b_table")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)}

echo "== problem B from scratch"
"$replay" "$root/examples/matmul_cpu.dsl" "$b_table" --set size=256 --set threads=1 --seeds 20 \
  --strategies random,bayes --json "$results/compound_matmul_cpu_scratch.json" | tail -4

for budget in 40 100; do
  echo "== problem A: $tunings bayes tunings of budget $budget, replayed on A's recording"
  "$replay" "$root/examples/matmul_cpu.dsl" "$a_table" --set size=384 --set threads=1 --seeds "$tunings" \
    --strategies bayes --budget "$budget" --trials-out "$work/a$budget" --json "$work/a$budget.json" | tail -1
  for ((s = 0; s < tunings; s++)); do
    for version in defaults facts_only; do
      flags=()
      [ "$version" = facts_only ] && flags=(--min-trials 1000000000)
      v2=$work/a${budget}_seed${s}_$version.dsl
      "$build/spak" compound "$root/examples/matmul_cpu.dsl" --traces "$work/a$budget/bayes_seed$s.jsonl" -o "$v2" \
        "${flags[@]}" > "$v2.log"
      "$replay" "$v2" "$b_table" --set size=256 --set threads=1 --seeds 20 --strategies guided --device "$device" \
        --json "$work/b_a${budget}_seed${s}_$version.json" > /dev/null
    done
  done
done

commit=$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src/spak/tune src/spak/knowledge bench/search bench/compound && echo "" || echo "-dirty")
python3 - "$results" "$work" "$tunings" "$commit" "$device" <<'PY'
import datetime, json, sys
results, work, tunings, commit, device = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
scratch = json.load(open(f"{results}/compound_matmul_cpu_scratch.json"))
targets = ["95%", "97%", "99%"]
out = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "commit": commit,
       "recorded_on": device, "command": "bench/compound/run.sh", "seeds": 20, "a_tunings": tunings,
       "scratch": {n: {"mean": s["mean"], "seeds_reached": s["seeds_reached"]} for n, s in scratch["strategies"].items()},
       "runs": []}
print(f"{out['date']}, commit {commit}, recordings made on {device}")
print("\nB from scratch (20 seeds):", ", ".join(f"{n} {s['mean'][0]:.1f} / {s['mean'][1]:.1f} / {s['mean'][2]:.1f}"
                                             for n, s in scratch["strategies"].items()), "evals to 95/97/99%")
best_scratch = [min(s["mean"][t] for s in scratch["strategies"].values()) for t in range(3)]
print("\n| A budget | version 2 | configs | A reached (of A's best) | guided evals to 95%: mean / worst | 97% | 99% |")
print("|---|---|---|---|---|---|---|")
for budget in (40, 100):
    a = json.load(open(f"{work}/a{budget}.json"))["strategies"]["bayes"]["best_seen"]
    for version in ("defaults", "facts_only"):
        per = []
        for s in range(tunings):
            r = json.load(open(f"{work}/b_a{budget}_seed{s}_{version}.json"))
            g = r["strategies"]["guided"]
            # A tuning whose version 2 never reaches the target on some seed counts as never (None).
            per.append({"a_seed": s, "a_best_fraction": a[s], "configs": r["valid_configs"],
                        "start_points": r.get("guided_start"), "mean": [g["mean"][t] if g["seeds_reached"][t] == 20 else None for t in range(3)],
                        "seeds_reached": g["seeds_reached"]})
        cells = []
        for t in range(3):
            vals = [p["mean"][t] for p in per]
            ok = [v for v in vals if v is not None]
            never = len(vals) - len(ok)
            mean = sum(ok) / len(ok) if ok else None
            worst = max(ok) if ok else None
            text = "never" if not ok else f"{mean:.1f} / {worst:.1f}"
            if never: text += f" ({never} of {tunings} A tunings never)"
            cells.append(text)
        configs = sorted({p["configs"] for p in per})
        a_text = f"{min(a):.2f}–{max(a):.2f}, {sum(x >= 0.95 for x in a)} of {tunings} ≥ 0.95"
        print(f"| {budget} | {version.replace('_', ' ')} | {configs[0]}–{configs[-1]} | {a_text} | " + " | ".join(cells) + " |")
        out["runs"].append({"a_budget": budget, "version": version, "per_a_tuning": per})
        for t in range(3):
            vals = [p["mean"][t] for p in per]
            if all(v is not None for v in vals):
                print(f"   to {targets[t]}: best from scratch {best_scratch[t]:.1f}: {best_scratch[t] / (sum(vals) / len(vals)):.1f}x fewer on the mean A tuning, "
                      f"{best_scratch[t] / max(vals):.1f}x on the worst")
            else:
                print(f"   to {targets[t]}: some A tunings never reach it")
json.dump(out, open(f"{results}/compound_matmul_cpu_robust.json", "w"), indent=1)
PY
