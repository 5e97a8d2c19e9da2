// checks/concurrency.cpp: the concurrency data of the four checks (see concurrency.hpp).
#include "checks/concurrency.hpp"

#include <algorithm>
#include <cstring>

namespace fc {

namespace {

const std::vector<CheckConcurrency>& table() {
    static const std::vector<CheckConcurrency> t = {
        {&kCheckKsm,
         "mmap_read_lock of its mm, the page lock, the PTL of this PTE, its own reference; the PTE cleared and "
         "flushed",
         {"zap-v6.5", "zap-v6.5-nogather", "zap-v6.9", "fork-v6.5", "fork-v6.9", "gup-fast"},
         "write_protect_page() in mm/ksm.c (v6.5): GUP-fast in this mm (it must back off on the cleared PTE), zap and "
         "fork-dup in other mms that share the page after fork; the batched zaps only ever handle large folios and KSM "
         "only small pages"},
        {&kCheckCompaction,
         "only the speculative reference of folio_get_nontail_page()",
         {"zap-v6.5", "zap-v6.5-nogather", "batch-zap-v4", "batch-zap-two-loop", "zap-v6.9", "fork-v6.5", "fork-v6.9",
          "gup-fast"},
         "isolate_migratepages_block() in mm/compaction.c (v6.5) holds no mm lock and no PTL: faults, fork, every zap "
         "and GUP-fast can run against it"},
        {&kCheckKhugepaged,
         "scan: mmap_read_lock and the PTL; isolate: mmap_write_lock, anon_vma write lock, PMD cleared plus IPI, PTL, "
         "page lock",
         {"zap-v6.5", "zap-v6.5-nogather", "batch-zap-v4", "batch-zap-two-loop", "zap-v6.9", "fork-v6.5", "fork-v6.9",
          "gup-fast"},
         "is_refcount_suitable() in mm/khugepaged.c (v6.5): the scan phase races GUP-fast in this mm and anything in "
         "other mms; in the isolate phase other mms that share the folio after fork can still zap, dup and GUP (\"New "
         "pins can come later if the page is shared across fork, but not from this process\", "
         "__collapse_huge_page_isolate())"},
        {&kCheckSplit,
         "the folio lock, the anon_vma write lock, the caller's reference",
         {"zap-v6.5", "zap-v6.5-nogather", "batch-zap-v4", "batch-zap-two-loop", "zap-v6.9", "fork-v6.5", "fork-v6.9",
          "gup-fast"},
         "can_split_folio() in mm/huge_memory.c (v6.5): zap's PTE loop, fork's PTE copy and GUP-fast take none of "
         "these locks (DERIVED, docs/checks.md)"},
    };
    return t;
}

}  // namespace

const CheckConcurrency& concurrency_of(const CheckDef* check) {
    for (const CheckConcurrency& c : table())
        if (c.check == check) return c;
    return table().front();  // every check of all_checks() has an entry (tests/test_answers.cpp)
}

std::vector<const WriterDef*> racing_writers(const CheckDef* check) {
    std::vector<const WriterDef*> out;
    const CheckConcurrency& c = concurrency_of(check);
    for (const WriterDef* w : all_writers())
        if (std::any_of(c.writers.begin(), c.writers.end(),
                        [&](const char* n) { return std::strcmp(n, w->name) == 0; }))
            out.push_back(w);
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
