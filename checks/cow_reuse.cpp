// checks/cow_reuse.cpp: the COW reuse check of a PTE-mapped large anonymous folio,
// __wp_can_reuse_large_anon_folio() (mm/memory.c; "mm: Copy-on-Write (COW) reuse support for
// PTE-mapped THP", David Hildenbrand, 1da190f4d0a6, part of the CONFIG_MM_ID series
// <20250303163014.1128035-1-david@redhat.com>; v6.15 tag UNCONFIRMED; text read in the 2026
// mm tree, linux-mm mm/memory.c @ 009857a22860).
//
// Question:  Can a write fault reuse (not copy) a large folio that a pin still references,
//            because the mapcount it compares with the refcount has caught up?
// Check:     folio_lock_large_mapcount(folio);        /* "Stabilize the mapcount vs. refcount" */
//            if (test_bit(FOLIO_MM_IDS_SHARED_BITNUM, &folio->_mm_ids)) goto unlock;
//            if (folio_large_mapcount(folio) != folio_ref_count(folio)) goto unlock;
//            exclusive = true;
//            (an unlocked early-out with the same comparison comes first; it can only refuse
//            more, so it is left out).
// Reads:     the two operands of != (unsequenced) under the mapcount bit spinlock, which every
//            _large_mapcount update takes; the refcount is not under it.
// Context:   do_wp_page() holds the faulting PTE's PTL and the mmap/VMA lock of the faulting
//            mm, which maps every page (khugepaged-like: checker_mm_maps); no folio lock, no
//            reference of its own. Another mm's paths run (an mm that maps the folio keeps the
//            shared bit set until it unmaps it all); this mm's GUP-fast is left out by the
//            scenario, which runs GUP-fast in the writer's mm (the bit stays set then).
// Miss:      data corruption: wp_page_reuse() maps the page writable in place while the
//            holder of the extra reference still reads it (a reference taken through a
//            mapping since gone, as vmsplice() before fork's child unmapped).
#include "checks/check.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {
bool cow_reuse_sees_extra(int refcount, int mapcount, int /*pages*/, bool /*swapcache*/) {
    return mapcount != refcount;
}
// folio_large_mapcount(): atomic_read(&folio->_large_mapcount) + 1. Without a large mapcount
// (a what-if design) the design's folio_mapcount().
void cow_reuse_read_mapcount(Emitter& e, const FolioShape& f, int dst) {
    if (!f.has_large_mapcount()) {
        folio_mapcount(e, f, dst);
        return;
    }
    Emitter::Call c(e, "folio_large_mapcount(folio)");
    e.prim(Prim::atomic_read, LOC_LARGE_MAPCOUNT, 0, dst);
    e.addi(dst, 1);
}
}  // namespace

const CheckDef kCheckCowReuse = {
    "cow-reuse",
    "__wp_can_reuse_large_anon_folio() in mm/memory.c (CONFIG_MM_ID, v6.15, 1da190f4d0a6; 2026 text)",
    "folio_large_mapcount(folio) != folio_ref_count(folio), under folio_lock_large_mapcount(), unless maybe mapped "
    "shared",
    "COW fault __wp_can_reuse_large_anon_folio(): may the faulting mm reuse this large folio in place?",
    /*own_refs=*/0,
    /*checker_mm_maps=*/true,
    /*small_only=*/false,
    "__wp_can_reuse_large_anon_folio() frees the swapcache first (folio_free_swap() under folio_trylock()) and "
    "a folio still in it fails the comparison; drop --swapcache",
    ReadOrder::either,
    /*clears_pte_first=*/false,
    cow_reuse_sees_extra,
    cow_reuse_read_mapcount,
    {MissCost::data_corruption,
     "do_wp_page() in mm/memory.c, then wp_page_reuse(): the faulting mm writes into the page in place while the "
     "holder of the extra reference still reads it (the check's comment: \"If all folio references are from "
     "mappings, and all mappings are in the page tables of this MM, then this folio is exclusive to this MM\")"},
    /*sees_extra_c=*/"{M} != {R}",
    /*function=*/"__wp_can_reuse_large_anon_folio",
    /*newer=*/true,
    /*mb_before_reads=*/false,
    /*rmb_after_reads=*/false,
    /*small_refusal=*/
    "a small folio takes wp_can_reuse_anon_folio()'s own path (folio lock, folio_ref_count() != 1), not "
    "__wp_can_reuse_large_anon_folio()",
    /*takes_own_ref_before_reads=*/false,
    CheckDef::SwapFlagRead::first,
    /*swapcache_add_refusal=*/nullptr,
    /*family=*/"cow-reuse",
    /*first_release=*/"v6.15",
    /*last_release=*/nullptr,
    /*locks=*/
    "the faulting mm's mmap or VMA read lock and the faulting PTE's PTL; the folio's mapcount lock around the reads",
    /*locks_why=*/
    "do_wp_page() -> wp_can_reuse_anon_folio() -> __wp_can_reuse_large_anon_folio() in mm/memory.c (2026): no "
    "folio lock (only folio_trylock() to free the swapcache) and no reference of its own, so every path of "
    "another mm runs, reclaim's and migration's unmap included; folio_lock_large_mapcount() orders the mapcount "
    "against their rmap updates, not their reference drops",
    /*holds_folio_lock=*/false,
    /*reads_under_mapcount_lock=*/true,
    /*bails_if_mapped_shared=*/true,
    /*needs_mm_id=*/
    "__wp_can_reuse_large_anon_folio() compares under CONFIG_MM_ID's mapcount lock; without it the kernel copies "
    "(use --mapcount mm-id or no-page-mapcount)",
};

}  // namespace fc
