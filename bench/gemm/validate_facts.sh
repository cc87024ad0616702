#!/usr/bin/env bash
# The GEMM result file of a DSL version's best-config facts: for every `best_config` fact of DEVICE (as
# `spak compound` wrote it), the fact's configuration at its shape in many interleaved pairs over three data
# seeds (a tune trial times only 20 pairs), then compute-sanitizer memcheck and racecheck on each distinct
# instantiation at a small shape with 6 SMs (several tiles per CTA). Writes OUT/validate.json
# ({device, date, commit, command, cases: [... one per fact and seed, with "seed" and "fact"]}),
# OUT/session.log and OUT/nvidia_smi.csv (three files: the device tool brings back only a few).
# Environment: SEEDS (default "1 2 3"), PAIRS (default 200).
# usage: bench/gemm/validate_facts.sh SPAK GEMM_BENCH DSL DEVICE OUT_DIR COMMIT   (from the repository root)
set -uo pipefail
[ $# -eq 6 ] || { echo "usage: $0 SPAK GEMM_BENCH DSL DEVICE OUT_DIR COMMIT" >&2; exit 2; }
spak=$1 bench=$2 dsl=$3 device=$4 out=$5 commit=$6
mkdir -p "$out"
log=$out/session.log
status=0
source "$(dirname "$0")/session_step.sh"
gpu_state "$out/nvidia_smi.csv"
pairs_dir=$(mktemp -d)
trap 'rm -rf "$pairs_dir"' EXIT

# One line per fact: NAME SHAPE K=V... (the fact's config).
mapfile -t facts < <("$spak" export "$dsl" --no-spans | python3 -c '
import json, sys
device = sys.argv[1]
for system in json.load(sys.stdin)["systems"]:
    for fact in system["knowledge"]["facts"]:
        fields = {f["key"]: f["value"] for f in fact["fields"]}
        if fields.get("kind") == "best_config" and fields.get("device") == device:
            config = " ".join(f"{k}={v}" for k, v in fields["config"].items())
            print(fact["name"], fields["problem"]["shape"], config)' "$device")
[ ${#facts[@]} -gt 0 ] || { echo "validate_facts: no best_config fact for $device in $dsl" >&2; exit 1; }

instantiations=()  # "--step S --config NAME" of each fact, once each: what the sanitizers check
declare -A seen
for fact in "${facts[@]}"; do
  read -r name shape config <<<"$fact"
  read -r -a args <<<"$(gemm_config_args $config)"
  for seed in ${SEEDS:-1 2 3}; do
    gemm_pairs "${name}_seed$seed" "$shape" "$seed" "$pairs_dir/$name.$seed.json" "${args[@]}"
  done
  key="${args[*]:0:4}"
  [ -n "${seen[$key]:-}" ] || { seen[$key]=1; instantiations+=("$key"); }
done

python3 - "$pairs_dir" "$out/validate.json" "$commit" "$0 $*" <<'PY' || status=1
import glob, json, os, sys
pairs_dir, path, commit, command = sys.argv[1:]
cases, device, date = [], None, None
for f in sorted(glob.glob(os.path.join(pairs_dir, "*.json"))):
    fact, seed, _ = os.path.basename(f).rsplit(".", 2)
    run = json.load(open(f))
    device, date = run["device"], run["date"]
    for case in run["cases"]:
        cases.append({**case, "fact": fact, "seed": int(seed)})
result = {"device": device, "date": date, "commit": commit, "command": command,
          "method": "each fact's config re-timed in interleaved pairs (see each case's pairs) per data seed",
          "cases": cases}
tmp = path + ".tmp"
json.dump(result, open(tmp, "w"), indent=1)
os.replace(tmp, path)
for c in cases:
    print(f'{c["m"]}x{c["n"]}x{c["k"]} seed {c["seed"]} {c["step"]} {c["config"]} raster {c["raster"]}: '
          f'ours {c["ours_tflops"]:.1f} cuBLAS {c["cublas_tflops"]:.1f} TFLOPS ratio {c["ratio"]:.4f} '
          f'max_rel {c["max_rel_error"]:.1e} {"pass" if c["passed"] else "FAIL"}')
PY
# Sanitizers last (raster and grid size do not change the code), so the timings are written even when a
# bounding timeout cuts this part short.
small=(--sms 6 --shape 1024x1024x320 --reps 3 --warmup 0 --budget 0)
for instantiation in "${instantiations[@]}"; do
  read -r -a args <<<"$instantiation"
  for tool in memcheck racecheck; do
    step "${tool}_${args[1]}_${args[3]}" 60 compute-sanitizer --tool "$tool" --error-exitcode 3 "$bench" \
      "${args[@]}" "${small[@]}"
  done
done
grep -E "^=== .*exit [^0]|ERROR SUMMARY|RACECHECK SUMMARY" "$log"
exit $status
