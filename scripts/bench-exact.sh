#!/usr/bin/env bash
# The exact LKMM engine's performance figures (docs/lkmm-engine.md): compaction, khugepaged and
# split against zap-v6.5, refcount read first, --pins 1; with smp_rmb() (holds) at growing
# sizes, and without it (a violation, --first) at larger ones. One line per run: the wall time,
# the user CPU time (comparable across machine loads, unlike the wall time), the 1-minute load
# average at its end, the verdict and the explored line. PAGES_HOLDS / PAGES_VIOLATION override
# the sizes; LIMIT the per-run timeout in seconds (default 600); FOLIOCHECK another binary to measure.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${FOLIOCHECK:-build/harness/foliocheck}
limit=${LIMIT:-600}
run() {
    local start end out rc cpu times
    times=$(mktemp)
    start=$(date +%s.%N)
    out=$(/usr/bin/time -f 'cpu %U' -o "$times" timeout "$limit" "$bin" run --writer zap-v6.5 --reader-order ref-first --memory lkmm --engine exact --pins 1 "$@" 2>&1)
    rc=$?
    end=$(date +%s.%N)
    cpu=$(sed -n 's/^cpu //p' "$times" 2>/dev/null)
    rm -f "$times"
    printf '%s\trc=%s\t%.2f s\t%s s user\tload %s\t%s\n' "$*" "$rc" "$(echo "$end - $start" | bc)" "$cpu" \
        "$(cut -d' ' -f1 /proc/loadavg)" \
        "$(printf '%s\n' "$out" | grep -E '^(verdict|explored):' | cut -c1-150 | tr '\n' ' ')"
}
for check in compaction khugepaged split; do
    for p in ${PAGES_HOLDS:-2 4 8 16}; do run --check "$check" --pages "$p" --reader-barrier rmb; done
    for p in ${PAGES_VIOLATION:-8 16 64}; do run --check "$check" --pages "$p" --first; done
done
