"""Vocabulary of the LKMM litmus generator (scripts/gen-lkmm-litmus.py).

The classic two- to four-CPU shapes as events (a write of a value, or a read that the
condition expects to see a value), the ways a read or a write can be spelled in the
kernel's C (the access kinds), and the ways two consecutive accesses of one CPU can be
ordered or not (the edges). Every primitive here is both one that the kernel's
tools/memory-model/linux-kernel.def maps (so herd7 answers it) and one that foliocheck's
scenario language accepts (model/kernel_atomics.cpp's table, docs/scenarios.md).
"""

# --- shapes ---------------------------------------------------------------------------


def W(loc, val):
    return {"op": "W", "loc": loc, "val": val}


def R(loc, exp):
    return {"op": "R", "loc": loc, "exp": exp}


# Each shape: per-CPU event lists and the final values of locations that its outcome
# needs (the registers' expected values are in the R events). The outcome asked about
# is the one the shape is named for: the cycle that sequential consistency forbids.
SHAPES = {
    # two CPUs
    "MP": ([[W("x", 1), W("y", 1)], [R("y", 1), R("x", 0)]], {}),
    "SB": ([[W("x", 1), R("y", 0)], [W("y", 1), R("x", 0)]], {}),
    "LB": ([[R("x", 1), W("y", 1)], [R("y", 1), W("x", 1)]], {}),
    "2+2W": ([[W("x", 1), W("y", 2)], [W("y", 1), W("x", 2)]], {"x": 1, "y": 1}),
    "S": ([[W("x", 2), W("y", 1)], [R("y", 1), W("x", 1)]], {"x": 2}),
    "R": ([[W("x", 1), W("y", 1)], [W("y", 2), R("x", 0)]], {"y": 2}),
    # three CPUs
    "WRC": ([[W("x", 1)], [R("x", 1), W("y", 1)], [R("y", 1), R("x", 0)]], {}),
    "RWC": ([[W("x", 1)], [R("x", 1), R("y", 0)], [W("y", 1), R("x", 0)]], {}),
    "WWC": ([[W("x", 2)], [R("x", 2), W("y", 1)], [R("y", 1), W("x", 1)]], {"x": 2}),
    "WRW+2W": ([[W("x", 2)], [R("x", 2), W("y", 1)], [W("y", 2), W("x", 1)]],
               {"x": 2, "y": 2}),
    "ISA2": ([[W("x", 1), W("y", 1)], [R("y", 1), W("z", 1)], [R("z", 1), R("x", 0)]], {}),
    "Z6.0": ([[W("x", 1), W("y", 1)], [R("y", 1), W("z", 1)], [W("z", 2), R("x", 0)]],
             {"z": 2}),
    "Z6.2": ([[W("x", 1), W("y", 1)], [R("y", 1), W("z", 1)], [R("z", 1), W("x", 2)]],
             {"x": 1}),
    "W+RWC": ([[W("x", 1), W("y", 1)], [R("y", 1), R("z", 0)], [W("z", 1), R("x", 0)]], {}),
    "3.SB": ([[W("x", 1), R("y", 0)], [W("y", 1), R("z", 0)], [W("z", 1), R("x", 0)]], {}),
    "3.LB": ([[R("x", 1), W("y", 1)], [R("y", 1), W("z", 1)], [R("z", 1), W("x", 1)]], {}),
    "3.2W": ([[W("x", 2), W("y", 1)], [W("y", 2), W("z", 1)], [W("z", 2), W("x", 1)]],
             {"x": 2, "y": 2, "z": 2}),
    # four CPUs
    "IRIW": ([[W("x", 1)], [R("x", 1), R("y", 0)], [W("y", 1)], [R("y", 1), R("x", 0)]], {}),
    # one location: coherence
    "CoRR": ([[W("x", 1)], [R("x", 1), R("x", 0)]], {}),
    "CoRW": ([[R("x", 2), W("x", 1)], [W("x", 2)]], {"x": 2}),
    "CoWR": ([[W("x", 1), R("x", 2)], [W("x", 2)]], {"x": 1}),
    "CoWW": ([[W("x", 1), W("x", 2)]], {"x": 1}),
    "CoWW+RR": ([[W("x", 1), W("x", 2)], [R("x", 2), R("x", 1)]], {}),
}

