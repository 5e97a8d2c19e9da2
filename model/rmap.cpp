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
    if (f.has_large_mapcount()) {
        // v6.10+ (and CONFIG_MM_ID, CONFIG_NO_PAGE_MAPCOUNT: the reader does not take the lock).
        Emitter::Call c2(e, "folio_large_mapcount(folio)");
        e.prim(Prim::atomic_read, LOC_LARGE_MAPCOUNT, 0, dst);
        e.addi(dst, 1);
        return dst;
    }
    Emitter::Call c2(e, "folio_total_mapcount(folio)");
    e.prim(Prim::atomic_read, LOC_ENTIRE_MAPCOUNT, 0, dst);
    e.addi(dst, 1);
    const int nr_mapped = e.reg("nr_pages_mapped");
    {
        // folio_nr_pages_mapped(): atomic_read(&folio->_nr_pages_mapped) & FOLIO_PAGES_MAPPED
        Emitter::Call m(e, "folio_nr_pages_mapped(folio)");
        e.prim(Prim::atomic_read, LOC_NR_PAGES_MAPPED, 0, nr_mapped);
        e.alu(AluOp::and_, nr_mapped, {nr_mapped, 0}, {-1, kFolioPagesMapped});
    }
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

void page_remove_rmap(Emitter& e, const FolioShape& f, int page, int slot) {
    if (f.has_large_mapcount()) {
        // v6.10: folio_remove_rmap_pte() -> __folio_remove_rmap(): the large mapcount drops
        // before the per-page ordered decrements (none with CONFIG_NO_PAGE_MAPCOUNT).
        Emitter::Call c(e, "folio_remove_rmap_pte(folio, " + page_arg(page) + ", vma)");
        folio_sub_large_mapcount(e, f, slot, 1);
        if (f.has_page_mapcount()) remove_one_pte(e, f, page);
        return;
    }
    Emitter::Call c(e, "page_remove_rmap(" + page_arg(page) + ", vma, false)");
    remove_one_pte(e, f, page);
}

void folio_remove_rmap_ptes(Emitter& e, const FolioShape& f, int first, int nr, int slot) {
    Emitter::Call c(e, "folio_remove_rmap_ptes(folio, " + page_arg(first) + ", " + std::to_string(nr) + ", vma)");
    if (f.has_large_mapcount()) folio_sub_large_mapcount(e, f, slot, nr);
    if (!f.has_page_mapcount()) return;
    for (int i = first; i < first + nr; i++) remove_one_pte(e, f, i);
}

void folio_remove_rmap_range(Emitter& e, const FolioShape& f, int first, int nr, int slot) {
    Emitter::Call c(e, "folio_remove_rmap_range(folio, " + page_arg(first) + ", " + std::to_string(nr) + ", vma)");
    // Not in any release; with a newer design we apply that release's rule (the large
    // mapcount first) and, without per-page mapcounts, nothing else.
    if (f.has_large_mapcount()) folio_sub_large_mapcount(e, f, slot, nr);
    if (!f.has_page_mapcount()) return;
    if (!f.large()) {
        // "if (!folio_test_large(folio)) { last = atomic_add_negative(-1, &page->_mapcount); ..."
        e.prim(Prim::atomic_add_negative, loc_mapcount(first), -1, e.scratch("last"));
        return;
    }
    const int nr_unmapped = e.scratch("nr_unmapped");
    e.movi(nr_unmapped, 0);
    const int last = e.scratch("last");
    for (int i = first; i < first + nr; i++) {
        e.prim(Prim::atomic_add_negative, loc_mapcount(i), -1, last);
        e.add(nr_unmapped, last);
    }
    // "nr_mapped = atomic_sub_return_relaxed(nr_unmapped, mapped);" with no test of
    // nr_unmapped before it.
    e.prim_reg(Prim::atomic_sub_return_relaxed, LOC_NR_PAGES_MAPPED, nr_unmapped, e.scratch("nr"));
}

