// checks/compaction.cpp: compaction isolate_migratepages_block() (mm/compaction.c, v6.5).
//
// Question:  Can compaction's early-out miss a pinned anonymous folio because the
//            mapcount it reads is ahead of the refcount?
// Check:     if (!mapping && (folio_ref_count(folio) - 1) > folio_mapcount(folio))
//                goto isolate_fail_put;      /* "admittedly racy" */
//            (-1 is the speculative reference from folio_get_nontail_page(), taken right
//            before: get_page_unless_zero() = page_ref_add_unless(page, 1, 0), fully ordered
//            on success; modelled as such with --own-ref taken, the default with --kernel;
//            folded into the initial refcount otherwise; linux-mm mm/compaction.c 2026).
// Reads:     operands of > : order unspecified.
// Context:   no mm lock, no PTL: every mapper, unmapper and GUP can run concurrently.
//            !mapping: anon folios not in the swapcache only.
// Miss:      wasted work (isolate, unmap, remap); migration's precise checks catch the pin.
#include "checks/check.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {
bool compaction_sees_extra(int refcount, int mapcount, int /*pages*/, bool /*swapcache*/) {
    return (refcount - 1) > mapcount;
}
void compaction_read_mapcount(Emitter& e, const FolioShape& f, int dst) { folio_mapcount(e, f, dst); }
}  // namespace

const CheckDef kCheckCompaction = {
    "compaction",
    "isolate_migratepages_block() in mm/compaction.c (v6.5)",
    "(folio_ref_count(folio) - 1) > folio_mapcount(folio)",
    "compaction isolate_migratepages_block(): is this anon folio pinned (skip it)?",
    /*own_refs=*/1,
    /*checker_mm_maps=*/false,
    /*small_only=*/false,
    "compaction's check runs only for folios without a mapping (!mapping), and a swapcache "
    "folio has one; drop --swapcache",
    ReadOrder::either,
    /*clears_pte_first=*/false,
    compaction_sees_extra,
    compaction_read_mapcount,
    {MissCost::wasted_work,
     "isolate_migratepages_block() in mm/compaction.c only isolates: migrate_pages() unmaps the folio "
     "(try_to_migrate()) and __folio_migrate_mapping() in mm/migrate.c refuses it with the exact "
     "folio_ref_count(folio) != expected_count (folio_ref_freeze(folio, expected_count) for a large rmappable or "
     "mapped folio) once no PTE can hand out new references; remove_migration_ptes() maps it back"},
    /*sees_extra_c=*/"({R} - 1) > {M}",
    /*function=*/"isolate_migratepages_block",
    /*newer=*/false,
    /*mb_before_reads=*/false,
    /*rmb_after_reads=*/false,
    /*small_refusal=*/nullptr,
    /*takes_own_ref_before_reads=*/true,
    CheckDef::SwapFlagRead::first,
    /*swapcache_add_refusal=*/
    "a swapcache folio has a mapping (folio_mapping()), so compaction's check does not run for it",
    /*family=*/"compaction",
    /*first_release=*/"v6.5",
    /*last_release=*/nullptr,
    /*locks=*/
    "only the speculative reference of folio_get_nontail_page()",
    /*locks_why=*/
    "isolate_migratepages_block() in mm/compaction.c (v6.5) holds no mm lock, no PTL and no folio lock (its "
    "PageLRU() test is racy): faults, fork, every zap, reclaim's and migration's unmap and GUP-fast can run "
    "against it; a swapcache folio has a mapping, so its check does not run for one (no swapcache-add)",
    /*holds_folio_lock=*/false,
};

}  // namespace fc