# --- access kinds ---------------------------------------------------------------------
# A write kind renders (location, value expression, fresh register or None); a read kind
# renders (location, register). Kinds marked "rmw" also write or read their location.

WRITE_KINDS = {
    "once": lambda x, v, t: f"WRITE_ONCE(*{x}, {v});",
    "release": lambda x, v, t: f"smp_store_release({x}, {v});",
    "plain": lambda x, v, t: f"*{x} = {v};",
    "set": lambda x, v, t: f"atomic_set({x}, {v});",
    "setrelease": lambda x, v, t: f"atomic_set_release({x}, {v});",
}
ORDERS = (("", ""), ("_relaxed", "rlx"), ("_acquire", "acq"), ("_release", "rel"))
for _sfx, _code in ORDERS:
    WRITE_KINDS["xchg" + _code] = (lambda s: lambda x, v, t: f"{t} = xchg{s}({x}, {v});")(_sfx)
for _sfx, _code in ORDERS[:2]:  # atomic_xchg*() is xchg*() in linux-kernel.def
    WRITE_KINDS["atomicxchg" + _code] = (
        lambda s: lambda x, v, t: f"{t} = atomic_xchg{s}({x}, {v});")(_sfx)

# Kinds that write exactly their value whatever the location held: usable at a location
# that several CPUs write (the final-value conditions stay the shape's).
OVERWRITING = {k for k in WRITE_KINDS}

# Kinds that are right only when this CPU is the location's one writer and it starts at
# 0: cmpxchg(x, 0, v) then always succeeds, and adding v to 0 writes v.
for _sfx, _code in ORDERS:
    WRITE_KINDS["cmpxchgok" + _code] = (
        lambda s: lambda x, v, t: f"{t} = cmpxchg{s}({x}, 0, {v});")(_sfx)
    WRITE_KINDS["addreturn" + _code] = (
        lambda s: lambda x, v, t: f"{t} = atomic_add_return{s}({v}, {x});")(_sfx)
    WRITE_KINDS["fetchadd" + _code] = (
        lambda s: lambda x, v, t: f"{t} = atomic_fetch_add{s}({v}, {x});")(_sfx)
    WRITE_KINDS["increturn" + _code] = (
        lambda s: lambda x, v, t: f"{t} = atomic_inc_return{s}({x});")(_sfx)
WRITE_KINDS["fetchinc"] = lambda x, v, t: f"{t} = atomic_fetch_inc({x});"
WRITE_KINDS["add"] = lambda x, v, t: f"atomic_add({v}, {x});"
WRITE_KINDS["inc"] = lambda x, v, t: f"atomic_inc({x});"
WRITE_KINDS["incandtest"] = lambda x, v, t: f"{t} = atomic_inc_and_test({x});"
WRITE_KINDS["addnegative"] = lambda x, v, t: f"{t} = atomic_add_negative({v}, {x});"

# Kinds that only add 1 (inc) need the value 1.
ONLY_ONE = {k for k in WRITE_KINDS if "inc" in k}
# Kinds whose statement needs a register for the returned value.
RETURNS = {k for k in WRITE_KINDS if "{t}" in WRITE_KINDS[k]("X", "V", "{t}")}

# A cmpxchg whose expected value (9) no CPU ever writes always fails: a read, with the
# failed conditional RMW's ordering (none, in LKMM). atomic_fetch_add(0, x) reads and
# rewrites the same value: a read that is also an RMW.
READ_KINDS = {
    "once": lambda x, r: f"{r} = READ_ONCE(*{x});",
    "acquire": lambda x, r: f"{r} = smp_load_acquire({x});",
    "plain": lambda x, r: f"{r} = *{x};",
    "read": lambda x, r: f"{r} = atomic_read({x});",
    "readacquire": lambda x, r: f"{r} = atomic_read_acquire({x});",
}
for _sfx, _code in ORDERS:
    READ_KINDS["cmpxchgfail" + _code] = (lambda s: lambda x, r: f"{r} = cmpxchg{s}({x}, 9, 8);")(_sfx)
