// checks/concurrency.cpp: the concurrency data of the checks (see concurrency.hpp).
#include "checks/concurrency.hpp"

#include <algorithm>
#include <cstring>

namespace fc {

namespace {

const std::vector<CheckConcurrency>& table() {
    // Writer lists: the v6.5 paths first, then the later ones (checks/writers/*.cpp).
    // try_to_unmap(), try_to_migrate() and add_to_swap() run with the folio locked (their
    // kerneldoc: "Caller must hold the folio lock"), so no check that holds it can race them.
    static const std::vector<CheckConcurrency> t = {
        {&kCheckKsm,
         "mmap_read_lock of its mm, the page lock, the PTL of this PTE, its own reference; the PTE cleared and "
         "flushed",
         {"zap-v6.5", "zap-v6.5-nogather", "zap-v6.9", "fork-v6.5", "fork-v6.9", "gup-fast", "cow"},
         "write_protect_page() in mm/ksm.c (v6.5): GUP-fast in this mm (it must back off on the cleared PTE), zap, "
         "fork-dup and COW in other mms that share the page after fork; the batched zaps and PMD paths only ever "
         "handle large folios and KSM only small pages; the page lock excludes try_to_unmap(), try_to_migrate() and "
         "add_to_swap()"},
        {&kCheckCompaction,
         "only the speculative reference of folio_get_nontail_page()",
         {"zap-v6.5", "zap-v6.5-nogather", "batch-zap-v4", "batch-zap-two-loop", "zap-v6.9", "fork-v6.5", "fork-v6.9",
          "gup-fast", "try-to-unmap-v6.10", "try-to-unmap-batched", "try-to-migrate", "batch-zap-v4-gather", "zap-pmd",
          "fork-pmd", "cow"},
         "isolate_migratepages_block() in mm/compaction.c (v6.5) holds no mm lock, no PTL and no folio lock (its "
         "PageLRU() test is racy): faults, fork, every zap, reclaim's and migration's unmap and GUP-fast can run "
         "against it; a swapcache folio has a mapping, so its check does not run for one (no swapcache-add)"},
        {&kCheckKhugepaged,
         "scan: mmap_read_lock and the PTL; isolate: mmap_write_lock, anon_vma write lock, PMD cleared plus IPI, PTL, "
         "page lock",
         {"zap-v6.5", "zap-v6.5-nogather", "batch-zap-v4", "batch-zap-two-loop", "zap-v6.9", "fork-v6.5", "fork-v6.9",
          "gup-fast", "try-to-unmap-v6.10", "try-to-unmap-batched", "try-to-migrate", "batch-zap-v4-gather", "zap-pmd",
          "fork-pmd", "cow", "swapcache-add"},
         "is_refcount_suitable() in mm/khugepaged.c (v6.5): the scan phase (hpage_collapse_scan_pmd(), no folio "
         "lock) races GUP-fast in this mm and anything in other mms, reclaim and migration included; in the isolate "
         "phase other mms that share the folio after fork can still zap, dup and GUP (\"New pins can come later if "
         "the page is shared across fork, but not from this process\", __collapse_huge_page_isolate())"},
        {&kCheckSplit,
         "the folio lock, the anon_vma write lock, the caller's reference",
         {"zap-v6.5", "zap-v6.5-nogather", "batch-zap-v4", "batch-zap-two-loop", "zap-v6.9", "fork-v6.5", "fork-v6.9",
          "gup-fast", "batch-zap-v4-gather", "zap-pmd", "fork-pmd", "cow"},
         "can_split_folio() in mm/huge_memory.c (v6.5): zap's PTE and PMD paths, fork's copy, COW and GUP-fast take "
         "none of these locks (DERIVED, docs/checks.md); the folio lock excludes try_to_unmap(), try_to_migrate() "
         "and add_to_swap()"},
        {&kCheckKhugepagedExpected,
         "as khugepaged: scan: mmap_read_lock and the PTL; isolate: as is_refcount_suitable()'s callers",
         {"zap-v6.5", "zap-v6.5-nogather", "batch-zap-v4", "batch-zap-two-loop", "zap-v6.9", "fork-v6.5", "fork-v6.9",
          "gup-fast", "try-to-unmap-v6.10", "try-to-unmap-batched", "try-to-migrate", "batch-zap-v4-gather", "zap-pmd",
          "fork-pmd", "cow", "swapcache-add"},
         "folio_expected_ref_count() != folio_ref_count() in mm/khugepaged.c (v6.17, "
         "<20250523091432.17588-1-shivankg@amd.com>): the same callers and locks as is_refcount_suitable()"},
        {&kCheckSplitExpected,
         "the folio lock, the anon_vma write lock, the caller's reference",
         {"zap-v6.5", "zap-v6.5-nogather", "batch-zap-v4", "batch-zap-two-loop", "zap-v6.9", "fork-v6.5", "fork-v6.9",
          "gup-fast", "batch-zap-v4-gather", "zap-pmd", "fork-pmd", "cow"},
         "__folio_split() in mm/huge_memory.c (2026 mm tree): the same locks as can_split_folio()'s caller"},
        {&kCheckLazyfree,
         "the folio lock (try_to_unmap() caller), reclaim's isolation reference, this mm's PTL; its PTEs cleared",
         {"zap-v6.5", "zap-v6.5-nogather", "batch-zap-v4", "batch-zap-two-loop", "zap-v6.9", "fork-v6.5", "fork-v6.9",
          "gup-fast", "batch-zap-v4-gather", "zap-pmd", "fork-pmd", "cow"},
         "try_to_unmap_one() in mm/rmap.c (6c8e2a256915, v5.18; folio form to 2026): other mms sharing the lazyfree "
         "folio after fork may zap, fork, COW and GUP; the folio lock excludes the other rmap walkers and "
         "add_to_swap(); a lazyfree folio is !swapbacked and never in the swapcache"},
    };
    return t;
}

}  // namespace

const CheckConcurrency& concurrency_of(const CheckDef* check) {
    for (const CheckConcurrency& c : table())
        if (c.check == check) return c;
    return table().front();  // every check of all_checks() has an entry (tests/test_answers.cpp)
}

bool check_races(const CheckDef* check, const WriterDef* writer) {
    const CheckConcurrency& c = concurrency_of(check);
    return std::any_of(c.writers.begin(), c.writers.end(),
                       [&](const char* n) { return std::strcmp(n, writer->name) == 0; });
}

std::vector<const WriterDef*> racing_writers(const CheckDef* check) {
    std::vector<const WriterDef*> out;
    for (const WriterDef* w : all_writers())
        if (!w->newer && check_races(check, w)) out.push_back(w);
    return out;
}

std::string what_if_reason(const CheckDef* check, const WriterDef* writer, int pages) {
    const CheckConcurrency& c = concurrency_of(check);
    if (std::none_of(c.writers.begin(), c.writers.end(),
                     [&](const char* n) { return std::strcmp(n, writer->name) == 0; }))
        return std::string("what-if: ") + check->name + "'s locks or folio sizes exclude " + writer->name;
    if (check == &kCheckSplit && pages == 1)
        return "what-if: a 1-page folio is never split (can_split_folio() is for large folios)";
    return "";
}

}  // namespace fc
