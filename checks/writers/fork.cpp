// checks/writers/fork.cpp: fork duplicating the folio's PTE mappings into the child.
//
// fork-v6.5: copy_present_pte() (mm/memory.c, v6.5), per page, under both PTLs:
//   folio_get(folio);                                  refcount up (atomic_inc, unordered)
//   page_try_dup_anon_rmap(page, false, src_vma);      mapcount up (atomic_inc, unordered)
// fork-v6.9: copy_present_ptes() (batched fork, "mm/memory: optimize fork() with PTE-mapped
// THP", David Hildenbrand, Jan 2024, v6.9), per batch (the range, --range):
//   folio_ref_add(folio, nr);                          refcount up by nr (unordered)
//   folio_try_dup_anon_rmap_ptes(folio, page, nr, src_vma);  mapcounts up (unordered)
// Refcount before mapcount in program order, but nothing orders the two RMWs for another CPU
// under the kernel's model (docs/model.md).
#include "checks/writers/writer.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {

// The child's mm gets no MM_ID slot of its own in the model (slot -1): with two mms already
// owning the two slots the kernel would only set the "maybe mapped shared" bit.
void fork_v6_5(Emitter& e, const WriterArgs& a, WriterRegs&) {
    for (int i = a.range.first; i <= a.range.last; i++) {
        Emitter::Call c(e, "copy_present_pte");
        folio_get(e);
        folio_try_dup_anon_rmap_ptes(e, a.folio, i, 1, -1);
    }
}

// A small folio takes copy_present_ptes()'s single-PTE path: folio_get(folio), then
// folio_try_dup_anon_rmap_pte(folio, page, dst_vma, src_vma) (mm/memory.c, v6.9+).
void fork_v6_9(Emitter& e, const WriterArgs& a, WriterRegs&) {
    Emitter::Call c(e, "copy_present_ptes");
    if (!a.folio.large()) folio_get(e);
    else folio_ref_add(e, a.range.nr());
    folio_try_dup_anon_rmap_ptes(e, a.folio, a.range.first, a.range.nr(), -1, /*v69=*/true);
}

}  // namespace

const WriterDef kWriterForkV65 = {
    "fork-v6.5",
    "v6.5 copy_present_pte(): folio_get(), then page_try_dup_anon_rmap(), per page",
    "copy_present_pte() in mm/memory.c (v6.5)",
    WriterKind::map,
    fork_v6_5,
};

const WriterDef kWriterForkV69 = {
    "fork-v6.9",
    "v6.9 copy_present_ptes(): folio_ref_add(nr), then folio_try_dup_anon_rmap_ptes()",
    "copy_present_ptes() in mm/memory.c (v6.9)",
    WriterKind::map,
    fork_v6_9,
};

}  // namespace fc