for _sfx, _code in ORDERS[:3]:
    READ_KINDS["fetchaddzero" + _code] = (
        lambda s: lambda x, r: f"{r} = atomic_fetch_add{s}(0, {x});")(_sfx)

# --- edges between two consecutive accesses of one CPU --------------------------------
# A fence edge puts statements between the two accesses. The private-RMW edges run an
# RMW on a location only this CPU touches (u0, u1, ...: its value never matters), to ask
# what the RMW orders around it. Structural edges change the accesses instead:
#   rel / acq     the later write is a release / the earlier read an acquire
#   data          the later write's value depends on the earlier read (r ^ r: always 0,
#                 a dependency all the same, as LKMM counts them: syntactically)
#   ctrl          the later access runs only if the earlier read saw the value the
#                 condition asks for
#   addr          the later access's address depends on the earlier read: x + (r ^ r),
#                 computed in place (herd7 reads `READ_ONCE(*(x + e))` as `p = x + e; *p`)
#   ulkl          each access in its own critical section of the CPU's lock: unlock,
#                 then lock again, between them
#   lockmbas      the later access in a critical section opened by spin_lock() and
#                 smp_mb__after_spinlock()
#   ulklmbaul     as ulkl, with smp_mb__after_unlock_lock() after the second spin_lock()
FENCE_EDGES = {
    "po": [],
    "mb": ["smp_mb();"],
    "rmb": ["smp_rmb();"],
    "wmb": ["smp_wmb();"],
    "mbbefore": ["smp_mb__before_atomic();"],
    "mbafter": ["smp_mb__after_atomic();"],
    "mbafterspinlock": ["smp_mb__after_spinlock();"],
}
PRIVATE_RMW_EDGES = {
    "xchgu": ["{t} = xchg({u}, 1);"],
    "xchgrlxu": ["{t} = xchg_relaxed({u}, 1);"],
    "cmpxchgoku": ["{t} = cmpxchg({u}, 0, 1);"],
    "cmpxchgfailu": ["{t} = cmpxchg({u}, 1, 2);"],
    "cmpxchgfailu-mbafter": ["{t} = cmpxchg({u}, 1, 2);", "smp_mb__after_atomic();"],
    "mbbefore-cmpxchgfailu": ["smp_mb__before_atomic();", "{t} = cmpxchg({u}, 1, 2);"],
    "incu-mbafter": ["atomic_inc({u});", "smp_mb__after_atomic();"],
    "mbbefore-incu": ["smp_mb__before_atomic();", "atomic_inc({u});"],
    "addreturnrlxu-mbafter": ["{t} = atomic_add_return_relaxed(1, {u});",
                              "smp_mb__after_atomic();"],
}
STRUCTURAL_EDGES = ["rel", "acq", "data", "ctrl", "addr", "ulkl", "lockmbas"]

# Language features added later (docs/scenarios.md): each adds edges once foliocheck
# accepts it; the generator only writes what the language accepts.
FEATURE_EDGES = {
    "barrier": {"barrier": ["barrier();"]},
}
FEATURE_STRUCTURAL_EDGES = {
    "after-unlock-lock": ["ulklmbaul"],
}


def edge_applies(edge, a, b):
    """Whether an edge can join access a to the next access b of the same CPU."""
    if edge == "rel":
        return b["op"] == "W"
    if edge == "acq":
        return a["op"] == "R"
    if edge == "data":
        return a["op"] == "R" and b["op"] == "W"
    if edge == "ctrl" or edge == "addr":
        return a["op"] == "R"
    return True
