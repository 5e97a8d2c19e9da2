#!/usr/bin/env bash
# Installs foliocheck's build dependencies (Debian packages only) and builds it, warnings as
# errors (FOLIOCHECK_WERROR=ON).
# Idempotent: apt-get skips what is installed; cmake rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(g++ cmake make relacy-dev libboost-program-options-dev doctest-dev nlohmann-json3-dev libz3-dev clang-format)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi
# Warnings are errors here, as in CI (.ci/run runs this script).
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DFOLIOCHECK_WERROR=ON "$@" >/dev/null
cmake --build build -j"$(nproc)"
