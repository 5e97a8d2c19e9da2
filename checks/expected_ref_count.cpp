// checks/expected_ref_count.cpp: the folio_expected_ref_count() checks that replaced
// is_refcount_suitable() and can_split_folio().
//
// folio_expected_ref_count() (include/linux/mm.h; "mm: add folio_expected_ref_count() for
// reference count calculation", Shivank Garg, <20250430100150.279751-2-shivankg@amd.com>,
// upstream 86ebd50224c0, v6.16): for an anon folio, swapcache references
// (folio_test_swapcache(folio) << order) plus folio_mapcount(folio), read LAST, one
// atomic_read() (of _large_mapcount for a large folio). Every caller below writes
// `folio_expected_ref_count(folio) != folio_ref_count(folio) [- 1]`: the two operands of one
// `!=`, indeterminately sequenced in C (either may be read first), no barrier between them.
//
// khugepaged-expected: "[PATCH V2 1/2] mm/khugepaged: clean up refcount check using
//   folio_expected_ref_count()", Shivank Garg, <20250523091432.17588-1-shivankg@amd.com>
//   (v6.17 per the posting date; the release tag is UNCONFIRMED): the three callers of
//   is_refcount_suitable() (__collapse_huge_page_isolate(), hpage_collapse_scan_pmd(),
//   hpage_collapse_scan_file()) become `if (folio_expected_ref_count(folio) !=
//   folio_ref_count(folio))`. Same context as is_refcount_suitable(): khugepaged's own mm maps
//   every page and it holds no reference of its own.
// split-expected: __folio_split() in mm/huge_memory.c (linux-mm 2026):
//   "Racy check if we can split the page, before unmap_folio() will split PMDs"
//   if (folio_expected_ref_count(folio) != folio_ref_count(folio) - 1) -> -EAGAIN
//   (- 1: the caller's reference). Replaced can_split_folio() between v6.17 and v6.19
//   (UNCONFIRMED: the commit was not found; docs/checks.md).
// reclaim-precheck: shrink_folio_list() in mm/vmscan.c (linux-mm 2026, @ 000fc868adff), an
//   anonymous swap-backed large folio not yet in the swapcache, before folio_alloc_swap():
//     /* cannot split folio, skip it */
//     if (folio_expected_ref_count(folio) != folio_ref_count(folio) - 1) goto activate_locked;
//   (- 1: reclaim's isolation reference). It replaced can_split_folio(folio, 1, NULL) there
//   (v6.19 per the issue that asked for it; the commit was not found: UNCONFIRMED). The folio
//   is locked (folio_trylock()) and isolated; other mms may zap, fork, COW and GUP.
#include "checks/check.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {
bool khugepaged_expected_sees_extra(int refcount, int mapcount, int pages, bool swapcache) {
    return mapcount + (swapcache ? pages : 0) != refcount;
}
bool split_expected_sees_extra(int refcount, int mapcount, int pages, bool swapcache) {
    return mapcount + (swapcache ? pages : 0) != refcount - 1;
}
// folio_expected_ref_count()'s only counter read is folio_mapcount(), its last statement.
void expected_read_mapcount(Emitter& e, const FolioShape& f, int dst) {
    Emitter::Call c(e, "folio_expected_ref_count(folio)");
    folio_mapcount(e, f, dst);
}
}  // namespace

const CheckDef kCheckKhugepagedExpected = {
    "khugepaged-expected",
    "folio_expected_ref_count() != folio_ref_count() in mm/khugepaged.c (v6.17, UNCONFIRMED tag)",
    "folio_expected_ref_count(folio) != folio_ref_count(folio)",
    "khugepaged since v6.17: folio_expected_ref_count() instead of is_refcount_suitable()",
    /*own_refs=*/0,
    /*checker_mm_maps=*/true,
    /*small_only=*/false,
    /*swapcache_refusal=*/nullptr,
    ReadOrder::either,
    /*clears_pte_first=*/false,
    khugepaged_expected_sees_extra,
    expected_read_mapcount,
    {MissCost::data_corruption,
     "__collapse_huge_page_isolate() in mm/khugepaged.c, then __collapse_huge_page_copy(): as is_refcount_suitable()'s "
     "callers, the pages are copied away and the pin's later writes land in the old page (a miss in "
     "hpage_collapse_scan_pmd() only wastes work)"},
    /*sees_extra_c=*/"{M} + {S} * {P} != {R}",
    /*function=*/"__collapse_huge_page_isolate",
    /*newer=*/true,
    /*mb_before_reads=*/false,
    /*rmb_after_reads=*/false,
    /*small_refusal=*/nullptr,
    /*takes_own_ref_before_reads=*/false,
    CheckDef::SwapFlagRead::before_mapcount,
    /*swapcache_add_refusal=*/nullptr,
    /*family=*/"khugepaged",
    /*first_release=*/"v6.17",
    /*last_release=*/nullptr,
    /*locks=*/
    "as khugepaged: scan: mmap_read_lock and the PTL; isolate: as is_refcount_suitable()'s callers",
    /*locks_why=*/
    "folio_expected_ref_count() != folio_ref_count() in mm/khugepaged.c (v6.17, "
    "<20250523091432.17588-1-shivankg@amd.com>): the same callers and locks as is_refcount_suitable()",
    /*holds_folio_lock=*/false,
};

