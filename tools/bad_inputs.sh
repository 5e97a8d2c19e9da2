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

# --- replay tokens, derived from a real one: tools/bad_inputs_forge.sh ------------------
. "$(dirname "$0")/bad_inputs_forge.sh"

# --- files for merge ---------------------------------------------------------------------
printf 'this is not JSON\n' >"$tmp/notjson.txt"
printf '{"check": "ksm", "verdict": "holds"}\n' >"$tmp/object.json"
printf '[1, "two", null]\n' >"$tmp/entries.json"
printf '[{"check": 1, "verdict": 2}]\n' >"$tmp/types.json"
printf '[{"check": "ksm", "writer": "zap-v6.5", "verdict": "holds", "pages": "one"}]\n' >"$tmp/pages.json"
printf '[{"check": "ksm", "verdict": "violation", "counterexample": {"preemptions": "x"}}]\n' >"$tmp/cx.json"
: >"$tmp/empty.json"
mkdir "$tmp/adir"
# Hand-edited `matrix --json` entries, from a real two-entry shard.
"$bin" matrix --checks compaction --writers zap-v6.5 --pages 1 --json >"$tmp/shard.json" 2>/dev/null
cp "$tmp/shard.json" "$tmp/shard-copy.json"
edit() { sed "$1" "$tmp/shard.json" >"$tmp/$2"; }
edit '0,/"verdict": "holds"/s//"verdict": "maybe"/' maybe.json
edit '0,/"verdict": "holds"/s//"verdict": "error"/' error.json
edit '0,/"verdict": "holds"/s//"verdict": "interrupted"/' interrupted.json
edit 's/"preemptions": \([0-9]*\)/"preemptions": -5/' negpre.json
edit '0,/"pages": 1/s//"pages": 1000000000000000000/' hugepages.json
edit '0,/"pages": 1/s//"pages": 1e18/' floatpages.json
edit '0,/"executions": \([0-9]*\)/s//"executions": -1/' negexec.json
edit '0,/"exhaustive": true/s//"exhaustive": false/' notexh.json
edit '0,/"check": "compaction"/s//"check": "nope"/' nocheck.json
huge=$(head -c 130000 /dev/zero | tr '\0' x)
mkfifo "$tmp/fifo"
ln -s /nonexistent-dir/x.litmus "$tmp/dangling"
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
        "$f_64") a="TOKEN(entry 1: index 63 of 64)" ;;
        "$f_3cpu") a="TOKEN(entry 2: index 2 of 3, 2-CPU scenario)" ;;
        "$f_empty") a="TOKEN(empty schedule)" ;;
        "$f_short") a="TOKEN(last entry dropped)" ;;
        "$f_padded") a="TOKEN(one entry added)" ;;
        "$f_flipped") a="TOKEN(first choice flipped)" ;;
        "$f_kind") a="TOKEN(entry 1: unknown kind 9)" ;;
        "$huge") a="x*130000" ;;
        "${l_64:-none}") a="LITMUS-TOKEN(entry 1: index 63 of 64)" ;;
        "${l_huge:-none}") a="LITMUS-TOKEN(entry count 10^12)" ;;
        "${l_short:-none}") a="LITMUS-TOKEN(one entry)" ;;
        "${lt:-none}") a="LITMUS-TOKEN" ;;
        "${l_flipped:-none}") a="LITMUS-TOKEN(last stale-read choice flipped)" ;;
        "${ltok:-none}") a="LKMM-TOKEN" ;;
        "${k_count:-none}") a="LKMM-TOKEN(one event more than the scenario encodes)" ;;
        "${k_range:-none}") a="LKMM-TOKEN(first choice set to 1000)" ;;
        "${k_init:-none}") a="LKMM-TOKEN(every choice set to its first)" ;;
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
    elif [ "$(wc -c <"$tmp/err")" -gt 401 ]; then problem="stderr line longer than 400 characters"
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
add "${W[@]}" --pages 513
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
# --- ranges, mms, pins, further CPUs, releases, what-if refusals ------------------
add run --check khugepaged --writer zap-v6.9 --pages 2 --range 1-0
add run --check khugepaged --writer zap-v6.9 --pages 2 --range 0-5
add run --check khugepaged --writer zap-v6.9 --pages 2 --also nosuch
add run --check khugepaged --writer zap-v6.9 --pages 2 --mms 0,1,0-1
add run --check khugepaged --writer zap-v6.9 --pins 9
add run --check khugepaged-expected --writer try-to-unmap-batched --kernel current --pages 4 --pins 5
add run --check khugepaged --writer zap-v6.9 --pages 512 --pins 513
add run --check khugepaged --writer zap-v6.9 --pins -1
add run --check khugepaged --writer zap-v6.9 --pins all
add run --check compaction --writer gup-fast --pages 2 --pins 2
add matrix --pins 0
add matrix --pins every
add run --check khugepaged --writer zap-pmd --pages 2 --range 0
add run --check split --writer zap-v6.9 --kernel v6.10 --pages 1
add run --check ksm --writer gup-fast --pin-kind nope
add run --check ksm --writer gup-fast --ptep-clear-flush maybe
add run --check ksm --writer zap-v6.9 --kernel v6.10 --also gup-fast --also gup-fast
add matrix --kernel v9.9
# --- forged replay tokens (valid checksum, schedule edited) ---------------------
add replay "$f_64"
add replay "$f_3cpu"
add replay "$f_empty"
add replay "$f_short"
add replay "$f_padded"
add replay "$f_flipped"
add replay "$f_kind"
# --- forged lkmm tokens: the exact engine's execution state (which write each read reads,
# each write's coherence position) edited, re-checksummed ---------------------------------
ltok=$("$bin" run --check compaction --writer zap-v6.5 --reader-order ref-first --memory lkmm --pages 2 --pins 1 2>/dev/null | sed -n 's/.*foliocheck replay \(fc1\.[A-Za-z0-9_-]*\.[0-9a-f]*\).*/\1/p' | head -1)
if [ -n "$ltok" ]; then
    lmid=${ltok#fc1.}; lmid=${lmid%.*}
    b64url_decode "$lmid" >"$tmp/lpayload"
    lhdr=$(head -c 400 "$tmp/lpayload" | tr '\0' '\n' | head -1)
    read -r -a lbytes <<<"$(tail -c +$(( ${#lhdr} + 2 )) "$tmp/lpayload" | od -An -tu1 -v | tr -s ' \n' '  ')"
    lnums=(); v=0; sh=0
    for b in "${lbytes[@]}"; do v=$(( v | ((b & 127) << sh) )); sh=$((sh + 7)); if (( b < 128 )); then lnums+=("$v"); v=0; sh=0; fi; done
    forge_lstate() { { printf '%s' "$lhdr"; printf '\0'; varints "$@"; } >"$tmp/lforged"; forge "$tmp/lforged"; }
    k_count=$(forge_lstate $(( lnums[0] + 1 )) "${lnums[@]:1}" 1)
    ranged=("${lnums[@]}"); inits=("${lnums[@]}"); done_one=0
    for i in $(seq 1 $(( ${#lnums[@]} - 1 ))); do
        if (( lnums[i] >= 2 )); then
            inits[i]=1
            if (( !done_one )); then ranged[i]=1000; done_one=1; fi
        fi
    done
    k_range=$(forge_lstate "${ranged[@]}")
    k_init=$(forge_lstate "${inits[@]}")
    add replay "$k_count"
    add replay "$k_range"
    add replay "$k_init"
    add replay "$ltok" --trace raw
else
    echo "bad_inputs.sh: 'run ... --memory lkmm' printed no replay token" >&2
    failures=$((failures + 1))
fi
# --- forged `foliocheck litmus` tokens (run from the source tree: they name the file) --
src=$(cd "$(dirname "$0")/.." && pwd)
pushd "$src" >/dev/null
lt=$("$bin" litmus --memory c11 scenarios/lkmm/SB+poonceonces.litmus 2>/dev/null | sed -n 's/.*foliocheck replay \(fcl1\.[A-Za-z0-9_-]*\.[0-9a-f]*\).*/\1/p' | head -1)
if [ -n "$lt" ]; then
    lmid=${lt#fcl1.}; lmid=${lmid%.*}
    b64url_decode "$lmid" >"$tmp/lpayload"
    forge_litmus() {  # new state line -> token
        sed "s/^state=.*/state=$1/" "$tmp/lpayload" >"$tmp/lforged"
        printf 'fcl1.%s.%s' "$(b64url_encode <"$tmp/lforged")" "$(crc32_of "$tmp/lforged")"
    }
    l_64=$(forge_litmus "2 4 64 63 0 2 0 0 2 0 0 2 1 1 ")
    l_huge=$(forge_litmus "2 1000000000000 2 0 0 ")
    l_short=$(forge_litmus "2 1 2 0 0 ")
    add replay "$l_64"
    add replay "$l_huge"
    add replay "$l_short"
    add replay "$lt" --frobnicate
    add replay "$lt" --trace bogus
    lt_ok="$lt"
fi
# A litmus witness whose last stale-read choice is flipped: a schedule of the file whose
# execution does not satisfy the condition (MP+poonceonces reads the data new).
mt=$("$bin" litmus --memory c11 scenarios/lkmm/MP+poonceonces.litmus 2>/dev/null | sed -n 's/.*foliocheck replay \(fcl1\.[A-Za-z0-9_-]*\.[0-9a-f]*\).*/\1/p' | head -1)
if [ -n "$mt" ]; then
    mmid=${mt#fcl1.}; mmid=${mmid%.*}
    b64url_decode "$mmid" >"$tmp/lpayload"
    read -r -a st <<<"$(sed -n 's/^state=//p' "$tmp/lpayload")"
    k=$(( ${#st[@]} - 2 ))
    st[k]=$(( (st[k] + 1) % st[k - 1] ))
    l_flipped=$(forge_litmus "${st[*]} ")
    add replay "$l_flipped"
fi
popd >/dev/null
# --- exports that cannot be written: refused before the search --------------------
V=(run --check compaction --writer batch-zap-v4 --pages 2)
add "${V[@]}" --litmus /dev/full
add "${V[@]}" --dot /dev/null
add "${V[@]}" --dot "$tmp/fifo"
add "${V[@]}" --litmus "$tmp/dangling"
add "${V[@]}" --litmus "$tmp/adir"
add "${V[@]}" --litmus "$tmp/same" --dot "$tmp/same"
# --- hand-edited merge files, the same shard twice --------------------------------
add merge "$tmp/maybe.json"
add merge "$tmp/error.json"
add merge "$tmp/interrupted.json"
add merge "$tmp/negpre.json"
add merge "$tmp/hugepages.json"
add merge "$tmp/floatpages.json"
add merge "$tmp/negexec.json"
add merge "$tmp/notexh.json"
add merge "$tmp/nocheck.json"
add merge "$tmp/shard.json" "$tmp/shard.json"
add merge "$tmp/shard.json" "$tmp/shard-copy.json"
# --- a 130 KB argument gives a short line -----------------------------------------
add run --check "$huge" --writer zap-v6.5
add matrix --checks "$huge"
add replay "$huge"

# --- splitting one search, the hunt ---------------------------------------------
add "${W[@]}" --split 3/2
add "${W[@]}" --split 0/2
add "${W[@]}" --split 1/0
add "${W[@]}" --split x
add "${W[@]}" --split 1/2 --search bound
add "${W[@]}" --jobs 0
add "${W[@]}" --jobs 2 --search random --iterations 5
add "${W[@]}" --jobs 2 --split 1/2
add "${W[@]}" --count --first

# --- hostile cases whose right answer is not exit 2 -------------------------------
# add_rc CODE MODE ARGS...: exit CODE and one "foliocheck: " line on stderr (for CODE 0 or 1:
# an empty stderr is allowed). MODE: full (stdout /dev/full), closed (stdout closed), fsize
# (files limited to 512 bytes: an export fails after the search), sigint-group / sigterm /
# sighup (the signal after 0.5 s to the process group or to foliocheck alone; then no process
# of its group may be left), plain.
add_rc() {
    local want=$1 mode=$2 disp="foliocheck" a rc problem="" first lines pid
    shift 2
    for a in "$@"; do disp+=" $(show "$a")"; done
    case "$mode" in
        full) timeout 60 "$bin" "$@" >/dev/full 2>"$tmp/err" </dev/null; rc=$? ;;
        closed) timeout 60 "$bin" "$@" >&- 2>"$tmp/err" </dev/null; rc=$? ;;
        fsize) (ulimit -f 1; trap '' XFSZ; exec timeout 60 "$bin" "$@" </dev/null 2>&1 >/dev/null) | cat >"$tmp/err"
               rc=${PIPESTATUS[0]} ;;
        sig*)
            setsid "$bin" "$@" >/dev/null 2>"$tmp/err" </dev/null &
            pid=$!
            sleep 0.5
            case "$mode" in
                sigint-group) kill -INT -- "-$pid" ;;
                sigterm) kill -TERM "$pid" ;;
                sighup) kill -HUP "$pid" ;;
            esac
            local waited=0
            while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 20 ]; do sleep 0.1; waited=$((waited + 1)); done
            if kill -0 "$pid" 2>/dev/null; then problem="still running 2 s after the signal"; kill -KILL -- "-$pid"; fi
            wait "$pid"; rc=$?
            sleep 0.1
            if kill -0 -- "-$pid" 2>/dev/null; then problem="processes of its group left running"; kill -KILL -- "-$pid"; fi
            disp+=" ($mode after 0.5 s)" ;;
        ulimit) (ulimit -v 50000; exec timeout 60 "$bin" "$@" >/dev/null 2>"$tmp/err" </dev/null); rc=$?
                disp+=" (ulimit -v 50000)" ;;
        *) timeout 60 "$bin" "$@" >/dev/null 2>"$tmp/err" </dev/null; rc=$? ;;
    esac
    lines=$(wc -l <"$tmp/err")
    first=$(head -c 300 "$tmp/err" | head -1)
    if [ -n "$problem" ]; then :
    elif [ "$rc" -ne "$want" ]; then problem="exit $rc, not $want"
    elif [ "$lines" -eq 0 ] && [ "$want" -le 1 ] && [ "$mode" != fsize ]; then :
    elif [ "$lines" -ne 1 ]; then problem="$lines stderr lines, not 1"
    elif [[ "$first" != "foliocheck: "* ]]; then problem="stderr does not start with 'foliocheck: '"
    fi
    total=$((total + 1))
    first=${first//$tmp\//}
    if [ -n "$problem" ]; then
        failures=$((failures + 1))
        echo "| \`$disp\` | **$rc** | **FAIL: $problem**: ${first//|/\\|} |"
    else
        echo "| \`$disp\` | $rc | ${first//|/\\|} |"
    fi
}
add_rc 3 full list
# --pins up to the folio's pages is accepted: one pin per page, the count that a whole-batch
# writer hides (violation, exit 1).
add_rc 1 plain run --check khugepaged-expected --writer try-to-unmap-batched --kernel current --pages 8 --pins 8
add_rc 0 plain run --check khugepaged-expected --writer try-to-unmap-batched --kernel current --pages 4 --pins 1
add_rc 3 full run --check ksm --writer zap-v6.5
add_rc 3 full "${V[@]}" --json
add_rc 3 full matrix --checks ksm --json
add_rc 3 full merge "$tmp/shard.json"
add_rc 3 closed "${V[@]}"
add_rc 3 closed list
add_rc 1 fsize "${V[@]}" --litmus "$tmp/big.litmus"
add_rc 0 plain matrix --checks ksm --writers zap-v6.5 --shard 4/4
L=(--checks compaction --writers zap-v6.5,batch-zap-v4 --pages 1,3 --memory c11 --reader-barriers rmb --search full --jobs 2)
add_rc 130 sigint-group matrix "${L[@]}"
add_rc 143 sigterm matrix "${L[@]}"
add_rc 129 sighup matrix "${L[@]}" --json
add_rc 130 sigint-group fixes --check compaction --writer zap-v6.5 --pages 3 --memory c11 --reader-barrier rmb --search full --jobs 2
add_rc 143 sigterm validate --proposal v6.5-as-is --pages 3 --memory c11 --search full --jobs 2
add_rc 129 sighup compare v6.5-as-is aug-2023-rule --pages 3 --memory c11 --search full --jobs 2
add_rc 143 sigterm release --kernel v6.5
add_rc 130 sigint-group run --check compaction --writer zap-v6.5 --pages 3 --memory c11 --reader-barrier rmb --search full

# --- hostile scenario files: depth, long input, C's undefined integers, limits, names --------
rep() { head -c "$2" /dev/zero | tr '\0' "$1"; }  # a character N times
two='P1(int *x) { WRITE_ONCE(*x, 2); }'
S="$tmp/scn"; mkdir "$S"
{ echo 'C deep'; echo '{}'; printf 'P0(int *x) '; rep '{' 15000; rep '}' 15000; echo; echo "$two"; echo 'exists (x=1)'; } >"$S/braces.litmus"
{ echo 'C deep'; echo '{}'; printf 'P0(int *x) { int r0; r0 = '; rep '(' 20000; printf 1; rep ')' 20000; echo '; }'; echo "$two"; echo 'exists (x=1)'; } >"$S/parens.litmus"
{ echo 'C deep'; echo '{}'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'; printf 'exists '; rep '(' 20000; printf 'x=1'; rep ')' 20000; echo; } >"$S/cparens.litmus"
for op in '!' '~'; do
    { echo 'C deep'; echo '{}'; printf 'P0(int *x) { int r0; r0 = '; rep "$op" 100000; echo '1; }'; echo "$two"; echo 'exists (x=1)'; } >"$S/prefix$([ "$op" = '!' ] && echo bang || echo tilde).litmus"
done
{ echo 'C deep'; echo '{}'; printf 'P0(int *x) { int r0; r0 = '; for i in $(seq 20000); do printf '(int)'; done; echo '1; }'; echo "$two"; echo 'exists (x=1)'; } >"$S/casts.litmus"
{ echo 'C deep'; echo '{}'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'; printf 'exists ('; rep '~' 100000; echo 'x=1)'; } >"$S/cnot.litmus"
{ echo 'C sum'; echo '{}'; printf 'P0(int *x) { int r0; r0 = 1'; head -c 800000 /dev/zero | tr '\0' '+' | sed 's/+/+1/g'; echo '; }'; echo "$two"; echo 'exists (x=1)'; } >"$S/sum.litmus"
{ echo 'C sum'; echo '{}'; printf 'P0(int *x) { int r0; int r1; r0 = READ_ONCE(*x); r1 = r0'; for i in $(seq 20000); do printf ' + r0'; done; echo '; }'; echo "$two"; echo 'exists (0:r1=0)'; } >"$S/regsum.litmus"
{ echo 'C long'; printf '(*'; rep ' ' 30000; echo '*)'; echo '{}'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'; echo "$two"; echo 'exists (x=1)'; } >"$S/spaces.litmus"
{ echo 'C long'; printf '(*'; rep '*' 30000; echo ')'; echo '{}'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'; echo "$two"; echo 'exists (x=1)'; } >"$S/stars.litmus"
{ echo 'C long'; printf '// Summary: '; rep s 50000; echo; echo '{}'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'; echo "$two"; echo 'exists (x=1)'; } >"$S/summary.litmus"
ub() {  # NAME EXPR: P0 computes EXPR into r0
    { echo "C $1"; echo '{}'; echo "P0(int *x) { int r0; r0 = $2; WRITE_ONCE(*x, r0); }"; echo "$two"; echo 'exists (x=1)'; } >"$S/$1.litmus"
}
ub shift32 '1 << 32'; ub shiftneg '1 >> -1'; ub intmindiv '(-2147483647 - 1) / -1'; ub intminmod '(-2147483647 - 1) % -1'
ub overflow '2147483647 + 1'; ub mulover '65536 * 65536'; ub negmin '-(-2147483647 - 1)'; ub div0 '1 / 0'
ub leadzero '010'; ub toolarge '2147483648'; ub hexlarge '0x80000000'
rt() {  # NAME EXPR X: P0 computes EXPR from r0 = x, which holds X throughout
    { echo "C $1"; echo "{ x = $3; }"; echo "P0(int *x) { int r0; int r1; r0 = READ_ONCE(*x); r1 = $2; }"
      echo "P1(int *x) { WRITE_ONCE(*x, $3); }"; echo 'exists (0:r1=0)'; } >"$S/$1.litmus"
}
rt rtdiv0 '7 / r0' 0; rt rtmod0 '7 % r0' 0; rt rtintmin '(-2147483647 - 1) / r0' -1; rt rtshift '1 << r0' 32
{ echo 'C regs'; echo '{}'; echo 'P0(int *x) { int a[64]; WRITE_ONCE(*x, 1); }'; echo "$two"; echo 'exists (x=1)'; } >"$S/regarray.litmus"
{ echo 'C regs'; echo '{}'; echo 'P0(int *x) { int a[32]; int b[32]; WRITE_ONCE(*x, 1); }'; echo "$two"; echo 'exists (x=1)'; } >"$S/regs.litmus"
{ echo 'C none'; echo '// Result: Never'; echo '{}'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'; echo "$two"; } >"$S/nocond.litmus"
{ echo 'C nottrue'; echo '// Result: Never'; echo '{}'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'; echo "$two"; echo 'exists (~true)'; } >"$S/nottrue.litmus"
{ echo 'C strict'; echo '// Result: Sometimes'; echo '{ const int strict = 1; }'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'
  echo 'P1(int *x) { int r0; r0 = READ_ONCE(*x); }'; echo 'forall (~(strict=1) \/ 1:r0=1)'; } >"$S/strict.litmus"
{ printf 'C esc\033[2J\001\n'; echo '{}'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'; echo "$two"; echo 'exists (x=1)'; } >"$S/escname.litmus"
{ printf 'C bad\377\376utf\n'; echo '{}'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'; echo "$two"; echo 'exists (x=1)'; } >"$S/utf8name.litmus"
{ printf 'C nul\000name\n'; echo '{}'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'; echo "$two"; echo 'exists (x=1)'; } >"$S/nulname.litmus"
{ echo 'C part'; echo '{}'; echo 'P1(int *x) {'; echo '  int r0;'; echo '  r0 = READ_ONCE(*y);'; echo '}'; } >"$S/part.litmus"
{ echo 'C main'; echo '{}'; echo 'P0(int *x) { WRITE_ONCE(*x, 1); }'; echo 'exists (1:r0=1)'; } >"$S/main.litmus"
# A writer file (P0 only) that nests too deep: every command that loads writer files.
{ echo 'C deep-writer'; echo '// Kind: unmap'; echo '{ struct folio f = { .pages = 2 }; }'; printf 'P0(struct folio *f) '; rep '{' 15000; rep '}' 15000; echo; } >"$S/deepwriter.litmus"
for f in braces parens cparens prefixbang prefixtilde casts cnot sum regsum shift32 shiftneg intmindiv intminmod overflow mulover \
         negmin div0 leadzero toolarge hexlarge rtdiv0 rtmod0 rtintmin rtshift regarray regs; do
    add litmus "$S/$f.litmus"
done
add litmus --with "$S/main.litmus" "$S/part.litmus"
add run --check compaction --writer-file "$S/deepwriter.litmus"
add matrix --checks compaction --writer-file "$S/deepwriter.litmus"
add list --writer-file "$S/deepwriter.litmus"
add_rc 0 plain litmus "$S/spaces.litmus"
add_rc 0 plain litmus "$S/stars.litmus"
add_rc 0 plain litmus "$S/summary.litmus" --json
add_rc 1 plain litmus "$S/nocond.litmus"
add_rc 1 plain litmus "$S/nocond.litmus" --expect never
add_rc 0 plain litmus "$S/nottrue.litmus"
add_rc 0 plain litmus "$S/strict.litmus"
add_rc 0 plain litmus "$S/escname.litmus"
# ... and its name reaches the terminal escaped: no ESC or NUL byte on stdout.
total=$((total + 1))
if "$bin" litmus "$S/escname.litmus" "$S/nulname.litmus" 2>/dev/null | tr -d '\n' | od -An -c | grep -q '033\|\\0'; then
    failures=$((failures + 1)); echo "| \`foliocheck litmus scn/escname.litmus scn/nulname.litmus\` | 0 | **FAIL: ESC or NUL on stdout** |"
else
    echo "| \`foliocheck litmus scn/escname.litmus scn/nulname.litmus\` (stdout has no ESC or NUL byte) | 0 | |"
fi
add_rc 0 plain litmus "$S/utf8name.litmus" --json
add_rc 0 plain litmus "$S/nulname.litmus" --json

# --- merge: split parts of different configurations or builds --------------------------------
K=(run --check khugepaged --writer zap-v6.9 --mapcount large --pages 2 --reader-order map-first)
"$bin" "${K[@]}" --range 0 --split 2/3 --json >"$tmp/p2.json" 2>/dev/null
"$bin" "${K[@]}" --range 0 --split 3/3 --json >"$tmp/p3.json" 2>/dev/null
"$bin" "${K[@]}" --split 1/3 --json >"$tmp/p1.json" 2>/dev/null
M=(run --check compaction --writer zap-v6.5 --pages 2)
"$bin" "${M[@]}" --split 1/2 --json >"$tmp/m1.json" 2>/dev/null
"$bin" "${M[@]}" --split 2/2 --json >"$tmp/m2.json" 2>/dev/null
"$bin" "${M[@]}" --pins 2 --split 1/2 --json >"$tmp/m1pins.json" 2>/dev/null
"$bin" "${M[@]}" --also gup-fast --split 1/2 --json >"$tmp/m1also.json" 2>/dev/null
"$bin" "${M[@]}" --ptep-clear-flush plain --split 1/2 --json >"$tmp/m1flush.json" 2>/dev/null
"$bin" "${M[@]}" --mms 0-1 --split 1/2 --json >"$tmp/m1mms.json" 2>/dev/null
sed 's/"build": "[^"]*"/"build": "0000000"/' "$tmp/m1.json" >"$tmp/m1build.json"
sed 's/"configuration":/"configurationX":/' "$tmp/m1.json" >"$tmp/m1old.json"
add merge "$tmp/p2.json" "$tmp/p3.json" "$tmp/p1.json" --expect holds
add merge "$tmp/m1pins.json" "$tmp/m2.json"
add merge "$tmp/m1also.json" "$tmp/m2.json"
add merge "$tmp/m1flush.json" "$tmp/m2.json"
add merge "$tmp/m1mms.json" "$tmp/m2.json"
add merge "$tmp/m1build.json" "$tmp/m2.json"
add merge "$tmp/m1old.json" "$tmp/m2.json"
add_rc 0 plain merge "$tmp/m1.json" "$tmp/m2.json"
sed 's/"parts": 2$/"parts": 1000000000000/' "$tmp/m1.json" >"$tmp/m1huge.json"
add merge "$tmp/m1huge.json"
LT=(litmus --memory c11 --search full "$src/scenarios/examples/three-cpus-gup-fast-zap-compaction.litmus")
add_rc 143 sigterm "${LT[@]}"
add_rc 129 sighup "${LT[@]}"
# A writer file that only larger folios refuse: an error row with its reason, exit 2.
{ echo 'C grows'; echo '// Kind: unmap'; echo '{ struct folio f = { .pages = 2 }; }'; echo 'P0(struct folio *f)'; echo '{'
  echo '	int i;'; echo '	folio_get(f);'; echo '	for (i = 0; i < folio_nr_pages(f) * 300; i++) { }'; echo '	folio_put(f);'; echo '}'; } >"$S/grows.litmus"
add run --check compaction --writer-file "$S/grows.litmus" --pages 4 --jobs 2
add matrix --checks compaction --writer-file "$S/grows.litmus" --pages 1,4 --jobs 2
add matrix --checks compaction --writer-file "$S/grows.litmus" --pages 1,4 --json
add fixes --check compaction --writer-file "$S/grows.litmus" --pages 1,4
add validate --writer-file "$S/grows.litmus" --pages 1,4 --memory sc
add_rc 0 plain merge --help
add_rc 0 plain replay --help
if [ -n "${lt_ok:-}" ]; then  # a litmus token names its file relative to the repository root
    pushd "$src" >/dev/null
    add_rc 0 plain replay "$lt_ok" --json
    add_rc 0 plain replay "$lt_ok" --trace raw
    popd >/dev/null
fi
# --- out of memory: one line with what was explored, exit 3 -----------------------------------
# Not in a sanitizer build: ASan reserves its shadow memory at start-up, beyond the limit, so
# the binary dies before main() (docs/sanitizers.md).
if ! grep -q __asan_init "$bin"; then
    add_rc 3 ulimit run --check compaction --writer zap-v6.5 --pages 6 --also zap-v6.9 --also fork-v6.9 --count
fi

echo
echo "$total bad inputs, $failures broke the rule (exit 2, or the code named for the case, and one 'foliocheck: ' line on stderr)"
[ "$failures" -eq 0 ]
