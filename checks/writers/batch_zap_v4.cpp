// checks/writers/batch_zap_v4.cpp: "[PATCH v4 3/3] mm: Batch-zap large anonymous folio PTE
// mappings" (Ryan Roberts, 2023-07-27, <20230727141837.3386072-4-ryan.roberts@arm.com>),
// on MMU_GATHER_NO_GATHER where __tlb_remove_page() frees at once:
//
//   folio_get(folio);                       /* "prevent going to 0 while in use" */
//   for each page: clear PTE; __tlb_remove_page(tlb, page, 0);   -> folio_put() per page
//   folio_remove_rmap_range(folio, page, nr, vma);               -> mapcounts down, once
//   folio_put(folio);
//
// The references go down before the mapcounts: the order David Hildenbrand objected to
// ("you'll might suddenly have mapcount > refcount for a folio").
#include "checks/writers/writer.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {

void batch_zap_v4(Emitter& e, const WriterArgs& a, WriterRegs&) {
    Emitter::Call c(e, "try_zap_anon_pte_range");
    folio_get(e);
    for (int i = a.range.first; i <= a.range.last; i++) {
        Emitter::Call c2(e, "__tlb_remove_page > free_page_and_swap_cache");
        folio_put(e);
    }
    folio_remove_rmap_range(e, a.folio, a.range.first, a.range.nr(), a.mm_slot);
    folio_put(e);
}

// The same patch on an ordinary MMU_GATHER architecture (x86, arm64): __tlb_remove_page()
// only queues the page in the gather batch (mm/mmu_gather.c __tlb_remove_page_size(),
// v6.3-v6.7) and the references drop at tlb_flush_mmu() -> free_pages_and_swap_cache() ->
// release_pages(), after folio_remove_rmap_range() returned. Ryan's commit message: "This
// does not happen on other platforms because the actual page freeing is deferred."
void batch_zap_v4_gather(Emitter& e, const WriterArgs& a, WriterRegs&) {
    {
        Emitter::Call c(e, "try_zap_anon_pte_range");
        folio_get(e);
        folio_remove_rmap_range(e, a.folio, a.range.first, a.range.nr(), a.mm_slot);
        folio_put(e);
    }
    Emitter::Call c(e, "tlb_flush_mmu > release_pages");
    for (int i = a.range.first; i <= a.range.last; i++) folio_put(e);
}

// The "2 loop approach" Ryan promised in reply (<bb871b52-526a-d4aa-5249-6105bc06aaba@arm.com>,
// 2023-08-03): clear the batch's PTEs, remove the rmap for the whole range, and only then hand
// the pages to __tlb_remove_page(), which on NO_GATHER drops each reference at once. Mapcounts
// go down before references, as David's rule asks; no folio_get() is needed any more. (The
// loop bodies are our reading of the promise; the posted follow-up, contpte v3
// <20231204105440.61448-3-ryan.roberts@arm.com>, orders each page the same way.)
void batch_zap_two_loop(Emitter& e, const WriterArgs& a, WriterRegs&) {
    Emitter::Call c(e, "zap_anon_pte_range (two loops)");
    folio_remove_rmap_range(e, a.folio, a.range.first, a.range.nr(), a.mm_slot);
    for (int i = a.range.first; i <= a.range.last; i++) {
        Emitter::Call c2(e, "__tlb_remove_page > free_page_and_swap_cache");
        folio_put(e);
    }
}

}  // namespace

const WriterDef kWriterBatchZapTwoLoop = {
    "batch-zap-two-loop",
    "the promised two-loop batch zap on NO_GATHER: one folio_remove_rmap_range(), then a reference drop per page",
    "the \"2 loop approach\" of <bb871b52-526a-d4aa-5249-6105bc06aaba@arm.com> (Aug 2023)",
    WriterKind::unmap,
    batch_zap_two_loop,
    /*newer=*/false,
    "the two-loop batch zap handles large folios only (a small folio takes zap_pte_range()'s per-page path)",
};

const WriterDef kWriterBatchZapV4 = {
    "batch-zap-v4",
    "Aug 2023 batch-zap v4 on NO_GATHER: references dropped per page, then one folio_remove_rmap_range()",
    "try_zap_anon_pte_range() from <20230727141837.3386072-4-ryan.roberts@arm.com>",
    WriterKind::unmap,
    batch_zap_v4,
    /*newer=*/false,
    "try_zap_anon_pte_range() handles large folios only (a small folio takes zap_pte_range()'s per-page path)",
};

const WriterDef kWriterBatchZapV4Gather = {
    "batch-zap-v4-gather",
    "Aug 2023 batch-zap v4 on MMU_GATHER: one folio_remove_rmap_range(), references dropped at the TLB flush",
    "try_zap_anon_pte_range() from <20230727141837.3386072-4-ryan.roberts@arm.com>, __tlb_remove_page() queueing",
    WriterKind::unmap,
    batch_zap_v4_gather,
    /*newer=*/true,
    "try_zap_anon_pte_range() handles large folios only (a small folio takes zap_pte_range()'s per-page path)",
};

}  // namespace fc
