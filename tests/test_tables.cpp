// tests/test_tables.cpp: the kernel facts are declared once (checks/checks.def,
// checks/writers/writers.def, checks/kernels.cpp, harness/proposals.cpp) and what derives from
// them is what the kernel's locks and releases say. A check row missing a fact is refused at
// startup with a message, never given a default.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "checks/concurrency.hpp"
#include "checks/kernels.hpp"
#include "harness/proposals.hpp"
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
    const std::set<std::string> every = {
        "zap-v6.5",       "zap-v6.5-nogather",   "batch-zap-v4", "batch-zap-two-loop", "zap-v6.9",
        "fork-v6.5",      "fork-v6.9",           "gup-fast",     "try-to-unmap-v6.10", "try-to-unmap-batched",
        "try-to-migrate", "batch-zap-v4-gather", "zap-pmd",      "fork-pmd",           "cow",
        "swapcache-add"};
    auto without = [&](std::set<std::string> s, const std::vector<std::string>& drop) {
        for (const std::string& d : drop) s.erase(d);
        return s;
    };
    const std::vector<std::string> folio_locked = {"try-to-unmap-v6.10", "try-to-unmap-batched", "try-to-migrate",
                                                   "swapcache-add"};
    CHECK(racing("ksm") == std::set<std::string>{"zap-v6.5", "zap-v6.5-nogather", "zap-v6.9", "fork-v6.5", "fork-v6.9",
                                                 "gup-fast", "cow"});
    CHECK(racing("compaction") == without(every, {"swapcache-add"}));
    CHECK(racing("khugepaged") == every);
    CHECK(racing("khugepaged-expected") == every);
    CHECK(racing("split") == without(every, folio_locked));
    CHECK(racing("split-expected") == without(every, folio_locked));
    CHECK(racing("lazyfree") == without(every, folio_locked));
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
    CHECK(names(find_kernel("v6.15")->checks) == V{"ksm", "compaction", "khugepaged", "split", "lazyfree"});
    CHECK(names(find_kernel("v6.17")->checks) == V{"ksm", "compaction", "khugepaged-expected", "split", "lazyfree"});
    CHECK(names(find_kernel("current")->checks) ==
          V{"ksm", "compaction", "khugepaged-expected", "split-expected", "lazyfree"});
    // --check FAMILY resolves to the release's form.
    CHECK(kernel_check(*find_kernel("v6.15"), "khugepaged") == &kCheckKhugepaged);
    CHECK(kernel_check(*find_kernel("v6.17"), "khugepaged") == &kCheckKhugepagedExpected);
    CHECK(kernel_check(*find_kernel("current"), "split") == &kCheckSplitExpected);
    CHECK(kernel_check(*find_kernel("v6.17"), "split-expected") == nullptr);
}

TEST_CASE("every enum has one table of names: each name parses back to its value, and the lists say so") {
    for (Memory m : {Memory::sc, Memory::lkmm, Memory::relaxed}) {
        Memory back{};
        CHECK(parse_memory(memory_name(m), back));
        CHECK(back == m);
    }
    CHECK(memory_names() == "sc, lkmm, relaxed");
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
