// checks/kernels.cpp: the releases foliocheck knows (see kernels.hpp). Each row cites where
// its facts come from; tags we could not confirm from a tagged tree say UNCONFIRMED.
#include "checks/kernels.hpp"

#include "checks/concurrency.hpp"

namespace fc {

const std::vector<KernelRelease>& all_kernels() {
    static const std::vector<KernelRelease> k = {
        {"v6.5",
         "per-page mapcounts (folio_total_mapcount()), zap_pte_range() per page, copy_present_pte() per page; "
         "the Aug 2023 batch-zap patches were posted against it",
         MapcountDesign::per_page,
         // lazyfree: the MADV_FREE check in try_to_unmap_one() is v5.18 (6c8e2a256915).
         {&kCheckKsm, &kCheckCompaction, &kCheckKhugepaged, &kCheckSplit, &kCheckLazyfree},
         {&kWriterZapV65, &kWriterZapV65NoGather, &kWriterForkV65, &kWriterGupFast, &kWriterBatchZapV4,
          &kWriterBatchZapV4Gather, &kWriterBatchZapTwoLoop, &kWriterZapPmd, &kWriterForkPmd, &kWriterCow,
          &kWriterSwapcacheAdd},
         {{"zap", "zap-v6.5"}, {"fork", "fork-v6.5"}},
         "mm/rmap.c, mm/memory.c, mm/khugepaged.c, mm/huge_memory.c, mm/ksm.c, mm/compaction.c at v6.5"},
        {"v6.10",
         "one _large_mapcount per large folio (\"mm: track mapcount of large folios in single value\", "
         "<20240409192301.907377-5-david@redhat.com>); batched zap and fork (v6.9, 10ebac4f95e7)",
         MapcountDesign::large,
         {&kCheckKsm, &kCheckCompaction, &kCheckKhugepaged, &kCheckSplit, &kCheckLazyfree},
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToMigrate,
          &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {{"zap", "zap-v6.9"}, {"fork", "fork-v6.9"}, {"try-to-unmap", "try-to-unmap-v6.10"}},
         "v6.10 mm/rmap.c __folio_remove_rmap(), include/linux/mm.h folio_mapcount()"},
        {"v6.15",
         "CONFIG_MM_ID (selected by TRANSPARENT_HUGEPAGE): _large_mapcount updated under the folio's mapcount "
         "bit spinlock with plain loads and stores (<20250303163014.1128035-13-david@redhat.com>; v6.15 tag "
         "UNCONFIRMED); CONFIG_NO_PAGE_MAPCOUNT opt-in (--mapcount no-page-mapcount)",
         MapcountDesign::mm_id,
         {&kCheckKsm, &kCheckCompaction, &kCheckKhugepaged, &kCheckSplit, &kCheckLazyfree},
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToMigrate,
          &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {{"zap", "zap-v6.9"}, {"fork", "fork-v6.9"}, {"try-to-unmap", "try-to-unmap-v6.10"}},
         "include/linux/rmap.h folio_add_return_large_mapcount(), mm/rmap.c (2025)"},
        {"v6.17",
         "khugepaged: folio_expected_ref_count() != folio_ref_count() (<20250523091432.17588-1-shivankg@amd.com>; "
         "folio_expected_ref_count() itself is v6.16, 86ebd50224c0; the v6.17 tag is UNCONFIRMED)",
         MapcountDesign::mm_id,
         {&kCheckKsm, &kCheckCompaction, &kCheckKhugepagedExpected, &kCheckSplit, &kCheckLazyfree},
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToMigrate,
          &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {{"zap", "zap-v6.9"},
          {"fork", "fork-v6.9"},
          {"try-to-unmap", "try-to-unmap-v6.10"},
          {"khugepaged", "khugepaged-expected"}},
         "mm/khugepaged.c after <20250523091432.17588-1-shivankg@amd.com>"},
        {"current",
         "the 2026 mm tree: split's check is folio_expected_ref_count() != folio_ref_count() - 1 in "
         "__folio_split() (replaced can_split_folio() between v6.17 and v6.19, UNCONFIRMED); lazyfree folios "
         "unmapped in batches; the posted 2026 batched anon unmap",
         MapcountDesign::mm_id,
         {&kCheckKsm, &kCheckCompaction, &kCheckKhugepagedExpected, &kCheckSplitExpected, &kCheckLazyfree},
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToUnmapBatched,
          &kWriterTryToMigrate, &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {{"zap", "zap-v6.9"},
          {"fork", "fork-v6.9"},
          {"try-to-unmap", "try-to-unmap-batched"},
          {"khugepaged", "khugepaged-expected"},
          {"split", "split-expected"}},
         "linux-mm mm/huge_memory.c @ 00cb34b034a5, mm/rmap.c @ 0014dde7e945 (2026 snapshots)"},
    };
    return k;
}

const KernelRelease* find_kernel(const std::string& name) {
    for (const KernelRelease& k : all_kernels())
        if (name == k.name) return &k;
    return nullptr;
}

std::string kernel_names() {
    std::string s;
    for (const KernelRelease& k : all_kernels()) s += (s.empty() ? "" : ", ") + std::string(k.name);
    return s;
}

const CheckDef* kernel_check(const KernelRelease& k, const std::string& name) {
    for (const CheckDef* c : k.checks)
        if (name == c->name) return c;
    for (const KernelAlias& a : k.aliases)
        if (name == a.family)
            for (const CheckDef* c : k.checks)
                if (std::string(a.name) == c->name) return c;
    return nullptr;
}

const WriterDef* kernel_writer(const KernelRelease& k, const std::string& name) {
    for (const WriterDef* w : k.writers)
        if (name == w->name) return w;
    for (const KernelAlias& a : k.aliases)
        if (name == a.family)
            for (const WriterDef* w : k.writers)
                if (std::string(a.name) == w->name) return w;
    return nullptr;
}

ReadOrder kernel_read_order(const KernelRelease&, const CheckDef& c) { return c.kernel_order; }

std::vector<const WriterDef*> kernel_racing_writers(const KernelRelease& k, const CheckDef* c) {
    std::vector<const WriterDef*> out;
    for (const WriterDef* w : k.writers)
        if (check_races(c, w)) out.push_back(w);
    return out;
}

}  // namespace fc
