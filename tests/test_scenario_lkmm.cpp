// tests/test_scenario_lkmm.cpp: LKMM conformance of the scenario files in scenarios/lkmm/
// (their Result: comments are LKMM's answers, cited in each file) and the currency of
// docs/lkmm-conformance.md.
#include <doctest/doctest.h>

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "scenario_support.hpp"

using namespace fc;
using namespace fc::test;

namespace {

std::vector<std::string> lkmm_files() {
    std::vector<std::string> out;
    const std::string dir = std::string(FOLIOCHECK_SOURCE_DIR) + "/scenarios/lkmm";
    DIR* d = opendir(dir.c_str());
    REQUIRE(d);
    while (dirent* e = readdir(d)) {
        const std::string n = e->d_name;
        if (n.size() > 7 && n.substr(n.size() - 7) == ".litmus") out.push_back(dir + "/" + n);
    }
    closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

LitmusResult run_file(const std::string& path) {
    LitmusRequest r;
    r.file = path;
    r.memory = Memory::c11;
    r.search.mode = SearchMode::reduced;
    auto l = load_litmus(r);
    return run_litmus(*l);
}

// herd7's Observation per test name, from the committed answers (provenance in the file's header).
std::map<std::string, std::string> herd7_observations() {
    std::map<std::string, std::string> out;
    std::ifstream in(std::string(FOLIOCHECK_SOURCE_DIR) + "/tests/data/herd7-lkmm-answers.tsv");
    REQUIRE(in);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream s(line);
        std::string name, observation;
        s >> name >> observation;
        out[name] = observation;
    }
    return out;
}

}  // namespace

TEST_CASE("every scenarios/lkmm file states herd7's answer, names its source and is laid out as foliocheck's own") {
    const std::map<std::string, std::string> herd = herd7_observations();
    const std::vector<std::string> files = lkmm_files();
    CHECK(files.size() == herd.size());  // every file has herd7's answer, every answer a file
    for (const std::string& f : files) {
        INFO(f);
        const std::string text = slurp(f);
        const std::string name = f.substr(f.rfind('/') + 1, f.size() - f.rfind('/') - 1 - 7);
        REQUIRE(herd.count(name) == 1);
        const size_t at = text.find(" * Result: ");
        REQUIRE(at != std::string::npos);
        CHECK(text.substr(at + 11, text.find('\n', at) - at - 11) == herd.at(name));
        CHECK(text.find(" * Source: ") != std::string::npos);  // where the shape and answer come from
        // foliocheck's layout, not the kernel's: four-space indent, "Pn(...) {" on one line.
        CHECK(text.find('\t') == std::string::npos);
        CHECK(text.find(")\n{\n") == std::string::npos);
    }
}

TEST_CASE("no conformance file gets a plain Never where LKMM says Sometimes, and every disagreement is flagged") {
    const std::vector<std::string> files = lkmm_files();
    CHECK(files.size() >= 40);
    int agree = 0;
    for (const std::string& f : files) {
        INFO(f);
        const LitmusResult r = run_file(f);
        REQUIRE(r.internal_error.empty());
        REQUIRE(!r.expected.empty());  // every conformance file states LKMM's answer
        CHECK(r.exhaustive);
        if (r.expected == "Sometimes" && r.observation == "Never") CHECK(r.qualifier == "bounded");
        if (r.result_match == "differs") CHECK(r.qualifier == "may exceed LKMM");  // explained by the tool
        if (r.result_match == "matches") agree++;
    }
    CHECK(agree >= 60);
}

TEST_CASE("classic shapes give LKMM's answers, or say why they cannot") {
    const std::string d = std::string(FOLIOCHECK_SOURCE_DIR) + "/scenarios/lkmm/";
    // MP without barriers: all four states, the weak one among them.
    const LitmusResult mp = run_file(d + "MP+poonceonces.litmus");
    CHECK(mp.observation == "Sometimes");
    CHECK(mp.states.size() == 4);
    CHECK(run_file(d + "MP+fencewmbonceonce+fencermbonceonce.litmus").observation == "Never");
    CHECK(run_file(d + "SB+fencembonceonces.litmus").observation == "Never");
    CHECK(run_file(d + "SB+poonceonces.litmus").observation == "Sometimes");
    CHECK(run_file(d + "IRIW+poonceonces+OnceOnce.litmus").observation == "Sometimes");  // 4 CPUs
    // Relacy cannot produce LB: a bounded Never, with the cycle named.
    const LitmusResult lb = run_file(d + "LB+poonceonces.litmus");
    CHECK(lb.observation == "Never");
    CHECK(lb.qualifier == "bounded");
    REQUIRE(!lb.blindspots.empty());
    CHECK(lb.blindspots[0].kind == "load-buffering");
    // Ordered LB is a plain Never: LKMM forbids it too.
    const LitmusResult lbo = run_file(d + "LB+poacquireonce+pooncerelease.litmus");
    CHECK(lbo.observation == "Never");
    CHECK(lbo.qualifier.empty());
    // S and 2+2W need stores ordered against execution order.
    CHECK(run_file(d + "S+poonceonces.litmus").qualifier == "bounded");
    CHECK(run_file(d + "2+2W+poonceonces.litmus").qualifier == "bounded");
    // C++ release is not A-cumulative: the tool says so when it answers Sometimes.
    const LitmusResult isa2 = run_file(d + "ISA2+pooncerelease+pooncerelease+poacquireonce.litmus");
    CHECK(isa2.observation == "Sometimes");
    CHECK(isa2.qualifier == "may exceed LKMM");
}

TEST_CASE("plain kernel-dialect folio tests give the observation their Result: comment states") {
    int n = 0;
    for (const std::string& f : lkmm_files()) {
        if (f.find("/folio+") == std::string::npos) continue;
        INFO(f);
        const LitmusResult r = run_file(f);
        CHECK(r.result_match == "matches");
        n++;
    }
    CHECK(n >= 4);
}

TEST_CASE("docs/lkmm-conformance.md is what scripts/gen-lkmm-conformance.sh produces") {
    const std::string out = fc::test::temp_file("fc-lkmm-conformance");
    const std::string cmd =
        std::string(FOLIOCHECK_SOURCE_DIR) + "/scripts/gen-lkmm-conformance.sh " + FOLIOCHECK_BIN + " > " + out;
    REQUIRE(std::system(cmd.c_str()) == 0);
    const std::string generated = slurp(out);
    std::remove(out.c_str());
    CHECK_MESSAGE(generated == slurp(std::string(FOLIOCHECK_SOURCE_DIR) + "/docs/lkmm-conformance.md"),
                  "docs/lkmm-conformance.md is stale: run scripts/gen-lkmm-conformance.sh build/harness/foliocheck > "
                  "docs/lkmm-conformance.md");
}
