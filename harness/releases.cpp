// harness/releases.cpp: the releases foliocheck models (see releases.hpp).
#include "harness/releases.hpp"

#include <cstring>

namespace fc {

const std::vector<KernelRelease>& all_releases() {
    static const std::vector<KernelRelease> r = {
        {"v6.5",
         "v6.5: per-page _mapcount; zap_pte_range() with the mmu_gather (and s390's NO_GATHER), "
         "copy_present_pte(), GUP-fast",
         MapcountDesign::per_page,
         {"zap-v6.5", "zap-v6.5-nogather", "fork-v6.5", "gup-fast"},
         {"ksm", "compaction", "khugepaged", "split"},
         {},
         "zap_pte_range() and tlb_flush_mmu() in mm/memory.c and mm/mmu_gather.c (v6.5); copy_present_pte() in "
         "mm/memory.c (v6.5); gup_pte_range() in mm/gup.c (v6.5); folio_total_mapcount() in mm/rmap.c (v6.5)"},
        {"v6.10",
         "v6.10: one atomic _large_mapcount; batched zap_present_ptes() and copy_present_ptes() (merged in v6.9), "
         "GUP-fast",
         MapcountDesign::large,
         {"zap-v6.9", "fork-v6.9", "gup-fast"},
         {"ksm", "compaction", "khugepaged", "split"},
         {},
         "\"mm: track mapcount of large folios in single value\" (v6.10, _large_mapcount); zap_present_ptes() and "
         "copy_present_ptes() in mm/memory.c (v6.9, unchanged in substance in v6.10); GUP-fast: the v6.5 model "
         "(reference, then PTE re-check), ASSUMED unchanged"},
    };
    return r;
}

const KernelRelease* find_release(const std::string& name) {
    for (const KernelRelease& k : all_releases())
        if (name == k.name) return &k;
    return nullptr;
}

std::string release_order(const KernelRelease& r, const CheckDef* check) {
    for (const auto& [c, o] : r.orders)
        if (std::strcmp(c, check->name) == 0) return o;
    return "kernel";
}

}  // namespace fc
