#!/usr/bin/env bash
# Records problem B of the compounding benchmark once: the exhaustive grid sweep of examples/matmul_cpu.dsl at
# size 256, one thread (720 valid configurations), one trial at a time.
#   bench/compound/record.sh [BUILD_DIR]      (needs spak and spak-matmul-cpu in BUILD_DIR, default build)
# Writes bench/results/compound_matmul_cpu_B_exhaustive.jsonl (a line per trial, the format spak-search-replay
# reads) and prints the host it ran on.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && "$build/spak" tune "$root/examples/matmul_cpu.dsl" --set size=256 --set threads=1 \
  --strategy grid --budget 100000 --timeout 30 --store sweep.db)
sqlite3 "$work/sweep.db" "select json_object('config', json(config), 'design', json(design), 'status', status,
  'objective', objective, 'host', host) from trials order by id" \
  > "$root/bench/results/compound_matmul_cpu_B_exhaustive.jsonl"
echo "recorded on $(hostname) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores)"
