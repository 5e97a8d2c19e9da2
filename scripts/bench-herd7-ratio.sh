#!/usr/bin/env bash
# The exact engine against herd7 on the same programs (docs/lkmm-engine.md, "Against herd7").
# Run BY HAND: herd7 is not a dependency of foliocheck.
#
#     RUN_LKMM=/path/to/run-lkmm scripts/bench-herd7-ratio.sh [PAGES...]   (default: 2 3)
#
# For compaction, khugepaged and split against zap-v6.5, refcount read first, the program is
# the conformance export of that configuration (tests/lkmm-conformance/folio-configs*/, made
# by scripts/export-folio-litmus.sh): as exported (no barrier between the two reads: herd7
# says Sometimes) and with `smp_rmb();` added after the refcount read (Never). Both tools
# decide the whole program: herd7 7.57 with the kernel's LKMM files (run-lkmm passes
# linux-kernel.cfg) and `foliocheck litmus --memory lkmm`. One line per run: the user CPU time
# of each tool (comparable across machine loads), their ratio and both Observations.
# CHECKS: the checks (default "compaction khugepaged split"); LIMIT: herd7's CPU-time limit in seconds (ulimit -t; default 600); FOLIOCHECK: another binary.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${FOLIOCHECK:-build/harness/foliocheck}
run_lkmm=${RUN_LKMM:-run-lkmm}
limit=${LIMIT:-600}
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(2 3)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpu_of() {  # user CPU seconds of a command; its stdout to $work/out
    local t="$work/time"
    /usr/bin/time -f '%U' -o "$t" "$@" >"$work/out" 2>/dev/null
    tail -n 1 "$t"
}

printf 'program\tpages\therd7 s\therd7\tfoliocheck s\tfoliocheck\tratio\n'
for p in "${pages[@]}"; do
    dir=tests/lkmm-conformance/folio-configs
    [ "$p" -le 2 ] || dir=tests/lkmm-conformance/folio-configs-$p
    for check in ${CHECKS:-compaction khugepaged split}; do
        src="$dir/foliocheck+$check+zap-v6.5+${p}pages+ref-first.litmus"
        if [ ! -f "$src" ]; then
            echo "bench-herd7-ratio: $src is not exported (scripts/export-folio-litmus.sh)" >&2
            continue
        fi
        for variant in none rmb; do
            f="$work/$check-$p-$variant.litmus"
            if [ "$variant" = rmb ]; then
                sed '/= atomic_read(refcount);/a\	smp_rmb();' "$src" >"$f"
            else
                cp "$src" "$f"
            fi
            # A CPU-time limit (ulimit -t), not a wall-clock one: the figures are CPU times.
            h=$(cpu_of bash -c 'ulimit -t "$1"; exec "$2" "$3"' limit "$limit" "$run_lkmm" "$f")
            hobs=$(sed -n 's/^Observation [^ ]* \([A-Za-z]*\).*/\1/p' "$work/out")
            [ -n "$hobs" ] || hobs="none (limit ${limit} s)"
            fc=$(cpu_of "$bin" litmus --memory lkmm "$f")
            fobs=$(sed -n 's/^Observation [^ ]* \([A-Za-z]*\).*/\1/p' "$work/out")
            ratio=$(awk -v h="$h" -v f="$fc" 'BEGIN { if (f > 0) printf "%.0f", h / f; else print "-" }')
            printf '%s+%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$check" "$variant" "$p" "$h" "$hobs" "$fc" "$fobs" "$ratio"
        done
    done
done
