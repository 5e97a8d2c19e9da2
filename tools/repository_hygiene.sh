#!/usr/bin/env bash
# tools/repository_hygiene.sh [ROOT]: the repository stands alone. Fails (exit 1, one line per
# finding) if a file of the repository, or a file's name, contains
#   - a directory of the machine it was written on: a home or work directory, /root, /opt
#     (/tmp, /dev and /proc are fine: tests and scripts use them);
#   - a document outside the repository (a shared documents folder beside it, a research folder);
#   - a tracker number ("issue" and a number): name the capability instead.
# ROOT defaults to the repository this script is in. In a git checkout the files are those git
# tracks; otherwise (an exported tree) every file below ROOT except build directories.
set -uo pipefail
root=${1:-"$(cd "$(dirname "$0")/.." && pwd)"}
cd "$root" || { echo "repository_hygiene: cannot enter $root" >&2; exit 2; }

# The patterns are assembled from pieces so that this file does not match itself.
w=work; r=root; h=home; o=opt; s=shared; d=docs; q=research
machine_dirs="(^|[^A-Za-z0-9_.~-])/($w|$r|$h|$o)/"
outside_docs="$s/$d|\\.\\./$s|/$q/"
tracker="\\b[i]ssue[ _-]?[0-9]+"

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files)
else
    mapfile -t files < <(find . -type f -not -path './build*' -not -path './.git/*' | sed 's|^\./||' | sort)
fi
if [ "${#files[@]}" -eq 0 ]; then
    echo "repository_hygiene: no files found under $root" >&2
    exit 2
fi

found=0
report() {  # pattern, what, grep options
    local pattern=$1 what=$2 opts=$3 hits
    hits=$(printf '%s\0' "${files[@]}" | xargs -0 grep -I -n -E $opts -- "$pattern" 2>/dev/null)
    if [ -n "$hits" ]; then
        printf '%s\n' "$hits" | sed "s|\$|   <- $what|"
        found=1
    fi
    hits=$(printf '%s\n' "${files[@]}" | grep -E $opts -- "$pattern")
    if [ -n "$hits" ]; then
        printf '%s\n' "$hits" | sed "s|\$|   <- file name: $what|"
        found=1
    fi
}
report "$machine_dirs" "a directory of this machine (write a path relative to the repository)" ""
report "$outside_docs" "a document outside the repository (cite the kernel or a measurement the project re-runs)" ""
report "$tracker" "a tracker number (name the capability instead)" "-i"

if [ "$found" -ne 0 ]; then
    echo "repository_hygiene: FAILED (${#files[@]} files checked)" >&2
    exit 1
fi
echo "repository_hygiene: ${#files[@]} files checked, none names a machine directory, an outside document or a tracker number"
