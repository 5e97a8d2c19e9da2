// tests/test_review.cpp: `foliocheck review`, run as a user runs it (the binary, from the
// source directory). The verdicts are derived by hand from the two unmap paths of mm/rmap.c
// try_to_unmap_one() on a folio that khugepaged's mm and the reclaimed mm both map (mapcount
// 2N, refcount 2N + K with K pins):
//   per PTE (try-to-unmap-v6.10): folio_remove_rmap_pte(); folio_put(), page by page;
//   batched (the 2026 anon series): folio_remove_rmap_ptes(nr); folio_put_refs(nr).
// khugepaged-expected reading the mapcount first sees 2N before the unmap, then a refcount
// 2N + K - j after j of the writer's references are gone; it misses the pins when j == K. Page
// by page j takes every value 0..N, so every K in 1..N is missed; batched, j is 0 or N, so only
// K == N is. Reading the refcount first, the mapcount it reads later is at most 2N - j: under
// sc it never misses. So the batched patch adds no failure to the per-PTE path and removes the
// failures with fewer pins than pages; the reverse review adds them.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "checks/kernels.hpp"
#include "harness/search/review.hpp"
#include "scenario_support.hpp"

namespace {

using fc::test::run_cli;

const char* kPatch = "scenarios/patches/try-to-unmap-anon-batched.litmus";

nlohmann::json review_json(const std::string& args, int expect_code) {
    const fc::test::CliResult r = run_cli("review " + args + " --json");
    INFO(r.err);
    REQUIRE(r.code == expect_code);
    return nlohmann::json::parse(r.out);
}

// The change of the row (check, pages, pins, reader order, memory), or "" if there is none.
std::string change(const nlohmann::json& j, const std::string& check, int pages, int pins, const std::string& order,
                   const std::string& memory) {
    for (const nlohmann::json& r : j["rows"])
        if (r["check"] == check && r["pages"] == pages && r["pins"] == pins && r["reader_order"] == order &&
            r["memory"] == memory)
            return r["change"];
    return "";
}

// One line on stderr, exit 2, nothing on stdout.
void refused(const std::string& args, const std::string& says) {
    const fc::test::CliResult r = run_cli("review " + args);
    INFO(args);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find(says) != std::string::npos);
}

}  // namespace

TEST_CASE("a review of the per-PTE unmap against itself adds and removes nothing, with failures on both sides") {
    const nlohmann::json j = review_json(
        "--kernel current --patch try-to-unmap-v6.10 --baseline try-to-unmap-v6.10 --pages 1-4 "
        "--expect no-new-failures",
        0);
    CHECK(j["counts"]["added"] == 0);
    CHECK(j["counts"]["removed"] == 0);
    CHECK(j["counts"]["undecided"] == 0);
    // Not an empty review: the per-PTE path fails khugepaged-expected with every pin count.
    CHECK(change(j, "khugepaged-expected", 4, 1, "map-first", "sc") == "both");
    CHECK(change(j, "khugepaged-expected", 4, 4, "map-first", "lkmm") == "both");
    CHECK(j["quote"].get<std::string>().find("adds 0 failures, removes 0, both ") != std::string::npos);
}

TEST_CASE("a review of the batched patch file against itself adds and removes nothing") {
    const nlohmann::json j = review_json("--kernel current --patch-file " + std::string(kPatch) + " --baseline-file " +
                                             kPatch + " --pages 1-3 --memory sc --expect no-new-failures",
                                         0);
    CHECK(j["counts"]["added"] == 0);
    CHECK(j["counts"]["removed"] == 0);
    CHECK(j["counts"]["both"].get<int>() > 0);
}

