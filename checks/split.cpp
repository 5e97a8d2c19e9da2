// checks/split.cpp: THP split can_split_folio() (mm/huge_memory.c, v6.5).
//
// Question:  Can the racy pre-check before unmap_folio() pass for a pinned folio?
// Check:     extra_pins = folio_test_swapcache(folio) ? folio_nr_pages(folio) : 0;  /* anon */
//            return folio_mapcount(folio) == folio_ref_count(folio) - extra_pins - 1;
//            (-1: the caller's reference; "The caller must hold a reference").
// Reads:     operands of == : order unspecified.
// Context:   folio lock, anon_vma write lock; other mms may unmap, fork and GUP.
// Miss:      wasted work: unmap_folio(), then folio_ref_freeze(1 + extra_pins) fails and the
//            folio is remapped (David Hildenbrand, Aug 2023: "can deal with false positives
//            and false negatives").
#include "checks/check.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {
bool split_sees_extra(int refcount, int mapcount, int pages, bool swapcache) {
    const int extra_pins = swapcache ? pages : 0;
    return !(mapcount == refcount - extra_pins - 1);  // !can_split_folio()
}
void split_read_mapcount(Emitter& e, const FolioShape& f, int dst) { folio_mapcount(e, f, dst); }
}  // namespace

const CheckDef kCheckSplit = {
    "split",
    "can_split_folio() in mm/huge_memory.c (v6.5)",
    "folio_mapcount(folio) == folio_ref_count(folio) - extra_pins - 1",
    "THP split can_split_folio(): may this folio be split (no extra pins)?",
    /*own_refs=*/1,
    /*checker_mm_maps=*/false,
    /*small_only=*/false,
    /*swapcache_refusal=*/nullptr,
    ReadOrder::either,
    /*clears_pte_first=*/false,
    split_sees_extra,
    split_read_mapcount,
    {MissCost::wasted_work,
     "split_huge_page_to_list() in mm/huge_memory.c (v6.5): unmap_folio() turns the mappings into migration "
     "entries, then folio_ref_freeze(folio, 1 + extra_pins) fails on the pin's reference and remap_page() maps "
     "the folio back"},
    /*sees_extra_c=*/"{M} != {R} - {S} * {P} - 1",
    /*function=*/"can_split_folio",
    /*newer=*/false,
    /*mb_before_reads=*/false,
    /*rmb_after_reads=*/false,
    /*small_refusal=*/"a 1-page folio is never split (can_split_folio() is for large folios)",
    /*takes_own_ref_before_reads=*/false,
    CheckDef::SwapFlagRead::first,
    /*swapcache_add_refusal=*/
    "the check holds the folio lock, as add_to_swap()'s caller (reclaim) does while it adds the folio to the swapcache",
    /*family=*/"split",
    /*first_release=*/"v6.5",
    /*last_release=*/"v6.17",
    /*locks=*/
    "the folio lock, the anon_vma write lock, the caller's reference",
    /*locks_why=*/
    "can_split_folio() in mm/huge_memory.c (v6.5): zap's PTE and PMD paths, fork's copy, COW and GUP-fast take "
    "none of these locks (DERIVED, docs/checks.md); the folio lock excludes try_to_unmap(), try_to_migrate() "
    "and add_to_swap()",
    /*holds_folio_lock=*/true,
};

}  // namespace fc
