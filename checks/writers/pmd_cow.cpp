// checks/writers/pmd_cow.cpp: PMD mapping and unmapping, and COW of one page.
//
// zap-pmd: zap_huge_pmd() (mm/huge_memory.c, 2026): under the PMD lock
//   orig_pmd = pmdp_huge_get_and_clear_full(...);
//   zap_huge_pmd_folio() -> folio_remove_rmap_pmd(folio, &folio->page, vma);  mapcounts down
//   spin_unlock(ptl); tlb_remove_page_size(tlb, &folio->page, HPAGE_PMD_SIZE);  one reference
//   queued, dropped at tlb_flush_mmu() -> release_pages() (fully ordered).
//   (v6.5: page_remove_rmap(page, vma, true) in zap_huge_pmd().)
// fork-pmd: copy_huge_pmd() (mm/huge_memory.c): folio_get(src_folio) (atomic_inc), then
//   folio_try_dup_anon_rmap_pmd() (atomic_inc(&_entire_mapcount), folio_inc_large_mapcount()),
//   under both PMD locks. (The -EBUSY path of a maybe-pinned exclusive folio, which splits
//   and retries on PTEs, is not modelled: the scenario's pin is a FOLL_GET reference.)
// In both the writer's mm maps the folio with one PMD: the initial state has one more
// reference, _entire_mapcount 0, one more _large_mapcount and ENTIRELY_MAPPED in
// _nr_pages_mapped. The folio size is --pages (a PMD maps HPAGE_PMD_NR pages; nothing here
// depends on the number of pages except v6.5's per-page mapcount loop, which reads -1s).
// cow: wp_page_copy() (mm/memory.c, v6.8+ names) on the old folio, per page of the range,
//   under the PTL: ptep_clear_flush(); ... folio_remove_rmap_pte(old_folio, vmf->page, vma);
//   after the unlock: folio_put(old_folio) (the old PTE's reference; the fault's own
//   reference, taken before and dropped at the end, is left out: it only adds to the
//   refcount). The kernel's comment: "The critical issue is to order this
//   folio_remove_rmap_pte() with the ptp_clear_flush above" -- mapcount down, then ref down.
//   Unshare (FAULT_FLAG_UNSHARE) takes the same path.
#include "checks/writers/writer.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {

void zap_pmd(Emitter& e, const WriterArgs& a, WriterRegs&) {
    {
        Emitter::Call c(e, "zap_huge_pmd > zap_huge_pmd_folio");
        folio_remove_rmap_pmd(e, a.folio, a.mm_slot);
    }
    Emitter::Call c(e, "tlb_flush_mmu > release_pages");
    folio_put(e);
}

void fork_pmd(Emitter& e, const WriterArgs& a, WriterRegs&) {
    Emitter::Call c(e, "copy_huge_pmd");
    folio_get(e);
    folio_try_dup_anon_rmap_pmd(e, a.folio, -1);
}

void cow(Emitter& e, const WriterArgs& a, WriterRegs&) {
    for (int i = a.range.first; i <= a.range.last; i++) {
        {
            Emitter::Call c(e, "wp_page_copy");
            page_remove_rmap(e, a.folio, i, a.mm_slot);
        }
        Emitter::Call c(e, "wp_page_copy > folio_put(old_folio)");
        folio_put(e);
    }
}

const char* const kPmdLarge = "a PMD maps a large folio only (HPAGE_PMD_NR pages)";

}  // namespace

const WriterDef kWriterZapPmd = {
    "zap-pmd",
    "zap_huge_pmd(): folio_remove_rmap_pmd(), then the PMD's reference at the TLB flush",
    "zap_huge_pmd() in mm/huge_memory.c (2026; v6.5 page_remove_rmap(page, vma, true))",
    WriterKind::unmap,
    zap_pmd,
    /*newer=*/true,
    kPmdLarge,
    /*pmd=*/true,
};

const WriterDef kWriterForkPmd = {
    "fork-pmd",
    "copy_huge_pmd(): folio_get(), then folio_try_dup_anon_rmap_pmd() (_entire_mapcount and _large_mapcount up)",
    "copy_huge_pmd() in mm/huge_memory.c (2026)",
    WriterKind::map,
    fork_pmd,
    /*newer=*/true,
    kPmdLarge,
    /*pmd=*/true,
};

const WriterDef kWriterCow = {
    "cow",
    "wp_page_copy() on the old folio, per page: folio_remove_rmap_pte(), then folio_put()",
    "wp_page_copy() in mm/memory.c (v6.8+)",
    WriterKind::unmap,
    cow,
    /*newer=*/true,
};

}  // namespace fc
