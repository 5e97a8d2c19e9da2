// tests/test_tables.cpp: the kernel facts are declared once (checks/checks.def,
// checks/writers/writers.def, checks/kernels.cpp, harness/search/proposals.cpp) and what derives from
// them is what the kernel's locks and releases say. A check row missing a fact is refused at
// startup with a message, never given a default.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "checks/concurrency.hpp"
#include "checks/kernels.hpp"
#include "harness/search/proposals.hpp"
#include "model/engine.hpp"

using namespace fc;

namespace {

std::set<std::string> racing(const char* check) {
    std::set<std::string> out;
    for (const WriterDef* w : all_writers())
        if (check_races(find_check(check), w)) out.insert(w->name);
    return out;
}

std::vector<std::string> names(const std::vector<const CheckDef*>& v) {
    std::vector<std::string> out;
    for (const CheckDef* c : v) out.push_back(c->name);
    return out;
}

bool mentions(const std::vector<std::string>& lines, const std::string& what) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(what) != std::string::npos; });
}

}  // namespace

TEST_CASE("the tables of checks, writers, releases and proposals are whole") {
    CHECK(table_problems() == std::vector<std::string>{});
    CHECK(proposal_problems() == std::vector<std::string>{});
}

TEST_CASE("a check without its locks, its kernel function or a real release is refused with a message") {
    CheckDef broken = kCheckLazyfree;
    broken.locks = nullptr;
    broken.function = nullptr;
    broken.first_release = "v9.9";
    const std::vector<std::string> p = check_problems(broken);
    CHECK(mentions(p, "check lazyfree (checks/lazyfree.cpp): no locks"));
    CHECK(mentions(p, "no function"));
    CHECK(mentions(p, "first_release 'v9.9' is not a release of checks/kernels.cpp"));
    CheckDef unknown_last = kCheckKhugepaged;
    unknown_last.last_release = "v6.99";
    CHECK(mentions(check_problems(unknown_last), "last_release 'v6.99'"));
    CHECK(check_problems(kCheckKhugepaged).empty());
}

TEST_CASE("which writers race each check follows from the folio lock, folio sizes and the swapcache") {
    // Hand-derived from each check's kernel context (docs/checks.md): KSM holds the page lock
    // and handles small pages; compaction holds nothing but never meets a swapcache folio;
    // khugepaged's scan holds no folio lock; split and lazyfree hold the folio lock that
    // try_to_unmap(), try_to_migrate() and add_to_swap() need.
    const std::set<std::string> every = {"zap-v6.5",
                                         "zap-v6.5-nogather",
                                         "batch-zap-v4",
                                         "batch-zap-two-loop",
                                         "zap-v6.9",
                                         "fork-v6.5",
                                         "fork-v6.9",
                                         "gup-fast",
                                         "try-to-unmap-v6.10",
                                         "try-to-unmap-lazyfree",
                                         "try-to-unmap-batched",
                                         "try-to-migrate",
                                         "batch-zap-v4-gather",
                                         "zap-pmd",
                                         "fork-pmd",
                                         "cow",
                                         "swapcache-add"};
    auto without = [&](std::set<std::string> s, const std::vector<std::string>& drop) {
        for (const std::string& d : drop) s.erase(d);
        return s;
    };
    const std::vector<std::string> folio_locked = {"try-to-unmap-v6.10", "try-to-unmap-lazyfree",
                                                   "try-to-unmap-batched", "try-to-migrate", "swapcache-add"};
    CHECK(racing("ksm") == std::set<std::string>{"zap-v6.5", "zap-v6.5-nogather", "zap-v6.9", "fork-v6.5", "fork-v6.9",
                                                 "gup-fast", "cow"});
    CHECK(racing("compaction") == without(every, {"swapcache-add"}));
    CHECK(racing("khugepaged") == every);
    CHECK(racing("khugepaged-expected") == every);
    CHECK(racing("split") == without(every, folio_locked));
    CHECK(racing("split-expected") == without(every, folio_locked));
    CHECK(racing("lazyfree") == without(every, folio_locked));
    // The COW reuse fault holds no folio lock: reclaim's and migration's unmap race it. Reclaim's
    // precheck holds the folio lock and is the path that adds the folio to the swapcache.
    CHECK(racing("cow-reuse") == every);
    CHECK(racing("reclaim-precheck") == without(every, folio_locked));
    // A check that races nothing it should not: what_if_reason names the exclusion.
    CHECK(what_if_reason(&kCheckSplit, &kWriterTryToMigrate, 2) ==
          "what-if: split's locks or folio sizes exclude try-to-migrate");
    CHECK(what_if_reason(&kCheckSplit, &kWriterZapV65, 1).rfind("what-if: ", 0) == 0);
    CHECK(what_if_reason(&kCheckSplit, &kWriterZapV65, 2) == "");
}

