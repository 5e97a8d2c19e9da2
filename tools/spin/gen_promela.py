#!/usr/bin/env python3
"""Generate Promela models for an independent SPIN cross-check of foliocheck.

One model per configuration:
    check    ksm | compaction | khugepaged | split |
             khugepaged-expected | split-expected | lazyfree
    writer   zap-v6.5 | zap-v6.5-nogather | batch-zap-v4 | zap-v6.9 |
             fork-v6.5 | fork-v6.9
    pages    1..3          (ksm: 1 only)
    mapcount per-page | large | mm-id | no-page-mapcount
    order    ref-first | map-first
    range    all | first   (the writer acts on every page, or on page 0 only)

The models are written from the scenario definition in tools/spin/README.md
(the "canonical snapshot scenario") and the kernel notes in
docs/kernel-facts.md, NOT from foliocheck's sources.

Memory model: sequential consistency.  Every kernel atomic RMW / load / store
is one Promela step (an atomic{} block when the kernel op also produces a
value the thread uses, e.g. atomic_add_negative()).  Purely thread-local
computation is folded into the step that produced its input, which does not
change the set of reachable outcomes.  The checker's loads are separate steps.

The checker ends with assert(extra): SPIN reports an assertion violation iff
some interleaving lets the check conclude "no extra reference" while the pin
(one extra reference held for the whole run) exists.

Usage:
    gen_promela.py --check C --writer W --pages N --mapcount D --order O [-o FILE]
    gen_promela.py --all --outdir DIR      (writes every matrix configuration)
"""

import argparse
import itertools
import os
import sys

CHECKS = ["ksm", "compaction", "khugepaged", "split",
          "khugepaged-expected", "split-expected", "lazyfree"]
WRITERS = ["zap-v6.5", "zap-v6.5-nogather", "batch-zap-v4", "zap-v6.9",
           "fork-v6.5", "fork-v6.9"]
MAPCOUNTS = ["per-page", "large", "mm-id", "no-page-mapcount"]
ORDERS = ["ref-first", "map-first"]
RANGES = ["all", "first"]

# References the checker itself already holds (lazyfree: reclaim's isolation reference).
OWN_REFS = {"ksm": 1, "compaction": 1, "split": 1, "khugepaged": 0,
            "khugepaged-expected": 0, "split-expected": 1, "lazyfree": 1}
# Does the checker's own mm map every page once more?
CHECKER_MAPS = {"ksm": True, "khugepaged": True,
                "compaction": False, "split": False,
                "khugepaged-expected": True, "split-expected": False,
                "lazyfree": True}


def configurations():
    """The original 240 (the v6.5/v6.10 checks, whole-folio writers, per-page and
    large), minus the two combinations foliocheck now runs only with --what-if
    (split and batch-zap-v4 at 1 page stay in, run with --what-if), plus the
    extension: the CONFIG_MM_ID and CONFIG_NO_PAGE_MAPCOUNT designs and a
    partial range (the writer acts on page 0 only) at 2 and 3 pages, for the
    newer checks too."""
    for check, writer, pages, mc, order in itertools.product(
            CHECKS[:4], WRITERS, [1, 2, 3], MAPCOUNTS[:2], ORDERS):
        if check == "ksm" and pages != 1:
            continue
        yield check, writer, pages, mc, order, "all"
    ext_checks = ["compaction", "khugepaged", "split", "khugepaged-expected",
                  "split-expected", "lazyfree"]
    ext_writers = ["zap-v6.5", "zap-v6.9", "fork-v6.9"]
    for check, writer, pages, order in itertools.product(
            ext_checks, ext_writers, [2, 3], ORDERS):
        for mc, rng in [("large", "first"), ("mm-id", "first"),
                        ("no-page-mapcount", "first"), ("mm-id", "all"),
                        ("no-page-mapcount", "all")]:
            yield check, writer, pages, mc, order, rng


def config_name(check, writer, pages, mc, order, rng="all"):
    base = f"{check}__{writer}__p{pages}__{mc}__{order}"
    return base if rng == "all" else base + "__" + rng


