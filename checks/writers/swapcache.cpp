// checks/writers/swapcache.cpp: reclaim adds the folio to the swapcache while the check runs.
//
// add_to_swap_cache() (mm/swap_state.c, text read in the Aug 2023 version; 2025/2026
// swap_cache_add_folio() keeps the two steps, order UNCONFIRMED there):
//   folio_ref_add(folio, nr);        nr references, atomic_add(): unordered
//   folio_set_swapcache(folio);      set_bit(PG_swapcache): unordered
//   folio->swap = entry;
// Context: reclaim (shrink_folio_list() -> add_to_swap() / folio_alloc_swap()) holds the
// folio lock on an isolated folio, so only checks that do not take the folio lock can race
// it: khugepaged's scan phase (hpage_collapse_scan_pmd(): mmap read lock and PTL only) and
// the same scan with folio_expected_ref_count(). The others are refused (--what-if runs them).
// The checks read PG_swapcache with folio_test_swapcache() (test_bit: READ_ONCE) where the
// kernel code does (CheckDef::swap_flag_read) and add folio_nr_pages() to what they expect.
// Removal (free_swap_cache() in the zap path) needs !folio_mapped(), which no modelled
// check's folio is while it checks, or the folio lock: not modelled.
#include "checks/writers/writer.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {

void swapcache_add(Emitter& e, const WriterArgs& a, WriterRegs&) {
    Emitter::Call c(e, "add_to_swap > add_to_swap_cache");
    folio_ref_add(e, a.folio.pages);
    Emitter::Call f(e, "folio_set_swapcache(folio)");
    e.prim(Prim::WRITE_ONCE, LOC_SWAPCACHE, 1);  // set_bit(): an unordered atomic RMW; one writer
}

}  // namespace

const WriterDef kWriterSwapcacheAdd = {
    "swapcache-add",
    "reclaim add_to_swap_cache(): folio_ref_add(nr), then folio_set_swapcache(), while the check runs",
    "add_to_swap_cache() in mm/swap_state.c (v6.5-v6.17; swap_cache_add_folio() later)",
    WriterKind::map,
    swapcache_add,
    /*newer=*/true,
    /*large_only=*/nullptr,
    /*pmd=*/false,
    /*sets_swapcache=*/true,
    /*folio_locked=*/true,  // add_to_swap(): "Caller must hold the folio lock"
};

}  // namespace fc
