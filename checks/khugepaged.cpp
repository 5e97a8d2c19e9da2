// checks/khugepaged.cpp: khugepaged is_refcount_suitable() (mm/khugepaged.c, v6.5 page-based,
// v6.8+ folio-based; same semantics).
//
// Question:  Can khugepaged collapse a folio that has a pin, because the mapcount it reads
//            catches up with the refcount?
// Check:     expected_refcount = folio_mapcount(folio);          /* read first */
//            if (folio_test_swapcache(folio)) expected_refcount += folio_nr_pages(folio);
//            return folio_ref_count(folio) == expected_refcount;  /* read second */
// Reads:     mapcount first, then refcount (two statements), no barrier between.
// Context:   __collapse_huge_page_isolate(): mmap_write_lock, anon_vma write lock, PMD
//            cleared and IPI sent: nothing in this mm can map, unmap or GUP; other mms that
//            share the folio after fork can still unmap, fork and GUP. khugepaged's own mm
//            maps every page; it holds no reference of its own.
// Miss:      isolate phase: collapse of a pinned page, data corruption; scan phase: wasted work.
#include "checks/check.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {
bool khugepaged_sees_extra(int refcount, int mapcount, int pages, bool swapcache) {
    const int expected = mapcount + (swapcache ? pages : 0);
    return refcount != expected;  // !is_refcount_suitable()
}
void khugepaged_read_mapcount(Emitter& e, const FolioShape& f, int dst) { folio_mapcount(e, f, dst); }
}  // namespace

const CheckDef kCheckKhugepaged = {
    "khugepaged",
    "is_refcount_suitable() in mm/khugepaged.c (v6.5; folio form v6.8+)",
    "folio_ref_count(folio) == folio_mapcount(folio) [+ folio_nr_pages(folio) if swapcache]",
    "khugepaged is_refcount_suitable(): has this folio no references but its mappings?",
    /*own_refs=*/0,
    /*checker_mm_maps=*/true,
    /*small_only=*/false,
    /*swapcache_refusal=*/nullptr,
    ReadOrder::map_first,
    /*clears_pte_first=*/false,
    khugepaged_sees_extra,
    khugepaged_read_mapcount,
    {MissCost::data_corruption,
     "__collapse_huge_page_isolate() in mm/khugepaged.c, then __collapse_huge_page_copy(): the pages are copied "
     "into the new huge page and the PMD maps the copy, so what the pin writes later lands in the old page (a "
     "miss in the scan phase, hpage_collapse_scan_pmd(), only wastes work: the isolate phase checks again)"},
    /*sees_extra_c=*/"{R} != {M} + {S} * {P}",
    /*function=*/"is_refcount_suitable",
    /*newer=*/false,
    /*mb_before_reads=*/false,
    /*rmb_after_reads=*/false,
    /*small_refusal=*/nullptr,
    /*takes_own_ref_before_reads=*/false,
    CheckDef::SwapFlagRead::after_mapcount,
    /*swapcache_add_refusal=*/nullptr,
    /*family=*/"khugepaged",
    /*first_release=*/"v6.5",
    /*last_release=*/"v6.15",
    /*locks=*/
    "scan: mmap_read_lock and the PTL; isolate: mmap_write_lock, anon_vma write lock, PMD cleared plus IPI, PTL, "
    "page lock",
    /*locks_why=*/
    "is_refcount_suitable() in mm/khugepaged.c (v6.5): the scan phase (hpage_collapse_scan_pmd(), no folio "
    "lock) races GUP-fast in this mm and anything in other mms, reclaim and migration included; in the isolate "
    "phase other mms that share the folio after fork can still zap, dup and GUP (\"New pins can come later if "
    "the page is shared across fork, but not from this process\", __collapse_huge_page_isolate())",
    /*holds_folio_lock=*/false,
};

}  // namespace fc