class Gen:
    def __init__(self, check, writer, pages, mapcount, order, rng="all"):
        if check not in CHECKS or writer not in WRITERS or \
           mapcount not in MAPCOUNTS or order not in ORDERS or rng not in RANGES:
            raise ValueError("unknown configuration item")
        if not 1 <= pages <= 3:
            raise ValueError("pages must be 1..3")
        if check == "ksm" and pages != 1:
            raise ValueError("ksm is defined for small (1-page) folios only")
        self.check, self.writer, self.n = check, writer, pages
        self.mc, self.order, self.rng = mapcount, order, rng
        self.large = pages > 1                       # folio_test_large()
        # _large_mapcount exists (every design after per-page, large folios only)
        self.lmc = self.large and mapcount != "per-page"
        # CONFIG_MM_ID: _large_mapcount changes under the folio's mapcount bit
        # spinlock by a load and a store (and the mm's slot likewise)
        self.locked = self.lmc and mapcount in ("mm-id", "no-page-mapcount")
        # CONFIG_NO_PAGE_MAPCOUNT: no page->_mapcount, no _nr_pages_mapped
        self.pmc = not (self.large and mapcount == "no-page-mapcount")
        self.maps = 2 if CHECKER_MAPS[check] else 1
        # the writer's pages: all, or page 0 only (a partial zap/fork)
        self.pages_w = list(range(pages)) if rng == "all" else [0]
        self.k = len(self.pages_w)

    # ---------------- writer fragments -----------------------------------
    # Each returned line is one Promela statement == one atomic step.

    def remove_rmap_page(self, i, count_var=None):
        """page_remove_rmap(page i) (v6.5) without the _large_mapcount part.

        last = atomic_add_negative(-1, &page->_mapcount) is one RMW; the
        _nr_pages_mapped decrement (only for large folios, only when last) is
        a second RMW.  With count_var the 'last' results are accumulated
        instead (folio_remove_rmap_range: one sub after the loop).
        Nothing under CONFIG_NO_PAGE_MAPCOUNT for a large folio."""
        out = []
        if not self.pmc:
            return out
        if count_var is None:
            out.append(f"atomic {{ mc[{i}] = mc[{i}] - 1; last = (mc[{i}] < 0) }};")
            if self.large:
                out.append("if :: last -> npm = npm - 1 :: else -> skip fi;")
        else:
            out.append(f"atomic {{ mc[{i}] = mc[{i}] - 1; "
                       f"if :: mc[{i}] < 0 -> {count_var} = {count_var} + 1 "
                       f":: else -> skip fi }};")
        return out

    def lmc_add(self, d, slot=True):
        """_large_mapcount += d: one atomic RMW (v6.10), or under CONFIG_MM_ID
        (docs/kernel-facts.md §3.4) take the bit spinlock, load, store, update the
        writer's mm slot the same way (plain), release."""
        if not self.lmc:
            return []
        if not self.locked:
            return [f"lmc = lmc + ({d});"]
        out = ["atomic { lk == 0 -> lk = 1 };   /* bit_spin_lock(_mm_ids) */",
               "t = lmc;",
               f"lmc = t + ({d});"]
        if slot:
            out += ["t = slot0;", f"slot0 = t + ({d});"]
        out.append("lk = 0;   /* __bit_spin_unlock */")
        return out

    def writer_body(self):
        w, pw, k = self.writer, self.pages_w, self.k
        s = []
        if w == "zap-v6.5":
            for i in pw:
                s.append(f"/* page_remove_rmap(page {i}) */")
                s += self.lmc_add(-1)
                s += self.remove_rmap_page(i)
            s.append("/* tlb flush: release_pages() */")
            for i in pw:
                s.append("ref = ref - 1;")
        elif w == "zap-v6.5-nogather":
            for i in pw:
                s.append(f"/* page_remove_rmap(page {i}); __tlb_remove_page frees */")
                s += self.lmc_add(-1)
                s += self.remove_rmap_page(i)
                s.append("ref = ref - 1;")
        elif w == "batch-zap-v4":
            s.append("ref = ref + 1;   /* folio_get() */")
            for i in pw:
                s.append(f"ref = ref - 1;   /* __tlb_remove_page(page {i}) on NO_GATHER */")
            s.append("/* folio_remove_rmap_range() */")
            s += self.lmc_add(-k)
            for i in pw:
                s += self.remove_rmap_page(i, count_var="cnt")
            if self.large and self.pmc:
                s.append("if :: cnt > 0 -> npm = npm - cnt :: else -> skip fi;")
            s.append("ref = ref - 1;   /* folio_put() */")
        elif w == "zap-v6.9":
            s.append("/* folio_remove_rmap_ptes() */")
            s += self.lmc_add(-k)
            for i in pw:
                s += self.remove_rmap_page(i)
            s.append(f"ref = ref - {k};   /* one folio_ref_sub_and_test */")
        elif w == "fork-v6.5":
            for i in pw:
                s.append(f"ref = ref + 1;   /* folio_get() page {i} */")
                if self.pmc:
                    s.append(f"mc[{i}] = mc[{i}] + 1;   /* __page_dup_rmap */")
                s += self.lmc_add(1, slot=False)
        elif w == "fork-v6.9":
            s.append(f"ref = ref + {k};   /* folio_ref_add(nr) */")
            if self.pmc:
                for i in pw:
                    s.append(f"mc[{i}] = mc[{i}] + 1;")
            s += self.lmc_add(k, slot=False)   # the child's mm has no slot
        else:
            raise AssertionError(w)
        return s

    # ---------------- checker fragments ----------------------------------

    def read_mapcount(self):
        """Loads that compute the mapcount operand into local m."""
        if self.check == "ksm":
            return ["m = mc[0] + 1;   /* page_mapcount() */"]
        if not self.large:
            return ["m = mc[0] + 1;   /* folio_mapcount(), small */"]
        if self.lmc:
            return ["m = lmc + 1;   /* folio_large_mapcount(): no lock */"]
        # v6.5 folio_total_mapcount(): separate loads, no snapshot
        s = ["m = emc + 1;   /* folio_entire_mapcount() */",
             "nrm = npm;     /* folio_nr_pages_mapped() */",
             "if",
             ":: nrm == 0 -> skip",
             ":: else ->"]
        for i in range(self.n):
            s.append(f"   m = m + mc[{i}];")
        s.append(f"   m = m + {self.n}")
        s.append("fi;")
        return s

    def predicate(self):
        c = self.check
        if c == "ksm":
            return "extra = (m + 1 + 0 != r)"          # swapped = 0
        if c == "compaction":
            return "extra = (r - 1 > m)"
        if c in ("khugepaged", "khugepaged-expected"):
            return "extra = (r != m)"
        if c in ("split", "split-expected"):
            return "extra = !(m == r - 0 - 1)"       # extra_pins = 0 (anon, !swapcache)
        if c == "lazyfree":
            return "extra = (r != 1 + m)"            # ref_count != 1 + map_count
        raise AssertionError(c)

    def checker_body(self):
        ref_read = ["r = ref;"]
        map_read = self.read_mapcount()
        if self.order == "ref-first":
            body = ref_read + map_read
        else:
            body = map_read + ref_read
        body.append(self.predicate() + ";")
        body.append("assert(extra)   /* pin held: must be detected */")
        return body

    # ---------------- whole model ----------------------------------------

    def model(self):
        n, maps = self.n, self.maps
        own = OWN_REFS[self.check]
        ref0 = n * maps + 1 + own
        lines = []
        lines.append(f"/* generated by tools/spin/gen_promela.py -- "
                     f"{config_name(self.check, self.writer, n, self.mc, self.order, self.rng)}")
        lines.append(f" * check={self.check} writer={self.writer} pages={n} "
                     f"mapcount={self.mc} order={self.order} range={self.rng}")
        lines.append(f" * maps/page={maps} pin=1 own_refs={own} "
                     f"=> _refcount0={ref0}")
        lines.append(" */")
        lines.append(f"short ref = {ref0};")
        lines.append(f"short mc[{n}];")
        lines.append(f"short npm = {n if self.large else 0};   /* _nr_pages_mapped */")
        lines.append("short emc = -1;                          /* _entire_mapcount */")
        lines.append(f"short lmc = {n * maps - 1 if self.lmc else -1};"
                     "   /* _large_mapcount */")
        lines.append(f"short slot0 = {n - 1};   /* _mm_id_mapcount[0]: the writer's mm */")
        lines.append("bit lk = 0;   /* the mapcount bit spinlock */")
        lines.append("")
        lines.append("init {")
        lines.append("  atomic {")
        for i in range(n):
            lines.append(f"    mc[{i}] = {maps - 1};")
        lines.append("    run writer(); run checker()")
        lines.append("  }")
        lines.append("}")
        lines.append("")
        lines.append("proctype writer() {")
        lines.append("  bool last = false; short cnt = 0; short t = 0;")
        for st in self.writer_body():
            lines.append("  " + st)
        lines.append("  skip")
        lines.append("}")
        lines.append("")
        lines.append("proctype checker() {")
        lines.append("  short r = 0; short m = 0; short nrm = 0; bool extra = false;")
        for st in self.checker_body():
            lines.append("  " + st)
        lines.append("}")
        return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", choices=CHECKS)
    ap.add_argument("--writer", choices=WRITERS)
    ap.add_argument("--pages", type=int)
    ap.add_argument("--mapcount", choices=MAPCOUNTS)
    ap.add_argument("--order", "--reader-order", dest="order", choices=ORDERS)
    ap.add_argument("--range", dest="rng", choices=RANGES, default="all",
                    help="all pages, or page 0 only (a partial zap/fork)")
    ap.add_argument("-o", "--output", help="output file (default stdout)")
    ap.add_argument("--all", action="store_true",
                    help="write every matrix configuration into --outdir")
    ap.add_argument("--outdir", default="models")
    ap.add_argument("--list", action="store_true",
                    help="print the matrix configurations, one per line")
    a = ap.parse_args(argv)

    if a.list:
        for cfg in configurations():
            print(" ".join(map(str, cfg)))
        return 0
    if a.all:
        os.makedirs(a.outdir, exist_ok=True)
        k = 0
        for cfg in configurations():
            path = os.path.join(a.outdir, config_name(*cfg) + ".pml")
            with open(path, "w") as f:
                f.write(Gen(*cfg).model())
            k += 1
        print(f"wrote {k} models to {a.outdir}", file=sys.stderr)
        return 0
    if None in (a.check, a.writer, a.pages, a.mapcount, a.order):
        ap.error("need --check --writer --pages --mapcount --order (or --all/--list)")
    text = Gen(a.check, a.writer, a.pages, a.mapcount, a.order, a.rng).model()
    if a.output:
        with open(a.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