void folio_try_dup_anon_rmap_ptes(Emitter& e, const FolioShape& f, int first, int nr, int slot, bool v69) {
    const bool v610 = f.has_large_mapcount();
    std::string name;
    if (!v610 && !v69 && nr == 1) name = "page_try_dup_anon_rmap(" + page_arg(first) + ", false, src_vma)";
    else if (nr == 1) name = "folio_try_dup_anon_rmap_pte(folio, " + page_arg(first) + ", dst_vma, src_vma)";
    else
        name = "folio_try_dup_anon_rmap_ptes(folio, " + page_arg(first) + ", " + std::to_string(nr) +
               ", dst_vma, src_vma)";
    Emitter::Call c(e, name);
    // __page_dup_rmap() / __folio_try_dup_anon_rmap(): atomic_inc(&page->_mapcount),
    // unordered (none with CONFIG_NO_PAGE_MAPCOUNT for a large folio), then
    // folio_add_large_mapcount(). The page is not AnonExclusive-with-pin here: a FOLL_GET
    // reference is invisible to folio_needs_cow_for_dma(), and a FOLL_PIN'ed exclusive page
    // would be copied for the child instead (-EBUSY), which the fork writers do not model.
    if (f.has_page_mapcount())
        for (int i = first; i < first + nr; i++) e.prim(Prim::atomic_inc, loc_mapcount(i));
    if (v610) folio_add_large_mapcount(e, f, slot, nr);
}

// PMD level (mm/rmap.c, 2026 __folio_remove_rmap() / __folio_add_rmap() RMAP_LEVEL_PMD;
// v6.5 page_remove_rmap(page, vma, true) / __page_dup_rmap(page, true)):
void folio_remove_rmap_pmd(Emitter& e, const FolioShape& f, int slot) {
    if (!f.has_large_mapcount()) {
        // v6.5: last = atomic_add_negative(-1, &folio->_entire_mapcount); if (last)
        // nr = atomic_sub_return_relaxed(COMPOUND_MAPPED, mapped);
        Emitter::Call c(e, "page_remove_rmap(page, vma, true)");
        const int last = e.scratch("last");
        e.prim(Prim::atomic_add_negative, LOC_ENTIRE_MAPCOUNT, -1, last);
        const int skip = e.label();
        e.jz(last, skip);
        e.prim(Prim::atomic_sub_return_relaxed, LOC_NR_PAGES_MAPPED, kEntirelyMapped, e.scratch("nr"));
        e.bind(skip);
        return;
    }
    Emitter::Call c(e, "folio_remove_rmap_pmd(folio, &folio->page, vma)");
    const int last = e.scratch("last");
    if (!f.has_page_mapcount()) {
        // CONFIG_NO_PAGE_MAPCOUNT: the entire mapcount first, then the locked large mapcount.
        e.prim(Prim::atomic_add_negative, LOC_ENTIRE_MAPCOUNT, -1, last);
        folio_sub_large_mapcount(e, f, slot, 1);
        return;
    }
    // CONFIG_PAGE_MAPCOUNT: folio_dec_large_mapcount() first, then the entire mapcount, then
    // (if last) _nr_pages_mapped.
    folio_sub_large_mapcount(e, f, slot, 1);
    e.prim(Prim::atomic_add_negative, LOC_ENTIRE_MAPCOUNT, -1, last);
    const int skip = e.label();
    e.jz(last, skip);
    e.prim(Prim::atomic_sub_return_relaxed, LOC_NR_PAGES_MAPPED, kEntirelyMapped, e.scratch("nr"));
    e.bind(skip);
}

// fork of a PMD mapping: copy_huge_pmd() -> folio_try_dup_anon_rmap_pmd() ->
// __folio_try_dup_anon_rmap(..., RMAP_LEVEL_PMD): atomic_inc(&folio->_entire_mapcount);
// folio_inc_large_mapcount() (v6.5: __page_dup_rmap(page, true): atomic_inc(_entire_mapcount)).
void folio_try_dup_anon_rmap_pmd(Emitter& e, const FolioShape& f, int slot) {
    Emitter::Call c(e, f.has_large_mapcount() ? "folio_try_dup_anon_rmap_pmd(folio, &folio->page, dst_vma, src_vma)"
                                              : "page_try_dup_anon_rmap(page, true, src_vma)");
    e.prim(Prim::atomic_inc, LOC_ENTIRE_MAPCOUNT);
    folio_add_large_mapcount(e, f, slot, 1);
}

