#!/usr/bin/env python3
"""foliocheck benchmark: wall time and executions per configuration, plain vs reduced search.

    scripts/bench.py [--bin build/harness/foliocheck] [--runs 5] [--timeout 60] [--out docs/bench]

For each check against zap-v6.5 (the refcount read first: the configuration that holds) and
batch-zap-v4 (the known violation), pages 1, 2, 4, 8, 16, under sc and under lkmm with
smp_rmb() between the reads, it runs `foliocheck run --json` with --search full and with
--search reduced, takes the median wall time of --runs runs (one run when a run takes longer
than 10 s), and stops growing the page count for a mode once it hit the timeout. It writes
<out>.tsv and <out>.md (a table for docs/performance.md) and, when gnuplot is installed,
<out>.png (time against pages). Timings come from the process wall clock; executions from the
tool. Nothing is asserted: the figures are printed for a person to read.
"""
import argparse, json, os, platform, shutil, statistics, subprocess, sys, time

CHECKS = ["ksm", "compaction", "khugepaged", "split"]
WRITERS = [("zap-v6.5", "holds"), ("batch-zap-v4", "violation")]
PAGES = [1, 2, 4, 8, 16]
MEMS = [("sc", "none"), ("lkmm", "rmb")]
MODES = ["full", "reduced"]


def run_once(binary, check, writer, pages, mem, barrier, mode, timeout):
    order = "map-first" if check == "khugepaged" else "ref-first"
    cmd = [binary, "run", "--check", check, "--writer", writer, "--pages", str(pages), "--reader-order", order,
           "--reader-barrier", barrier, "--memory", mem, "--search", mode, "--timeout", str(timeout), "--json"]
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - t0
    if p.returncode not in (0, 1, 4):
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    j = json.loads(p.stdout)
    return wall, j


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/harness/foliocheck")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--out", default="docs/bench")
    ap.add_argument("--checks", default=",".join(CHECKS))
    a = ap.parse_args()
    rows = []
    for check in a.checks.split(","):
        for writer, _ in WRITERS:
            for mem, barrier in MEMS:
                for mode in MODES:
                    for pages in PAGES:
                        if check == "ksm" and pages > 1:
                            break
                        walls, j = [], None
                        for i in range(a.runs):
                            w, j = run_once(a.bin, check, writer, pages, mem, barrier, mode, a.timeout)
                            walls.append(w)
                            if w > 10 or j["stopped_by"]:
                                break
                        med = statistics.median(walls)
                        row = dict(check=check, writer=writer, memory=mem, barrier=barrier, mode=mode, pages=pages,
                                   verdict=j["verdict"], executions=j["executions"], seconds=med, runs=len(walls),
                                   per_second=(j["executions"] / j["seconds"]) if j["seconds"] > 0 else 0,
                                   stopped=j["stopped_by"] or "")
                        rows.append(row)
                        print("\t".join(str(row[k]) for k in ("check", "writer", "memory", "mode", "pages", "verdict",
                                                              "executions", "seconds", "runs", "stopped")), flush=True)
                        if row["stopped"]:
                            break
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    keys = ["check", "writer", "memory", "barrier", "mode", "pages", "verdict", "executions", "seconds", "runs",
            "per_second", "stopped"]
    with open(a.out + ".tsv", "w") as f:
        f.write("\t".join(keys) + "\n")
        for r in rows:
            f.write("\t".join(str(r[k]) for k in keys) + "\n")
    with open(a.out + ".md", "w") as f:
        f.write(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
                f"median of up to {a.runs} runs; timeout {a.timeout:g} s per run.\n\n")
        f.write("| check | writer | memory | search | pages | verdict | executions | wall s | executions/s |\n")
        f.write("|---|---|---|---|---|---|---|---|---|\n")
        for r in rows:
            verdict = r["verdict"] + (f" (stopped: {r['stopped']})" if r["stopped"] else "")
            mem = r["memory"] + ("+rmb" if r["barrier"] == "rmb" else "")
            f.write(f"| {r['check']} | {r['writer']} | {mem} | {r['mode']} | {r['pages']} | {verdict} | "
                    f"{r['executions']} | {r['seconds']:.3f} | {r['per_second']:.0f} |\n")
    if shutil.which("gnuplot"):
        data = a.out + ".dat"
        with open(data, "w") as f:
            for mem in ("sc", "lkmm"):
                for mode in MODES:
                    f.write(f"# compaction zap-v6.5 {mem} {mode}\n")
                    for r in rows:
                        if (r["check"], r["writer"], r["memory"], r["mode"]) == ("compaction", "zap-v6.5", mem, mode):
                            f.write(f"{r['pages']} {r['seconds']:.4f}\n")
                    f.write("\n\n")
        plot = (f"set terminal pngcairo size 900,560; set output '{a.out}.png'; set logscale y; "
                "set xlabel 'pages'; set ylabel 'wall seconds (log)'; set key left top; "
                "set title 'compaction vs zap-v6.5 (refcount read first): time against folio size'; "
                f"plot '{data}' index 0 with linespoints title 'sc, full', '' index 1 with linespoints title 'sc, reduced', "
                "'' index 2 with linespoints title 'lkmm+rmb, full', '' index 3 with linespoints title 'lkmm+rmb, reduced'")
        subprocess.run(["gnuplot", "-e", plot], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
