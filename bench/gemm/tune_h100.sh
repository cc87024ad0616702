#!/usr/bin/env bash
# Runs `spak tune DSL` (grid over the DSL's tuning space: built step-08/09 instantiations x raster) once per issue
# shape on the GPU machine, all trials into one store, so `spak compound` can learn a best config per shape.
# Extra `spak tune` arguments (e.g. `--set raster=8` to fix the raster knob) come from SPAK_TUNE_ARGS.
# usage: bench/gemm/tune_h100.sh SPAK STORE DSL SHAPE [SHAPE...]   (from the repository root, after build.sh)
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 SPAK STORE DSL SHAPE [SHAPE...]" >&2; exit 2; }
spak=$1 store=$2 dsl=$3
shift 3
read -r -a extra <<<"${SPAK_TUNE_ARGS:-}"
for shape in "$@"; do
  "$spak" tune "$dsl" --strategy grid --set "shape=$shape" "${extra[@]}" --store "$store" --top 3
done
