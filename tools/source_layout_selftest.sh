#!/usr/bin/env bash
# tools/source_layout_selftest.sh SCRIPT: tools/source_layout.sh against tiny trees under /tmp.
# A clean tree passes; each kind of violation alone makes it fail and names the file.
set -uo pipefail
script=${1:?usage: source_layout_selftest.sh tools/source_layout.sh}
tmp=$(mktemp -d /tmp/foliocheck-layout-XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT
failures=0

clean_tree() {  # DIR: one file per layer, each including only from below
    mkdir -p "$1"/model "$1"/checks "$1"/lang "$1"/harness/search "$1"/harness/cli "$1"/harness/report
    printf '#pragma once\n' >"$1/model/engine.hpp"
    printf '#include "model/engine.hpp"\n' >"$1/checks/check.hpp"
    printf '#include "checks/check.hpp"\n' >"$1/lang/scenario.hpp"
    printf '#include "lang/scenario.hpp"\n' >"$1/harness/search/runner.hpp"
    printf '#include "harness/search/runner.hpp"\n' >"$1/harness/report/report.hpp"
    printf '#include "harness/report/report.hpp"\n#include "harness/search/runner.hpp"\n' >"$1/harness/cli/cli.cpp"
}

expect() {  # CASE, WANT (pass|fail), DIR, the file the finding must name (fail only)
    local name=$1 want=$2 dir=$3 file=${4:-} out rc
    out=$("$script" "$dir" 2>&1)
    rc=$?
    if [ "$want" = pass ] && [ "$rc" -ne 0 ]; then
        echo "FAIL: $name: expected a pass, got exit $rc: $out"
        failures=$((failures + 1))
    elif [ "$want" = fail ] && { [ "$rc" -ne 1 ] || ! grep -q -- "$file" <<<"$out"; }; then
        echo "FAIL: $name: expected exit 1 naming $file, got exit $rc: $out"
        failures=$((failures + 1))
    else
        echo "ok: $name"
    fi
}

clean_tree "$tmp/clean"
expect "a tree in its layers with small files passes" pass "$tmp/clean"

clean_tree "$tmp/long"
seq 601 | sed 's|^|// line |' >"$tmp/long/checks/long.cpp"
expect "a .cpp file of 601 lines fails" fail "$tmp/long" checks/long.cpp

clean_tree "$tmp/longsh"
seq 601 | sed 's|^|# line |' >"$tmp/longsh/tools.sh"
expect "a .sh file of 601 lines fails" fail "$tmp/longsh" tools.sh

clean_tree "$tmp/search-cli"
printf '#include "harness/cli/options.hpp"\n' >>"$tmp/search-cli/harness/search/runner.hpp"
expect "harness/search including harness/cli fails" fail "$tmp/search-cli" harness/search/runner.hpp

clean_tree "$tmp/search-report"
printf '  #  include "harness/report/report.hpp"\n' >"$tmp/search-report/harness/search/matrix.cpp"
expect "harness/search including harness/report fails" fail "$tmp/search-report" harness/search/matrix.cpp

clean_tree "$tmp/model-checks"
printf '#include "checks/check.hpp"\n' >>"$tmp/model-checks/model/engine.hpp"
expect "model including checks fails" fail "$tmp/model-checks" model/engine.hpp

clean_tree "$tmp/checks-lang"
printf '#include "lang/scenario.hpp"\n' >>"$tmp/checks-lang/checks/check.hpp"
expect "checks including lang fails" fail "$tmp/checks-lang" checks/check.hpp

clean_tree "$tmp/lang-harness"
printf '#include "harness/search/runner.hpp"\n' >>"$tmp/lang-harness/lang/scenario.hpp"
expect "lang including harness fails" fail "$tmp/lang-harness" lang/scenario.hpp

[ "$failures" -eq 0 ]