TEST_CASE("each release runs the check forms whose first and last release cover it, in family order") {
    using V = std::vector<std::string>;
    CHECK(names(find_kernel("v6.5")->checks) == V{"ksm", "compaction", "khugepaged", "split", "lazyfree"});
    CHECK(names(find_kernel("v6.10")->checks) == V{"ksm", "compaction", "khugepaged", "split", "lazyfree"});
    // COW reuse of PTE-mapped THPs came with CONFIG_MM_ID (1da190f4d0a6, v6.15); reclaim's
    // folio_expected_ref_count() precheck with v6.19, which only `current` covers.
    CHECK(names(find_kernel("v6.15")->checks) ==
          V{"ksm", "compaction", "khugepaged", "split", "lazyfree", "cow-reuse"});
    CHECK(names(find_kernel("v6.17")->checks) ==
          V{"ksm", "compaction", "khugepaged-expected", "split", "lazyfree", "cow-reuse"});
    CHECK(names(find_kernel("current")->checks) ==
          V{"ksm", "compaction", "khugepaged-expected", "split-expected", "lazyfree", "cow-reuse", "reclaim-precheck"});
    // --check FAMILY resolves to the release's form.
    CHECK(kernel_check(*find_kernel("v6.15"), "khugepaged") == &kCheckKhugepaged);
    CHECK(kernel_check(*find_kernel("v6.17"), "khugepaged") == &kCheckKhugepagedExpected);
    CHECK(kernel_check(*find_kernel("current"), "split") == &kCheckSplitExpected);
    CHECK(kernel_check(*find_kernel("v6.17"), "split-expected") == nullptr);
}

TEST_CASE("a release's merged paths and the patches posted against it are apart, each with its citation") {
    auto writer_names = [](const std::vector<const WriterDef*>& v) {
        std::vector<std::string> out;
        for (const WriterDef* w : v) out.push_back(w->name);
        return out;
    };
    using V = std::vector<std::string>;
    // The Aug 2023 batch zaps were posted against v6.5 and never merged (v6.9 merged 10ebac4f95e7).
    const KernelRelease& v65 = *find_kernel("v6.5");
    CHECK(writer_names(v65.proposals) == V{"batch-zap-v4", "batch-zap-two-loop", "batch-zap-v4-gather"});
    for (const WriterDef* w : v65.writers) CHECK_FALSE(is_proposal(w));
    // The 2026 anonymous batched unmap is a proposal against current; the merged lazyfree
    // batching (354dffd29575) is a path of v6.15 and later.
    const KernelRelease& cur = *find_kernel("current");
    CHECK(writer_names(cur.proposals) == V{"try-to-unmap-batched"});
    CHECK(std::find(cur.writers.begin(), cur.writers.end(), &kWriterTryToUnmapLazyfree) != cur.writers.end());
    CHECK(std::find(cur.writers.begin(), cur.writers.end(), &kWriterTryToUnmapBatched) == cur.writers.end());
    const KernelRelease& v615 = *find_kernel("v6.15");
    CHECK(std::find(v615.writers.begin(), v615.writers.end(), &kWriterTryToUnmapLazyfree) != v615.writers.end());
    CHECK(std::string(writer_origin(&kWriterTryToUnmapLazyfree)->merged).find("354dffd29575") != std::string::npos);
    CHECK(std::string(writer_origin(&kWriterTryToUnmapBatched)->posting).find("2026-05-26") != std::string::npos);
    CHECK(std::string(writer_origin(&kWriterBatchZapV4)->posting)
              .find("<20230727141837.3386072-4-ryan.roberts@arm.com>") != std::string::npos);
    // A proposal is accepted by name with --kernel, never counted as merged, and a family
    // alias names a merged path.
    CHECK(kernel_writer(cur, "try-to-unmap-batched") == &kWriterTryToUnmapBatched);
    CHECK(kernel_writer(cur, "try-to-unmap") == &kWriterTryToUnmapV610);
    CHECK(kernel_writer(v65, "batch-zap-v4") == &kWriterBatchZapV4);
    CHECK(kernel_writer(*find_kernel("v6.10"), "batch-zap-v4") == nullptr);
    const std::vector<const WriterDef*> merged = kernel_racing_writers(cur, &kCheckKhugepagedExpected);
    CHECK(std::find(merged.begin(), merged.end(), &kWriterTryToUnmapBatched) == merged.end());
    CHECK(kernel_racing_proposals(cur, &kCheckKhugepagedExpected) ==
          std::vector<const WriterDef*>{&kWriterTryToUnmapBatched});
    // `current` follows the mm tree without per-page mapcounts.
    CHECK(cur.design == MapcountDesign::no_page_mapcount);
}

