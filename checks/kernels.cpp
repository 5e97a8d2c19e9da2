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
         {&kWriterZapV65, &kWriterZapV65NoGather, &kWriterForkV65, &kWriterGupFast, &kWriterBatchZapV4,
          &kWriterBatchZapV4Gather, &kWriterBatchZapTwoLoop, &kWriterZapPmd, &kWriterForkPmd, &kWriterCow,
          &kWriterSwapcacheAdd},
         {{"zap", "zap-v6.5"}, {"fork", "fork-v6.5"}},
         "mm/rmap.c, mm/memory.c, mm/khugepaged.c, mm/huge_memory.c, mm/ksm.c, mm/compaction.c at v6.5"},
        {"v6.10",
         "one _large_mapcount per large folio (\"mm: track mapcount of large folios in single value\", "
         "<20240409192301.907377-5-david@redhat.com>); batched zap and fork (v6.9, 10ebac4f95e7)",
         MapcountDesign::large,
         {},  // checks: derived from CheckDef::first_release/last_release below
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToMigrate,
          &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {{"zap", "zap-v6.9"}, {"fork", "fork-v6.9"}, {"try-to-unmap", "try-to-unmap-v6.10"}},
         "v6.10 mm/rmap.c __folio_remove_rmap(), include/linux/mm.h folio_mapcount()"},
        {"v6.15",
         "CONFIG_MM_ID (selected by TRANSPARENT_HUGEPAGE): _large_mapcount updated under the folio's mapcount "
         "bit spinlock with plain loads and stores (<20250303163014.1128035-13-david@redhat.com>; v6.15 tag "
         "UNCONFIRMED); CONFIG_NO_PAGE_MAPCOUNT opt-in (--mapcount no-page-mapcount)",
         MapcountDesign::mm_id,
         {},  // checks: derived from CheckDef::first_release/last_release below
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToMigrate,
          &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {{"zap", "zap-v6.9"}, {"fork", "fork-v6.9"}, {"try-to-unmap", "try-to-unmap-v6.10"}},
         "include/linux/rmap.h folio_add_return_large_mapcount(), mm/rmap.c (2025)"},
        {"v6.17",
         "khugepaged: folio_expected_ref_count() != folio_ref_count() (<20250523091432.17588-1-shivankg@amd.com>; "
         "folio_expected_ref_count() itself is v6.16, 86ebd50224c0; the v6.17 tag is UNCONFIRMED)",
         MapcountDesign::mm_id,
         {},  // checks: derived from CheckDef::first_release/last_release below
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToMigrate,
          &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {{"zap", "zap-v6.9"}, {"fork", "fork-v6.9"}, {"try-to-unmap", "try-to-unmap-v6.10"}},
         "mm/khugepaged.c after <20250523091432.17588-1-shivankg@amd.com>"},
        {"current",
         "the 2026 mm tree: split's check is folio_expected_ref_count() != folio_ref_count() - 1 in "
         "__folio_split() (replaced can_split_folio() between v6.17 and v6.19, UNCONFIRMED); lazyfree folios "
         "unmapped in batches; the posted 2026 batched anon unmap",
         MapcountDesign::mm_id,
         {},  // checks: derived from CheckDef::first_release/last_release below
         {&kWriterZapV69, &kWriterForkV69, &kWriterGupFast, &kWriterTryToUnmapV610, &kWriterTryToUnmapBatched,
          &kWriterTryToMigrate, &kWriterZapPmd, &kWriterForkPmd, &kWriterCow, &kWriterSwapcacheAdd},
         {{"zap", "zap-v6.9"}, {"fork", "fork-v6.9"}, {"try-to-unmap", "try-to-unmap-batched"}},
         "linux-mm mm/huge_memory.c @ 00cb34b034a5, mm/rmap.c @ 0014dde7e945 (2026 snapshots)"},
    };
}

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

}  // namespace

const std::vector<KernelRelease>& all_kernels() {
    static const std::vector<KernelRelease> k = [] {
        std::vector<KernelRelease> rows = release_rows();
        derive_checks(rows);
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
    for (const WriterDef* w : all_writers())
        if (!writer_names_seen.insert(w->name).second) out.push_back(std::string("two writers are named ") + w->name);
    for (const KernelRelease& k : all_kernels()) {
        if (k.checks.empty()) out.push_back(std::string("release ") + k.name + " runs no check");
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