namespace {

// The CONFIG_MM_ID update of _large_mapcount and the mm's slot by `diff` (include/linux/rmap.h
// folio_add_return_large_mapcount() / folio_sub_return_large_mapcount(), v6.15+):
//   folio_lock_large_mapcount(folio);           bit_spin_lock(): ACQUIRE
//   new = atomic_read(&folio->_large_mapcount) + diff;  atomic_set(&folio->_large_mapcount, new);
//   folio->_mm_id_mapcount[i] += diff;          plain C, protected by the lock
//   folio_unlock_large_mapcount(folio);         __bit_spin_unlock(): RELEASE
// The "maybe mapped shared" bit and the slot's mm id (same word as the lock) are left out:
// no refcount check reads them.
void locked_large_mapcount(Emitter& e, int slot, int diff) {
    {
        Emitter::Call l(e, "folio_lock_large_mapcount(folio)");
        e.prim_ops(Prim::spin_lock, 0, {}, {});
    }
    const int v = e.scratch("large_mapcount");
    e.prim(Prim::atomic_read, LOC_LARGE_MAPCOUNT, 0, v);
    e.addi(v, diff);
    e.prim_reg(Prim::atomic_set, LOC_LARGE_MAPCOUNT, v);
    if (slot >= 0 && slot < 2) {
        const int m = e.scratch("mm_id_mapcount");
        e.prim(Prim::READ_ONCE, LOC_MM_ID_MAPCOUNT0 + slot, 0, m);
        e.addi(m, diff);
        e.prim_reg(Prim::WRITE_ONCE, LOC_MM_ID_MAPCOUNT0 + slot, m);
    }
    Emitter::Call u(e, "folio_unlock_large_mapcount(folio)");
    e.prim_ops(Prim::spin_unlock, 0, {}, {});
}

}  // namespace

void folio_add_large_mapcount(Emitter& e, const FolioShape& f, int slot, int nr) {
    if (!f.has_large_mapcount()) return;
    if (!f.mm_id_locked()) {
        e.prim(Prim::atomic_add, LOC_LARGE_MAPCOUNT, nr);  // v6.10 __folio_add_rmap(): atomic_add()
        return;
    }
    Emitter::Call c(e, "folio_add_large_mapcount(folio, " + std::to_string(nr) + ", vma)");
    locked_large_mapcount(e, slot, nr);
}

void folio_sub_large_mapcount(Emitter& e, const FolioShape& f, int slot, int nr) {
    if (!f.has_large_mapcount()) return;
    if (!f.mm_id_locked()) {
        e.prim(Prim::atomic_sub, LOC_LARGE_MAPCOUNT, nr);  // v6.10 __folio_remove_rmap(): atomic_sub()
        return;
    }
    Emitter::Call c(e, "folio_sub_large_mapcount(folio, " + std::to_string(nr) + ", vma)");
    locked_large_mapcount(e, slot, -nr);
}

// include/linux/mm.h folio_maybe_dma_pinned(): folio_has_pincount() (64-bit: any large
// folio) ? atomic_read(&folio->_pincount) > 0 : (unsigned)folio_ref_count() >= BIAS.
int folio_maybe_dma_pinned(Emitter& e, const FolioShape& f, int dst) {
    Emitter::Call c(e, "folio_maybe_dma_pinned(folio)");
    if (f.large()) {
        e.prim(Prim::atomic_read, LOC_PINCOUNT, 0, dst);
        e.alu(AluOp::gt, dst, {dst, 0}, {-1, 0});
    } else {
        e.prim(Prim::atomic_read, LOC_REFCOUNT, 0, dst);
        e.alu(AluOp::ge, dst, {dst, 0}, {-1, kGupPinCountingBias});
    }
    return dst;
}

}  // namespace fc
