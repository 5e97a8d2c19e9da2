// checks/lazyfree.cpp: the MADV_FREE (lazyfree) check in try_to_unmap_one() (mm/rmap.c).
//
// Question:  Can reclaim discard a lazyfree folio that GUP holds a reference to (an O_DIRECT
//            read into it in flight), because the mapcount it reads has already caught up?
// Check:     "mm: fix race between MADV_FREE reclaim and blkdev direct IO read" (Mauricio
//            Faria de Oliveira, upstream 6c8e2a256915, v5.18); folio form (v6.x, 2026):
//              smp_mb();                      /* "clear PTE; barrier; read refcount" */
//              ref_count = folio_ref_count(folio);
//              map_count = folio_mapcount(folio);
//              smp_rmb();                     /* order against the dirty flag */
//              ... else if (ref_count != 1 + map_count) -> keep (restore the PTEs)
//            1 = reclaim's isolation reference; map_count still counts this mm's mappings
//            (their PTEs are cleared, their rmap is removed only at discard:).
// Reads:     refcount, then mapcount (two statements: sequenced), no barrier between them.
// Context:   folio locked, isolated, this mm's PTL held, its PTEs cleared first
//            (get_and_clear_ptes()). Other mms sharing the folio after fork (it stays
//            !swapbacked) unmap, fork and GUP meanwhile; GUP-fast in this mm backs off on
//            the cleared PTE. A lazyfree folio is never in the swapcache.
// Miss:      data loss: the discarded page is the one the I/O writes into.
#include "checks/check.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {
bool lazyfree_sees_extra(int refcount, int mapcount, int /*pages*/, bool /*swapcache*/) {
    return refcount != 1 + mapcount;
}
void lazyfree_read_mapcount(Emitter& e, const FolioShape& f, int dst) { folio_mapcount(e, f, dst); }
}  // namespace

const CheckDef kCheckLazyfree = {
    "lazyfree",
    "the MADV_FREE check in try_to_unmap_one(), mm/rmap.c (v5.18, 6c8e2a256915; folio form v6.x-2026)",
    "ref_count != 1 + map_count",
    "reclaim try_to_unmap_one(): may this lazyfree (MADV_FREE) folio be discarded?",
    /*own_refs=*/1,
    /*checker_mm_maps=*/true,
    /*small_only=*/false,
    "a lazyfree (MADV_FREE) folio is !swapbacked and never in the swapcache; drop --swapcache",
    ReadOrder::ref_first,
    /*clears_pte_first=*/true,
    lazyfree_sees_extra,
    lazyfree_read_mapcount,
    {MissCost::data_loss,
     "try_to_unmap_one() in mm/rmap.c, \"discard:\": the PTEs stay cleared with no swap entry, so what an O_DIRECT "
     "read writes into the page afterwards never reaches the process (6c8e2a256915); shrink_folio_list()'s later "
     "folio_ref_freeze(folio, 1) in mm/vmscan.c only keeps the page from being freed, not the mapping"},
    /*sees_extra_c=*/"{R} != 1 + {M}",
    /*function=*/"try_to_unmap_one",
    /*newer=*/true,
    /*mb_before_reads=*/true,
    /*rmb_after_reads=*/true,
    /*small_refusal=*/nullptr,
    /*takes_own_ref_before_reads=*/false,
    CheckDef::SwapFlagRead::first,
    /*swapcache_add_refusal=*/"a lazyfree folio is !swapbacked and is never added to the swapcache",
    /*family=*/"lazyfree",
    /*first_release=*/"v6.5",
    /*last_release=*/nullptr,
    /*locks=*/
    "the folio lock (try_to_unmap() caller), reclaim's isolation reference, this mm's PTL; its PTEs cleared",
    /*locks_why=*/
    "try_to_unmap_one() in mm/rmap.c (6c8e2a256915, v5.18; folio form to 2026): other mms sharing the lazyfree "
    "folio after fork may zap, fork, COW and GUP; the folio lock excludes the other rmap walkers and "
    "add_to_swap(); a lazyfree folio is !swapbacked and never in the swapcache",
    /*holds_folio_lock=*/true,
};

}  // namespace fc
