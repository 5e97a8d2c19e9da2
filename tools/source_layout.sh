#!/usr/bin/env bash
# tools/source_layout.sh [ROOT]: the source stays in small files and in its layers. Fails
# (exit 1, one line per finding) if
#   - a .cpp, .hpp, .sh or .py file has more than 600 lines (split it by job);
#   - a file includes from a layer above its own: the layers are model/ <- checks/ <- lang/ <-
#     harness/, and inside harness/, search/ includes nothing from cli/ or report/ (searches
#     return typed results; printing them is the report's job, options the command line's).
# ROOT defaults to the repository this script is in. In a git checkout the files are those git
# tracks; otherwise (an exported tree, the self-test's tree) every file below ROOT except build
# directories.
set -uo pipefail
root=${1:-"$(cd "$(dirname "$0")/.." && pwd)"}
cd "$root" || { echo "source_layout: cannot enter $root" >&2; exit 2; }
max_lines=600

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp' '*.sh' '*.py')
else
    mapfile -t files < <(find . -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.sh' -o -name '*.py' \) \
                              -not -path './build*' -not -path './.git/*' | sed 's|^\./||' | sort)
fi
if [ "${#files[@]}" -eq 0 ]; then
    echo "source_layout: no source files found under $root" >&2
    exit 2
fi

found=0
for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    n=$(wc -l <"$f")
    if [ "$n" -gt "$max_lines" ]; then
        echo "$f: $n lines   <- more than $max_lines: split it into files with one job each"
        found=1
    fi
done

# layer DIR, the include prefixes it must not use, and why.
layer() {
    local dir=$1 forbidden=$2 why=$3 f hits
    for f in "${files[@]}"; do
        case "$f" in "$dir"/*) ;; *) continue ;; esac
        [ -f "$f" ] || continue
        hits=$(grep -n -E "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"($forbidden)/" -- "$f")
        if [ -n "$hits" ]; then
            printf '%s\n' "$hits" | sed "s|^|$f:|; s|\$|   <- $why|"
            found=1
        fi
    done
}
layer model 'checks|lang|harness' 'model/ is the bottom layer: it includes nothing from checks/, lang/ or harness/'
layer checks 'lang|harness' 'checks/ includes nothing from lang/ or harness/'
layer lang 'harness' 'lang/ includes nothing from harness/'
layer harness/search 'harness/cli|harness/report' \
    'harness/search/ includes nothing from cli/ or report/: return a typed result and print it there'

exit $found
