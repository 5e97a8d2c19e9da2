// checks/writers/zap_v6_5.cpp: zap_pte_range() at v6.5 (mm/memory.c), anon pages.
//
// Per present PTE of the zapped range (--range; the whole folio by default), under the PTL:
//   ptent = ptep_get_and_clear_full(...);      (no other CPU here reads this mm's PTEs)
//   page_remove_rmap(page, vma, false);        mapcount down (fully ordered)
//   __tlb_remove_page(tlb, page, 0);           queue the page; its reference is kept
// then tlb_flush_mmu() -> free_pages_and_swap_cache() -> release_pages():
//   folio_put_testzero() per queued page       refcount down (fully ordered)
// zap-v6.5-nogather: MMU_GATHER_NO_GATHER (s390) frees in __tlb_remove_page(): the page's
// reference is dropped right after its rmap removal.
// Left out: PTE clears and the TLB flush (barriers the reader does not pair with; leaving a
// barrier out can only add behaviours).
#include "checks/writers/writer.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {

void zap_v6_5(Emitter& e, const WriterArgs& a, WriterRegs&) {
    for (int i = a.range.first; i <= a.range.last; i++) page_remove_rmap(e, a.folio, i, a.mm_slot);
    Emitter::Call c(e, "tlb_flush_mmu > release_pages");
    for (int i = a.range.first; i <= a.range.last; i++) folio_put(e);
}

void zap_v6_5_nogather(Emitter& e, const WriterArgs& a, WriterRegs&) {
    for (int i = a.range.first; i <= a.range.last; i++) {
        page_remove_rmap(e, a.folio, i, a.mm_slot);
        Emitter::Call c(e, "__tlb_remove_page > free_page_and_swap_cache");
        folio_put(e);
    }
}

}  // namespace

const WriterDef kWriterZapV65 = {
    "zap-v6.5",
    "v6.5 zap_pte_range(): page_remove_rmap() per page, references dropped at the TLB flush",
    "zap_pte_range() in mm/memory.c and tlb_flush_mmu() in mm/mmu_gather.c (v6.5)",
    WriterKind::unmap,
    zap_v6_5,
};

const WriterDef kWriterZapV65NoGather = {
    "zap-v6.5-nogather",
    "v6.5 zap_pte_range() on MMU_GATHER_NO_GATHER (s390): each reference dropped right after its rmap removal",
    "zap_pte_range() in mm/memory.c (v6.5), __tlb_remove_page() freeing at once (s390)",
    WriterKind::unmap,
    zap_v6_5_nogather,
};

}  // namespace fc
