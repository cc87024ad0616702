#!/usr/bin/env bash
# The compounding benchmark (docs/compound.md): does what version 1 proved make version 2 faster to tune?
#   bench/compound/run.sh [BUILD_DIR]   (needs spak, spak-matmul-cpu and bench/search/spak-search-replay there)
# 1. Problem A, for real: spak tune examples/matmul_cpu.dsl at size 384, one thread (the loop's bayes, budget
#    40); its trials go to bench/results/compound_matmul_cpu_A_tune.jsonl.
# 2. spak compound → bench/results/compound_matmul_cpu_v2.dsl (defaults: facts and a narrowed tuning_space),
#    and with --min-trials 1000000000 → compound_matmul_cpu_v2_facts_only.dsl (the same facts, no narrowing).
# 3. Problem B (size 256, one thread), replayed on its exhaustive recording (bench/compound/record.sh):
#    random and bayes from scratch (examples/matmul_cpu.dsl) versus guided from each version 2, 20 seeds,
#    evaluations until 95% / 97% / 99% of B's exhaustive best. A and B must be measured on the same machine:
#    facts are looked up by device (here the host name).
# Writes bench/results/compound_matmul_cpu_{scratch,guided,guided_facts_only}.json and prints the table.
# REPLAY_ONLY=1 skips steps 1 and 2 (A is measured, so each run of them writes different facts).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
results=${RESULTS:-$root/bench/results}   # RESULTS=DIR: write A's trials, version 2 and the replays there
table=$root/bench/results/compound_matmul_cpu_B_exhaustive.jsonl
[ -s "$table" ] || { echo "no recording of problem B: run bench/compound/record.sh first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "${REPLAY_ONLY:-0}" != 1 ]; then   # REPLAY_ONLY=1: replay B against the version 2 files already there
echo "== problem A: spak tune --set size=384 --set threads=1 (the loop's bayes, budget 40)"
(cd "$work" && "$build/spak" tune "$root/examples/matmul_cpu.dsl" --set size=384 --set threads=1 --store a.db)
sqlite3 "$work/a.db" "select json_object('config', json(config), 'design', json(design), 'status', status,
  'objective', objective, 'host', host) from trials order by id" > "$results/compound_matmul_cpu_A_tune.jsonl"
echo "== spak compound"
rm -f "$results/compound_matmul_cpu_v2.dsl" "$results/compound_matmul_cpu_v2_facts_only.dsl"
"$build/spak" compound "$root/examples/matmul_cpu.dsl" --store "$work/a.db" -o "$results/compound_matmul_cpu_v2.dsl"
"$build/spak" compound "$root/examples/matmul_cpu.dsl" --store "$work/a.db" --min-trials 1000000000 \
  -o "$results/compound_matmul_cpu_v2_facts_only.dsl"
fi

replay() { "$build/bench/search/spak-search-replay" "$1" "$table" --set size=256 --set threads=1 --seeds 20 \
             --strategies "$2" --json "$results/$3"; }
echo "== problem B from scratch"
replay "$root/examples/matmul_cpu.dsl" random,bayes compound_matmul_cpu_scratch.json
echo "== problem B guided by version 2"
replay "$results/compound_matmul_cpu_v2.dsl" guided compound_matmul_cpu_guided.json
echo "== problem B guided by version 2 without narrowing"
replay "$results/compound_matmul_cpu_v2_facts_only.dsl" guided compound_matmul_cpu_guided_facts_only.json

python3 - "$results" <<'PY'
import json, sys
d = sys.argv[1]
load = lambda n: json.load(open(f"{d}/compound_matmul_cpu_{n}.json"))
scratch, runs = load("scratch"), [("v2 (facts + narrowed space)", load("guided")), ("v2 facts only", load("guided_facts_only"))]
def cell(s, t, seeds):
    m, hit = s["mean"][t], s["seeds_reached"][t]
    return "never" if m is None else f"{m:.1f}" + ("" if hit == seeds else f" ({seeds - hit} of {seeds} seeds never)")
print("\n| strategy | from | space | evals to 95% | to 97% | to 99% |\n|---|---|---|---|---|---|")
for n, s in scratch["strategies"].items():
    print(f"| {n} | scratch | {scratch['valid_configs']} | " + " | ".join(cell(s, t, scratch['seeds']) for t in range(3)) + " |")
for label, r in runs:
    s = r["strategies"]["guided"]
    print(f"| guided | {label} | {r['valid_configs']} | " + " | ".join(cell(s, t, r['seeds']) for t in range(3)) + " |")
for t, label in enumerate(["95%", "97%", "99%"]):
    best = min(s["mean"][t] for s in scratch["strategies"].values())
    for name, r in runs:
        s = r["strategies"]["guided"]
        g = s["mean"][t]
        if g is None or s["seeds_reached"][t] < r["seeds"]:
            print(f"to {label}: {name}: not reached by every seed")
        else:
            print(f"to {label}: best from scratch {best:.1f} / guided {name} {g:.1f} = {best / g:.1f}x fewer")
PY
