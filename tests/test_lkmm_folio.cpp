// tests/test_lkmm_folio.cpp: the exact engine on the built-in folio scenarios, and its SC
// axioms against Relacy's sequentially consistent search on the same scenarios.
#include <doctest/doctest.h>

#include <stdexcept>

#include "tests/lkmm_folio_support.hpp"

using namespace fc;
using fc::lkmm::test::folio;

TEST_CASE("compaction against zap-v6.5, refcount first then smp_rmb(), holds under exact lkmm at 1, 2 and 4 pages") {
    for (int pages : {1, 2, 4}) {
        CAPTURE(pages);
        auto b = folio("compaction", "zap-v6.5", pages, ReaderBarrier::rmb);
        const SearchOutcome o = lkmm::explore_lkmm(b->engine, SearchSpec{});
        CHECK(o.completed);
        CHECK(o.violations == 0);
        CHECK(o.exact.consistent > 0);
        // The reader's (refcount, mapcount, refcount position) outcomes: the refcount read
        // before or after each of the writer's drops, with the matching mapcounts.
        CHECK(o.exact.outcomes == static_cast<uint64_t>(2 * pages + 1));
    }
}

TEST_CASE("without smp_rmb() the same check is violated under exact lkmm, and not by an interleaving") {
    auto b = folio("compaction", "zap-v6.5", 2, ReaderBarrier::none);
    const SearchOutcome o = lkmm::explore_lkmm(b->engine, SearchSpec{});
    CHECK(o.completed);
    CHECK(o.violations > 0);
    REQUIRE(o.has_counterexample);
    CHECK_FALSE(o.exact.cx_sc);  // the mapcount read passes the refcount read: needs lkmm
    CHECK(o.exact.cx_graph.find("rf from") != std::string::npos);
}

TEST_CASE("a stop at the first violation ends the exact search there, not exhaustive") {
    auto b = folio("compaction", "zap-v6.5", 2, ReaderBarrier::none);
    SearchSpec spec;
    spec.stop_at_first_violation = true;
    const SearchOutcome o = lkmm::explore_lkmm(b->engine, spec);
    CHECK_FALSE(o.completed);
    CHECK(o.violations == 1);
    CHECK(o.stopped_by == "first violation");
}

TEST_CASE("under sc the exact engine and Relacy's full search give the same verdicts on the folio checks") {
    struct Case {
        const char* check;
        const char* writer;
        int pages;
        ReaderBarrier barrier;
    };
    for (const Case& c :
         {Case{"compaction", "zap-v6.5", 1, ReaderBarrier::none},
          Case{"compaction", "zap-v6.5", 2, ReaderBarrier::none},
          Case{"khugepaged", "zap-v6.5", 2, ReaderBarrier::none}, Case{"split", "zap-v6.5", 2, ReaderBarrier::none},
          Case{"ksm", "zap-v6.5", 1, ReaderBarrier::none}}) {
        CAPTURE(c.check);
        CAPTURE(c.pages);
        auto exact = folio(c.check, c.writer, c.pages, c.barrier, Memory::sc);
        auto relacy = folio(c.check, c.writer, c.pages, c.barrier, Memory::sc);
        const SearchOutcome e = lkmm::explore_lkmm(exact->engine, SearchSpec{});
        const SearchOutcome r = explore(relacy->engine, SearchSpec{});
        REQUIRE(e.completed);
        REQUIRE(r.completed);
        CHECK((e.violations > 0) == (r.violations > 0));
        CHECK((e.secondary > 0) == (r.secondary > 0));
    }
}

TEST_CASE("the exact engine refuses search modes that do not apply to it, with one line") {
    auto b = folio("compaction", "zap-v6.5", 1, ReaderBarrier::none);
    SearchSpec spec;
    spec.mode = SearchMode::random;
    CHECK_THROWS_WITH_AS(lkmm::explore_lkmm(b->engine, spec), doctest::Contains("--search random"),
                         std::invalid_argument);
    b->engine.memory = Memory::relaxed;
    CHECK_THROWS_AS(lkmm::explore_lkmm(b->engine, SearchSpec{}), std::invalid_argument);
}
