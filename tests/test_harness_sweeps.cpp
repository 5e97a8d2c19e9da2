// tests/test_harness_sweeps.cpp: replay round trips, --minimize, matrix consistency with
// `run`, determinism across --jobs, and docs/results.md being current.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/report/report.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/runner.hpp"
#include "harness/search/token.hpp"
#include "tests/cli_support.hpp"

namespace fc {
namespace {

RunRequest canonical() {
    RunRequest r;
    r.check = &kCheckCompaction;
    r.writer = &kWriterBatchZapV4;
    r.pages = 2;
    r.order = ReadOrder::ref_first;
    return r;
}

std::string sh(const std::string& cmd, int& status) { return test::shell_output(cmd, status); }

TEST_SUITE("harness/replay") {
    TEST_CASE("run, token, replay prints the identical counterexample under every search mode and memory") {
        for (SearchMode mode :
             {SearchMode::full, SearchMode::reduced, SearchMode::cached, SearchMode::bound, SearchMode::random})
            for (Memory m : {Memory::sc, Memory::c11, Memory::relaxed}) {
                RunRequest r = canonical();
                r.memory = m;
                r.search.mode = mode;
                r.search.iterations = 5000;
                r.search.context_bound = 2;
                const RunResult res = run_config(r);
                INFO(search_name(mode), " ", memory_name(m));
                REQUIRE(res.verdict == Verdict::violation);
                const std::string token = res.counterexample->replay_token;
                REQUIRE(!token.empty());
                const ReplayToken t = decode_token(token, FOLIOCHECK_VERSION);
                const RunResult rep = replay_run(t.request, t.state, false);
                CHECK(rep.executions == 1);
                CHECK(rep.verdict == Verdict::violation);
                CHECK(counterexample_text(rep) == counterexample_text(res));
            }
    }

    TEST_CASE("a token from another version, a truncated token and a flipped character are refused") {
        const RunResult res = run_config(canonical());
        const std::string token = res.counterexample->replay_token;
        CHECK_THROWS_AS(decode_token(token, "0.0.0-other"), TokenError);
        CHECK_THROWS_AS(decode_token(token.substr(0, token.size() - 3), FOLIOCHECK_VERSION), TokenError);
        std::string flipped = token;
        flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
        CHECK_THROWS_AS(decode_token(flipped, FOLIOCHECK_VERSION), TokenError);
        CHECK_NOTHROW(decode_token(token, FOLIOCHECK_VERSION));
    }
}  // TEST_SUITE("harness/replay")

TEST_SUITE("harness/minimize") {
    TEST_CASE("--minimize shrinks batch-zap-v4 at 3 pages to 2 pages and a prefix of its path") {
        RunRequest r = canonical();
        r.pages = 3;
        const Minimized m = minimize(r);
        // Derivation: at 1 page the folio_get() offsets the only per-page drop, so the refcount
        // never falls below mappings + pin + own: holds. At 2 pages the second drop does. The
        // violation needs folio_get and both drops (3 of 6 kernel calls: folio_get, put, put,
        // folio_remove_rmap_range, put are the calls; the check reads between the drops and
        // the rmap removal), so the prefix ends after the second drop.
        CHECK(m.pages_before == 3);
        CHECK(m.request.pages == 2);
        CHECK(m.result.verdict == Verdict::violation);
        CHECK(m.calls_before == 5);
        CHECK(m.calls_after == 3);
        REQUIRE(m.removed_calls.size() == 2);
        CHECK(m.removed_calls[0].find("folio_remove_rmap_range") != std::string::npos);
        // The minimized counterexample replays too.
        const ReplayToken t = decode_token(m.result.counterexample->replay_token, FOLIOCHECK_VERSION);
        CHECK(t.request.writer_prefix == 3);
        CHECK(replay_run(t.request, t.state, false).verdict == Verdict::violation);
    }
}  // TEST_SUITE("harness/minimize")

TEST_SUITE("harness/matrix") {
    TEST_CASE("matrix --json verdicts equal run --json for sampled configurations") {
        int status = 0;
        const std::string out = sh(std::string(FOLIOCHECK_BIN) + " matrix --json --pages 1-2 --jobs 2", status);
        CHECK(status == 0);
        const auto results = nlohmann::json::parse(out);
        REQUIRE(results.is_array());
        REQUIRE(results.size() > 100);
        size_t sampled = 0;
        for (size_t i = 0; i < results.size(); i += 7) {
            const auto& m = results[i];
            std::string cmd = std::string(FOLIOCHECK_BIN) + " run --json --check " + m["check"].get<std::string>() +
                              " --writer " + m["writer"].get<std::string>() + " --pages " +
                              std::to_string(m["pages"].get<int>()) + " --mapcount " +
                              m["mapcount"].get<std::string>() + " --reader-order " +
                              m["reader_order"].get<std::string>() + " --reader-barrier " +
                              m["reader_barrier"].get<std::string>() + " --memory " + m["memory"].get<std::string>();
            const auto r = nlohmann::json::parse(sh(cmd, status));
            INFO(cmd);
            CHECK(r["verdict"] == m["verdict"]);
            CHECK(r["executions"] == m["executions"]);
            CHECK(r["spurious"] == m["spurious"]);
            CHECK(status == (r["verdict"] == "violation" ? 1 : 0));
            sampled++;
        }
        CHECK(sampled >= 15);
    }

    TEST_CASE("the same sweep gives the same verdicts, counts and counterexamples with --jobs 1 and --jobs 2") {
        int s1 = 0, s2 = 0;
        auto a = nlohmann::json::parse(sh(
            std::string(FOLIOCHECK_BIN) + " matrix --json --pages 1-2 --memory sc,c11 --search reduced --jobs 1", s1));
        auto b = nlohmann::json::parse(sh(
            std::string(FOLIOCHECK_BIN) + " matrix --json --pages 1-2 --memory sc,c11 --search reduced --jobs 2", s2));
        CHECK(s1 == 0);
        CHECK(s2 == 0);
        REQUIRE(a.size() == b.size());
        for (auto* j : {&a, &b})
            for (auto& r : *j) r.erase("seconds"), r.erase("explored");  // wall time differs, nothing else may
        CHECK(a == b);
    }

    TEST_CASE("shards merge back into the whole sweep") {
        int s = 0;
        const std::string dir =
            (std::filesystem::temp_directory_path() / ("foliocheck-shards-" + std::to_string(::getpid()))).string();
        sh("mkdir -p " + dir, s);
        const std::string base =
            std::string(FOLIOCHECK_BIN) + " matrix --json --checks compaction,split --pages 1-2 --jobs 1";
        sh(base + " --shard 1/3 > " + dir + "/1.json", s);
        sh(base + " --shard 2/3 > " + dir + "/2.json", s);
        sh(base + " --shard 3/3 > " + dir + "/3.json", s);
        const std::string merged = sh(
            std::string(FOLIOCHECK_BIN) + " merge " + dir + "/1.json " + dir + "/2.json " + dir + "/3.json --csv", s);
        CHECK(s == 0);
        const std::string whole =
            sh(std::string(FOLIOCHECK_BIN) + " matrix --csv --checks compaction,split --pages 1-2 --jobs 1", s);
        CHECK(s == 0);
        auto strip_seconds = [](const std::string& csv) {  // column 10 (index 9) is seconds
            std::istringstream in(csv);
            std::string line, out;
            while (std::getline(in, line)) {
                std::string cell, row;
                std::istringstream ls(line);
                int col = 0;
                while (std::getline(ls, cell, ',')) row += (col++ == 9 ? "" : cell) + ",";
                out += row + "\n";
            }
            return out;
        };
        CHECK(strip_seconds(merged) == strip_seconds(whole));
        sh("rm -rf " + dir, s);
    }
}  // TEST_SUITE("harness/matrix")

TEST_SUITE("docs/results") {
    std::string committed_results() {
        std::ifstream in(std::string(FOLIOCHECK_SOURCE_DIR) + "/docs/results.md");
        std::stringstream committed;
        committed << in.rdbuf();
        return committed.str();
    }
    // CI's sample of tests/test_results_md.cpp's currency check (the whole file takes five to
    // ten minutes: the slow tier): the default matrix, the table the README's first command prints.
    TEST_CASE("the default matrix in docs/results.md is what matrix --markdown prints") {
        int s = 0;
        const std::string table = sh(std::string(FOLIOCHECK_BIN) + " matrix --markdown --jobs 2", s);
        REQUIRE(s == 0);
        REQUIRE(table.size() > 1000);
        CHECK_MESSAGE(
            committed_results().find(table) != std::string::npos,
            "docs/results.md is stale: run scripts/gen-results.sh build/harness/foliocheck > docs/results.md");
    }
}  // TEST_SUITE("docs/results")

}  // namespace
}  // namespace fc
