// checks/writers/fork.cpp: fork duplicating the folio's PTE mappings into the child.
//
// fork-v6.5: copy_present_pte() (mm/memory.c, v6.5), per page, under both PTLs:
//   folio_get(folio);                                  refcount up (atomic_inc, unordered)
//   page_try_dup_anon_rmap(page, false, src_vma);      mapcount up (atomic_inc, unordered)
// fork-v6.9: copy_present_ptes() (batched fork; v6.9 per our reading, the merged text is
// UNCONFIRMED in kernel-facts.md section 6: we follow Ryan Roberts' Dec 2023 drafts), per batch:
//   folio_ref_add(folio, nr);                          refcount up by nr (unordered)
//   folio_try_dup_anon_rmap_ptes(folio, page, nr, src_vma);  mapcounts up (unordered)
// Refcount before mapcount in program order, but nothing orders the two RMWs for another CPU
// under the kernel's model (docs/model.md).
#include "checks/writers/writer.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {

void fork_v6_5(Emitter& e, const FolioShape& f, WriterRegs&) {
    for (int i = 0; i < f.pages; i++) {
        Emitter::Call c(e, "copy_present_pte");
        folio_get(e);
        folio_try_dup_anon_rmap_ptes(e, f, i, 1);
    }
}

void fork_v6_9(Emitter& e, const FolioShape& f, WriterRegs&) {
    Emitter::Call c(e, "copy_present_ptes");
    folio_ref_add(e, f.pages);
    folio_try_dup_anon_rmap_ptes(e, f, 0, f.pages);
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
