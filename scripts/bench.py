#!/usr/bin/env python3
"""foliocheck benchmark: executions, states and wall time against folio size, per search mode.

    scripts/bench.py [--bin build/harness/foliocheck] [--runs 3] [--timeout 20] [--out docs/bench]

For compaction, khugepaged and split against zap-v6.5 (refcount read first: the
configurations that hold) and batch-zap-v4 (the known
violation), pages 1, 2, 4, ..., 512, under sc and under lkmm with smp_rmb() between the reads,
it runs `foliocheck run --json` with --search full, reduced and cached (per-page mapcounts), and
with --search cached and --mapcount large (v6.10's _large_mapcount). A series stops growing
once a run hits the timeout. The median wall time of --runs runs is kept (one run when a run
takes more than 1 s). Then one long search is run with --jobs 1 and --jobs 2.
It writes <out>.tsv, <out>.md (tables for docs/performance.md) and, with gnuplot, <out>.png
(seconds against pages, both axes log) and <out>-executions.png (executions and states
against pages, beside the counts an optimal stateless DPOR checker needs). Nothing is asserted.
"""
import argparse, json, os, platform, shutil, statistics, subprocess, sys, time

CHECKS = ["compaction", "khugepaged", "split"]
WRITERS = [("zap-v6.5", "holds"), ("batch-zap-v4", "violation")]
PAGES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
MEMS = [("sc", "none"), ("lkmm", "rmb")]
SERIES = [("full", "per-page"), ("reduced", "per-page"), ("cached", "per-page"), ("cached", "large")]
# An optimal stateless DPOR checker on compaction/zap-v6.5/ref-first/sc (performance targets, docs/performance.md).
OPTIMAL = {1: 3, 2: 9, 4: 35, 8: 519, 12: 8203, 16: 131087}


def run_once(binary, args, timeout):
    cmd = [binary, "run"] + args + ["--timeout", str(timeout), "--json"]
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - t0
    if p.returncode not in (0, 1, 4):
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    return wall, json.loads(p.stdout)


def measure(binary, args, runs, timeout):
    walls, j = [], None
    for _ in range(runs):
        w, j = run_once(binary, args, timeout)
        walls.append(w)
        if w > 1 or j["stopped_by"]:
            break
    return statistics.median(walls), len(walls), j


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/harness/foliocheck")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--out", default="docs/bench")
    ap.add_argument("--checks", default=",".join(CHECKS))
    ap.add_argument("--plot-only", action="store_true", help="only redraw the plots from <out>.tsv")
    a = ap.parse_args()
    if a.plot_only:
        with open(a.out + ".tsv") as f:
            head = f.readline().rstrip("\n").split("\t")
            rows = [dict(zip(head, line.rstrip("\n").split("\t"))) for line in f]
        for r in rows:
            r["seconds"], r["pages"], r["executions"] = float(r["seconds"]), int(r["pages"]), int(r["executions"])
        plot(rows, a.out)
        return 0
    rows = []
    for check in a.checks.split(","):
        # Refcount first for every check: the order under which zap-v6.5 holds for all three
        # (khugepaged's own order, mapcount first, fails against a zap in another mm).
        order = "ref-first"
        for writer, _ in WRITERS:
            for mem, barrier in MEMS:
                for mode, mapcount in SERIES:
                    if mem != "sc" and mode == "cached":
                        continue  # under lkmm the cached search is the reduced search
                    for pages in PAGES:
                        if pages == 1 and (mapcount == "large" or writer == "batch-zap-v4" or check == "split"):
                            continue  # a small folio has no _large_mapcount, no batched zap, no split
                        args = ["--check", check, "--writer", writer, "--pages", str(pages), "--mapcount", mapcount,
                                "--reader-order", order, "--reader-barrier", barrier, "--memory", mem,
                                "--search", mode]
                        wall, n, j = measure(a.bin, args, a.runs, a.timeout)
                        row = dict(check=check, writer=writer, memory=mem + ("+rmb" if barrier == "rmb" else ""),
                                   mode=mode, mapcount=mapcount, pages=pages, verdict=j["verdict"],
                                   executions=j["executions"], states=j.get("states") or "", seconds=wall, runs=n,
                                   stopped=j["stopped_by"] or "")
                        rows.append(row)
                        print("\t".join(str(row[k]) for k in row), flush=True)
                        if row["stopped"]:
                            break
    # One long search split over 2 processes.
    par = []
    for args in (["--check", "compaction", "--writer", "zap-v6.5", "--pages", "7", "--reader-order", "ref-first",
                  "--memory", "lkmm", "--reader-barrier", "rmb", "--search", "reduced"],
                 ["--check", "compaction", "--writer", "zap-v6.5", "--pages", "64", "--reader-order", "ref-first",
                  "--search", "cached"]):
        for jobs in (1, 2):
            wall, _, j = measure(a.bin, args + ["--jobs", str(jobs)], 1, 3600)
            par.append(dict(config=" ".join(args), jobs=jobs, verdict=j["verdict"], executions=j["executions"],
                            seconds=wall))
            print(par[-1], flush=True)
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    keys = list(rows[0].keys())
    with open(a.out + ".tsv", "w") as f:
        f.write("\t".join(keys) + "\n")
        for r in rows:
            f.write("\t".join(str(r[k]) for k in keys) + "\n")
    with open(a.out + ".md", "w") as f:
        f.write(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; median of up to "
                f"{a.runs} runs; timeout {a.timeout:g} s per run; load average at the end: "
                f"{os.getloadavg()[0]:.1f}.\n\n")
        f.write("| check | writer | memory | search | mapcount | pages | verdict | executions | states | wall s |\n")
        f.write("|---|---|---|---|---|---|---|---|---|---|\n")
        for r in rows:
            verdict = r["verdict"] + (f" (stopped: {r['stopped']})" if r["stopped"] else "")
            f.write(f"| {r['check']} | {r['writer']} | {r['memory']} | {r['mode']} | {r['mapcount']} | {r['pages']} | "
                    f"{verdict} | {r['executions']} | {r['states']} | {r['seconds']:.3f} |\n")
        f.write("\n| one search | --jobs | verdict | executions | wall s |\n|---|---|---|---|---|\n")
        for p in par:
            f.write(f"| `{p['config']}` | {p['jobs']} | {p['verdict']} | {p['executions']} | {p['seconds']:.2f} |\n")
    plot(rows, a.out)
    return 0


