#!/bin/sh
# Exports every configuration of the default matrix and of every release table under
# --memory lkmm as a herd7 litmus test, at 1-2 pages and at 3 pages:
#
#     scripts/export-folio-litmus.sh [build/tests/export_folio_litmus]
#
# writes tests/lkmm-conformance/folio-configs/ (1-2 pages) and folio-configs-3/ (3 pages),
# each with manifest.tsv (tests/export_folio_litmus.cpp). Deterministic: rerun it after a
# change to a writer, a check or the export, and the diff shows what changed. herd7's
# answers on them (run by hand, scripts/herd7-answers.sh):
#     scripts/herd7-answers.sh tests/lkmm-conformance/herd7-folio-configs.tsv \
#         tests/lkmm-conformance/folio-configs
#     TIMEOUT=120 scripts/herd7-answers.sh tests/lkmm-conformance/herd7-folio-configs-3.tsv \
#         tests/lkmm-conformance/folio-configs-3
set -eu
X=${1:-build/tests/export_folio_litmus}
D=$(cd "$(dirname "$0")/.." && pwd)
for dir in folio-configs folio-configs-3; do
    out="$D/tests/lkmm-conformance/$dir"
    mkdir -p "$out"
    rm -f "$out"/*.litmus "$out/manifest.tsv"
    if [ "$dir" = folio-configs ]; then "$X" "$out" 1 2; else "$X" "$out" 3; fi
done
