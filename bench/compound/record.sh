#!/usr/bin/env bash
# Records one problem of the compounding benchmark once: the exhaustive grid sweep of examples/matmul_cpu.dsl
# at one size, one thread (720 valid configurations), one trial at a time, on this machine.
#   bench/compound/record.sh [BUILD_DIR] [A|B]   (needs spak and spak-matmul-cpu in BUILD_DIR, default build)
#     A: size 384 → bench/results/compound_matmul_cpu_A_exhaustive.jsonl
#     B: size 256 → bench/results/compound_matmul_cpu_B_exhaustive.jsonl (the default)
# The file is `spak trace export --format jsonl` of the sweep (a run record, then a trial record per trial, with
# every trace item): spak-search-replay reads it as a table, and its trials can be imported again (run.sh
# compounds from A's replayed tunings that way). Prints the host it ran on and how long it took.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
problem=${2:-B}
case "$problem" in
  A) size=384 ;;
  B) size=256 ;;
  *) echo "problem must be A or B, got $problem" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
(cd "$work" && "$build/spak" tune "$root/examples/matmul_cpu.dsl" --set size=$size --set threads=1 \
  --strategy grid --budget 100000 --timeout 30 --store sweep.db)
"$build/spak" trace export --store "$work/sweep.db" --format jsonl \
  -o "$root/bench/results/compound_matmul_cpu_${problem}_exhaustive.jsonl"
echo "recorded problem $problem (size $size) on $(hostname) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- |
  sed 's/^ //'), $(nproc) cores) in $(( $(date +%s) - start )) s; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
