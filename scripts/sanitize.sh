#!/usr/bin/env bash
# scripts/sanitize.sh: the sanitizer tier. Builds build-asan with ASan + UBSan and runs the
# test suite in it with the settings foliocheck ships (tools/sanitizer_options.cpp: compiled
# into every executable of that build, so nothing needs ASAN_OPTIONS), then fails if any
# process wrote a sanitizer report, even one whose exit code its test expected.
#
#   scripts/sanitize.sh              the fast tier (ctest -L fast), about 40 minutes on 2 cores
#   scripts/sanitize.sh -L exhaustive  other ctest arguments instead of -L fast
#
# Reports go to build-asan/sanitizer-logs/{asan,ubsan}.<pid> (not stderr: the CLI tests check
# stderr exactly, and ASan writes one warning per process about Relacy's fibers there). What
# is suppressed and why: docs/sanitizers.md.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DFOLIOCHECK_SANITIZE="address;undefined" >/dev/null
cmake --build build-asan -j"$jobs"

logs=$PWD/build-asan/sanitizer-logs
rm -f "$logs"/*
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-L fast)

start=$(date +%s)
rc=0
ctest --test-dir build-asan --output-on-failure -j"$jobs" "${args[@]}" || rc=$?
echo "scripts/sanitize.sh: ctest ${args[*]} took $(( $(date +%s) - start )) s"

# A real report, not the swapcontext warning every process writes (docs/sanitizers.md).
reports=$(grep -l -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: UndefinedBehaviorSanitizer' \
    "$logs"/* 2>/dev/null || true)
if [ -n "$reports" ]; then
    for f in $reports; do
        echo "=== $f"
        cat "$f"
    done
    echo "scripts/sanitize.sh: sanitizer reports from $(echo "$reports" | wc -l) process(es), above" >&2
    rc=1
else
    echo "scripts/sanitize.sh: $(ls "$logs" | wc -l) sanitizer log(s), no report in any"
fi
exit "$rc"
