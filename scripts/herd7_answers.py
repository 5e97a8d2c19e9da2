#!/usr/bin/env python3
"""herd7's answers as data: parses herd7's output for litmus files into the rows of an
answers file (scripts/herd7-answers.sh runs herd7 and calls this; see that script).

    herd7_answers.py rows OUTPUT_FILE EXIT_STATUS FILE...   one row per FILE from the output
                                                            of one herd7 run on those FILEs
    herd7_answers.py header NAME                           the answers file's header lines

A row: file, test, observation, positive, negative, flags, states, seconds (tab-separated).
  observation  Never | Sometimes | Always as herd7 prints it; "error" when herd7 refused
               the file (its warning line is in flags); "timeout" when herd7 printed nothing
               for the test (it ran out of its -timeout, or the hard stop after it)
  positive, negative   herd7's counts of candidate executions satisfying the condition or not
  flags        herd7's "Flag NAME" lines (e.g. data-race), sorted, joined by ","; "-" if none
  states       herd7's final states, each as herd7 lists it with the blanks removed
               ("1:r0=1;1:r1=0;"), the states sorted and joined by " | "; "-" if none
  seconds      herd7's own Time line (informative only, never compared); for a timeout,
               ">" and the limit herd7-answers.sh gave it
"""
import datetime
import os
import sys

HERD7_VERSION = "herd7 7.57 (herdtools7 commit 30fad543696c)"
LKMM_FILES = ("linux-kernel.bell, linux-kernel.cat and linux-kernel.def at kernel commit "
              "02bae7a24257; lock.cat at 3867a24cc408; linux-kernel.cfg at fc4b04d84027")
COLUMNS = ["file", "test", "observation", "positive", "negative", "flags", "states", "seconds"]


def header(name):
    day = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    return "\n".join([
        f"# {name}: herd7's answers under the Linux-kernel memory model (LKMM).",
        f"# Oracle: {HERD7_VERSION}, with {LKMM_FILES}.",
        f"# Produced {day} by scripts/herd7-answers.sh (run by hand, never by CI: herd7 is not",
        "# a build dependency). Columns are described in scripts/herd7_answers.py.",
        "\t".join(COLUMNS),
    ])


def parse(text):
    """The answer herd7 printed for one test: (test, observation, pos, neg, flags, states, time)."""
    test, obs, pos, neg, flags, states, secs = "-", None, "-", "-", [], [], "-"
    lines = text.splitlines()
    k = 0
    while k < len(lines):
        line = lines[k].strip()
        if line.startswith("Test ") and (line.endswith(" Allowed") or line.endswith(" Required")
                                          or line.endswith(" Forbidden")):
            test = line.split()[1]
        elif line.startswith("States "):
            n = int(line.split()[1])
            states = sorted("".join(lines[k + 1 + i].split()) for i in range(n))
            k += n
        elif line.startswith("Positive:"):
            parts = line.replace(":", " ").split()
            pos, neg = parts[1], parts[3]
        elif line.startswith("Flag "):
            flags.append(line.split()[1])
        elif line.startswith("Observation "):
            parts = line.split()
            obs = parts[2]
            pos, neg = parts[3], parts[4]
        elif line.startswith("Time "):
            secs = line.split()[2]
        k += 1
    return test, obs, pos, neg, sorted(set(flags)), states, secs


def test_name(path):
    with open(path, errors="replace") as fh:
        for line in fh:
            if line.startswith("C "):
                return line.split()[1]
    return None


def rows(output_file, status, paths):
    """herd7 prints one block per test, from "Test NAME" to its Observation line; a file it
    refused has no block but a warning naming the file."""
    with open(output_file, errors="replace") as fh:
        text = fh.read()
    blocks, current = {}, None
    for line in text.splitlines(keepends=True):
        if line.startswith("Test "):
            current = line.split()[1]
            blocks[current] = ""
        if current is not None:
            blocks[current] += line
    out = []
    for path in paths:
        name = test_name(path)
        test, obs, pos, neg, flags, states, secs = parse(blocks.get(name, ""))
        if obs is None:
            base = os.path.basename(path)
            err = [ln for ln in text.splitlines() if base in ln and "Warning" in ln]
            if err:  # herd7 refused the file
                obs = "error"
                flags = [err[0].replace("\t", " ").replace(os.path.dirname(os.path.abspath(path)) + "/", "")]
            else:  # herd7 stopped at its -timeout (it then prints nothing), or was stopped
                obs = "timeout"
                # The limit it ran out of, as herd7-answers.sh passed it (-timeout $TIMEOUT).
                if os.environ.get("timeout_s"):
                    secs = ">" + os.environ["timeout_s"]
        out.append("\t".join([path, test, obs, pos, neg, ",".join(flags) or "-",
                               " | ".join(states) or "-", secs]))
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "header":
        print(header(sys.argv[2]))
    elif len(sys.argv) >= 5 and sys.argv[1] == "rows":
        print("\n".join(rows(sys.argv[2], sys.argv[3], sys.argv[4:])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
