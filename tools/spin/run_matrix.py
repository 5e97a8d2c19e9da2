#!/usr/bin/env python3
"""Run the SPIN cross-check matrix and compare against foliocheck (memory sc).

For every configuration (check x writer x pages x mapcount x reader order, see
gen_promela.configurations()):
  1. generate the Promela model (gen_promela.py),
  2. spin -a; gcc -O2 -DSAFETY -o pan pan.c; ./pan -m<depth> -c0
     (-c0: do not stop at the first error, so the state count is the full
     state space and 'errors' counts violating end points; the depth bound is
     doubled until pan no longer reports "max search depth too small"),
  3. if pan found an error, re-run ./pan to get a trail and save the
     simulated counterexample (spin -t -p) next to the model,
  4. run foliocheck run ... --memory sc --json and read "verdict",
  5. compare.

Prints one table row per configuration, MISMATCH lines, and a summary.
Exit status: 0 if all verdicts agree, 1 if there is a mismatch, 2 on a tool
error (e.g. truncated search, unparsable output).

Usage: run_matrix.py [--workdir DIR] [--jobs N] [--foliocheck PATH]
                     [--filter SUBSTR] [--noreduce]
"""

import argparse
import concurrent.futures as cf
import hashlib
import json
import shutil
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_promela  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_FC = os.path.join(REPO, "build", "harness", "foliocheck")


class ToolError(Exception):
    pass


def sh(cmd, cwd, timeout=600):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=timeout)
    return p.returncode, p.stdout


def run_pan(d, depth):
    """Run pan with -c0; raise depth until the search is not truncated."""
    while True:
        t0 = time.perf_counter()
        rc, out = sh(["./pan", f"-m{depth}", "-c0"], d)
        secs = time.perf_counter() - t0
        if "max search depth too small" in out:
            depth *= 2
            if depth > 10_000_000:
                raise ToolError("depth bound exploded")
            continue
        break
    for bad in ("reached -DMEMLIM", "out of memory", "hash table is full",
                "Search not completed"):
        # with -c0, "Search not completed" would only appear on truncation
        if bad in out:
            raise ToolError(f"pan: {bad}\n{out}")
    m_err = re.search(r"errors:\s*(\d+)", out)
    m_st = re.search(r"^\s*(\d+)\s+states, stored", out, re.M)
    m_depth = re.search(r"depth reached\s+(\d+)", out)
    if not (m_err and m_st and m_depth):
        raise ToolError(f"cannot parse pan output:\n{out}")
    with open(os.path.join(d, "pan.out"), "w") as f:
        f.write(out)
    return {"errors": int(m_err.group(1)), "states": int(m_st.group(1)),
            "depth": int(m_depth.group(1)), "depth_bound": depth,
            "seconds": secs}


def run_spin(cfg, workdir, noreduce, reuse, keep_pan=False):
    name = gen_promela.config_name(*cfg)
    d = os.path.join(workdir, name)
    os.makedirs(d, exist_ok=True)
    for stale in ("model.pml.trail", "trail.txt"):
        if os.path.exists(os.path.join(d, stale)):
            os.remove(os.path.join(d, stale))
    text = gen_promela.Gen(*cfg).model()
    cflags = ["-O2", "-DSAFETY"] + (["-DNOREDUCE"] if noreduce else [])
    key = hashlib.sha256((text + " ".join(cflags)).encode()).hexdigest()
    cache = os.path.join(d, "result.json")
    if reuse and os.path.exists(cache):
        with open(cache) as f:
            old = json.load(f)
        if old.get("key") == key:
            old["cached"] = True
            return old
    with open(os.path.join(d, "model.pml"), "w") as f:
        f.write(text)
    rc, out = sh(["spin", "-a", "model.pml"], d)
    if rc != 0:
        raise ToolError(f"spin -a failed for {name}:\n{out}")
    rc, out = sh(["gcc"] + cflags + ["-o", "pan", "pan.c"], d)
    if rc != 0:
        raise ToolError(f"gcc failed for {name}:\n{out}")
    res = run_pan(d, 10000)
    if res["errors"] > 0:
        # first counterexample, kept for analysis
        sh(["./pan", f"-m{res['depth_bound']}"], d)
        rc, out = sh(["spin", "-t", "-p", "-g", "-l", "model.pml"], d)
        with open(os.path.join(d, "trail.txt"), "w") as f:
            f.write(out)
    res["verdict"] = "violation" if res["errors"] > 0 else "holds"
    res["dir"] = d
    if not keep_pan:
        for x in ("pan", "pan.b", "pan.c", "pan.h", "pan.m", "pan.p", "pan.t"):
            if os.path.exists(os.path.join(d, x)):
                os.remove(os.path.join(d, x))
    res["key"] = key
    with open(cache, "w") as f:
        json.dump(res, f)
    return res


