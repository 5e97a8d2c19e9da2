#!/usr/bin/env bash
# tools/bad_inputs.sh: bad command lines against the real binary, every subcommand.
#
#   tools/bad_inputs.sh [path/to/foliocheck]        (default: build/harness/foliocheck)
#
# Each case must exit 2 with exactly one line on stderr, starting "foliocheck: " (house style
# 3.5: a user error is one line that says what to do next), and must not crash or hang.
# Prints a Markdown table (input | exit code | stderr message) and exits 1 if any case
# breaks the rule. Registered with ctest as `bad_inputs` (tools/CMakeLists.txt, label fast).
# Needs only bash and coreutils (plus gzip for the CRC of a forged token).
set -uo pipefail
bin=${1:-build/harness/foliocheck}
[ -x "$bin" ] || { echo "bad_inputs.sh: no foliocheck binary at '$bin'" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- replay tokens, derived from a real one so that they follow the current format ----------
token=$("$bin" run --check ksm --writer zap-v6.5 2>/dev/null | sed -n 's/.*foliocheck replay \(fc1\.[A-Za-z0-9_-]*\.[0-9a-f]*\).*/\1/p' | head -1)
[ -n "$token" ] || { echo "bad_inputs.sh: 'run --check ksm --writer zap-v6.5' printed no replay token" >&2; exit 2; }
b64url_decode() {  # base64url without padding -> bytes
    local s=${1//-/+}; s=${s//_//}
    while [ $(( ${#s} % 4 )) -ne 0 ]; do s+="="; done
    printf '%s' "$s" | base64 -d
}
b64url_encode() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
crc32_of() {  # crc32 of a file, as 8 hex digits: the first 4 bytes of gzip's trailer, little-endian
    local b; b=$(gzip -c <"$1" | tail -c8 | head -c4 | od -An -tx1 | tr -d ' \n')
    printf '%s' "${b:6:2}${b:4:2}${b:2:2}${b:0:2}"
}
forge() {  # payload file -> a token with a correct checksum
    printf 'fc1.%s.%s' "$(b64url_encode <"$1")" "$(crc32_of "$1")"
}
mid=${token#fc1.}; mid=${mid%.*}
b64url_decode "$mid" >"$tmp/payload"
[ "$(forge "$tmp/payload")" = "$token" ] || { echo "bad_inputs.sh: cannot re-forge the token (base64/gzip?)" >&2; exit 2; }
version=$(head -c 200 "$tmp/payload" | tr '\0' '\n' | head -1 | cut -d'|' -f2)
# The same scenario from a version that is not this one.
{ head -c 200 "$tmp/payload" | tr '\0' '\n' | head -1 | tr -d '\n' | sed "s/^fc1|$version|/fc1|0.0.1|/"
  printf '\0'; tail -c +"$(( $(head -c 200 "$tmp/payload" | tr '\0' '\n' | head -1 | wc -c) + 1 ))" "$tmp/payload"; } >"$tmp/foreign"
foreign=$(forge "$tmp/foreign")
# A schedule whose length field overflows 2 + 3n (n = (2^64 + 2) / 3): used to read past the end.
{ head -c 200 "$tmp/payload" | tr '\0' '\n' | head -1 | tr -d '\n'
  printf '\0\x01\xd6\xaa\xd5\xaa\xd5\xaa\xd5\xaa\x55\x02\x00'; } >"$tmp/overflow"
overflow=$(forge "$tmp/overflow")
truncated=${token:0:$(( ${#token} - 12 ))}
altered=${token:0:20}$( [ "${token:20:1}" = A ] && echo B || echo A )${token:21}

# --- files for merge ---------------------------------------------------------------------
printf 'this is not JSON\n' >"$tmp/notjson.txt"
printf '{"check": "ksm", "verdict": "holds"}\n' >"$tmp/object.json"
printf '[1, "two", null]\n' >"$tmp/entries.json"
printf '[{"check": 1, "verdict": 2}]\n' >"$tmp/types.json"
printf '[{"check": "ksm", "writer": "zap-v6.5", "verdict": "holds", "pages": "one"}]\n' >"$tmp/pages.json"
printf '[{"check": "ksm", "verdict": "violation", "counterexample": {"preemptions": "x"}}]\n' >"$tmp/cx.json"
: >"$tmp/empty.json"
mkdir "$tmp/adir"
printf '[{"check": "ksm", "writer": "zap-v6.5", "verdict": "holds", "pages": 1}]\n' >"$tmp/good.json"

# --- how a case runs ---------------------------------------------------------------------
show() {  # an argument as it appears in the table: long tokens and temp paths by name
    local a=$1
    case "$a" in
        "$token") a=TOKEN ;;
        "$truncated") a="TOKEN(truncated)" ;;
        "$altered") a="TOKEN(one character altered)" ;;
        "$foreign") a="TOKEN(version 0.0.1)" ;;
        "$overflow") a="TOKEN(schedule length 2+3n overflows)" ;;
    esac
    a=${a//$tmp\//}
    a=${a//$'\n'/\\n}
    a=${a//$'\e'/\\e}
    if [ -z "$a" ]; then a="''"; elif [[ "$a" == *" "* ]]; then a="'$a'"; fi
    printf '%s' "${a//|/\\|}"
}
total=0
failures=0
add() {  # runs one case and prints its row
    local disp="foliocheck" a rc lines first problem="" msg
    for a in "$@"; do disp+=" $(show "$a")"; done
    timeout 60 "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    lines=$(wc -l <"$tmp/err")
    first=$(head -c 300 "$tmp/err" | head -1)
    if [ "$rc" -ge 124 ]; then problem="crashed or hung (exit $rc)"
    elif [ "$rc" -ne 2 ]; then problem="exit $rc, not 2"
    elif [ "$lines" -ne 1 ] || [ -n "$(tail -c1 "$tmp/err")" ]; then problem="$lines stderr lines, not 1"
    elif [[ "$first" != "foliocheck: "* ]]; then problem="stderr does not start with 'foliocheck: '"
    fi
    msg=${first//$tmp\//}
    msg=${msg//|/\\|}
    total=$((total + 1))
    if [ -n "$problem" ]; then
        failures=$((failures + 1))
        echo "| \`$disp\` | **$rc** | **FAIL: $problem**: $msg |"
    else
        echo "| \`$disp\` | $rc | $msg |"
    fi
}

echo "| input | exit code | stderr message |"
echo "|---|---|---|"

# --- the cases ---------------------------------------------------------------------------
W=(run --check split --writer zap-v6.5)
add
add frobnicate
add --version
add list --all
add RUN --check ksm --writer zap-v6.5
add run
add run --check
add run --check ksm
add run --writer zap-v6.5
add run --check kms --writer zap-v6.5
add run --check ksm --writer zap
add run --check ksm --writer zap-v6.5 --pages 2
add "${W[@]}" --pages 0
add "${W[@]}" --pages 17
add "${W[@]}" --pages -1
add "${W[@]}" --pages two
add "${W[@]}" --pages 99999999999999999999
add "${W[@]}" --pages ''
add "${W[@]}" --context-bound 2
add "${W[@]}" --search bound --context-bound 21
add "${W[@]}" --search random
add "${W[@]}" --iterations 10
add "${W[@]}" --search random --iterations 0
add "${W[@]}" --search dfs
add run --check split --writer gup-fast --no-pin
add run --check compaction --writer zap-v6.5 --swapcache
add "${W[@]}" --timeout 0
add "${W[@]}" --timeout -5
add "${W[@]}" --timeout nan
add "${W[@]}" --timeout inf
add "${W[@]}" --timeout 1e99
add "${W[@]}" --max-executions 0
add "${W[@]}" --memory tso
add "${W[@]}" --mapcount total
add "${W[@]}" --reader-order both
add "${W[@]}" --reader-barrier wmb
add "${W[@]}" --frobnicate
add "${W[@]}" extra
add fixes "${W[@]:1}" extra
add run --check split --check ksm --writer zap-v6.5
add "${W[@]}" --json=yes
add run --check $'split\nksm' --writer zap-v6.5
add run --check $'\e[31msplit' --writer zap-v6.5
add replay
add replay not-a-token
add replay fc1.AAAA.00000000
add 'replay' 'fc1.!!!!.00000000'
add replay "$truncated"
add replay "$altered"
add replay "$foreign"
add replay "$overflow"
add replay "$token" --trace full
add replay "$token" --trace
add replay "$token" "$token"
add replay "$token" --frobnicate
add matrix --shard 3/2
add matrix --shard 0/2
add matrix --shard 1
add matrix --shard 1/0
add matrix --jobs 0
add matrix --jobs 257
add matrix --timeout 0
add matrix --max-executions 0
add matrix --pages 2-1
add matrix --pages ,
add matrix --pages 0-3
add matrix --pages 1-2-3
add matrix --checks ''
add matrix --checks ksm,nope
add matrix --writers nope
add matrix --mapcount total
add matrix --reader-orders sideways
add matrix --reader-barriers wmb
add matrix --memory tso
add matrix --search random
add matrix --search bound
add matrix --expect maybe
add validate --proposal two-loop --expect sometimes
add matrix --json --csv
add matrix --checks ksm --pages 2-3
add matrix extra
add merge
add merge --json
add merge "$tmp/missing.json"
add merge "$tmp/notjson.txt"
add merge "$tmp/empty.json"
add merge "$tmp/adir"
add merge "$tmp/object.json"
add merge "$tmp/entries.json"
add merge "$tmp/types.json"
add merge "$tmp/pages.json"
add merge "$tmp/cx.json"
add merge "$tmp/good.json" --frobnicate
add merge "$tmp/good.json" --json --csv
add merge "$tmp/good.json" "$tmp/notjson.txt"
add validate
add validate --proposal nope
add validate --proposal two-loop --search bound
add validate --proposal two-loop --pages 0
add validate --proposal two-loop --pages 3-1
add validate --proposal two-loop --pages ,
add validate --proposal two-loop --memory ,
add validate --proposal two-loop --memory tso
add validate --proposal two-loop --jobs 0
add validate --proposal two-loop --timeout 0
add validate --proposal two-loop --json --markdown
add validate --proposal two-loop extra
add compare
add compare two-loop
add compare two-loop nope
add compare two-loop v6.5-as-is large-mapcount
add compare two-loop v6.5-as-is --search random
add fixes
add fixes "${W[@]:1}" --jobs
add fixes "${W[@]:1}" --jobs 0
add fixes "${W[@]:1}" --search bound
add fixes "${W[@]:1}" --no-pin
add fixes --check ksm --writer zap-v6.5 --pages 2
add fixes --writer zap-v6.5
add fixes --check khugepaged --writer nope
add fixes --check khugepaged --expect maybe
add fixes --check khugepaged --max-fixes 0
add fixes --check khugepaged --pages 3-1
add fixes --check khugepaged --litmus x.litmus
add compare two-loop v6.5-as-is --reader-order sideways
add validate --proposal two-loop --reader-order sideways
add release
add release --kernel v9.9
add release --kernel v6.5 --reader-order ref-first
add release --kernel v6.5 --expect maybe
add merge --expect

echo
echo "$total bad inputs, $failures broke the rule (exit 2, one 'foliocheck: ' line on stderr)"
[ "$failures" -eq 0 ]
