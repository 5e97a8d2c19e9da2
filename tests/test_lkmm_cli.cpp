// tests/test_lkmm_cli.cpp: --engine exact through the real binary: run and litmus reach the
// exact engine, say what it explored, and refuse what does not apply with one line (exit 2).
#include "tests/cli_support.hpp"

using fc::test::run;

namespace {
const std::string kRun =
    "run --check compaction --writer zap-v6.5 --reader-order ref-first --memory lkmm --engine exact --pins 1 ";
}

TEST_CASE("run --engine exact with smp_rmb() holds at 2 pages and names the exact engine") {
    const auto r = run(kRun + "--pages 2 --reader-barrier rmb");
    CHECK(r.code == 0);
    CHECK(r.out.find("verdict: holds") != std::string::npos);
    CHECK(r.out.find("engine exact-lkmm (z3)") != std::string::npos);
    CHECK(r.out.find(", complete,") != std::string::npos);
}

TEST_CASE("run --engine exact without smp_rmb() is a violation that needs weak behaviour") {
    const auto r = run(kRun + "--pages 2");
    CHECK(r.code == 1);
    CHECK(r.out.find("verdict: violation") != std::string::npos);
    CHECK(r.out.find("the counterexample needs weak behaviour") != std::string::npos);
}

TEST_CASE("run --engine exact refuses a random search and relaxed memory with one line and exit 2") {
    const auto a = run(kRun + "--pages 1 --search random --iterations 5");
    CHECK(a.code == 2);
    CHECK(a.err.find("--engine exact") != std::string::npos);
    const auto b = run("run --check compaction --writer zap-v6.5 --memory relaxed --engine exact --pages 1");
    CHECK(b.code == 2);
    const auto c = run("run --check compaction --writer zap-v6.5 --memory lkmm --pages 1 --engine bogus");
    CHECK(c.code == 2);
    CHECK(c.err.find("valid: relacy, exact") != std::string::npos);
}

TEST_CASE("litmus --engine exact answers a load-buffering test that Relacy cannot produce") {
    const auto r = run("litmus --engine exact --quiet " + std::string(FOLIOCHECK_SOURCE_DIR) +
                       "/scenarios/lkmm/LB+poonceonces.litmus");
    CHECK(r.code == 0);
    CHECK(r.out.find("Observation LB+poonceonces Sometimes") != std::string::npos);
    CHECK(r.out.find("bounded") == std::string::npos);
}
