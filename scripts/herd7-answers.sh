#!/bin/bash
# herd7's answers for litmus files, as a data file with its provenance.
#
#     scripts/herd7-answers.sh OUT.tsv FILE_OR_DIR...
#
# Run BY HAND, never by CI or the build: herd7 is not a dependency of foliocheck. It needs
# herd7 7.57 with the kernel's LKMM files at the commits named in the header (see
# scripts/herd7_answers.py), run through a wrapper that passes the kernel's
# linux-kernel.cfg:
#     RUN_LKMM=/path/to/run-lkmm scripts/herd7-answers.sh ...   (default: run-lkmm on PATH)
# herd7 runs with -timeout $TIMEOUT seconds (default 120), $JOBS runs at a time (default 2;
# JOBS=1 beside another long job on a 2-core machine), nice.
# The rows are sorted by file name, so a rerun with the same herd7 gives the same file up
# to the date line and the informative seconds column.
#
# The answers committed with foliocheck and the commands that made them:
#     BATCH=100 scripts/herd7-answers.sh tests/lkmm-conformance/herd7-answers.tsv \
#         tests/lkmm-conformance/generated
#     BATCH=100 scripts/herd7-answers.sh tests/lkmm-conformance/herd7-kernel-tests.tsv \
#         scenarios/lkmm
#     BATCH=100 scripts/herd7-answers.sh tests/lkmm-conformance/herd7-more-cpus.tsv \
#         tests/lkmm-conformance/more-cpus
#     scripts/herd7-answers.sh tests/lkmm-conformance/herd7-folio-configs.tsv \
#         tests/lkmm-conformance/folio-configs
set -euo pipefail
export LC_ALL=C
out=${1:?usage: herd7-answers.sh OUT.tsv FILE_OR_DIR...}
shift
[ $# -gt 0 ] || { echo "herd7-answers.sh: no litmus files or folders given" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
run=${RUN_LKMM:-run-lkmm}
command -v "$run" >/dev/null || { echo "herd7-answers.sh: $run not found; set RUN_LKMM" >&2; exit 2; }
timeout_s=${TIMEOUT:-120}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for a in "$@"; do
    if [ -d "$a" ]; then find "$a" -name '*.litmus'; else echo "$a"; fi
done | sort > "$tmp/files"
echo "herd7-answers.sh: $(wc -l < "$tmp/files") files" >&2

# BATCH files per herd7 run (default 1: each file alone, so that -timeout is the file's own;
# 100 for many small tests, which then share one herd7 start-up).
batch=${BATCH:-1}
split -l "$batch" -d -a 5 "$tmp/files" "$tmp/batch."
one() {  # BATCH_FILE: one herd7 run on the files it lists, rows into BATCH_FILE.row
    local b=$1 status
    set +e
    # herd7's own -timeout, and a hard stop a little later in case it does not return.
    mapfile -t fs < "$b"
    timeout $((timeout_s * batch + 30)) nice "$run" -timeout "$timeout_s" "${fs[@]}" > "$b.out" 2>&1
    status=$?
    set -e
    xargs -a "$b" -d '\n' python3 "$here/herd7_answers.py" rows "$b.out" "$status" > "$b.row"
}
export -f one
jobs=${JOBS:-2}
export tmp here run timeout_s batch
ls "$tmp"/batch.* | xargs -d '\n' -P "$jobs" -I{} bash -c 'one "$1"' _ {}

{
    python3 "$here/herd7_answers.py" header "$(basename "$out")"
    cat "$tmp"/batch.*.row | sort
} > "$out"
echo "herd7-answers.sh: wrote $out: $(($(grep -vc "^#" "$out") - 1)) rows" >&2
grep -v "^#" "$out" | tail -n +2 | cut -f3 | sort | uniq -c >&2