TEST_CASE(
    "the 2026 anon batched unmap against the per-PTE path on current: with as many pins as pages both miss, "
    "with fewer only the per-PTE path does") {
    const nlohmann::json j = review_json(std::string("--kernel current --patch-file ") + kPatch +
                                             " --baseline try-to-unmap-v6.10 --pages 4 --expect no-new-failures",
                                         0);
    CHECK(j["counts"]["added"] == 0);
    for (const char* memory : {"sc", "lkmm"}) {
        INFO(memory);
        CHECK(change(j, "khugepaged-expected", 4, 4, "map-first", memory) == "both");
        for (int pins = 1; pins <= 3; pins++)
            CHECK(change(j, "khugepaged-expected", 4, pins, "map-first", memory) == "removed");
        // compaction holds its own reference: reading the mapcount first misses the pins
        // with either writer, at every count.
        for (int pins = 1; pins <= 4; pins++) CHECK(change(j, "compaction", 4, pins, "map-first", memory) == "both");
    }
    for (int pins = 1; pins <= 4; pins++)
        CHECK(change(j, "khugepaged-expected", 4, pins, "ref-first", "sc") == "neither");
    // try_to_unmap() runs with the folio locked: the checks that hold it never race it.
    std::set<std::string> not_raced;
    for (const nlohmann::json& e : j["not_raced"]) not_raced.insert(e["check"].get<std::string>());
    CHECK(not_raced == std::set<std::string>{"ksm", "lazyfree", "split-expected", "reclaim-precheck"});
    CHECK(change(j, "ksm", 1, 1, "ref-first", "sc") == "");
    CHECK(j["patch"]["context_from"] == "try-to-unmap-v6.10");
    CHECK(j["patch"]["folio_locked"] == true);
    CHECK(j["engines"]["lkmm"] == "exact");
    CHECK(j["quote"].get<std::string>().rfind(
              "try-to-unmap-anon-batched against try-to-unmap-v6.10 on current: adds 0 failures, removes ", 0) == 0);
}

TEST_CASE(
    "the per-PTE unmap reviewed as a patch to the batched file adds the miss with fewer pins than pages, "
    "with its counterexample and a replay token that replays it") {
    const std::string args =
        std::string("--kernel current --patch try-to-unmap-v6.10 --baseline-file ") + kPatch + " --pages 2 --memory sc";
    const nlohmann::json j = review_json(args + " --expect no-new-failures", 1);
    // The file takes the built-in's folio lock: the checks that hold it race neither side
    // (ksm, lazyfree, split-expected and reclaim-precheck, for each of the two sides).
    CHECK(j["baseline"]["context_from"] == "try-to-unmap-v6.10");
    CHECK(j["not_raced"].size() == 8);
    CHECK(j["counts"]["added"] == 1);
    CHECK(change(j, "khugepaged-expected", 2, 1, "map-first", "sc") == "added");
    CHECK(j["quote"] ==
          "try-to-unmap-v6.10 against try-to-unmap-anon-batched on current: adds 1 failure that can corrupt data "
          "(khugepaged-expected at 2 pages with 1 pin (map-first)), removes 0, both 3");
    for (const nlohmann::json& r : j["rows"]) {
        if (r["change"] != "added") continue;
        CHECK(r["cost"] == "data-corruption");
        CHECK(r["patch"]["counterexample_text"].get<std::string>().find("1 pin held") != std::string::npos);
        const fc::test::CliResult replay = run_cli("replay " + r["patch"]["replay_token"].get<std::string>());
        CHECK(replay.code == 1);
        CHECK(replay.out.find("khugepaged-expected") != std::string::npos);
    }
    // The text report prints the counterexample of each added failure.
    const fc::test::CliResult text = run_cli("review " + args);
    CHECK(text.code == 0);
    CHECK(text.out.find("-- khugepaged-expected, 2 pages, 1 pin, reader map-first, sc") != std::string::npos);
    CHECK(text.out.find("replay: foliocheck replay fc1.") != std::string::npos);
}

TEST_CASE(
    "a review whose searches are cut short is undecided, never no new failure: --expect no-new-failures exits 4") {
    const nlohmann::json j = review_json(
        "--kernel current --patch try-to-unmap-v6.10 --baseline try-to-unmap-v6.10 --pages 3 --memory sc "
        "--search full --max-executions 1 --expect no-new-failures",
        4);
    CHECK(j["counts"]["added"] == 0);
    CHECK(j["counts"]["undecided"].get<int>() > 0);
    CHECK(j["quote"].get<std::string>().find("undecided") != std::string::npos);
}

