// checks/ksm.cpp: KSM write_protect_page() (mm/ksm.c, v6.5).
//
// Question:  Can write_protect_page() decide "no O_DIRECT or similar I/O is in progress"
//            while a pin is held, because the mapcount it reads is ahead of the refcount?
// Check:     if (page_mapcount(page) + 1 + swapped != page_count(page)) -> keep the PTE
//            (+1 is KSM's own reference; swapped = PageSwapCache(page), one reference).
// Reads:     page_mapcount and page_count are the operands of != : order unspecified.
// Context:   mmap_read_lock, page lock, PTL of this PTE; the PTE was cleared and flushed
//            (ptep_clear_flush) first so that GUP-fast in this mm backs off. Small pages only
//            (large folios are split first). Other mms sharing the page may unmap, fork or GUP.
// Entry:     the count check runs only if
//              pte_write(entry) || pte_dirty(entry) || anon_exclusive || mm_tlb_flush_pending(mm)
//            (mm/ksm.c write_protect_page(), 2025/2026 text; anon_exclusive since v5.19). A
//            clean, read-only, non-exclusive page is merged with no refcount test: it can
//            carry no FOLL_PIN (pinning needs exclusivity) and cannot be written through.
//            This check models the case in which the test runs.
// Miss:      KSM merges a page under I/O: data corruption.
#include "checks/check.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {
bool ksm_sees_extra(int refcount, int mapcount, int /*pages*/, bool swapcache) {
    const int swapped = swapcache ? 1 : 0;
    return mapcount + 1 + swapped != refcount;
}
void ksm_read_mapcount(Emitter& e, const FolioShape& f, int dst) { page_mapcount(e, f, 0, dst); }
}  // namespace

const CheckDef kCheckKsm = {
    "ksm",
    "write_protect_page() in mm/ksm.c (v6.5)",
    "page_mapcount(page) + 1 + swapped != page_count(page)",
    "KSM write_protect_page(): may this page be merged (no I/O in progress)?",
    /*own_refs=*/1,
    /*checker_mm_maps=*/true,
    /*small_only=*/true,
    /*swapcache_refusal=*/nullptr,
    ReadOrder::either,
    /*clears_pte_first=*/true,
    ksm_sees_extra,
    ksm_read_mapcount,
    {MissCost::data_corruption,
     "write_protect_page() in mm/ksm.c, then replace_page(): the process's PTE is pointed at the shared KSM page "
     "while an O_DIRECT/DMA transfer still uses the old one (the check's comment: \"Check that no O_DIRECT or "
     "similar I/O is in progress on the page\"), so the transfer's data and the process's page part ways"},
    /*sees_extra_c=*/"{M} + 1 + {S} != {R}",
    /*function=*/"write_protect_page",
    /*newer=*/false,
    /*mb_before_reads=*/false,
    /*rmb_after_reads=*/false,
    /*small_refusal=*/nullptr,
    /*takes_own_ref_before_reads=*/false,
    CheckDef::SwapFlagRead::first,
    /*swapcache_add_refusal=*/
    "the check holds the folio lock, as add_to_swap()'s caller (reclaim) does while it adds the folio to the swapcache",
    /*family=*/"ksm",
    /*first_release=*/"v6.5",
    /*last_release=*/nullptr,
    /*locks=*/
    "mmap_read_lock of its mm, the page lock, the PTL of this PTE, its own reference; the PTE cleared and "
    "flushed",
    /*locks_why=*/
    "write_protect_page() in mm/ksm.c (v6.5): GUP-fast in this mm (it must back off on the cleared PTE), zap, "
    "fork-dup and COW in other mms that share the page after fork; the batched zaps and PMD paths only ever "
    "handle large folios and KSM only small pages; the page lock excludes try_to_unmap(), try_to_migrate() and "
    "add_to_swap()",
    /*holds_folio_lock=*/true,
};

}  // namespace fc
