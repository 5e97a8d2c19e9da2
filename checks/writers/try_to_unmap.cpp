// checks/writers/try_to_unmap.cpp: reclaim and migration unmapping the folio from the
// writer's mm (mm/rmap.c), with the folio locked and the caller's isolation reference held.
//
// try-to-unmap-v6.10: try_to_unmap_one() (v6.8+ names; per PTE for anon swap-backed folios,
// still so in 2026: folio_unmap_pte_batch() returns 1 for them), per page of the range:
//   pteval = ptep_clear_flush(vma, address, pvmw.pte);   (or deferred flush)
//   ... swap PTE stored ...
//   folio_remove_rmap_pte(folio, subpage, vma);           mapcount down (design's sequence)
//   folio_put(folio);                                     refcount down (fully ordered)
// try-to-unmap-lazyfree: the merged batched form for lazyfree (and, in the 2026 mm tree, file)
// large folios: "mm: support batched unmap for lazyfree large folios during reclamation"
// (Barry Song, 354dffd29575, v6.15 tag UNCONFIRMED), partial batches and folio_put_refs() from
// <20250627062319.84936-1-lance.yang@linux.dev>; mm/rmap.c 2026 folio_unmap_pte_batch(): "We
// only support lazyfree or file folios batching for now", then in try_to_unmap_one():
//   pteval = get_and_clear_ptes(mm, address, pvmw.pte, nr_pages);
//   ... discard: folio_remove_rmap_ptes(folio, subpage, nr_pages, vma);
//                folio_put_refs(folio, nr_pages);        one fully ordered RMW
// try-to-unmap-batched: the same two steps for every anonymous large folio, a proposal:
// "[PATCH v4 00/12] Optimize anonymous large folio unmapping" (Dev Jain, 2026-05-26, 12/12
// "mm/rmap: enable batch unmapping of anonymous folios"; not in the 2026 mm snapshots read).
// It keeps the name the tool gave it first; the merged lazyfree path is the new name.
// try-to-migrate: try_to_migrate_one() (mm/rmap.c 2026, per PTE, no batching): clear the PTE,
// store the migration entry, folio_remove_rmap_pte(), folio_put().
// Map down, then ref down, in every form. The PTE clears are left out (as in the zap
// writers: only GUP-fast reads PTEs, and it is not the writer here); the
// folio_try_share_anon_rmap_pte() step of an AnonExclusive page does not apply to a folio
// mapped by more than one mm, as in these scenarios (docs/kernel-facts.md).
#include "checks/writers/writer.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {

void try_to_unmap_v6_10(Emitter& e, const WriterArgs& a, WriterRegs&) {
    Emitter::Call c(e, "try_to_unmap_one");
    for (int i = a.range.first; i <= a.range.last; i++) {
        page_remove_rmap(e, a.folio, i, a.mm_slot);
        folio_put(e);
    }
}

void try_to_unmap_batched(Emitter& e, const WriterArgs& a, WriterRegs&) {
    Emitter::Call c(e, "try_to_unmap_one > finish_folio_unmap");
    folio_remove_rmap_ptes(e, a.folio, a.range.first, a.range.nr(), a.mm_slot);
    Emitter::Call p(e, "folio_put_refs(folio, " + std::to_string(a.range.nr()) + ")");
    e.prim(Prim::atomic_sub_and_test, LOC_REFCOUNT, a.range.nr());
}

void try_to_migrate(Emitter& e, const WriterArgs& a, WriterRegs&) {
    Emitter::Call c(e, "try_to_migrate_one");
    for (int i = a.range.first; i <= a.range.last; i++) {
        page_remove_rmap(e, a.folio, i, a.mm_slot);
        folio_put(e);
    }
}

}  // namespace

const WriterDef kWriterTryToUnmapV610 = {
    "try-to-unmap-v6.10",
    "reclaim try_to_unmap_one() per PTE: folio_remove_rmap_pte(), then folio_put(), per page",
    "try_to_unmap_one() in mm/rmap.c (v6.8+; anon swap-backed folios, still per PTE in 2026)",
    WriterKind::unmap,
    try_to_unmap_v6_10,
    /*newer=*/true,
    /*large_only=*/nullptr,
    /*pmd=*/false,
    /*sets_swapcache=*/false,
    /*folio_locked=*/true,
};

const WriterDef kWriterTryToUnmapLazyfree = {
    "try-to-unmap-lazyfree",
    "reclaim try_to_unmap_one() batched for lazyfree/file large folios: folio_remove_rmap_ptes(nr), then "
    "folio_put_refs(nr)",
    "try_to_unmap_one() in mm/rmap.c (354dffd29575, v6.15; file folios 2026)",
    WriterKind::unmap,
    try_to_unmap_batched,
    /*newer=*/true,
    "folio_unmap_pte_batch() batches large folios only (a one-page folio takes try_to_unmap_one()'s per-PTE path)",
    /*pmd=*/false,
    /*sets_swapcache=*/false,
    /*folio_locked=*/true,
};

const WriterDef kWriterTryToUnmapBatched = {
    "try-to-unmap-batched",
    "proposed 2026 batched unmap of anonymous large folios: folio_remove_rmap_ptes(nr), then folio_put_refs(nr)",
    "try_to_unmap_one() with \"[PATCH v4 12/12] mm/rmap: enable batch unmapping of anonymous folios\" (2026-05-26)",
    WriterKind::unmap,
    try_to_unmap_batched,
    /*newer=*/true,
    /*large_only=*/nullptr,
    /*pmd=*/false,
    /*sets_swapcache=*/false,
    /*folio_locked=*/true,
};

const WriterDef kWriterTryToMigrate = {
    "try-to-migrate",
    "migration try_to_migrate_one(): migration entry, folio_remove_rmap_pte(), folio_put(), per page",
    "try_to_migrate_one() in mm/rmap.c (2026)",
    WriterKind::unmap,
    try_to_migrate,
    /*newer=*/true,
    /*large_only=*/nullptr,
    /*pmd=*/false,
    /*sets_swapcache=*/false,
    /*folio_locked=*/true,
};

}  // namespace fc
