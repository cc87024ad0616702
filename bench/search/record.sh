#!/usr/bin/env bash
# Records the exhaustive sweep of the CPU GEMM space and replays every strategy against it.
#   bench/search/record.sh [BUILD_DIR]      (default build; needs spak, spak-matmul-cpu, spak-search-replay)
# Writes bench/results/search_matmul_cpu_exhaustive.jsonl and bench/results/search_matmul_cpu_replay.json.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && "$build/spak" tune "$root/examples/matmul_cpu.dsl" --strategy grid --budget 100000 --store sweep.db)
sqlite3 "$work/sweep.db" "select json_object('config', json(config), 'design', json(design), 'status', status,
  'objective', objective) from trials order by id" > "$root/bench/results/search_matmul_cpu_exhaustive.jsonl"
"$build/bench/search/spak-search-replay" "$root/examples/matmul_cpu.dsl" "$root/bench/results/search_matmul_cpu_exhaustive.jsonl" \
  --seeds 20 --json "$root/bench/results/search_matmul_cpu_replay.json"
