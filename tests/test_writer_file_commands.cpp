// tests/test_writer_file_commands.cpp: a writer file in the commands: the folio fields a
// command would not honour are refused with one line, `validate --writer-file` runs every check
// of the release and marks the rows the locks exclude as what-if, and `matrix --writer-file F
// --writers NAME` runs each configuration once.
#include <algorithm>
#include <fstream>
#include <set>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "checks/kernels.hpp"
#include "scenario_support.hpp"

using fc::test::CliResult;
using fc::test::run_cli;
using fc::test::slurp;
using fc::test::temp_file;

namespace {

// The catalogue's batch-zap-v4 writer under another name, with `header` after the Kind line and
// `folio` as its folio declaration.
std::string writer_file(const std::string& name, const std::string& folio, const std::string& header = "") {
    std::string text = slurp(std::string(FOLIOCHECK_SOURCE_DIR) + "/scenarios/catalogue/writers/batch-zap-v4.litmus");
    text.replace(text.find("C batch-zap-v4"), 14, "C " + name);
    const size_t decl = text.find("struct folio f = { .pages = 2 };");
    REQUIRE(decl != std::string::npos);
    text.replace(decl, 32, folio);
    if (!header.empty()) text.replace(text.find(" * Kind: unmap\n"), 15, " * Kind: unmap\n * " + header + "\n");
    const std::string path = temp_file("fc-wf");
    std::ofstream(path) << text;
    return path;
}

size_t lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("a writer file's folio fields other than .pages are refused in one line, in every command") {
    for (const std::string field : {".mapcount = large", ".maps = 2", ".pins = 1", ".refs = 1", ".swapcache = 1"}) {
        const std::string f = writer_file("wf-field", "struct folio f = { .pages = 2, " + field + " };");
        const std::string name = field.substr(1, field.find(' ') - 1);
        for (const std::string cmd : {"run --check compaction --pages 2", "matrix --checks compaction", "validate",
                                      "fixes --check compaction"}) {
            const CliResult r = run_cli(cmd + " --writer-file " + f);
            CAPTURE(cmd);
            CAPTURE(field);
            CHECK(r.code == 2);
            CHECK(lines(r.err) == 1);
            CHECK(r.err.find("a writer file's folio takes .pages only: the command sets '." + name + "'") !=
                  std::string::npos);
            CHECK(r.out.empty());
        }
        std::remove(f.c_str());
    }
    // The size a file declares is what `litmus --with` composes it at; a command sets its own.
    const std::string f = writer_file("wf-pages", "struct folio f = { .pages = 3 };");
    const CliResult r = run_cli("run --check compaction --pages 2 --reader-order ref-first --json --writer-file " + f);
    CHECK(r.code == 1);
    CHECK(nlohmann::json::parse(r.out)["pages"] == 2);
    std::remove(f.c_str());
}

TEST_CASE("validate --writer-file runs every check of the release, not only the v6.5 ones") {
    const std::string f = writer_file("wf-validate", "struct folio f = { .pages = 2 };");
    const CliResult r = run_cli("validate --writer-file " + f + " --kernel v6.17 --pages 2 --memory sc --json");
    CHECK(r.code == 0);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j["kernel"] == "v6.17");
    std::set<std::string> ran, expected;
    for (const nlohmann::json& row : j["results"]) ran.insert(row["check"].get<std::string>());
    for (const fc::CheckDef* c : fc::find_kernel("v6.17")->checks)
        if (!c->small_only) expected.insert(c->name);  // at 2 pages: every check but KSM's
    CHECK(ran == expected);
    CHECK(ran.count("lazyfree") == 1);
    CHECK(ran.count("khugepaged-expected") == 1);
    // No --kernel: the newest release.
    const CliResult newest = run_cli("validate --writer-file " + f + " --pages 2 --memory sc --json");
    CHECK(nlohmann::json::parse(newest.out)["kernel"] == fc::all_kernels().back().name);
    CHECK(run_cli("validate --writer-file " + f + " --kernel v9.9").code == 2);
    CHECK(run_cli("validate --proposal aug-2023-rule --kernel v6.5").code == 2);  // a proposal has its own
    std::remove(f.c_str());
}

TEST_CASE("validate --writer-file marks what-if the rows whose locks exclude a folio-locked path") {
    // "Folio-lock: held": the path runs with the folio locked, as reclaim's try_to_unmap() does;
    // a check that holds the folio lock (lazyfree: try_to_unmap_one() under it) never races it.
    const std::string f = writer_file("wf-locked", "struct folio f = { .pages = 2 };", "Folio-lock: held");
    const CliResult r = run_cli("validate --writer-file " + f + " --kernel v6.17 --pages 2 --memory sc --json");
    const nlohmann::json j = nlohmann::json::parse(r.out);
    bool lazyfree = false, compaction = false;
    for (const nlohmann::json& row : j["results"]) {
        if (row["check"] == "lazyfree") {
            lazyfree = true;
            CHECK(row["what_if"] == true);
        }
        if (row["check"] == "compaction") {
            compaction = true;
            CHECK(row["what_if"] == false);  // compaction takes no folio lock: it races every path
        }
    }
    CHECK(lazyfree);
    CHECK(compaction);
    const CliResult text = run_cli("validate --writer-file " + f + " --kernel v6.17 --pages 2 --memory sc");
    CHECK(text.out.find("what-if") != std::string::npos);
    const std::string bad = writer_file("wf-badlock", "struct folio f = { .pages = 2 };", "Folio-lock: sometimes");
    const CliResult refused = run_cli("run --check compaction --pages 2 --writer-file " + bad);
    CHECK(refused.code == 2);
    CHECK(refused.err.find("'Folio-lock: held' or 'Folio-lock: not held'") != std::string::npos);
    std::remove(f.c_str());
    std::remove(bad.c_str());
}

TEST_CASE("matrix --writer-file F --writers NAME runs each configuration once") {
    const std::string f = writer_file("wf-once", "struct folio f = { .pages = 2 };");
    const CliResult once = run_cli("matrix --writer-file " + f + " --checks compaction --pages 2 --json");
    const CliResult named =
        run_cli("matrix --writer-file " + f + " --writers wf-once --checks compaction --pages 2 --json");
    const CliResult twice =
        run_cli("matrix --writer-file " + f + " --writers wf-once,wf-once --checks compaction --pages 2 --json");
    const size_t n = nlohmann::json::parse(once.out).size();
    CHECK(n == 4);  // compaction reads in either order, per-page and large: 2 x 2
    CHECK(nlohmann::json::parse(named.out).size() == n);
    CHECK(nlohmann::json::parse(twice.out).size() == n);
    std::remove(f.c_str());
}
