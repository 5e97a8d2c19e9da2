// tests/test_release_table.cpp: one release table (checks/kernels.cpp) behind both
// `matrix --kernel V` and `release --kernel V`: the real binary, every release, small folios.
// The two commands must run the same configurations and print the same verdicts and
// execution counts; the expected check forms, designs and writers below are read off the
// kernel facts by hand (docs/checks.md, checks/concurrency.cpp), not off the tool.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

#ifndef FOLIOCHECK_BIN
#error "FOLIOCHECK_BIN must name the foliocheck binary (tests/CMakeLists.txt)"
#endif

namespace {

nlohmann::json run_json(const std::string& args) {
    const fc::test::Result r = fc::test::run(args);  // tests/cli_support.hpp
    INFO(args);
    const nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

using Key = std::tuple<std::string, std::string, std::string, int, std::string, std::string, std::string, uint64_t>;

Key key(const nlohmann::json& r) {
    return {r["check"],    r["writer"],       r["range"],   r["pages"].get<int>(),
            r["mapcount"], r["reader_order"], r["verdict"], r["executions"].get<uint64_t>()};
}

std::set<Key> keys(const nlohmann::json& results) {
    std::set<Key> out;
    for (const auto& r : results) out.insert(key(r));
    return out;
}

std::set<std::string> field(const nlohmann::json& results, const char* name, const std::string& check = "") {
    std::set<std::string> out;
    for (const auto& r : results)
        if (check.empty() || r["check"] == check) out.insert(r[name].get<std::string>());
    return out;
}

}  // namespace

TEST_SUITE("harness/release table") {
    TEST_CASE("matrix --kernel and release --kernel run the same configurations with the same verdicts") {
        for (const char* v : {"v6.5", "v6.10", "v6.15", "v6.17", "current"}) {
            CAPTURE(v);
            const std::string common = std::string(" --kernel ") + v + " --pages 1-2 --json --jobs 2";
            const nlohmann::json m = run_json("matrix" + common);
            const nlohmann::json r = run_json("release" + common + " --memory sc --no-fixes");
            REQUIRE(m.is_array());
            REQUIRE(r["results"].is_array());
            CHECK(m.size() > 10);
            CHECK(keys(m) == keys(r["results"]));
        }
    }

    TEST_CASE("each release's table has its check forms, its mapcount design and the paths it runs") {
        const nlohmann::json v65 = run_json("matrix --kernel v6.5 --pages 1-2 --json --jobs 2");
        CHECK(field(v65, "mapcount") == std::set<std::string>{"per-page"});
        // The MADV_FREE check in try_to_unmap_one() is v5.18 (6c8e2a256915): v6.5 has it.
        CHECK(field(v65, "check") == std::set<std::string>{"ksm", "compaction", "khugepaged", "split", "lazyfree"});
        // The Aug 2023 batch zaps were posted against v6.5; the v6.9/v6.10 paths are not there.
        CHECK(field(v65, "writer", "compaction").count("batch-zap-v4") == 1);
        CHECK(field(v65, "writer", "compaction").count("zap-v6.9") == 0);

        const nlohmann::json v610 = run_json("release --kernel v6.10 --pages 1-2 --memory sc --no-fixes --json");
        const nlohmann::json& res = v610["results"];
        CHECK(field(res, "mapcount") == std::set<std::string>{"large"});
        CHECK(field(res, "check") == std::set<std::string>{"ksm", "compaction", "khugepaged", "split", "lazyfree"});
        // Compaction holds no folio lock: reclaim's and migration's unmap race it; split holds
        // the folio lock that try_to_unmap()/try_to_migrate()/add_to_swap() need.
        CHECK(field(res, "writer", "compaction") == std::set<std::string>{"zap-v6.9", "fork-v6.9", "gup-fast",
                                                                          "try-to-unmap-v6.10", "try-to-migrate",
                                                                          "zap-pmd", "fork-pmd", "cow"});
        CHECK(field(res, "writer", "split") ==
              std::set<std::string>{"zap-v6.9", "fork-v6.9", "gup-fast", "zap-pmd", "fork-pmd", "cow"});
        CHECK(field(res, "writer", "khugepaged").count("swapcache-add") == 1);
        CHECK(field(res, "writer", "ksm") == std::set<std::string>{"zap-v6.9", "fork-v6.9", "gup-fast", "cow"});

        const nlohmann::json cur = run_json("matrix --kernel current --pages 2 --json --jobs 2");
        // The 2026 mm tree keeps no per-page mapcounts for large folios (checks/kernels.cpp).
        CHECK(field(cur, "mapcount") == std::set<std::string>{"no-page-mapcount"});
        CHECK(field(cur, "check") == std::set<std::string>{"compaction", "khugepaged-expected", "split-expected",
                                                           "lazyfree", "cow-reuse", "reclaim-precheck"});
        // matrix --kernel runs the proposal posted against the release next to the merged paths.
        CHECK(field(cur, "writer", "compaction").count("try-to-unmap-batched") == 1);
        CHECK(field(cur, "writer", "compaction").count("try-to-unmap-lazyfree") == 1);
    }

    TEST_CASE(
        "both v6.10 tables show the partial zap that breaks khugepaged with the mapcount read first, and the whole "
        "zap that breaks it with a pin per page") {
        // 2 pages mapped by the zapping mm and khugepaged's: mapcount 4, refcount 4 + pin = 5.
        // A zap of page 0 moves both by 1: read the mapcount (4) before it and the refcount (4)
        // after it: 4 == 4, "no extra reference" while the pin is held. The whole-folio batch
        // moves both by 2: with one pin refcount {5, 3} never meets mapcount {4, 2}, with two
        // pins refcount {6, 4} does (4 == 4): the rows explore every pin count, 1 and 2.
        for (const char* cmd : {"matrix --kernel v6.10 --pages 2 --json",
                                "release --kernel v6.10 --pages 2 --memory "
                                "sc --no-fixes --json"}) {
            CAPTURE(cmd);
            nlohmann::json j = run_json(cmd);
            if (j.is_object()) j = j["results"];
            bool seen = false;
            for (const auto& r : j)
                if (r["check"] == "khugepaged" && r["writer"] == "zap-v6.9") {
                    if (r["range"] == "0") {
                        seen = true;
                        CHECK(r["verdict"] == "violation");
                    } else CHECK(r["verdict"] == "violation");  // whole-folio batch: two pins
                }
            CHECK(seen);
        }
    }

    TEST_CASE("release --kernel v6.5 counts only the paths v6.5 merged and prints the Aug 2023 batch zaps apart") {
        const nlohmann::json r = run_json("release --kernel v6.5 --pages 1-2 --memory sc --no-fixes --json");
        const std::set<std::string> proposals = {"batch-zap-v4", "batch-zap-v4-gather", "batch-zap-two-loop"};
        size_t merged_rows = 0;
        for (const auto& c : r["checks"])
            for (const auto& row : c["rows"]) {
                CHECK(proposals.count(row["writer"].get<std::string>()) == 0);
                merged_rows++;
            }
        CHECK(r["counts"]["rows"].get<size_t>() == merged_rows);
        CHECK(merged_rows > 20);
        std::set<std::string> shown;
        for (const auto& p : r["proposals"]) {
            shown.insert(p["writer"].get<std::string>());
            CHECK(p["posted_against"] == "v6.5");
            CHECK(p["rows"].size() > 0);
        }
        CHECK(shown == proposals);
        // batch-zap-v4 breaks compaction with the refcount read first at 2 pages: its references
        // drop before its one rmap removal (docs/checks.md); the row is in its block only.
        bool seen = false;
        for (const auto& p : r["proposals"])
            if (p["writer"] == "batch-zap-v4")
                for (const auto& row : p["rows"])
                    if (row["check"] == "compaction" && row["range"] == "all" && row["reader_order"] == "ref-first") {
                        seen = true;
                        CHECK(row["verdict"]["sc"] == "violation");
                    }
        CHECK(seen);
        const std::string verdict = r["verdict"].get<std::string>();
        CHECK(verdict.rfind("is v6.5 safe? no: ", 0) == 0);
        CHECK(verdict.find(" of " + std::to_string(merged_rows) + " rows fail: ") != std::string::npos);
    }

    TEST_CASE("the release summary splits the failing rows by what a miss of their check costs") {
        // The costs read off the kernel code after each check (docs/checks.md), by hand.
        const std::map<std::string, std::string> cost = {{"ksm", "data corruption"},
                                                         {"khugepaged", "data corruption"},
                                                         {"lazyfree", "data loss"},
                                                         {"compaction", "wasted work"},
                                                         {"split", "wasted work"}};
        const nlohmann::json r = run_json("release --kernel v6.5 --pages 1-2 --memory sc --no-fixes --json");
        std::map<std::string, size_t> expect;
        size_t failing = 0;
        for (const auto& c : r["checks"])
            for (const auto& row : c["rows"])
                if (row["verdict"]["sc"] == "violation") {
                    expect[cost.at(row["check"].get<std::string>())]++;
                    failing++;
                }
        CHECK(failing > 0);
        CHECK(expect.size() == 3);  // v6.5's merged paths break a check of each cost
        CHECK(r["counts"]["failing"].get<size_t>() == failing);
        for (const auto& [name, n] : expect) CHECK(r["counts"]["failing_by_cost"][name].get<size_t>() == n);
        const std::string verdict = r["verdict"].get<std::string>();
        CHECK(verdict.find(std::to_string(expect["data corruption"]) + " can corrupt data, " +
                           std::to_string(expect["data loss"]) + " can lose data, " +
                           std::to_string(expect["wasted work"]) + " waste") != std::string::npos);
    }

    TEST_CASE("release --kernel current judges the COW reuse check and reclaim's precheck against the merged paths") {
        const nlohmann::json r = run_json("release --kernel current --pages 2 --memory sc --no-fixes --json");
        std::map<std::string, std::map<std::string, std::set<std::string>>> verdicts;  // check -> writer -> sc verdicts
        for (const auto& c : r["checks"])
            for (const auto& row : c["rows"])
                verdicts[row["check"].get<std::string>()][row["writer"].get<std::string>()].insert(
                    row["verdict"]["sc"].get<std::string>());
        // COW reuse compares under the mapcount lock, and only once no other mm maps the folio:
        // by then every unmapping path has removed its mappings, and its references are gone
        // or still counted, so refcount >= mapcount + pins. Every merged path holds.
        REQUIRE(verdicts.count("cow-reuse"));
        for (const char* w : {"zap-v6.9", "fork-v6.9", "try-to-unmap-v6.10", "try-to-unmap-lazyfree", "try-to-migrate",
                              "cow", "swapcache-add"})
            CHECK(verdicts["cow-reuse"][w] == std::set<std::string>{"holds"});
        // Reclaim's precheck (refcount - 1 against the mapcount, operands unsequenced): with the
        // mapcount (2) read before zap-v6.9 removes both mappings and the refcount after it
        // drops both references, 1 + 2 pins - 1 == 2 hides two pins. GUP-fast moves only the
        // refcount, and a refcount read that includes its reference shows it.
        REQUIRE(verdicts.count("reclaim-precheck"));
        CHECK(verdicts["reclaim-precheck"]["zap-v6.9"].count("violation") == 1);
        CHECK(verdicts["reclaim-precheck"]["gup-fast"] == std::set<std::string>{"holds"});
        // Its folio lock keeps reclaim's and migration's own unmap away.
        CHECK(verdicts["reclaim-precheck"].count("try-to-migrate") == 0);
        std::set<std::string> proposals;
        for (const auto& p : r["proposals"]) proposals.insert(p["writer"].get<std::string>());
        CHECK(proposals == std::set<std::string>{"try-to-unmap-batched"});
    }
}