TEST_CASE("review refuses bad input with one line and exit 2") {
    const std::string p = std::string(" --patch-file ") + kPatch;
    refused(p + " --baseline try-to-unmap-v6.10", "review needs --kernel V");
    refused("--kernel v9.9" + p + " --baseline try-to-unmap-v6.10", "unknown --kernel 'v9.9'");
    refused("--kernel current --patch no-such-path --baseline try-to-unmap-v6.10", "unknown --patch writer");
    refused("--kernel current" + p + " --baseline no-such-path", "--baseline no-such-path is not a path current runs");
    refused("--kernel current" + p, "review needs --baseline NAME");
    refused("--kernel v6.5" + p + " --baseline try-to-unmap-v6.10", "is not a path v6.5 runs");
    refused("--kernel current" + p + " --baseline try-to-unmap-v6.10 --expect holds", "valid: no-new-failures");
    refused("--kernel current --writer-file " + std::string(kPatch) + " --baseline try-to-unmap-v6.10",
            "review takes the patch as --patch-file");
    const std::string bad = fc::test::temp_file("fc-review-bad");
    {
        std::ofstream f(bad);
        f << "C not-a-writer\n\nP0(struct folio *f) { folio_put(f); \n";
    }
    refused("--kernel current --patch-file " + bad + " --baseline try-to-unmap-v6.10", "--patch-file: " + bad);
    std::remove(bad.c_str());
}

TEST_CASE("the cost of a miss of each current check is the class its kernel consequence names") {
    const fc::KernelRelease* k = fc::find_kernel("current");
    REQUIRE(k);
    std::set<std::string> seen;
    for (const fc::ReviewCheck& c : fc::review_checks(*k)) {
        const std::string name = c.check->name;
        seen.insert(name);
        // KSM merging a pinned page and khugepaged collapsing one corrupt the data DMA still
        // writes, and so does a COW fault reusing a referenced folio in place; lazyfree
        // discards a page a GUP reference writes into; compaction, split and reclaim's
        // precheck only redo work.
        if (name == "ksm" || name == "khugepaged-expected" || name == "cow-reuse")
            CHECK(c.cost == fc::MissCost::data_corruption);
        else if (name == "lazyfree") CHECK(c.cost == fc::MissCost::data_loss);
        else CHECK(c.cost == fc::MissCost::wasted_work);
    }
    CHECK(seen.count("compaction") == 1);
    CHECK(seen.count("split-expected") == 1);
}

TEST_CASE("docs/review.md quotes the batched-unmap review as the binary answers it, sc alone and by default") {
    std::ifstream f(std::string(FOLIOCHECK_SOURCE_DIR) + "/docs/review.md");
    std::ostringstream s;
    s << f.rdbuf();
    const std::string doc = s.str();
    const std::string args = std::string("--kernel current --patch-file ") + kPatch + " --baseline try-to-unmap-v6.10";
    for (const std::string& extra : {std::string(" --memory sc"), std::string()}) {
        const nlohmann::json j = review_json(args + extra, 0);
        INFO(j["quote"]);
        CHECK(doc.find("quote: " + j["quote"].get<std::string>() + "\n") != std::string::npos);
    }
}

TEST_CASE("a review interrupted by SIGINT draws no diff and exits 130") {
    const std::string out = fc::test::temp_file("fc-review-int-out"), err = fc::test::temp_file("fc-review-int-err");
    // lkmm at 16 pages runs for minutes: the signal always lands mid-sweep.
    const std::string cmd = std::string("cd ") + FOLIOCHECK_SOURCE_DIR + " && timeout --preserve-status -s INT 2 " +
                            FOLIOCHECK_BIN + " review --kernel current --patch-file " + kPatch +
                            " --baseline try-to-unmap-v6.10 --memory lkmm --pages 16 --jobs 1 >" + out + " 2>" + err;
    const int status = std::system(cmd.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    const std::string text = fc::test::slurp(out);
    CHECK(text.find("quote:") == std::string::npos);
    CHECK(text.find("interrupted") != std::string::npos);
    std::remove(out.c_str());
    std::remove(err.c_str());
}
