#!/usr/bin/env bash
# Runs one CLI test script in a fresh scratch directory with strict shell settings and a small helper library.
# Usage: run_one.sh SCRIPT   (SPAK, SPAK_SOURCE_DIR and SPAK_BUILD_DIR come from ctest)
set -euo pipefail
script=$1
scratch=$(mktemp -d "${TMPDIR:-/tmp}/spak-cli.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
export TMPDIR=$scratch
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
source "$script"
