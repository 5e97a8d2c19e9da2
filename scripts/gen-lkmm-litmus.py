#!/usr/bin/env python3
"""Writes foliocheck's own LKMM litmus programs: the classic shapes (MP, SB, LB, 2+2W, S,
R, WRC, RWC, WWC, ISA2, Z6.x, W+RWC, 3.SB, 3.LB, 3.2W, IRIW, Co*) with every barrier,
access kind, RMW order variant, dependency and lock placement that both herd7's
linux-kernel.def and foliocheck's scenario language know (scripts/lkmm_litmus_vocab.py).

    scripts/gen-lkmm-litmus.py [OUTDIR]     (default tests/lkmm-conformance/generated)

Deterministic: the same files, byte for byte, on every run; OUTDIR's *.litmus files are
replaced. The answers are herd7's, committed beside them (scripts/herd7-answers.sh).

Families (the second part of each file's comment says which one made it):
  fences    every pair of edges for the shapes with two ordered pairs; for the others,
            one edge kind everywhere, or one edge varied with the rest po or smp_mb()
  rmw-edge  an RMW on a CPU-private location between two accesses (what xchg, cmpxchg
            success or failure, atomic_inc + smp_mb__after_atomic() order around them)
  access    one access spelled another way (acquire/release, plain, atomic_*, every RMW
            order variant), the rest READ_ONCE/WRITE_ONCE, edges po or smp_mb()
  atomic    an RMW in place of a write, or a failing cmpxchg in place of a read, with
            smp_mb__before_atomic() before it or smp_mb__after_atomic() after it
  lock      critical sections: whole CPUs under one lock, under their own locks, each
            access in its own, spin_trylock()
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lkmm_litmus_vocab import (SHAPES, WRITE_KINDS, READ_KINDS, OVERWRITING, ONLY_ONE,  # noqa: E402
                               RETURNS, FENCE_EDGES, PRIVATE_RMW_EDGES, FEATURE_EDGES,
                               FEATURE_STRUCTURAL_EDGES, edge_applies)

# The language features of FEATURE_EDGES that foliocheck accepts today.
ACCEPTED_FEATURES = ["barrier", "after-unlock-lock"]

CORE_EDGES = ["po", "mb", "rmb", "wmb", "mbbefore", "mbafter", "mbafterspinlock",
              "rel", "acq", "data", "ctrl", "addr", "ulkl", "lockmbas"]
for _f in ACCEPTED_FEATURES:
    FENCE_EDGES.update(FEATURE_EDGES.get(_f, {}))
    CORE_EDGES += list(FEATURE_EDGES.get(_f, {})) + FEATURE_STRUCTURAL_EDGES.get(_f, [])


# Shapes that get every pair of core edges; the others get one edge kind at a time.
FULL_PRODUCT = ["MP", "SB", "LB", "S"]
# Shapes that also get every access kind with smp_mb() edges (all get it with po edges).
ACCESS_UNDER_MB = ["MP", "SB", "LB"]
# The other shapes get every order of one RMW of each family, not of every family.
FEWER_KINDS = {"once", "release", "plain", "set", "setrelease", "xchg", "xchgrlx", "xchgacq",
               "xchgrel", "cmpxchgok", "cmpxchgokrlx", "addreturn", "addreturnrlx",
               "addreturnacq", "addreturnrel", "inc", "add",
               "acquire", "read", "readacquire", "cmpxchgfail", "cmpxchgfailrlx",
               "cmpxchgfailacq", "fetchaddzero"}
ALL_KINDS = ["MP", "SB", "LB", "2+2W", "S", "R", "WRC", "ISA2"]


def clone_threads(shape):
    threads, finals = SHAPES[shape]
    out = []
    for evs in threads:
        out.append({"events": [dict(e, acc="once") for e in evs],
                    "edges": ["po"] * (len(evs) - 1), "cs": None})
    return out, dict(finals)


def writers(threads):
    count = {}
    for t in threads:
        for e in t["events"]:
            if e["op"] == "W":
                count[e["loc"]] = count.get(e["loc"], 0) + 1
    return count


def edge_slots(threads):
    return [(i, j) for i, t in enumerate(threads) for j in range(len(t["edges"]))]


class Thread:
    """Renders one CPU: registers r0.. for the shape's reads, then temporaries."""

    def __init__(self, idx, spec):
        self.idx, self.spec = idx, spec
        self.lines, self.depth = [], 1
        self.regs, self.params = [], set()
        nreads = sum(1 for e in spec["events"] if e["op"] == "R")
        self.next_tmp = nreads
        reg = 0
        for e in spec["events"]:
            if e["op"] == "R":
                e["reg"] = f"r{reg}"
                self.regs.append(e["reg"])
                reg += 1

    def tmp(self):
        r = f"r{self.next_tmp}"
        self.next_tmp += 1
        self.regs.append(r)
        return r

    def emit(self, line):
        self.lines.append("\t" * self.depth + line)

    def access(self, e, value):
        self.params.add(e["loc"])
        # An address-dependent access: its address computed from the earlier read.
        where = f"({e['loc']} + ({e['addr']} ^ {e['addr']}))" if e.get("addr") else e["loc"]
        if e["op"] == "R":
            self.emit(READ_KINDS[e["acc"]](where, e["reg"]))
            return
        t = self.tmp() if e["acc"] in RETURNS else None
        self.emit(WRITE_KINDS[e["acc"]](where, value, t))

    def event(self, e, value):
        if not e.get("wrap"):
            self.access(e, value)
            return
        lock = self.spec.get("lock", "s")
        self.params.add(lock)
        self.emit(f"spin_lock({lock});")
        if e.get("mbas"):
            self.emit("smp_mb__after_spinlock();")
        if e.get("mbaul"):
            self.emit("smp_mb__after_unlock_lock();")
        self.access(e, value)
        self.emit(f"spin_unlock({lock});")

    def render(self):
        evs, edges = self.spec["events"], self.spec["edges"]
        for k, edge in enumerate(edges):  # structural edges mark the accesses first
            a, b = evs[k], evs[k + 1]
            if edge == "rel":
                b["acc"] = "release"
            elif edge == "acq":
                a["acc"] = "acquire"
            elif edge == "addr":
                b["addr"] = a["reg"]
            elif edge == "ulkl":
                a["wrap"] = b["wrap"] = True
            elif edge == "lockmbas":
                b["wrap"] = b["mbas"] = True
            elif edge == "ulklmbaul":
                a["wrap"] = b["wrap"] = b["mbaul"] = True
        cs = self.spec["cs"]
        if cs:
            self.params.add(cs)
            self.emit(f"spin_lock({cs});")
        if self.spec.get("trylock"):
            lock = self.spec["trylock"]
            self.params.add(lock)
            t = self.tmp()
            self.emit(f"{t} = spin_trylock({lock});")
            self.emit(f"if ({t}) {{")
            self.depth += 1
        for k, e in enumerate(evs):
            value = str(e.get("val"))
            edge = edges[k - 1] if k else "po"
            prev = evs[k - 1] if k else None
            if edge in FENCE_EDGES:
                for line in FENCE_EDGES[edge]:
                    self.emit(line)
            elif edge in PRIVATE_RMW_EDGES:
                u = f"u{self.idx}"
                self.params.add(u)
                for line in PRIVATE_RMW_EDGES[edge]:
                    self.emit(line.format(u=u, t=self.tmp() if "{t}" in line else ""))
            elif edge == "data":
                value = f"({prev['reg']} ^ {prev['reg']}) + {e['val']}"
            if edge == "ctrl":
                self.emit(f"if ({prev['reg']} == {prev['exp']}) {{")
                self.depth += 1
                self.event(e, value)
                self.depth -= 1
                self.emit("}")
            else:
                self.event(e, value)
        if self.spec.get("trylock"):
            self.emit(f"spin_unlock({self.spec['trylock']});")
            self.depth -= 1
            self.emit("}")
        if cs:
            self.emit(f"spin_unlock({cs});")

    def text(self):
        self.render()
        params = []
        for p in sorted(self.params):
            params.append(("spinlock_t *" if p.startswith("s") else "int *") + p)
        out = [f"P{self.idx}({', '.join(params)})", "{"]
        out += [f"\tint {r};" for r in self.regs]
        if self.regs:
            out.append("")
        return "\n".join(out + self.lines + ["}"])