def plot(rows, out):
    if shutil.which("gnuplot"):
        data = out + ".dat"
        names = []
        with open(data, "w") as f:
            for mem in ("sc", "lkmm+rmb"):
                for mode, mapcount in SERIES:
                    sel = [r for r in rows if (r["check"], r["writer"], r["memory"], r["mode"], r["mapcount"]) ==
                           ("compaction", "zap-v6.5", mem, mode, mapcount) and not r["stopped"]]
                    if not sel:
                        continue
                    names.append(f"{mem}, {mode}" + (", large mapcount" if mapcount == "large" else ""))
                    f.write(f"# {names[-1]}\n")
                    for r in sel:
                        f.write(f"{r['pages']} {max(r['seconds'], 1e-3):.4f} {r['executions']} {r['states'] or 0}\n")
                    f.write("\n\n")
            f.write("# optimal stateless DPOR (executions an optimal stateless checker needs)\n")
            for p, n in sorted(OPTIMAL.items()):
                f.write(f"{p} 0 {n} 0\n")
            f.write("\n\n")
        common = "set logscale xy; set xlabel 'pages (log)'; set key left top; set xrange [0.8:700]; "
        plot = ", ".join(f"'{data}' index {i} using 1:2 with linespoints title '{n}'" for i, n in enumerate(names))
        subprocess.run(["gnuplot", "-e", f"set terminal pngcairo size 900,560; set output '{out}.png'; {common}"
                        "set ylabel 'wall seconds (log)'; "
                        "set title 'compaction vs zap-v6.5 (refcount first): time against folio size'; plot " + plot],
                       check=True)
        plot = ", ".join(f"'{data}' index {i} using 1:3 with linespoints title '{n}: executions'"
                         for i, n in enumerate(names))
        plot += f", '{data}' index {len(names)} using 1:3 with points pt 7 title 'optimal stateless DPOR'"
        subprocess.run(["gnuplot", "-e", f"set terminal pngcairo size 900,560; set output '{out}-executions.png'; "
                        f"{common}set ylabel 'executions (log)'; "
                        "set title 'compaction vs zap-v6.5 (refcount first): executions against folio size'; plot " +
                        plot], check=True)


if __name__ == "__main__":
    sys.exit(main())
