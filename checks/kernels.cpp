// checks/kernels.cpp: the releases foliocheck knows (see kernels.hpp). Each row cites where
// its facts come from; tags we could not confirm from a tagged tree say UNCONFIRMED.
#include "checks/kernels.hpp"

#include <algorithm>
#include <set>

#include "checks/concurrency.hpp"

namespace fc {

namespace {

std::vector<KernelRelease> release_rows() {
    return {
        {"v6.5",
         "per-page mapcounts (folio_total_mapcount()), zap_pte_range() per page, copy_present_pte() per page; "
         "the Aug 2023 batch-zap patches were posted against it",
         MapcountDesign::per_page,
         {},  // checks: derived from CheckDef::first_release/last_release below
         {&kWriterZapV65, &kWriterZapV65NoGather, &kWriterForkV65, &kWriterGupFast, &kWriterZapPmd, &kWriterForkPmd,
          &kWriterCow, &kWriterSwapcacheAdd},
         {},  // proposals: derived from writer_origins()
         {{"zap", "zap-v6.5"}, {"fork", "fork-v6.5"}},
         "mm/rmap.c, mm/memory.c, mm/khugepaged.c, mm/huge_memory.c, mm/ksm.c, mm/compaction.c at v6.5"},
        {"v6.10",
         "one _large_mapcount per large folio (\"mm: track mapcount of large folios in single value\", "
         "<20240409192301.907377-5-david@redhat.com>); batched zap and fork (v6.9, 10ebac4f95e7)",
         MapcountDesign::large,
         {},  // checks: derived from CheckDef::first_release/last_release below
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToMigrate,
          &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {},  // proposals: derived from writer_origins()
         {{"zap", "zap-v6.9"}, {"fork", "fork-v6.9"}, {"try-to-unmap", "try-to-unmap-v6.10"}},
         "v6.10 mm/rmap.c __folio_remove_rmap(), include/linux/mm.h folio_mapcount()"},
        {"v6.15",
         "CONFIG_MM_ID (selected by TRANSPARENT_HUGEPAGE): _large_mapcount updated under the folio's mapcount "
         "bit spinlock with plain loads and stores (<20250303163014.1128035-13-david@redhat.com>; v6.15 tag "
         "UNCONFIRMED); CONFIG_NO_PAGE_MAPCOUNT opt-in (--mapcount no-page-mapcount); COW reuse of PTE-mapped THPs "
         "(1da190f4d0a6); lazyfree folios unmapped in batches (354dffd29575)",
         MapcountDesign::mm_id,
         {},  // checks: derived from CheckDef::first_release/last_release below
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToUnmapLazyfree,
          &kWriterTryToMigrate, &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {},  // proposals: derived from writer_origins()
         {{"zap", "zap-v6.9"}, {"fork", "fork-v6.9"}, {"try-to-unmap", "try-to-unmap-v6.10"}},
         "include/linux/rmap.h folio_add_return_large_mapcount(), mm/rmap.c, mm/memory.c "
         "__wp_can_reuse_large_anon_folio() (2025)"},
        {"v6.17",
         "khugepaged: folio_expected_ref_count() != folio_ref_count() (<20250523091432.17588-1-shivankg@amd.com>; "
         "folio_expected_ref_count() itself is v6.16, 86ebd50224c0; the v6.17 tag is UNCONFIRMED)",
         MapcountDesign::mm_id,
         {},  // checks: derived from CheckDef::first_release/last_release below
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToUnmapLazyfree,
          &kWriterTryToMigrate, &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {},  // proposals: derived from writer_origins()
         {{"zap", "zap-v6.9"}, {"fork", "fork-v6.9"}, {"try-to-unmap", "try-to-unmap-v6.10"}},
         "mm/khugepaged.c after <20250523091432.17588-1-shivankg@amd.com>"},
        {"current",
         "the 2026 mm tree: no per-page mapcounts or _nr_pages_mapped for large folios, only MM_ID's locked "
         "_large_mapcount (\"mm/rmap: remove CONFIG_PAGE_MAPCOUNT\", <20260412-mapcount-v1-7-05e8dfab52e0@kernel.org>; "
         "UNCONFIRMED as merged: the mm/rmap.c snapshots read still offer CONFIG_PAGE_MAPCOUNT, which --mapcount mm-id "
         "runs); split's and reclaim's checks are folio_expected_ref_count() != folio_ref_count() - 1 (v6.19, "
         "UNCONFIRMED); lazyfree and file folios unmapped in batches",
         MapcountDesign::no_page_mapcount,
         {},  // checks: derived from CheckDef::first_release/last_release below
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToUnmapLazyfree,
          &kWriterTryToMigrate, &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {},  // proposals: derived from writer_origins()
         {{"zap", "zap-v6.9"}, {"fork", "fork-v6.9"}, {"try-to-unmap", "try-to-unmap-v6.10"}},
         "linux-mm mm/huge_memory.c @ 00cb34b034a5, mm/rmap.c @ 0014dde7e945 and 40eb8059fe39, mm/vmscan.c @ "
         "000fc868adff, mm/memory.c @ 009857a22860 (2026 snapshots)"},
    };
}

// Where each built-in writer comes from, one row per writer (checks/writers/writers.def).
// A merged row names the commit that merged the code, or the tag it was read at; a proposal
// names its posting and the release it was posted against. table_problems() refuses a
// release that lists a proposal among its merged writers, and a writer without a row.
const std::vector<WriterOrigin> kOrigins = {
    {&kWriterZapV65, "zap_pte_range() at the v6.5 tag", nullptr, nullptr},
    {&kWriterZapV65NoGather, "zap_pte_range() and MMU_GATHER_NO_GATHER's __tlb_remove_page() at the v6.5 tag", nullptr,
     nullptr},
    {&kWriterBatchZapV4, nullptr, "v6.5",
     "\"[PATCH v4 3/3] mm: Batch-zap large anonymous folio PTE mappings\", Ryan Roberts, 2023-07-27, "
     "<20230727141837.3386072-4-ryan.roberts@arm.com>; on MMU_GATHER_NO_GATHER; not merged (v6.9 merged "
     "10ebac4f95e7 instead)"},
    {&kWriterBatchZapTwoLoop, nullptr, "v6.5",
     "the \"2 loop approach\" Ryan Roberts promised in reply, 2023-08-03, "
     "<bb871b52-526a-d4aa-5249-6105bc06aaba@arm.com>; never posted as such"},
    {&kWriterZapV69, "\"mm/memory: optimize unmap/zap with PTE-mapped THP\", 10ebac4f95e7 (v6.9, tag UNCONFIRMED)",
     nullptr, nullptr},
    {&kWriterForkV65, "copy_present_pte() at the v6.5 tag", nullptr, nullptr},
    {&kWriterForkV69, "\"mm/memory: optimize fork() with PTE-mapped THP\" (David Hildenbrand, Jan 2024; v6.9)", nullptr,
     nullptr},
    {&kWriterGupFast, "gup_pte_range() at the v6.5 tag (gup_fast_pte_range() since v6.10, same steps)", nullptr,
     nullptr},
    {&kWriterTryToUnmapV610, "try_to_unmap_one() per PTE at the v6.10 tag (anon swap-backed folios: still so in 2026)",
     nullptr, nullptr},
    {&kWriterTryToUnmapLazyfree,
     "\"mm: support batched unmap for lazyfree large folios during reclamation\", Barry Song, 354dffd29575 (v6.15, "
     "tag UNCONFIRMED); partial batches <20250627062319.84936-1-lance.yang@linux.dev>; file folios \"mm: rmap: "
     "support batched unmapping for file large folios\" (Baolin Wang, 2026)",
     nullptr, nullptr},
    {&kWriterTryToUnmapBatched, nullptr, "current",
     "\"[PATCH v4 12/12] mm/rmap: enable batch unmapping of anonymous folios\" of \"[PATCH v4 00/12] Optimize "
     "anonymous large folio unmapping\", Dev Jain, 2026-05-26 (message-id not read); posted against the 2026 mm "
     "tree, not in its snapshots"},
    {&kWriterTryToMigrate, "try_to_migrate_one() in mm/rmap.c (per PTE from v6.5 to the 2026 mm tree)", nullptr,
     nullptr},
    {&kWriterBatchZapV4Gather, nullptr, "v6.5",
     "\"[PATCH v4 3/3] mm: Batch-zap large anonymous folio PTE mappings\", Ryan Roberts, 2023-07-27, "
     "<20230727141837.3386072-4-ryan.roberts@arm.com>; on MMU_GATHER architectures; not merged"},
    {&kWriterZapPmd, "zap_huge_pmd() in mm/huge_memory.c (v6.5 to the 2026 mm tree)", nullptr, nullptr},
    {&kWriterForkPmd, "copy_huge_pmd() in mm/huge_memory.c (v6.5 to the 2026 mm tree)", nullptr, nullptr},
    {&kWriterCow, "wp_page_copy() in mm/memory.c (v6.5 to the 2026 mm tree)", nullptr, nullptr},
    {&kWriterSwapcacheAdd, "add_to_swap_cache() in mm/swap_state.c (v6.5 to v6.17; swap_cache_add_folio() later)",
     nullptr, nullptr},
};

// The position of a release in the table, or -1.
int release_index(const std::vector<KernelRelease>& rows, const char* name) {
    for (size_t i = 0; i < rows.size(); i++)
        if (name && std::string(name) == rows[i].name) return static_cast<int>(i);
    return -1;
}

// A release's checks: every form whose first_release..last_release covers it, in the order
// of their families' first rows in checks.def (khugepaged-expected takes khugepaged's place).
void derive_checks(std::vector<KernelRelease>& rows) {
    const std::vector<const CheckDef*>& checks = all_checks();
    auto family_rank = [&](const CheckDef* c) {
        for (size_t i = 0; i < checks.size(); i++)
            if (std::string(checks[i]->family ? checks[i]->family : "") == (c->family ? c->family : "")) return i;
        return checks.size();
    };
    std::vector<const CheckDef*> by_family(checks.begin(), checks.end());
    std::stable_sort(by_family.begin(), by_family.end(),
                     [&](const CheckDef* a, const CheckDef* b) { return family_rank(a) < family_rank(b); });
    for (size_t i = 0; i < rows.size(); i++)
        for (const CheckDef* c : by_family) {
            const int first = release_index(rows, c->first_release);
            const int last = c->last_release ? release_index(rows, c->last_release) : static_cast<int>(rows.size()) - 1;
            if (first >= 0 && first <= static_cast<int>(i) && static_cast<int>(i) <= last) rows[i].checks.push_back(c);
        }
}

// A release's proposals: every writer whose origin was posted against it.
void derive_proposals(std::vector<KernelRelease>& rows) {
    for (KernelRelease& k : rows)
        for (const WriterOrigin& o : kOrigins)
            if (o.posted_against && std::string(o.posted_against) == k.name) k.proposals.push_back(o.writer);
}

}  // namespace

const std::vector<WriterOrigin>& writer_origins() { return kOrigins; }

const WriterOrigin* writer_origin(const WriterDef* w) {
    for (const WriterOrigin& o : kOrigins)
        if (o.writer == w) return &o;
    return nullptr;
}

bool is_proposal(const WriterDef* w) {
    const WriterOrigin* o = writer_origin(w);
    return o && o->posted_against;
}

const std::vector<KernelRelease>& all_kernels() {
    static const std::vector<KernelRelease> k = [] {
        std::vector<KernelRelease> rows = release_rows();
        derive_checks(rows);
        derive_proposals(rows);
        return rows;
    }();
    return k;
}

std::vector<std::string> check_problems(const CheckDef& c) {
    std::vector<std::string> out = check_def_problems(c);
    const std::vector<KernelRelease>& rows = all_kernels();
    if (c.first_release && std::string(c.first_release) != "unmerged" && release_index(rows, c.first_release) < 0)
        out.push_back(std::string("check ") + c.name + ": first_release '" + c.first_release +
                      "' is not a release of checks/kernels.cpp (valid: " + kernel_names() + ", unmerged)");
    if (c.last_release && release_index(rows, c.last_release) < 0)
        out.push_back(std::string("check ") + c.name + ": last_release '" + c.last_release +
                      "' is not a release of checks/kernels.cpp (valid: " + kernel_names() + ")");
    return out;
}

std::vector<std::string> table_problems() {
    std::vector<std::string> out;
    std::set<std::string> check_names_seen, writer_names_seen;
    for (const CheckDef* c : all_checks()) {
        for (const std::string& p : check_problems(*c)) out.push_back(p);
        if (c->name && !check_names_seen.insert(c->name).second)
            out.push_back(std::string("two checks are named ") + c->name);
    }
    for (const WriterDef* w : all_writers()) {
        if (!writer_names_seen.insert(w->name).second) out.push_back(std::string("two writers are named ") + w->name);
        const WriterOrigin* o = writer_origin(w);
        if (!w->emit_from && !o)
            out.push_back(std::string("writer ") + w->name +
                          " has no row in checks/kernels.cpp kOrigins (merged or posted)");
        if (o && !o->merged == !o->posted_against)
            out.push_back(std::string("writer ") + w->name +
                          ": its origin must be either merged or posted against a release");
        if (o && o->posted_against && (!o->posting || release_index(release_rows(), o->posted_against) < 0))
            out.push_back(
                std::string("writer ") + w->name +
                ": a proposal needs its posting and a release of checks/kernels.cpp (valid: " + kernel_names() + ")");
    }
    for (const KernelRelease& k : all_kernels()) {
        if (k.checks.empty()) out.push_back(std::string("release ") + k.name + " runs no check");
        for (const WriterDef* w : k.writers)
            if (is_proposal(w))
                out.push_back(std::string("release ") + k.name + " lists the proposal " + w->name +
                              " among the paths it merged; a posted patch is a proposal (kOrigins posted_against)");
        for (const KernelAlias& a : k.aliases)
            if (!kernel_writer(k, a.name))
                out.push_back(std::string("release ") + k.name + ": alias " + a.family + " names '" + a.name +
                              "', not one of its writers");
    }
    return out;
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
    for (const CheckDef* c : k.checks)
        if (name == c->family) return c;
    return nullptr;
}

const WriterDef* kernel_writer(const KernelRelease& k, const std::string& name) {
    for (const WriterDef* w : k.writers)
        if (name == w->name) return w;
    for (const KernelAlias& a : k.aliases)
        if (name == a.family)
            for (const WriterDef* w : k.writers)
                if (std::string(a.name) == w->name) return w;
    for (const WriterDef* w : k.proposals)
        if (name == w->name) return w;
    return nullptr;
}

ReadOrder kernel_read_order(const KernelRelease&, const CheckDef& c) { return c.kernel_order; }

std::vector<const WriterDef*> kernel_racing_writers(const KernelRelease& k, const CheckDef* c) {
    std::vector<const WriterDef*> out;
    for (const WriterDef* w : k.writers)
        if (check_races(c, w)) out.push_back(w);
    return out;
}

std::vector<const WriterDef*> kernel_racing_proposals(const KernelRelease& k, const CheckDef* c) {
    std::vector<const WriterDef*> out;
    for (const WriterDef* w : k.proposals)
        if (check_races(c, w)) out.push_back(w);
    return out;
}

std::vector<const WriterDef*> kernel_racing_paths(const KernelRelease& k, const CheckDef* c) {
    std::vector<const WriterDef*> out = kernel_racing_writers(k, c);
    for (const WriterDef* w : kernel_racing_proposals(k, c)) out.push_back(w);
    return out;
}

}  // namespace fc
