#!/usr/bin/env bash
# Runs `spak tune examples/gemm_h100.dsl` (grid: every built step-08 instantiation x raster) once per issue
# shape on the GPU machine, all trials into one store, so `spak compound` can learn a best config per shape.
# usage: bench/gemm/tune_h100.sh SPAK STORE SHAPE [SHAPE...]   (run from the repository root, after build.sh)
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 SPAK STORE SHAPE [SHAPE...]" >&2; exit 2; }
spak=$1 store=$2
shift 2
for shape in "$@"; do
  "$spak" tune examples/gemm_h100.dsl --strategy grid --set "shape=$shape" --store "$store" --top 3
done
