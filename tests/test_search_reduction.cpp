// tests/test_search_reduction.cpp: the proof by comparison that the reduced search gives the
// plain full search's verdicts (docs/performance.md), and that its counterexamples are
// executions of the plain search too.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "harness/search/runner.hpp"
#include "search_support.hpp"

namespace fc {
namespace {

RunRequest req(const CheckDef* c, const WriterDef* w, int pages, MapcountDesign d, ReadOrder o, ReaderBarrier b,
               Memory m, SearchMode mode) {
    return test::search_request(c, w, pages, d, o, b, m, mode);
}
std::string name_of(const RunRequest& r) { return test::search_request_name(r); }

// Every configuration small enough for the plain search: pages 1-2 under every memory
// setting and barrier, pages 3 under sc.
std::vector<RunRequest> small_configurations() {
    std::vector<RunRequest> out =
        test::search_configurations(1, 2, {Memory::sc, Memory::c11, Memory::relaxed}, SearchMode::full);
    for (const RunRequest& r : test::search_configurations(3, 3, {Memory::sc}, SearchMode::full)) out.push_back(r);
    return out;
}

TEST_SUITE("search/reduced") {
    // The proof in parts (test::part_of).
    void reduced_matches_plain(size_t part, size_t parts) {
        const std::vector<RunRequest> all = small_configurations();
        REQUIRE(all.size() > 800);
        const std::vector<RunRequest> configs = test::part_of(all, part, parts);
        size_t violations = 0, fewer = 0;
        for (const RunRequest& plain : configs) {
            RunRequest reduced = plain;
            reduced.search.mode = SearchMode::reduced;
            const RunResult a = run_config(plain);
            const RunResult b = run_config(reduced);
            INFO(name_of(plain));
            REQUIRE(a.exhaustive);
            REQUIRE(b.exhaustive);
            CHECK(verdict_name(a.verdict) == std::string(verdict_name(b.verdict)));
            CHECK(b.executions <= a.executions);
            violations += a.verdict == Verdict::violation;
            fewer += b.executions < a.executions;
        }
        // The comparison is not vacuous: both verdicts occur, and the reduction reduces.
        CHECK(violations > configs.size() / 10);
        CHECK(violations < configs.size());
        CHECK(fewer > configs.size() / 2);
    }
// Twelve parts, each its own ctest test: CI runs parts 1, 5 and 9 (a random third of the
// configurations, tests/search_support.hpp part_of), the slow tier all twelve.
#define FOLIOCHECK_REDUCED_PART(k)                                                                              \
    TEST_CASE("the reduced search gives the plain full search's verdict on every small configuration (part " #k \
              " of 12)") {                                                                                      \
        reduced_matches_plain(k, 12);                                                                           \
    }
    FOLIOCHECK_REDUCED_PART(1)
    FOLIOCHECK_REDUCED_PART(2)
    FOLIOCHECK_REDUCED_PART(3)
    FOLIOCHECK_REDUCED_PART(4)
    FOLIOCHECK_REDUCED_PART(5)
    FOLIOCHECK_REDUCED_PART(6)
    FOLIOCHECK_REDUCED_PART(7)
    FOLIOCHECK_REDUCED_PART(8)
    FOLIOCHECK_REDUCED_PART(9)
    FOLIOCHECK_REDUCED_PART(10)
    FOLIOCHECK_REDUCED_PART(11)
    FOLIOCHECK_REDUCED_PART(12)
#undef FOLIOCHECK_REDUCED_PART

    TEST_CASE("a counterexample of the reduced search is an execution of the plain search") {
        for (Memory m : {Memory::sc, Memory::c11}) {
            RunRequest reduced = req(&kCheckCompaction, &kWriterBatchZapV4, 2, MapcountDesign::per_page,
                                     ReadOrder::ref_first, ReaderBarrier::rmb, m, SearchMode::reduced);
            const RunResult r = run_config(reduced);
            REQUIRE(r.verdict == Verdict::violation);
            REQUIRE(r.counterexample.has_value());
            // Look for the same sequence of memory accesses in the plain search.
            RunRequest plain = reduced;
            plain.search.mode = SearchMode::full;
            BuiltScenario b;
            build_scenario(scenario_config(plain, ReadOrder::ref_first), b);
            SearchSpec spec;
            spec.mode = SearchMode::full;
            spec.match_accesses = accesses_of(r.counterexample->trace);
            const SearchOutcome found = explore(b.engine, spec);
            INFO(memory_name(m));
            REQUIRE(found.matched);
            // And replaying the plain state gives a violating execution with those accesses.
            const RunResult replayed = replay_run(plain, found.captured_state, false);
            CHECK(replayed.verdict == Verdict::violation);
            const auto want = accesses_of(r.counterexample->trace);
            const auto got = accesses_of(replayed.counterexample->trace);
            REQUIRE(got.size() == want.size());
            for (size_t i = 0; i < got.size(); i++) {
                CHECK(got[i].cpu == want[i].cpu);
                CHECK(got[i].loc == want[i].loc);
                CHECK(got[i].before == want[i].before);
                CHECK(got[i].after == want[i].after);
            }
        }
    }

    TEST_CASE("the reduced search explores far fewer executions under c11 at 3 pages") {
        // Measured: plain full search 19,231,754 executions (about a minute); reduced 2,946.
        const RunResult r = run_config(req(&kCheckCompaction, &kWriterZapV65, 3, MapcountDesign::per_page,
                                           ReadOrder::ref_first, ReaderBarrier::rmb, Memory::c11, SearchMode::reduced));
        CHECK(r.verdict == Verdict::holds);
        CHECK(r.exhaustive);
        CHECK(r.executions == 2946);
    }
}  // TEST_SUITE("search/reduced")

}  // namespace
}  // namespace fc
