// tests/test_scenario_files.cpp: `foliocheck litmus` end to end: malformed files refused with
// FILE:LINE:COL and exit 2, the Aug 2023 examples' answers, exit codes, replay tokens that
// refuse a changed file, writer files in run and matrix.
#include <doctest/doctest.h>

#include <dirent.h>

#include <algorithm>
#include <vector>

#include "scenario_support.hpp"

using namespace fc;
using namespace fc::test;

namespace {
std::vector<std::string> files_in(const std::string& dir, const std::string& ext) {
    std::vector<std::string> out;
    DIR* d = opendir((std::string(FOLIOCHECK_SOURCE_DIR) + "/" + dir).c_str());
    REQUIRE(d);
    while (dirent* e = readdir(d)) {
        const std::string n = e->d_name;
        if (n.size() > ext.size() && n.compare(n.size() - ext.size(), ext.size(), ext) == 0)
            out.push_back(dir + "/" + n);
    }
    closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

TEST_CASE("every malformed file is refused with its FILE:LINE:COL message on one line and exit 2") {
    const std::vector<std::string> files = files_in("tests/malformed", ".litmus");
    CHECK(files.size() >= 30);
    for (const std::string& f : files) {
        INFO(f);
        std::string expect = slurp(std::string(FOLIOCHECK_SOURCE_DIR) + "/" + f.substr(0, f.size() - 7) + ".expect");
        REQUIRE(!expect.empty());
        const CliResult r = run_cli("litmus " + f);
        CHECK(r.code == 2);
        CHECK(r.out.empty());  // no partial result
        CHECK(r.err == "foliocheck: " + expect);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
}

TEST_CASE("a malformed file among good ones stops the whole command before any result") {
    const CliResult r = run_cli("litmus scenarios/lkmm/MP+poonceonces.litmus tests/malformed/wrong-arity.litmus");
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("tests/malformed/wrong-arity.litmus:5:2:") != std::string::npos);
}

TEST_CASE("the Aug 2023 batch zap v4 example is Sometimes at 2 pages under sc, with the built-in's 10 of 295") {
    const CliResult r = run_cli("litmus --memory sc scenarios/examples/aug2023-batch-zap-v4-vs-compaction.litmus");
    CHECK(r.code == 0);  // the file's Result: Sometimes matched
    CHECK(r.out.find("Observation aug2023-batch-zap-v4-vs-compaction Sometimes 10 285\n") != std::string::npos);
    CHECK(r.out.find("Result: Sometimes expected (the file's Result: comment): matches") != std::string::npos);
    CHECK(r.out.find("reduced search, 295 executions") != std::string::npos);
    CHECK(r.out.find("exhaustive: every interleaving") != std::string::npos);
    CHECK(r.out.find("CPU 0: P0") != std::string::npos);
    CHECK(r.out.find("atomic_read(&folio->_refcount) = 3") != std::string::npos);
    CHECK(r.out.find("replay: foliocheck replay fcl1.") != std::string::npos);
}

TEST_CASE("the two-loop, refcount-first, smp_rmb example finds no violation in an exhaustive lkmm search") {
    const CliResult r =
        run_cli("litmus --memory c11 scenarios/examples/aug2023-two-loop-ref-first-rmb-vs-compaction.litmus");
    CHECK(r.out.find("Observation aug2023-two-loop-ref-first-rmb-vs-compaction Never 0 261\n") != std::string::npos);
    CHECK(r.out.find("reduced search, 261 executions") != std::string::npos);
    CHECK(r.out.find("exhaustive: every interleaving") != std::string::npos);
    // The refcount read is P1's first access: reading it more than one store back is the
    // same outcome as reading it earlier (lang/shapes.cpp), so no stale-read bound applies.
    CHECK(r.out.find("verdict: Never\n") != std::string::npos);
    CHECK(r.out.find("Result: Never expected (the file's Result: comment): matches") != std::string::npos);
    CHECK(r.code == 0);
    // Without smp_rmb() the same reader misses the pin under lkmm: the barrier is what holds.
    const std::string text = slurp(std::string(FOLIOCHECK_SOURCE_DIR) +
                                   "/scenarios/examples/aug2023-two-loop-ref-first-rmb-vs-compaction.litmus");
    std::string no_rmb = text;
    no_rmb.replace(no_rmb.find("\tsmp_rmb();\n"), 12, "");
    const std::string no_rmb_file = fc::test::temp_file("fc-scn-no-rmb");
    {
        std::ofstream o(no_rmb_file);
        o << no_rmb;
    }
    const CliResult nr = run_cli("litmus --memory c11 " + no_rmb_file);
    CHECK(nr.out.find("verdict: Sometimes") != std::string::npos);
    std::remove(no_rmb_file.c_str());
    // Under sc the same file is a plain Never.
    const CliResult sc =
        run_cli("litmus --memory sc scenarios/examples/aug2023-two-loop-ref-first-rmb-vs-compaction.litmus");
    CHECK(sc.out.find("verdict: Never\n") != std::string::npos);
    CHECK(sc.code == 0);
}

TEST_CASE("a file whose answer differs from its Result: comment exits 1") {
    const CliResult r = run_cli("litmus --memory sc scenarios/lkmm/SB+poonceonces.litmus");
    CHECK(r.out.find("Observation SB+poonceonces Never") != std::string::npos);  // sc has no SB outcome
    CHECK(r.out.find("DIFFERS") != std::string::npos);
    CHECK(r.code == 1);
}

TEST_CASE("a replay token re-runs the witness and refuses a file that changed") {
    const std::string tmp = fc::test::temp_file("fc-scn-replay");
    {
        std::ofstream o(tmp);
        o << slurp(std::string(FOLIOCHECK_SOURCE_DIR) + "/scenarios/lkmm/MP+poonceonces.litmus");
    }
    const CliResult r = run_cli("litmus --memory c11 " + tmp);  // tokens name Relacy schedules
    const size_t at = r.out.find("replay: foliocheck replay ");
    REQUIRE(at != std::string::npos);
    const std::string token = r.out.substr(at + 26, r.out.find('\n', at) - at - 26);
    const CliResult rep = run_cli("replay " + token);
    CHECK(rep.code == 0);
    CHECK(rep.out.find("final state: 1:r0=1; 1:r1=0;") != std::string::npos);
    {
        std::ofstream o(tmp, std::ios::app);
        o << "// edited\n";
    }
    const CliResult changed = run_cli("replay " + token);
    CHECK(changed.code == 2);
    CHECK(changed.err.find("changed since this token was made") != std::string::npos);
    const CliResult altered = run_cli("replay " + token.substr(0, token.size() - 1) + "0");
    CHECK(altered.code == 2);
    std::remove(tmp.c_str());
}

TEST_CASE("a writer file runs where a built-in writer does, with the built-in's answer") {
    const std::string tmp = fc::test::temp_file("fc-scn-my-zap");
    {
        std::string text =
            slurp(std::string(FOLIOCHECK_SOURCE_DIR) + "/scenarios/catalogue/writers/batch-zap-v4.litmus");
        text.replace(text.find("C batch-zap-v4"), 14, "C my-zap");
        std::ofstream o(tmp);
        o << text;
    }
    const CliResult r = run_cli("run --check compaction --writer-file " + tmp +
                                " --pages 2 --reader-order ref-first --search reduced --json");
    CHECK(r.code == 1);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j["verdict"] == "violation");
    CHECK(j["executions"] == 295);
    CHECK(j["writer"] == "my-zap");
    const CliResult m = run_cli("matrix --writer-file " + tmp + " --checks compaction --pages 2 --csv");
    CHECK(m.out.find("my-zap") != std::string::npos);
    // validate --writer-file: the writer against every check of the release (--kernel) and
    // every memory setting (tests/test_writer_file_commands.cpp: which checks, what-if rows).
    const CliResult v = run_cli("validate --writer-file " + tmp + " --kernel v6.10 --pages 2 --json --jobs 1");
    const nlohmann::json vj = nlohmann::json::parse(v.out);
    CHECK(vj["writer"] == "my-zap");
    CHECK(vj["kernel"] == "v6.10");
    // v6.10: compaction and split in both read orders, khugepaged and lazyfree in their own (KSM
    // is small-page only), one mapcount design (the release's), sc/lkmm/relaxed.
    CHECK(vj["results"].size() == 6 * 3);
    for (const nlohmann::json& row : vj["results"]) CHECK(row["writer"] == "my-zap");
    CHECK(run_cli("compare --writer-file " + tmp + " a b").code == 2);
    // The replay line names the file and its hash: a replay reloads it, and refuses it once it changed.
    const CliResult text =
        run_cli("run --check compaction --writer-file " + tmp + " --pages 2 --reader-order ref-first");
    const size_t at = text.out.find("replay: foliocheck replay ");
    REQUIRE(at != std::string::npos);
    const std::string line = text.out.substr(at + 26, text.out.find('\n', at) - at - 26);
    CHECK(line.find(" --writer-file " + tmp + " --writer-hash ") != std::string::npos);
    CHECK(run_cli("replay " + line).code == 1);  // the violation again
    {
        std::ofstream o(tmp, std::ios::app);
        o << "// edited\n";
    }
    const CliResult changed = run_cli("replay " + line);
    CHECK(changed.code == 2);
    CHECK(changed.err.find("writer file changed since the replay line was printed") != std::string::npos);
    const CliResult same =
        run_cli("run --check compaction --writer-file scenarios/catalogue/writers/batch-zap-v4.litmus");
    CHECK(same.code == 2);  // the name of a built-in writer
    CHECK(same.err.find("writer 'batch-zap-v4' already exists") != std::string::npos);
    std::remove(tmp.c_str());
}

TEST_CASE("a part file composes with --with: the catalogue check and writer give the built-in answer") {
    const CliResult r = run_cli(
        "litmus --memory sc --pages 2 --set ref_first=1 --with scenarios/catalogue/writers/batch-zap-v4.litmus "
        "scenarios/catalogue/checks/compaction.litmus");
    CHECK(r.out.find("Observation batch-zap-v4+compaction Sometimes 10 285") != std::string::npos);
}

TEST_CASE("litmus --json under lkmm answers load buffering exactly, with no blind spots") {
    const CliResult r =
        run_cli("litmus --json scenarios/lkmm/MP+poonceonces.litmus scenarios/lkmm/LB+poonceonces.litmus");
    CHECK(r.code == 0);  // both match their Result: comments (herd7's answers)
    const nlohmann::json j = nlohmann::json::parse(r.out);
    REQUIRE(j.size() == 2);
    CHECK(j[0]["observation"] == "Sometimes");
    CHECK(j[0]["states"].size() == 4);
    CHECK(j[0]["memory"] == "lkmm");
    CHECK(j[1]["observation"] == "Sometimes");
    CHECK(j[1]["states"].size() == 4);  // herd7: 4 states, r0=1 /\ r1=1 among them
    CHECK(j[1]["blindspots"].empty());
    CHECK(j[1]["explored"].get<std::string>().find("engine exact-lkmm") == 0);
}

TEST_CASE("litmus --json under c11 carries the states, the verdict, the blind spots and the witness") {
    const CliResult r =
        run_cli("litmus --json --memory c11 scenarios/lkmm/MP+poonceonces.litmus scenarios/lkmm/LB+poonceonces.litmus");
    CHECK(r.code == 4);  // LB is bounded
    const nlohmann::json j = nlohmann::json::parse(r.out);
    REQUIRE(j.size() == 2);
    CHECK(j[0]["observation"] == "Sometimes");
    CHECK(j[0]["states"].size() == 4);
    CHECK(j[0]["witness"]["final"]["1:r0"] == 1);
    CHECK(j[0]["witness"]["final"]["1:r1"] == 0);
    CHECK(j[0]["witness"]["replay"].get<std::string>().rfind("fcl1.", 0) == 0);
    CHECK(j[1]["verdict"] == "Never (bounded: load-buffering)");
    CHECK(j[1]["blindspots"][0]["kind"] == "load-buffering");
    CHECK(j[1]["witness"].is_null());
}

TEST_CASE("--expect replaces the Result: comments, and folio overrides need a folio") {
    CHECK(run_cli(
              "litmus --quiet --memory sc --expect never scenarios/examples/aug2023-batch-zap-v4-vs-compaction.litmus")
              .code == 1);
    CHECK(run_cli("litmus --quiet --memory sc --expect sometimes "
                  "scenarios/examples/aug2023-batch-zap-v4-vs-compaction.litmus")
              .code == 0);
    CHECK(run_cli("litmus --quiet --memory c11 --expect never scenarios/lkmm/LB+poonceonces.litmus").code ==
          4);                                                                                        // bounded
    CHECK(run_cli("litmus --quiet --expect never scenarios/lkmm/LB+poonceonces.litmus").code == 1);  // LKMM: Sometimes
    const CliResult bad = run_cli("litmus --expect maybe scenarios/lkmm/LB+poonceonces.litmus");
    CHECK(bad.code == 2);
    CHECK(bad.err == "foliocheck: unknown --expect 'maybe'; valid: never, sometimes, always\n");
    const CliResult pages = run_cli("litmus --pages 2 scenarios/lkmm/MP+poonceonces.litmus");
    CHECK(pages.code == 2);
    CHECK(pages.err.find("this file declares none") != std::string::npos);
}

TEST_CASE("a three-CPU witness is shown in three CPU columns") {
    const CliResult r = run_cli("litmus scenarios/lkmm/WRC+poonceonces+Once.litmus");
    const size_t head = r.out.find("     CPU 0: P0");
    REQUIRE(head != std::string::npos);
    const std::string line = r.out.substr(head, r.out.find('\n', head) - head);
    const size_t c1 = line.find("CPU 1: P1"), c2 = line.find("CPU 2: P2");
    REQUIRE(c1 != std::string::npos);
    REQUIRE(c2 != std::string::npos);
    CHECK(c2 > c1 + 9);  // its own column, not run into CPU 1's header
    // P2's steps start at CPU 2's column.
    const size_t rd = r.out.find("READ_ONCE(x) = 0");
    REQUIRE(rd != std::string::npos);
    const size_t bol = r.out.rfind('\n', rd) + 1;
    CHECK(rd - bol == c2 + 2);
}
