#!/usr/bin/env bash
# scripts/slow-tier.sh: the slow tier of the test suite, outside CI's 15 minutes, each a
# whole proof of which CI runs a sample:
#  - the cached search against the reduced search, verdict and fewest preemptions, on every
#    configuration of 5 to 8 pages under sc (about 5-9 minutes on 2 cores), and against the
#    plain search on every configuration of pages 1-2 under c11 and relaxed (CI: a 32nd);
#  - the reduced search against the plain search, all twelve parts (CI: three);
#  - the LKMM conformance of the exact engine and of the c11 mapping on every part of the
#    generated programs (CI: every fifth and every fourth);
#  - docs/results.md regenerated whole (CI: the default matrix's table).
# Builds build-slow (Release, -DFOLIOCHECK_SLOW_TESTS=ON) and runs `ctest -L slow`.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-slow -DCMAKE_BUILD_TYPE=Release -DFOLIOCHECK_SLOW_TESTS=ON >/dev/null
cmake --build build-slow -j"$(nproc)" --target test_search_cached test_search_reduction test_results_md \
  lkmm_conformance foliocheck
ctest --test-dir build-slow --output-on-failure -L slow "$@"
