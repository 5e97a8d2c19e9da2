#!/usr/bin/env bash
# Regenerates tests/data/herd7-lkmm-answers.tsv: herd7's answer for every scenarios/lkmm file.
# Needs herd7 7.57 with the kernel's LKMM files (linux-kernel.{bell,cat,def} at torvalds/linux
# 02bae7a24257, lock.cat at 3867a24cc408, linux-kernel.cfg at fc4b04d84027) and a wrapper
# that runs `herd7 -conf linux-kernel.cfg FILE` in their directory: HERD7_LKMM=/path/to/wrapper.
# herd7 is never a build or CI dependency; its answers are committed as data.
set -euo pipefail
cd "$(dirname "$0")/.."
run=${HERD7_LKMM:?set HERD7_LKMM to a command that runs herd7 with the LKMM files on FILE.litmus}
out=tests/data/herd7-lkmm-answers.tsv
{
  echo "# herd7 answers for scenarios/lkmm/*.litmus: file, Observation, Positive, Negative, number of final states."
  echo "# Produced by herd7 7.57 with the kernel's LKMM: linux-kernel.{bell,cat,def} at torvalds/linux 02bae7a24257,"
  echo "# lock.cat at 3867a24cc408, linux-kernel.cfg at fc4b04d84027 (herd7 -conf linux-kernel.cfg FILE)."
  echo "# Regenerate: scripts/herd7-scenario-answers.sh (needs herd7; not a build dependency)."
  for f in scenarios/lkmm/*.litmus; do
    n=$(basename "$f" .litmus)
    r=$("$run" "$f")
    obs=$(printf '%s\n' "$r" | awk '/^Observation/ {print $3"\t"$4"\t"$5}')
    states=$(printf '%s\n' "$r" | awk '/^States/ {print $2}')
    printf '%s\t%s\t%s\n' "$n" "$obs" "$states"
  done
} > "$out"
echo "wrote $out"
