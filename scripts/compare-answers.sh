#!/usr/bin/env bash
# Compares two records of scripts/record-answers.sh: every question of either record, answer
# (stdout, timings removed), stderr and exit code. Prints the questions whose answers differ
# with their diff, then "N of M identical". Exit 0 if all are identical, 1 if not, 2 on misuse.
#
#   scripts/compare-answers.sh BEFORE_DIR AFTER_DIR [--brief]
#   COMPARE_ONLY=REGEX scripts/compare-answers.sh ...   only the questions whose name matches
set -uo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 BEFORE_DIR AFTER_DIR [--brief]" >&2
  exit 2
fi
before=$1 after=$2 brief=${3:-}
for d in "$before" "$after"; do
  [ -d "$d" ] || { echo "$0: $d is not a directory (a record of scripts/record-answers.sh)" >&2; exit 2; }
done
names=$( (cd "$before" && ls *.out; cd - >/dev/null; cd "$after" && ls *.out) 2>/dev/null | sed 's/\.out$//' | sort -u)
total=0 same=0
for n in $names; do
  # COMPARE_ONLY=REGEX: only the questions whose name matches (a record of a subset).
  if [ -n "${COMPARE_ONLY:-}" ] && ! [[ $n =~ $COMPARE_ONLY ]]; then continue; fi
  total=$((total + 1))
  differ=0
  for ext in out err rc; do
    if ! cmp -s "$before/$n.$ext" "$after/$n.$ext"; then differ=1; fi
  done
  if [ $differ -eq 0 ]; then
    same=$((same + 1))
    continue
  fi
  echo "== $n differs"
  if [ "$brief" != "--brief" ]; then
    for ext in rc err out; do
      if [ ! -e "$before/$n.$ext" ]; then echo "   (only in $after)"; break; fi
      if [ ! -e "$after/$n.$ext" ]; then echo "   (only in $before)"; break; fi
      diff -u "$before/$n.$ext" "$after/$n.$ext" | sed -n '3,$p' | head -60
    done
  fi
done
echo "$same of $total identical"
[ "$same" -eq "$total" ]