def run_foliocheck(cfg, fc):
    check, writer, pages, mc, order, rng = cfg
    cmd = [fc, "run", "--check", check, "--writer", writer,
           "--pages", str(pages), "--mapcount", mc, "--reader-order", order,
           "--memory", "sc", "--json"]
    if rng == "first":
        cmd += ["--range", "0"]
    # Combinations the kernel never runs are refused without --what-if.
    if pages == 1 and (writer == "batch-zap-v4" or check in ("split", "split-expected")):
        cmd += ["--what-if"]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=3600)
    secs = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        raise ToolError(f"foliocheck rc={p.returncode}: {' '.join(cmd)}\n{p.stderr}")
    try:
        j = json.loads(p.stdout)
    except json.JSONDecodeError as e:
        raise ToolError(f"foliocheck output not JSON ({e}): {' '.join(cmd)}")
    v = j.get("verdict")
    if v not in ("violation", "holds"):
        raise ToolError(f"foliocheck verdict {v!r}: {' '.join(cmd)}")
    if not j.get("exhaustive", True):
        raise ToolError(f"foliocheck search not exhaustive: {' '.join(cmd)}")
    expected_rc = 1 if v == "violation" else 0
    if p.returncode != expected_rc:
        raise ToolError(f"foliocheck rc {p.returncode} vs verdict {v}")
    return {"verdict": v, "seconds": secs,
            "executions": j.get("executions"),
            "violating": j.get("violating_executions")}


def one(cfg, args):
    s = run_spin(cfg, args.workdir, args.noreduce, args.reuse, args.keep_pan)
    f = run_foliocheck(cfg, args.foliocheck)
    return cfg, s, f


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workdir", default=os.path.join(HERE, "out"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--foliocheck", default=DEFAULT_FC)
    ap.add_argument("--filter", default="",
                    help="only configurations whose name contains this")
    ap.add_argument("--noreduce", action="store_true",
                    help="compile pan with -DNOREDUCE (no partial-order reduction)")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse a cached SPIN result when the model text and "
                         "compiler flags are unchanged (foliocheck always re-runs)")
    ap.add_argument("--keep-pan", action="store_true",
                    help="keep the generated pan sources and binary per configuration")
    args = ap.parse_args()

    if not os.access(args.foliocheck, os.X_OK):
        sys.exit(f"foliocheck not found at {args.foliocheck}; build it: "
                 "cmake -S . -B build && cmake --build build -j2 (from the repository root)")
    os.makedirs(args.workdir, exist_ok=True)
    # Snapshot the binary: the build tree may be rebuilt while the matrix runs.
    snap = os.path.join(args.workdir, "foliocheck.snapshot")
    shutil.copy2(args.foliocheck, snap)
    with open(snap, "rb") as f:
        fc_sha = hashlib.sha256(f.read()).hexdigest()[:12]
    head = subprocess.run(["git", "-C", REPO, "log", "-1", "--format=%h %ci"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True).stdout.strip()
    print(f"foliocheck: {args.foliocheck} (sha256 {fc_sha}, copied to {snap}; "
          f"repo HEAD {head or '?'}, binary mtime "
          f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(os.path.getmtime(snap)))} UTC)")
    print(f"spin: {subprocess.run(['spin', '-V'], stdout=subprocess.PIPE, text=True).stdout.strip()}; "
          f"pan cflags -O2 -DSAFETY{' -DNOREDUCE' if args.noreduce else ''}\n")
    args.foliocheck = snap
    cfgs = [c for c in gen_promela.configurations()
            if args.filter in gen_promela.config_name(*c)]

    results = {}
    errors = []
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        futs = {ex.submit(one, c, args): c for c in cfgs}
        for fu in cf.as_completed(futs):
            c = futs[fu]
            try:
                _, s, f = fu.result()
                results[c] = (s, f)
            except Exception as e:  # noqa: BLE001
                errors.append((c, e))

    hdr = (f"{'check':<19} {'writer':<18} {'N':>1} {'mapcount':<16} {'order':<9} {'range':<5} "
           f"{'spin':<9} {'states':>7} {'spin_s':>7} {'foliocheck':<10} "
           f"{'fc_s':>6}  agree")
    print(hdr)
    print("-" * len(hdr))
    mism = []
    for c in cfgs:
        if c not in results:
            continue
        s, f = results[c]
        agree = s["verdict"] == f["verdict"]
        if not agree:
            mism.append((c, s, f))
        ch, w, n, mc, o, rg = c
        print(f"{ch:<19} {w:<18} {n:>1} {mc:<16} {o:<9} {rg:<5} {s['verdict']:<9} "
              f"{s['states']:>7} {s['seconds']:>7.3f} {f['verdict']:<10} "
              f"{f['seconds']:>6.3f}  {'yes' if agree else 'NO'}")
    print()
    for c, s, f in mism:
        print(f"MISMATCH {gen_promela.config_name(*c)}: spin={s['verdict']} "
              f"foliocheck={f['verdict']}  (spin trail: {s['dir']})")
    for c, e in errors:
        print(f"ERROR {gen_promela.config_name(*c)}: {e}")
    nviol = sum(1 for s, _ in results.values() if s["verdict"] == "violation")
    print(f"\nsummary: {len(results)} configurations compared, "
          f"{len(mism)} mismatches, {len(errors)} tool errors; "
          f"spin: {nviol} violation / {len(results) - nviol} holds; "
          f"max pan depth {max((s['depth'] for s, _ in results.values()), default=0)}"
          f" (bound {max((s['depth_bound'] for s, _ in results.values()), default=0)})")
    if errors:
        return 2
    return 1 if mism else 0


if __name__ == "__main__":
    sys.exit(main())