def program(name, family, what, threads, finals):
    import copy
    threads = copy.deepcopy(threads)
    bodies = [Thread(i, t).text() for i, t in enumerate(threads)]
    conds = []
    for i, t in enumerate(threads):
        for e in t["events"]:
            if e["op"] == "R":
                conds.append(f"{i}:{e['reg']}={e['exp']}")
    conds += [f"{x}={v}" for x, v in sorted(finals.items())]
    body = "{}\n\n" + "\n\n".join(bodies) + "\n\nexists (" + " /\\ ".join(conds) + ")\n"
    head = (f"C {name}\n\n(*\n * foliocheck's own LKMM conformance program, written by\n"
            f" * scripts/gen-lkmm-litmus.py (family {family}); herd7's answer is in\n"
            f" * tests/lkmm-conformance/herd7-answers.tsv.\n * {what}\n *)\n\n")
    return head, body


def thread_code(t):
    """A CPU's part of a test name: its accesses' kinds joined by its edges' names."""
    evs, parts = t["events"], []
    for k, e in enumerate(evs):
        if k:
            parts.append(t["edges"][k - 1])
        parts.append(("r" if e["op"] == "R" else "w") + e["acc"])
    code = ".".join(parts)
    if t["cs"]:
        code = "lock" + t["cs"] + "-" + code
    if t.get("trylock"):
        code = "trylock" + t["trylock"] + "-" + code
    return code