const CheckDef kCheckSplitExpected = {
    "split-expected",
    "folio_expected_ref_count() != folio_ref_count() - 1 in __folio_split(), mm/huge_memory.c (2026)",
    "folio_expected_ref_count(folio) != folio_ref_count(folio) - 1",
    "THP split __folio_split() since ~v6.18: folio_expected_ref_count() instead of can_split_folio()",
    /*own_refs=*/1,
    /*checker_mm_maps=*/false,
    /*small_only=*/false,
    /*swapcache_refusal=*/nullptr,
    ReadOrder::either,
    /*clears_pte_first=*/false,
    split_expected_sees_extra,
    expected_read_mapcount,
    {MissCost::wasted_work,
     "__folio_split() in mm/huge_memory.c (2026): unmap_folio(), then __folio_freeze_and_split_unmapped()'s "
     "folio_ref_freeze(folio, folio_cache_ref_count(folio) + 1) fails on the pin's reference and the folio is "
     "remapped"},
    /*sees_extra_c=*/"{M} + {S} * {P} != {R} - 1",
    /*function=*/"__folio_split",
    /*newer=*/true,
    /*mb_before_reads=*/false,
    /*rmb_after_reads=*/false,
    /*small_refusal=*/"split_huge_page() splits large folios only; a one-page folio is never split",
    /*takes_own_ref_before_reads=*/false,
    CheckDef::SwapFlagRead::first,
    /*swapcache_add_refusal=*/
    "the check holds the folio lock, as add_to_swap()'s caller (reclaim) does while it adds the folio to the swapcache",
    /*family=*/"split",
    /*first_release=*/"current",
    /*last_release=*/nullptr,
    /*locks=*/
    "the folio lock, the anon_vma write lock, the caller's reference",
    /*locks_why=*/
    "__folio_split() in mm/huge_memory.c (2026 mm tree): the same locks as can_split_folio()'s caller",
    /*holds_folio_lock=*/true,
};

const CheckDef kCheckReclaimPrecheck = {
    "reclaim-precheck",
    "folio_expected_ref_count() != folio_ref_count() - 1 in shrink_folio_list(), mm/vmscan.c (v6.19, UNCONFIRMED)",
    "folio_expected_ref_count(folio) != folio_ref_count(folio) - 1",
    "reclaim shrink_folio_list(): can this large anon folio be split and swapped (only the isolation reference)?",
    /*own_refs=*/1,
    /*checker_mm_maps=*/false,
    /*small_only=*/false,
    "the precheck runs only for a folio not yet in the swapcache (!folio_test_swapcache() in its condition); drop "
    "--swapcache",
    ReadOrder::either,
    /*clears_pte_first=*/false,
    split_expected_sees_extra,
    expected_read_mapcount,
    {MissCost::wasted_work,
     "shrink_folio_list() in mm/vmscan.c goes on to folio_alloc_swap(), try_to_unmap() and pageout(); "
     "__remove_mapping()'s folio_ref_freeze(folio, 1 + folio_nr_pages(folio)) then fails on the pin's reference "
     "and the folio is kept (a FOLL_PIN pin is caught before, by folio_maybe_dma_pinned() after the unmap)"},
    /*sees_extra_c=*/"{M} + {S} * {P} != {R} - 1",
    /*function=*/"shrink_folio_list",
    /*newer=*/true,
    /*mb_before_reads=*/false,
    /*rmb_after_reads=*/false,
    /*small_refusal=*/"shrink_folio_list() runs this precheck for large folios only (folio_test_large())",
    /*takes_own_ref_before_reads=*/false,
    CheckDef::SwapFlagRead::first,
    /*swapcache_add_refusal=*/
    "reclaim holds the folio lock the swapcache addition needs; it is the path that adds the folio, after this check",
    /*family=*/"reclaim-precheck",
    /*first_release=*/"current",
    /*last_release=*/nullptr,
    /*locks=*/"the folio lock (folio_trylock()), reclaim's isolation reference",
    /*locks_why=*/
    "shrink_folio_list() in mm/vmscan.c (2026 mm tree): the folio is isolated from the LRU and locked, which "
    "excludes the other rmap walkers (try_to_unmap(), try_to_migrate()) and add_to_swap(); other mms that share "
    "the folio after fork may zap, fork, COW and GUP",
    /*holds_folio_lock=*/true,
};

}  // namespace fc
