#!/usr/bin/env bash
# Installs foliocheck's build dependencies (Debian packages only) and builds it.
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
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j"$(nproc)"