class Collector:
    def __init__(self):
        self.files, self.bodies, self.family_count = {}, set(), {}

    def add(self, shape, family, what, threads, finals):
        name = shape + "+" + "+".join(thread_code(t) for t in threads)
        head, body = program(name, family, what, threads, finals)
        if body in self.bodies or name in self.files:
            return
        self.bodies.add(body)
        self.files[name] = head + body
        self.family_count[family] = self.family_count.get(family, 0) + 1


def fences(col, shape):
    base, finals = clone_threads(shape)
    slots = edge_slots(base)

    def with_edges(assign):
        th, _ = clone_threads(shape)
        for (i, j), edge in assign.items():
            a, b = th[i]["events"][j], th[i]["events"][j + 1]
            if not edge_applies(edge, a, b):
                return
            th[i]["edges"][j] = edge
        col.add(shape, "fences", "Edges: " + ", ".join(
            f"P{i} {e}" for (i, _), e in sorted(assign.items())) + ".", th, finals)

    if shape in FULL_PRODUCT:
        import itertools
        for combo in itertools.product(CORE_EDGES, repeat=len(slots)):
            with_edges(dict(zip(slots, combo)))
        return
    for edge in CORE_EDGES:
        th, _ = clone_threads(shape)
        assign = {}
        for (i, j) in slots:
            a, b = th[i]["events"][j], th[i]["events"][j + 1]
            assign[(i, j)] = edge if edge_applies(edge, a, b) else "po"
        with_edges(assign)
        for rest in ("po", "mb"):
            for s in slots:
                assign = {x: rest for x in slots}
                assign[s] = edge
                with_edges(assign)


def rmw_edges(col, shape):
    _, finals = clone_threads(shape)
    slots = edge_slots(clone_threads(shape)[0])
    for edge in PRIVATE_RMW_EDGES:
        for chosen in [slots] + [[s] for s in slots]:
            th, _ = clone_threads(shape)
            for (i, j) in chosen:
                th[i]["edges"][j] = edge
            col.add(shape, "rmw-edge", f"{edge} between the accesses of "
                    + ", ".join(f"P{i}" for i, _ in chosen) + ".", th, finals)


def access(col, shape):
    base, finals = clone_threads(shape)
    nwriters = writers(base)
    for context in ("po", "mb") if shape in ACCESS_UNDER_MB else ("po",):
        for i, t in enumerate(base):
            for k, e in enumerate(t["events"]):
                kinds = READ_KINDS if e["op"] == "R" else WRITE_KINDS
                for kind in kinds:
                    if shape not in ALL_KINDS and kind not in FEWER_KINDS:
                        continue
                    if e["op"] == "W":
                        if kind not in OVERWRITING and nwriters[e["loc"]] > 1:
                            continue
                        if kind in ONLY_ONE and e["val"] != 1:
                            continue
                    th, _ = clone_threads(shape)
                    th[i]["events"][k]["acc"] = kind
                    for x in th:
                        x["edges"] = [context] * len(x["edges"])
                    col.add(shape, "access", f"P{i}'s access to {e['loc']} as {kind}; "
                            f"edges {context}.", th, finals)
    for kind in ("plain", "acquire", "release"):  # every access spelled one way
        th, _ = clone_threads(shape)
        for t in th:
            for e in t["events"]:
                if kind == "plain" or (kind == "acquire") == (e["op"] == "R"):
                    e["acc"] = kind
        col.add(shape, "access", f"every {kind} access as {kind}.", th, finals)


