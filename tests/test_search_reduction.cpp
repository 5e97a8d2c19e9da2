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
    // The proof in six parts (about 45 s each on an idle machine, 261 s in one piece).
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
    TEST_CASE("the reduced search gives the plain full search's verdict on every small configuration (part 1 of 6)") {
        reduced_matches_plain(1, 6);
    }
    TEST_CASE("the reduced search gives the plain full search's verdict on every small configuration (part 2 of 6)") {
        reduced_matches_plain(2, 6);
    }
    TEST_CASE("the reduced search gives the plain full search's verdict on every small configuration (part 3 of 6)") {
        reduced_matches_plain(3, 6);
    }
    TEST_CASE("the reduced search gives the plain full search's verdict on every small configuration (part 4 of 6)") {
        reduced_matches_plain(4, 6);
    }
    TEST_CASE("the reduced search gives the plain full search's verdict on every small configuration (part 5 of 6)") {
        reduced_matches_plain(5, 6);
    }
    TEST_CASE("the reduced search gives the plain full search's verdict on every small configuration (part 6 of 6)") {
        reduced_matches_plain(6, 6);
    }

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
