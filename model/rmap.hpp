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

// ---- rmap (mm/rmap.c, include/linux/rmap.h) ----
// Remove one PTE mapping of page[i]: v6.5 page_remove_rmap(page, vma, false); with the
// v6.10 design, folio_remove_rmap_pte() (also drops _large_mapcount first).
void page_remove_rmap(Emitter& e, const FolioShape& f, int page);
// Remove nr PTE mappings starting at page[first]: folio_remove_rmap_ptes() (v6.8+); with the
// v6.10 design the single atomic_sub on _large_mapcount comes first.
void folio_remove_rmap_ptes(Emitter& e, const FolioShape& f, int first, int nr);
// The Aug 2023 v4 patch 2/3 folio_remove_rmap_range(): per page atomic_add_negative, then
// ONE atomic_sub_return_relaxed(nr_unmapped, &folio->_nr_pages_mapped).
void folio_remove_rmap_range(Emitter& e, const FolioShape& f, int first, int nr);
// fork: v6.5 page_try_dup_anon_rmap() -> __page_dup_rmap(): atomic_inc(&page->_mapcount);
// v6.9 folio_try_dup_anon_rmap_ptes(); the v6.10 design adds atomic_add(nr, _large_mapcount).
void folio_try_dup_anon_rmap_ptes(Emitter& e, const FolioShape& f, int first, int nr);

}  // namespace fc
