#!/usr/bin/env bash
# Installs the Debian packages SPAK builds and tests with, skipping what is already there.
# Idempotent and quiet when nothing is missing; needs root (or sudo) only when something is.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git curl python3
  nlohmann-json3-dev libcli11-dev libfmt-dev libsqlite3-dev sqlite3 libyaml-cpp-dev
  libcpp-httplib-dev libssl-dev libpcre2-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # the allocator of `spak` and bench_parse (docs/dsl.md, "Speed")
  libmimalloc-dev
  clang libclang-rt-14-dev
  # cluster executors (issue 11): a real one-node SLURM cluster and a loopback sshd in the tests; job bundles
  slurmctld slurmd slurm-client munge openssh-server openssh-client libarchive-dev
  # spak report tests render the HTML headless (issue 12)
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
