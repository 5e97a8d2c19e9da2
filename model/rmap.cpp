// model/rmap.cpp: kernel helpers as primitive sequences. Each cites the kernel code it
// follows (our own code; the facts are from torvalds/linux, see docs/model.md).
#include "model/rmap.hpp"

#include <string>

namespace fc {

namespace {
std::string page_arg(int i) { return "page[" + std::to_string(i) + "]"; }
}  // namespace

// include/linux/mm.h folio_get() -> folio_ref_inc() -> atomic_inc(): unordered.
void folio_get(Emitter& e) {
    Emitter::Call c(e, "folio_get(folio)");
    e.prim(Prim::atomic_inc, LOC_REFCOUNT);
}

// folio_put() -> folio_put_testzero() -> folio_ref_dec_and_test() -> atomic_dec_and_test():
// fully ordered. The 0 case (freeing) cannot happen in foliocheck's scenarios: the checker's
// reference or its own mm's mappings keep the folio alive.
void folio_put(Emitter& e) {
    Emitter::Call c(e, "folio_put(folio)");
    e.prim(Prim::atomic_dec_and_test, LOC_REFCOUNT);
}

// page_ref.h folio_ref_add(): atomic_add(): unordered.
void folio_ref_add(Emitter& e, int nr) {
    Emitter::Call c(e, "folio_ref_add(folio, " + std::to_string(nr) + ")");
    e.prim(Prim::atomic_add, LOC_REFCOUNT, nr);
}

// page_ref.h folio_ref_sub_and_test(): atomic_sub_and_test(): fully ordered. Used by
// release_pages() since the Jan 2024 batching series (<20240129143221.263763-8-david@redhat.com>).
void folio_ref_sub_and_test(Emitter& e, int nr) {
    Emitter::Call c(e, "folio_ref_sub_and_test(folio, " + std::to_string(nr) + ")");
    e.prim(Prim::atomic_sub_and_test, LOC_REFCOUNT, nr);
}

// page_ref.h folio_ref_try_add_rcu() (SMP) -> folio_ref_add_unless(folio, nr, 0) ->
// atomic_add_unless(): fully ordered on success, unordered on failure.
int folio_ref_try_add_rcu(Emitter& e, int nr) {
    Emitter::Call c(e, "folio_ref_try_add_rcu(folio, " + std::to_string(nr) + ")");
    const int ok = e.reg("grabbed");
    e.prim(Prim::atomic_add_unless, LOC_REFCOUNT, nr, ok);
    return ok;
}

// page_ref.h folio_ref_count() / page_count(): atomic_read(&folio->_refcount).
int folio_ref_count(Emitter& e, int dst) {
    Emitter::Call c(e, "folio_ref_count(folio)");
    e.prim(Prim::atomic_read, LOC_REFCOUNT, 0, dst);
    return dst;
}

// v6.5 mm.h page_mapcount(): atomic_read(&page->_mapcount) + 1, plus folio_entire_mapcount()
// for a compound page.
int page_mapcount(Emitter& e, const FolioShape& f, int page, int dst) {
    Emitter::Call c(e, "page_mapcount(" + page_arg(page) + ")");
    e.prim(Prim::atomic_read, loc_mapcount(page), 0, dst);
    e.addi(dst, 1);
    if (f.large()) {
        const int ent = e.scratch("entire");
        e.prim(Prim::atomic_read, LOC_ENTIRE_MAPCOUNT, 0, ent);
        e.addi(ent, 1);
        e.add(dst, ent);
    }
    return dst;
}

// folio_mapcount():
//  small folio (every version): atomic_read(&folio->_mapcount) + 1.
//  v6.5 large: folio_total_mapcount() (mm/rmap.c): mapcount = folio_entire_mapcount();
//    if (folio_nr_pages_mapped(folio) == 0) return mapcount; then one atomic_read per page
//    of page->_mapcount, plus nr_pages (each was -1 based). Separate loads, no barriers.
//  v6.10 large: folio_large_mapcount(): atomic_read(&folio->_large_mapcount) + 1.
int folio_mapcount(Emitter& e, const FolioShape& f, int dst) {
    Emitter::Call c(e, "folio_mapcount(folio)");
    if (!f.large()) {
        e.prim(Prim::atomic_read, loc_mapcount(0), 0, dst);
        e.addi(dst, 1);
        return dst;
    }
    if (f.design == MapcountDesign::large) {
        Emitter::Call c2(e, "folio_large_mapcount(folio)");
        e.prim(Prim::atomic_read, LOC_LARGE_MAPCOUNT, 0, dst);
        e.addi(dst, 1);
        return dst;
    }
    Emitter::Call c2(e, "folio_total_mapcount(folio)");
    e.prim(Prim::atomic_read, LOC_ENTIRE_MAPCOUNT, 0, dst);
    e.addi(dst, 1);
    const int nr_mapped = e.reg("nr_pages_mapped");
    e.prim(Prim::atomic_read, LOC_NR_PAGES_MAPPED, 0, nr_mapped);
    const int done = e.label();
    e.jz(nr_mapped, done);  // "avoid the loop when no pages mapped by PTE"
    const int page_count = e.reg("page_mapcount");
    for (int i = 0; i < f.pages; i++) {
        e.prim(Prim::atomic_read, loc_mapcount(i), 0, page_count);
        e.add(dst, page_count);
    }
    e.addi(dst, f.pages);  // "each of those _mapcounts was based on -1"
    e.bind(done);
    return dst;
}

namespace {

// One page's PTE-level removal, shared by page_remove_rmap and the *_ptes loop:
//   last = atomic_add_negative(-1, &page->_mapcount);            fully ordered
//   if (last && folio_test_large(folio))
//       nr = atomic_dec_return_relaxed(&folio->_nr_pages_mapped); unordered
// (v6.5 page_remove_rmap(); v6.8+ __folio_remove_rmap() RMAP_LEVEL_PTE, same per page.)
void remove_one_pte(Emitter& e, const FolioShape& f, int page) {
    const int last = e.scratch("last");
    e.prim(Prim::atomic_add_negative, loc_mapcount(page), -1, last);
    if (f.large()) {
        const int skip = e.label();
        e.jz(last, skip);
        e.prim(Prim::atomic_dec_return_relaxed, LOC_NR_PAGES_MAPPED, 0, e.scratch("nr"));
        e.bind(skip);
    }
}

}  // namespace

void page_remove_rmap(Emitter& e, const FolioShape& f, int page) {
    if (f.has_large_mapcount()) {
        // v6.10: folio_remove_rmap_pte() -> __folio_remove_rmap(): atomic_sub(nr_pages,
        // &folio->_large_mapcount) before the per-page ordered decrements.
        Emitter::Call c(e, "folio_remove_rmap_pte(folio, " + page_arg(page) + ", vma)");
        e.prim(Prim::atomic_sub, LOC_LARGE_MAPCOUNT, 1);
        remove_one_pte(e, f, page);
        return;
    }
    Emitter::Call c(e, "page_remove_rmap(" + page_arg(page) + ", vma, false)");
    remove_one_pte(e, f, page);
}

void folio_remove_rmap_ptes(Emitter& e, const FolioShape& f, int first, int nr) {
    Emitter::Call c(e, "folio_remove_rmap_ptes(folio, " + page_arg(first) + ", " + std::to_string(nr) + ", vma)");
    if (f.has_large_mapcount()) e.prim(Prim::atomic_sub, LOC_LARGE_MAPCOUNT, nr);
    for (int i = first; i < first + nr; i++) remove_one_pte(e, f, i);
}

void folio_remove_rmap_range(Emitter& e, const FolioShape& f, int first, int nr) {
    Emitter::Call c(e, "folio_remove_rmap_range(folio, " + page_arg(first) + ", " + std::to_string(nr) + ", vma)");
    // Not in any release; with the v6.10 design we apply v6.10's rule (_large_mapcount first).
    if (f.has_large_mapcount()) e.prim(Prim::atomic_sub, LOC_LARGE_MAPCOUNT, nr);
    const int nr_unmapped = e.scratch("nr_unmapped");
    e.movi(nr_unmapped, 0);
    const int last = e.scratch("last");
    for (int i = first; i < first + nr; i++) {
        e.prim(Prim::atomic_add_negative, loc_mapcount(i), -1, last);
        e.add(nr_unmapped, last);
    }
    if (f.large()) {
        const int skip = e.label();
        e.jz(nr_unmapped, skip);
        e.prim_reg(Prim::atomic_sub_return_relaxed, LOC_NR_PAGES_MAPPED, nr_unmapped, e.scratch("nr"));
        e.bind(skip);
    }
}

void folio_try_dup_anon_rmap_ptes(Emitter& e, const FolioShape& f, int first, int nr) {
    const bool v610 = f.has_large_mapcount();
    std::string name;
    if (!v610 && nr == 1) name = "page_try_dup_anon_rmap(" + page_arg(first) + ", false, src_vma)";
    else if (nr == 1) name = "folio_try_dup_anon_rmap_pte(folio, " + page_arg(first) + ", src_vma)";
    else name = "folio_try_dup_anon_rmap_ptes(folio, " + page_arg(first) + ", " + std::to_string(nr) + ", src_vma)";
    Emitter::Call c(e, name);
    // __page_dup_rmap() / __folio_try_dup_anon_rmap(): atomic_inc(&page->_mapcount),
    // unordered. (The page is not AnonExclusive-with-pin here: the scenario's pin is a
    // FOLL_GET-style reference, which page_needs_cow_for_dma() does not see.)
    for (int i = first; i < first + nr; i++) e.prim(Prim::atomic_inc, loc_mapcount(i));
    if (v610) e.prim(Prim::atomic_add, LOC_LARGE_MAPCOUNT, nr);
}

}  // namespace fc
