// tests/test_litmus_more_cpus.cpp: litmus tests with 5 to 8 CPUs (P4..P7) through the real
// binary. The exact engine runs them under --memory lkmm and, asked with --engine exact, under
// --memory sc; Relacy (sc, c11, relaxed), whose per-CPU state holds 4 CPUs, refuses them in
// one line naming what runs them. herd7's LKMM answers for these files are compared row by row
// by the ctest "lkmm conformance: tests with 5 to 8 CPUs agree with herd7"
// (tests/lkmm-conformance/herd7-more-cpus.tsv); the sc answers below are derived by hand.
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli_support.hpp"

using fc::test::run;

namespace {

const std::string kDir = std::string(FOLIOCHECK_SOURCE_DIR) + "/tests/lkmm-conformance/more-cpus/";

nlohmann::json litmus_json(const std::string& args, const std::string& file) {
    const auto r = run("litmus --json " + args + " " + kDir + file);
    INFO(r.err);
    REQUIRE(r.code == 0);  // the files carry no Result: comment, so no answer differs from one
    const nlohmann::json all = nlohmann::json::parse(r.out);
    REQUIRE(all.size() == 1);
    return all[0];
}

// Each state as "r0 r0 ... r0" in CPU order (the condition's variables are 0:r0 .. N-1:r0).
std::set<std::string> ring_states(const nlohmann::json& j, int cpus) {
    std::set<std::string> out;
    for (const nlohmann::json& st : j["states"]) {
        std::string s;
        for (int c = 0; c < cpus; c++) s += std::to_string(st["values"][std::to_string(c) + ":r0"].get<int>());
        out.insert(s);
    }
    return out;
}

}  // namespace

TEST_CASE(
    "a 5-CPU litmus test is refused under sc, c11 and relaxed in one line naming --memory lkmm and "
    "--engine exact") {
    for (const char* memory : {"sc", "c11", "relaxed"}) {
        INFO(memory);
        const auto r = run(std::string("litmus --memory ") + memory + " " + kDir + "5.SB+onceonces.litmus");
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
        CHECK(r.err.find("5.SB+onceonces.litmus:") != std::string::npos);
        CHECK(r.err.find("P4: more than 4 CPUs; Relacy") != std::string::npos);
        CHECK(r.err.find("use --memory lkmm, or --engine exact with --memory sc") != std::string::npos);
    }
}

TEST_CASE("a ninth CPU is refused in one line by every engine as past the language's 8") {
    std::string nine = "C nine\n{}\n";
    for (int i = 0; i < 9; i++) nine += "P" + std::to_string(i) + "(int *x) { WRITE_ONCE(*x, 1); }\n";
    nine += "exists (x=1)\n";
    const std::string path = fc::test::temp_name("nine");
    {
        std::ofstream f(path);
        f << nine;
    }
    for (const char* args : {"--memory lkmm", "--memory sc --engine exact"}) {
        INFO(args);
        const auto r = run(std::string("litmus ") + args + " " + path);
        CHECK(r.code == 2);
        CHECK(r.err.find('\n') == r.err.size() - 1);
        CHECK(r.err.find("too many CPUs: P8; a scenario runs 1 to 8 threads") != std::string::npos);
    }
    std::remove(path.c_str());
}

// Under sc every execution is an interleaving. If every CPU read 0, CPU i's read came before
// CPU i+1's write, which comes before CPU i+1's read: the reads would each precede the next,
// round the ring, which no total order allows. Any other vector of reads has an interleaving:
// a CPU that reads 1 adds only an edge into its read, which closes no cycle. So 31 states.
TEST_CASE(
    "--engine exact --memory sc answers SC's result on the 5-CPU store-buffering ring: Never, every "
    "state but all zeros") {
    const nlohmann::json j = litmus_json("--memory sc --engine exact", "5.SB+onceonces.litmus");
    CHECK(j["observation"] == "Never");
    CHECK(j["exhaustive"] == true);
    CHECK(j["memory"] == "sc");
    const std::set<std::string> states = ring_states(j, 5);
    CHECK(states.size() == 31);
    CHECK(states.count("00000") == 0);
    CHECK(states.count("11111") == 1);
    CHECK(states.count("10000") == 1);
}

TEST_CASE(
    "the same 5-CPU ring under lkmm is Sometimes with all 32 states, and smp_mb() on every CPU makes it "
    "Never") {
    const nlohmann::json weak = litmus_json("--memory lkmm", "5.SB+onceonces.litmus");
    CHECK(weak["observation"] == "Sometimes");
    CHECK(ring_states(weak, 5).size() == 32);
    const nlohmann::json mb = litmus_json("--memory lkmm", "5.SB+mbonceonces.litmus");
    CHECK(mb["observation"] == "Never");
    CHECK(mb["exhaustive"] == true);
    CHECK(ring_states(mb, 5).count("00000") == 0);
}

// Under sc the release-acquire chain needs no acquire or release at all: if each CPU read the
// flag the one before it set, P0's write of a precedes P4's read of a in the interleaving.
TEST_CASE("--engine exact --memory sc answers Never on the 5-CPU chain with a relaxed link, which lkmm allows") {
    CHECK(litmus_json("--memory sc --engine exact", "ISA2-5+releaseacquires+P2onceonce.litmus")["observation"] ==
          "Never");
    CHECK(litmus_json("--memory lkmm", "ISA2-5+releaseacquires+P2onceonce.litmus")["observation"] == "Sometimes");
}

TEST_CASE("an 8-CPU counterexample is printed with P7's events") {
    const auto r = run("litmus --memory lkmm " + kDir + "8.SB+mbonceonces+onceonce.litmus");
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find("Observation 8.SB+mbonceonces+onceonce Sometimes") != std::string::npos);
    CHECK(r.out.find("P7") != std::string::npos);
}
