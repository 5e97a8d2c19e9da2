#!/usr/bin/env bash
# Records the answers of a foliocheck binary: verdicts, execution and violation counts, fewest
# preemptions, counterexample traces and replay tokens of every built-in command, at --jobs 1,
# with timings removed, one file per question. Two records of the same source tree are
# identical; scripts/compare-answers.sh diffs two records (docs/restructure-comparison.md).
#
#   scripts/record-answers.sh BINARY OUTDIR
#
# What it records: `list`; the default `matrix`; `matrix --kernel V` and `release --kernel V`
# for every release; `validate` for every proposal; `compare` for the README's pair; `fixes`
# for one check; `litmus` on every scenarios/examples file and on every catalogue check file
# composed with every catalogue writer file; `run` on configurations with counterexamples
# (JSON: verdict, counts, steps, token; text: the trace as printed).
set -uo pipefail
#   scripts/record-answers.sh --normalise OUTDIR    normalise an existing record again
if [ $# -ne 2 ]; then
  echo "usage: $0 BINARY OUTDIR, or $0 --normalise OUTDIR" >&2
  exit 2
fi

# Timings are the only part of an answer that differs between two runs of one binary.
# Both filters are idempotent: a record can be normalised again (scripts/compare-answers.sh).
norm_json() {
  jq -S 'walk(if type == "object" then del(.seconds) | del(.elapsed_seconds)
              elif type == "string" then gsub("[0-9]+(\\.[0-9]+)?(e-?[0-9]+)? ?(s|ms|seconds)\\b"; "T s")
              else . end)'
}
norm_text() {
  sed -E -e 's/[0-9]+(\.[0-9]+)?(e-?[0-9]+)? ?(s|ms|seconds)\b/T s/g' -e 's/[0-9]+(\.[0-9]+)? executions\/s/N executions\/s/g'
}

if [ "$1" = --normalise ]; then
  for f in "$2"/*.out; do
    if jq -e . "$f" >/dev/null 2>&1; then norm_json <"$f" >"$f.n"; else norm_text <"$f" >"$f.n"; fi
    mv "$f.n" "$f"
  done
  exit 0
fi
bin=$(realpath "$1")
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
cd "$root"

# record NAME MODE ARGS...: runs the binary, keeps stdout (normalised), stderr and exit code.
record() {
  local name=$1 mode=$2
  shift 2
  local f="$out/$name"
  # RECORD_ONLY=REGEX: only the questions whose name matches (e.g. '^(matrix|validate)').
  if [ -n "${RECORD_ONLY:-}" ] && ! [[ $name =~ $RECORD_ONLY ]]; then return 0; fi
  # RECORD_RESUME=1: leave out questions this directory has (or is recording) already.
  if [ -n "${RECORD_RESUME:-}" ] && { [ -e "$f.out" ] || [ -e "$f.raw" ]; }; then return 0; fi
  "$bin" "$@" >"$f.raw" 2>"$f.err"
  echo $? >"$f.rc"
  if [ "$mode" = json ] && jq -e . "$f.raw" >/dev/null 2>&1; then
    norm_json <"$f.raw" >"$f.out"
  else
    norm_text <"$f.raw" >"$f.out"
  fi
  norm_text <"$f.err" >"$f.err.n" && mv "$f.err.n" "$f.err"
  rm -f "$f.raw"
}

# RECORD_JOBS=N records N questions at a time (each still runs with --jobs 1).
slots=${RECORD_JOBS:-1}
spawn() {
  while [ "$(jobs -rp | wc -l)" -ge "$slots" ]; do wait -n; done
  "$@" &
}

# Names from the binary's own `list`: the lines of one section, first word.
section() { "$bin" list | awk -v s="$1" '/^[a-z]/ {on = index($0, s) == 1; next} on {print $1}'; }

spawn record list text list
spawn record matrix json matrix --jobs 1 --json
for k in $(section "kernel releases"); do
  spawn record "matrix-kernel-$k" json matrix --kernel "$k" --jobs 1 --json
  spawn record "release-$k" json release --kernel "$k" --jobs 1 --json
  # The rows alone (no fix search): minutes where the whole release takes an hour on a busy
  # machine.
  spawn record "release-nofixes-$k" json release --kernel "$k" --no-fixes --jobs 1 --json
done
for p in $(section "proposals"); do
  spawn record "validate-$p" json validate --proposal "$p" --jobs 1 --json
done
spawn record compare-batch-zap-v4-two-loop json compare batch-zap-v4 two-loop --jobs 1 --json
spawn record fixes-khugepaged json fixes --check khugepaged --jobs 1 --json

for f in scenarios/examples/*.litmus; do
  n=$(basename "$f" .litmus)
  spawn record "litmus-example-$n" json litmus --json "$f"
  spawn record "litmus-example-$n-text" text litmus "$f"
done
for c in scenarios/catalogue/checks/*.litmus; do
  for w in scenarios/catalogue/writers/*.litmus; do
    n="$(basename "$c" .litmus)+$(basename "$w" .litmus)"
    spawn record "litmus-catalogue-$n-lkmm" json litmus --json --with "$w" "$c"
    spawn record "litmus-catalogue-$n-sc-2" json litmus --json --memory sc --pages 2 --with "$w" "$c"
  done
done

# Single configurations, most with a counterexample (the fewest preemptions, its trace, its
# token), a few that hold.
i=0
while IFS= read -r line; do
  [ -z "$line" ] && continue
  i=$((i + 1))
  # shellcheck disable=SC2086
  spawn record "run-$i" json run $line --json
  # shellcheck disable=SC2086
  spawn record "run-$i-text" text run $line
  echo "$line" >"$out/run-$i.args"
done <<'RUNS'
--check compaction --writer batch-zap-v4 --pages 2 --reader-order ref-first
--check compaction --writer batch-zap-v4 --pages 2 --reader-order ref-first --count
--check compaction --writer zap-v6.5 --pages 3
--check ksm --writer gup-fast --memory lkmm
--check ksm --writer gup-fast --pin-kind FOLL_PIN --ptep-clear-flush plain --memory lkmm
--check khugepaged --writer zap-v6.9 --pages 2 --mapcount large
--check khugepaged --writer batch-zap-v4 --pages 3 --memory relaxed
--check split --writer fork-v6.5 --pages 2 --memory lkmm
--check split --writer zap-v6.5 --pages 2 --reader-barrier rmb --memory lkmm
--check lazyfree --writer zap-v6.9 --kernel current --pages 2
--check lazyfree --writer gup-fast --kernel current --memory lkmm
--check split-expected --writer zap-v6.9 --kernel current --pages 2
--check khugepaged-expected --writer try-to-unmap-batched --kernel current --pages 4 --pins 4
--check khugepaged --writer swapcache-add --pages 1
--check compaction --writer zap-pmd --kernel v6.15 --pages 2
--check compaction --writer try-to-migrate --kernel v6.10 --pages 2 --also gup-fast:1
--check compaction --writer batch-zap-v4 --pages 4 --reader-order map-first --minimize
--check compaction --writer zap-v6.5 --pages 2 --search full --memory relaxed
RUNS
wait
echo "recorded $(ls "$out"/*.out | wc -l) answers in $out"
