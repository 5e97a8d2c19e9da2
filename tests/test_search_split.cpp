// tests/test_search_split.cpp: one search split into parts (run --split I/N, run --jobs N,
// merge) gives the verdict of the search in one piece, and a missing part is never "holds".
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "harness/cli/options.hpp"
#include "harness/report/report.hpp"
#include "harness/search/request_fields.hpp"
#include "harness/search/split.hpp"

namespace fc {
namespace {

RunRequest req(const WriterDef* w, int pages, Memory m, SearchMode mode) {
    RunRequest r;
    r.check = &kCheckCompaction;
    r.writer = w;
    r.pages = pages;
    r.order = ReadOrder::ref_first;
    r.memory = m;
    r.barrier = m == Memory::sc ? ReaderBarrier::none : ReaderBarrier::rmb;
    r.search.mode = mode;
    return r;
}

std::vector<nlohmann::json> parts_of(const RunRequest& whole, uint32_t n) {
    std::vector<nlohmann::json> parts;
    for (uint32_t i = 0; i < n; i++) {
        RunRequest r = whole;
        r.search.split_parts = n;
        r.search.split_part = i;
        const RunResult p = run_config(r);
        CHECK(p.verdict != Verdict::holds);  // a part alone never says holds
        parts.push_back(result_json(p));
    }
    return parts;
}

TEST_SUITE("search/split") {
    TEST_CASE("merged split parts give the verdict of the whole search, for cached, reduced and full searches") {
        struct Case {
            const WriterDef* writer;
            int pages;
            Memory memory;
            SearchMode mode;
        };
        const Case cases[] = {
            {&kWriterZapV65, 4, Memory::sc, SearchMode::cached},
            {&kWriterBatchZapV4, 4, Memory::sc, SearchMode::cached},
            {&kWriterZapV65, 3, Memory::c11, SearchMode::reduced},
            {&kWriterBatchZapV4, 2, Memory::c11, SearchMode::reduced},
            {&kWriterZapV65, 2, Memory::sc, SearchMode::full},
        };
        for (const Case& c : cases) {
            const RunRequest whole = req(c.writer, c.pages, c.memory, c.mode);
            const RunResult one = run_config(whole);
            INFO(c.writer->name << " " << c.pages << " " << memory_name(c.memory) << " " << search_name(c.mode));
            for (uint32_t n : {2u, 3u}) {
                const nlohmann::json merged = combine_parts(parts_of(whole, n));
                CHECK(merged["verdict"] == verdict_name(one.verdict));
                CHECK(merged["exhaustive"] == true);
                if (c.mode != SearchMode::cached) {
                    // Without a cache the parts explore disjoint subtrees: every execution once,
                    // plus one cut execution per subtree a part leaves to another.
                    CHECK(merged["executions"].get<uint64_t>() >= one.executions);
                    CHECK(merged["violating_executions"].get<uint64_t>() == one.violations);
                }
                if (one.counterexample) {
                    REQUIRE(merged["counterexample"].is_object());
                    CHECK(merged["counterexample"]["preemptions"] == one.counterexample->preemptions);
                }
            }
        }
    }

    TEST_CASE("a merge with a part missing or given twice is not holds") {
        const RunRequest whole = req(&kWriterZapV65, 3, Memory::sc, SearchMode::cached);
        std::vector<nlohmann::json> parts = parts_of(whole, 3);
        const std::vector<nlohmann::json> two(parts.begin(), parts.begin() + 2);
        const nlohmann::json merged = combine_parts(two);
        CHECK(merged["verdict"] == "no-violation-found");
        CHECK(merged["exhaustive"] == false);
        CHECK(merged["stopped_by"].get<std::string>().find("parts missing: 3 of 3") != std::string::npos);
        std::vector<nlohmann::json> doubled = parts;
        doubled.push_back(parts[0]);
        CHECK_THROWS_AS(combine_parts(doubled), UsageError);
        nlohmann::json other = parts[1];
        other["pages"] = 4;
        CHECK_THROWS_AS(combine_parts({parts[0], other, parts[2]}), UsageError);
    }

    TEST_CASE("every RunRequest field that changes the answer is a field merge compares, by name") {
        const RunRequest base = req(&kWriterZapV65, 2, Memory::sc, SearchMode::cached);
        using Change = void (*)(RunRequest&);
        const std::vector<std::pair<std::string, Change>> changes = {
            {"check", [](RunRequest& r) { r.check = &kCheckKhugepaged; }},
            {"writer", [](RunRequest& r) { r.writer = &kWriterZapV69; }},
            {"pages", [](RunRequest& r) { r.pages = 3; }},
            {"mapcount", [](RunRequest& r) { r.mapcount = MapcountDesign::large; }},
            {"reader_order", [](RunRequest& r) { r.order = ReadOrder::map_first; }},
            {"reader_barrier", [](RunRequest& r) { r.barrier = ReaderBarrier::rmb; }},
            {"memory", [](RunRequest& r) { r.memory = Memory::c11; }},
            {"pin", [](RunRequest& r) { r.pin = false; }},
            {"swapcache", [](RunRequest& r) { r.swapcache = true; }},
            {"writer_mb", [](RunRequest& r) { r.writer_mb = true; }},
            {"writer_prefix", [](RunRequest& r) { r.writer_prefix = 2; }},
            {"first", [](RunRequest& r) { r.first = true; }},
            {"count", [](RunRequest& r) { r.count_all = true; }},
            {"range",
             [](RunRequest& r) {
                 r.range = PageRange{0, 0};
             }},
            {"mms",
             [](RunRequest& r) {
                 r.other_mms.push_back(PageRange{0, 1});
             }},
            {"pins", [](RunRequest& r) { r.pins = 2; }},
            {"pin_kind", [](RunRequest& r) { r.pin_kind = PinKind::foll_pin; }},
            {"ptep_clear_flush", [](RunRequest& r) { r.ptep_flush_mb = false; }},
            {"what_if", [](RunRequest& r) { r.what_if = true; }},
            {"kernel", [](RunRequest& r) { r.kernel = "v6.9"; }},
            {"also",
             [](RunRequest& r) {
                 r.also.push_back(ExtraWriter{&kWriterGupFast, PageRange{-1, -1}});
             }},
            {"own_ref", [](RunRequest& r) { r.own_ref_taken = true; }},
            {"search", [](RunRequest& r) { r.search.mode = SearchMode::full; }},
        };
        const auto fields = request_fields(base);
        for (const auto& [name, change] : changes) {
            INFO(name);
            RunRequest r = base;
            change(r);
            const auto other = request_fields(r);
            REQUIRE(other.size() == fields.size());
            std::vector<std::string> differ;
            for (size_t i = 0; i < fields.size(); i++)
                if (fields[i] != other[i]) differ.push_back(fields[i].first);
            CHECK(differ == std::vector<std::string>{name});
        }
        // The search's own parameters, where its mode uses them.
        RunRequest bound = base, bound3 = base;
        bound.search.mode = bound3.search.mode = SearchMode::bound;
        bound3.search.context_bound = 3;
        CHECK(request_fields(bound) != request_fields(bound3));
        RunRequest rnd = base, rnd2 = base;
        rnd.search.mode = rnd2.search.mode = SearchMode::random;
        rnd.search.iterations = 10;
        rnd2.search.iterations = 20;
        CHECK(request_fields(rnd) != request_fields(rnd2));
        CHECK(!build_id().empty());
    }

    TEST_CASE("merge refuses parts that differ in range, pins or --also, naming the field") {
        RunRequest whole = req(&kWriterZapV65, 2, Memory::sc, SearchMode::cached);
        const std::vector<nlohmann::json> parts = parts_of(whole, 2);
        RunRequest narrowed = whole, pinned = whole, also = whole;
        narrowed.range = PageRange{0, 0};
        pinned.pins = 2;
        also.also.push_back(ExtraWriter{&kWriterGupFast, PageRange{-1, -1}});
        for (const auto& [field, other] :
             std::vector<std::pair<std::string, RunRequest>>{{"range", narrowed}, {"pins", pinned}, {"also", also}}) {
            INFO(field);
            const std::vector<nlohmann::json> theirs = parts_of(other, 2);
            try {
                combine_parts({parts[0], theirs[1]});
                FAIL("merged parts of different configurations");
            } catch (const UsageError& e) {
                CHECK(std::string(e.what()).find("split parts differ in '" + field + "'") != std::string::npos);
            }
        }
        nlohmann::json foreign = parts[1];
        foreign["split"]["build"] = "0000000000000000000000000000000000000000";
        try {
            combine_parts({parts[0], foreign});
            FAIL("merged parts of different builds");
        } catch (const UsageError& e) {
            CHECK(std::string(e.what()).find("different builds of foliocheck") != std::string::npos);
        }
        nlohmann::json old = parts[1];
        old["split"].erase("configuration");
        CHECK_THROWS_AS(combine_parts({parts[0], old}), UsageError);
        CHECK(combine_parts(parts)["verdict"] == verdict_name(run_config(whole).verdict));
    }

    TEST_CASE("run --jobs 2 prints the same counterexample and token every run, whichever part claims what") {
        RunRequest whole = req(&kWriterBatchZapV4, 4, Memory::sc, SearchMode::cached);
        whole.check = &kCheckSplit;
        whole.count_all = true;
        const RunResult first = run_jobs(whole, 2, result_json);
        REQUIRE(first.counterexample.has_value());
        for (int i = 0; i < 6; i++) {
            const RunResult again = run_jobs(whole, 2, result_json);
            REQUIRE(again.counterexample.has_value());
            CHECK(again.counterexample->replay_token == first.counterexample->replay_token);
            CHECK(again.counterexample->preemptions == first.counterexample->preemptions);
            CHECK(again.counterexample->trace.events.size() == first.counterexample->trace.events.size());
        }
    }

    TEST_CASE("run --jobs 2 gives the verdict and fewest preemptions of run --jobs 1") {
        for (const WriterDef* w : {&kWriterZapV65, &kWriterBatchZapV4}) {
            RunRequest whole = req(w, 6, Memory::sc, SearchMode::cached);
            whole.count_all = true;  // --jobs splits the whole search: no hunt before it
            const RunResult one = run_config(whole);
            const RunResult two = run_jobs(whole, 2, result_json);
            INFO(w->name);
            CHECK(two.verdict == one.verdict);
            CHECK(two.exhaustive == one.exhaustive);
            CHECK(two.parts == 2);
            CHECK(two.counterexample.has_value() == one.counterexample.has_value());
            if (one.counterexample && two.counterexample) {
                CHECK(two.counterexample->preemptions == one.counterexample->preemptions);
                CHECK(two.counterexample->snapshot.violation);  // replayed from the part's token
            }
        }
    }
}  // TEST_SUITE("search/split")

}  // namespace
}  // namespace fc
