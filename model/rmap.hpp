// model/rmap.hpp: the kernel helpers that the paths and checks use, as sequences of
// primitives. Names and argument order follow the kernel; each definition cites the
// kernel function and version it follows (model/rmap.cpp, docs/model.md).
#pragma once

#include "model/folio.hpp"
#include "model/program.hpp"

namespace fc {

// ---- references (include/linux/page_ref.h, include/linux/mm.h) ----
void folio_get(Emitter& e);                       // atomic_inc(&folio->_refcount)
void folio_put(Emitter& e);                       // folio_put_testzero: atomic_dec_and_test
void folio_ref_add(Emitter& e, int nr);           // atomic_add(nr, &folio->_refcount)
void folio_ref_sub_and_test(Emitter& e, int nr);  // atomic_sub_and_test(nr, ...)
// folio_try_get_rcu / folio_ref_try_add_rcu(folio, 1): atomic_add_unless(&_refcount, 1, 0).
// Returns the register holding success.
int folio_ref_try_add_rcu(Emitter& e, int nr);

// ---- readers ----
int folio_ref_count(Emitter& e, int dst);  // atomic_read(&folio->_refcount)
// folio_mapcount(): small folio: page[0]->_mapcount + 1; large per-page (v6.5):
// folio_total_mapcount(); large (v6.10): _large_mapcount + 1. Result in dst.
int folio_mapcount(Emitter& e, const FolioShape& f, int dst);
int page_mapcount(Emitter& e, const FolioShape& f, int page, int dst);  // v6.5 page_mapcount()

// ---- large mapcount (include/linux/rmap.h) ----
// folio_add_large_mapcount() / folio_sub_large_mapcount() of a large folio, by `nr`, for the
// mm owning MM_ID slot `slot` (-1: an mm without a slot). v6.10-v6.14: atomic_add()/atomic_sub()
// (unordered). CONFIG_MM_ID (v6.15+): under bit_spin_lock(FOLIO_MM_IDS_LOCK_BITNUM,
// &folio->_mm_ids): atomic_read() + atomic_set() of _large_mapcount, plain load and store of
// _mm_id_mapcount[slot], __bit_spin_unlock() (modelled as spin_lock/spin_unlock: ACQUIRE and
// RELEASE, as test_and_set_bit_lock() and __clear_bit_unlock() are). No-op for small folios.
void folio_add_large_mapcount(Emitter& e, const FolioShape& f, int slot, int nr);
void folio_sub_large_mapcount(Emitter& e, const FolioShape& f, int slot, int nr);

// PMD-level rmap of a large folio (see model/rmap.cpp for the per-design sequences).
void folio_remove_rmap_pmd(Emitter& e, const FolioShape& f, int slot);
void folio_try_dup_anon_rmap_pmd(Emitter& e, const FolioShape& f, int slot);

// ---- pins (mm/gup.c, include/linux/mm.h) ----
// folio_maybe_dma_pinned(): large folio: atomic_read(&folio->_pincount) > 0; small folio:
// (unsigned)folio_ref_count(folio) >= GUP_PIN_COUNTING_BIAS. Result (0/1) in dst.
constexpr int kGupPinCountingBias = 1024;  // include/linux/mm.h GUP_PIN_COUNTING_BIAS (1U << 10)
int folio_maybe_dma_pinned(Emitter& e, const FolioShape& f, int dst);

// ---- rmap (mm/rmap.c, include/linux/rmap.h) ----
// Remove one PTE mapping of page[i]: v6.5 page_remove_rmap(page, vma, false); with the
// v6.10 design, folio_remove_rmap_pte() (also drops _large_mapcount first).
void page_remove_rmap(Emitter& e, const FolioShape& f, int page, int slot = 0);
// Remove nr PTE mappings starting at page[first]: folio_remove_rmap_ptes() (v6.8+); with the
// v6.10 design the single atomic_sub on _large_mapcount comes first.
// With MM_ID the locked large-mapcount update comes first too; with NO_PAGE_MAPCOUNT it is all.
void folio_remove_rmap_ptes(Emitter& e, const FolioShape& f, int first, int nr, int slot = 0);
// The Aug 2023 v4 patch 2/3 folio_remove_rmap_range(): per page atomic_add_negative, then
// ONE atomic_sub_return_relaxed(nr_unmapped, &folio->_nr_pages_mapped), unconditional for a
// large folio (executed even when nr_unmapped is 0; patch 2/3
// <20230727141837.3386072-3-ryan.roberts@arm.com>).
void folio_remove_rmap_range(Emitter& e, const FolioShape& f, int first, int nr, int slot = 0);
// fork: v6.5 page_try_dup_anon_rmap() -> __page_dup_rmap(): atomic_inc(&page->_mapcount);
// v6.9 folio_try_dup_anon_rmap_ptes(); the v6.10 design adds atomic_add(nr, _large_mapcount).
// `v69`: name the calls as v6.9+ does (folio_try_dup_anon_rmap_pte() on a small folio too).
void folio_try_dup_anon_rmap_ptes(Emitter& e, const FolioShape& f, int first, int nr, int slot = 0, bool v69 = false);

}  // namespace fc
