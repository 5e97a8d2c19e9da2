#!/usr/bin/env bash
# scripts/slow-tier.sh: the slow tier of the test suite, outside CI's 15 minutes: the cached
# search against the reduced search, verdict and fewest preemptions, on every configuration of
# 5 to 8 pages under sc (the proof by comparison; about 5-9 minutes on 2 cores), and the LKMM
# conformance of the exact engine on every part of the generated programs (CI runs every fifth).
# Builds build-slow (Release, -DFOLIOCHECK_SLOW_TESTS=ON) and runs `ctest -L slow`.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-slow -DCMAKE_BUILD_TYPE=Release -DFOLIOCHECK_SLOW_TESTS=ON >/dev/null
cmake --build build-slow -j"$(nproc)" --target test_search_cached lkmm_conformance foliocheck
ctest --test-dir build-slow --output-on-failure -L slow "$@"