TEST_CASE("each check's cost of a miss is classified, cited, and named as the release summary says it") {
    // Read off the kernel code after each check (docs/checks.md "What a miss costs").
    CHECK(kCheckKsm.miss_cost.cost == MissCost::data_corruption);
    CHECK(kCheckKhugepaged.miss_cost.cost == MissCost::data_corruption);
    CHECK(kCheckKhugepagedExpected.miss_cost.cost == MissCost::data_corruption);
    CHECK(kCheckCowReuse.miss_cost.cost == MissCost::data_corruption);
    CHECK(kCheckLazyfree.miss_cost.cost == MissCost::data_loss);
    CHECK(kCheckCompaction.miss_cost.cost == MissCost::wasted_work);
    CHECK(kCheckSplit.miss_cost.cost == MissCost::wasted_work);
    CHECK(kCheckSplitExpected.miss_cost.cost == MissCost::wasted_work);
    CHECK(kCheckReclaimPrecheck.miss_cost.cost == MissCost::wasted_work);
    CHECK(std::string(kCheckCompaction.miss_cost.why).find("__folio_migrate_mapping()") != std::string::npos);
    CHECK(std::string(miss_cost_verb(MissCost::wasted_work, 1)) == "wastes work");
    CHECK(std::string(miss_cost_verb(MissCost::wasted_work, 3)) == "waste work");
    CHECK(std::string(miss_cost_verb(MissCost::data_corruption, 2)) == "can corrupt data");
    CHECK(miss_cost_names() == "data corruption, data loss, wasted work");
    CheckDef broken = kCheckLazyfree;
    broken.miss_cost.why = nullptr;
    CHECK(mentions(check_problems(broken), "miss_cost.why"));
}

TEST_CASE("every enum has one table of names: each name parses back to its value, and the lists say so") {
    for (Memory m : {Memory::sc, Memory::c11, Memory::relaxed}) {
        Memory back{};
        CHECK(parse_memory(memory_name(m), back));
        CHECK(back == m);
    }
    CHECK(memory_names() == "sc, lkmm, c11, relaxed");
    for (MapcountDesign d :
         {MapcountDesign::per_page, MapcountDesign::large, MapcountDesign::mm_id, MapcountDesign::no_page_mapcount}) {
        MapcountDesign back{};
        CHECK(parse_mapcount(mapcount_name(d), back));
        CHECK(back == d);
    }
    CHECK(mapcount_names() == "per-page, large, mm-id, no-page-mapcount");
    for (SearchMode s :
         {SearchMode::cached, SearchMode::reduced, SearchMode::full, SearchMode::bound, SearchMode::random}) {
        SearchMode back{};
        CHECK(parse_search_mode(search_name(s), back));
        CHECK(back == s);
    }
    CHECK(search_mode_names() == "cached, reduced, full, bound, random");
    CHECK(exhaustive_search_mode_names() == "cached, reduced, full");
    for (ReadOrder o : {ReadOrder::ref_first, ReadOrder::map_first, ReadOrder::either}) {
        ReadOrder back{};
        CHECK(parse_read_order(read_order_name(o), back));
        CHECK(back == o);
    }
    for (ReaderBarrier b : {ReaderBarrier::none, ReaderBarrier::rmb, ReaderBarrier::mb}) {
        ReaderBarrier back{};
        CHECK(parse_reader_barrier(reader_barrier_name(b), back));
        CHECK(back == b);
    }
    // PinKind also takes the spellings --pin-kind always took; it prints and lists the kernel's.
    PinKind k{};
    CHECK((parse_pin_kind("pin", k) && k == PinKind::foll_pin));
    CHECK((parse_pin_kind("foll-get", k) && k == PinKind::foll_get));
    CHECK(std::string(pin_kind_name(PinKind::foll_pin)) == "FOLL_PIN");
    CHECK(pin_kind_names() == "FOLL_GET, FOLL_PIN");
    Memory m{};
    CHECK_FALSE(parse_memory("SC", m));
    CHECK(check_names().find("lazyfree") != std::string::npos);
    CHECK(writer_names().find("swapcache-add") != std::string::npos);
}
