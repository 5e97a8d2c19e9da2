// checks/writers/zap_v6_9.cpp: the merged batched zap, zap_present_ptes() ->
// zap_present_folio_ptes() (mm/memory.c, "mm/memory: optimize unmap/zap with PTE-mapped
// THP", upstream 10ebac4f95e7; in v6.9 per the Jan 2024 posting, the release tag is UNCONFIRMED):
//
//   clear_full_ptes(mm, addr, pte, nr, full);            all nr PTEs cleared first
//   folio_remove_rmap_ptes(folio, page, nr, vma);        mapcounts down, once per batch
//   __tlb_remove_folio_pages(tlb, page, nr, delay_rmap); nr references queued
// then tlb_flush_mmu() -> release_pages() -> folio_ref_sub_and_test(folio, nr).
#include "checks/writers/writer.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {

// The range (--range) is one batch: folio_pte_batch() stops at the end of the folio's present
// PTEs in this VMA, so a MADV_DONTNEED or munmap of k < N pages zaps a batch of k.
void zap_v6_9(Emitter& e, const WriterArgs& a, WriterRegs&) {
    const int nr = a.range.nr();
    {
        Emitter::Call c(e, "zap_present_ptes > zap_present_folio_ptes");
        folio_remove_rmap_ptes(e, a.folio, a.range.first, nr, a.mm_slot);
    }
    Emitter::Call c(e, "tlb_flush_mmu > free_pages_and_swap_cache > release_pages");
    folio_ref_sub_and_test(e, nr);
}

}  // namespace

const WriterDef kWriterZapV69 = {
    "zap-v6.9",
    "v6.9 zap_present_ptes(): folio_remove_rmap_ptes(), then one drop of nr references",
    "zap_present_folio_ptes() in mm/memory.c (v6.9, 10ebac4f95e7)",
    WriterKind::unmap,
    zap_v6_9,
};

}  // namespace fc