ATOMIC_AROUND = [("inc", "mbbefore"), ("inc", "mbafter"), ("add", "mbbefore"),
                 ("add", "mbafter"), ("addreturnrlx", "mbbefore"), ("addreturnrlx", "mbafter"),
                 ("xchgrlx", "mbbefore"), ("xchgrlx", "mbafter"),
                 ("cmpxchgokrlx", "mbbefore"), ("cmpxchgokrlx", "mbafter"),
                 ("cmpxchgfail", "mbbefore"), ("cmpxchgfail", "mbafter"),
                 ("cmpxchgfailrlx", "mbafter"), ("fetchaddzerorlx", "mbafter"),
                 ("fetchaddzerorlx", "mbbefore")]


def atomic(col, shape):
    base, finals = clone_threads(shape)
    nwriters = writers(base)
    for i, t in enumerate(base):
        for k, e in enumerate(t["events"]):
            for kind, fence in ATOMIC_AROUND:
                if (kind in READ_KINDS) != (e["op"] == "R"):
                    continue
                if e["op"] == "W" and (nwriters[e["loc"]] > 1 and kind not in OVERWRITING
                                       or kind in ONLY_ONE and e["val"] != 1):
                    continue
                j = k - 1 if fence == "mbbefore" else k
                if j < 0 or j >= len(t["edges"]):
                    continue
                th, _ = clone_threads(shape)
                th[i]["events"][k]["acc"] = kind
                th[i]["edges"][j] = fence
                col.add(shape, "atomic", f"P{i}'s access to {e['loc']} as {kind}, "
                        f"{fence} next to it.", th, finals)


def locks(col, shape):
    base, finals = clone_threads(shape)
    n = len(base)
    for mask in range(1, 1 << n):
        for own in (False, True):
            if own and bin(mask).count("1") < 2:
                continue
            th, _ = clone_threads(shape)
            for i, t in enumerate(th):
                if mask >> i & 1:
                    t["cs"] = f"s{i}" if own else "s"
            col.add(shape, "lock", "Whole CPUs in critical sections: " + ", ".join(
                f"P{i}" for i in range(n) if mask >> i & 1)
                + (" (each its own lock)." if own else " (one lock)."), th, finals)
    for mask in range(1, 1 << n):  # each access its own critical section
        th, _ = clone_threads(shape)
        for i, t in enumerate(th):
            if mask >> i & 1:
                for e in t["events"]:
                    e["wrap"] = True
                if len(t["events"]) == 1:
                    t["cs"] = "s"
                    t["events"][0]["wrap"] = False
        col.add(shape, "lock", "Each access of " + ", ".join(
            f"P{i}" for i in range(n) if mask >> i & 1) + " in its own critical section.",
            th, finals)
    for i in range(n):  # one CPU under spin_trylock(), the others under spin_lock()
        th, _ = clone_threads(shape)
        for j, t in enumerate(th):
            if j == i:
                t["trylock"] = "s"
            else:
                t["cs"] = "s"
        col.add(shape, "lock", f"P{i} under spin_trylock(), the others under spin_lock().",
                th, finals)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "tests", "lkmm-conformance", "generated")
    col = Collector()
    for shape in SHAPES:
        fences(col, shape)
        rmw_edges(col, shape)
        access(col, shape)
        atomic(col, shape)
        locks(col, shape)
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        if f.endswith(".litmus"):
            os.remove(os.path.join(out, f))
    for name in sorted(col.files):
        with open(os.path.join(out, name + ".litmus"), "w") as fh:
            fh.write(col.files[name])
    print(f"{len(col.files)} programs in {os.path.normpath(out)}: " + ", ".join(
        f"{k} {v}" for k, v in sorted(col.family_count.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
