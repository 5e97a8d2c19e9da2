// tests/test_lkmm_cli.cpp: --memory lkmm through the real binary. It runs on the exact engine
// without being asked, says so in what it explored, and every combination that would answer
// under other semantics than the ones it names is refused with one line (exit 2).
#include "tests/cli_support.hpp"

using fc::test::run;

namespace {
const std::string kRun = "run --check compaction --writer zap-v6.5 --reader-order ref-first --pins 1 ";
}

TEST_CASE("run --memory lkmm with smp_rmb() holds at 2 pages on the exact engine, with no --engine given") {
    const auto r = run(kRun + "--memory lkmm --pages 2 --reader-barrier rmb");
    CHECK(r.code == 0);
    CHECK(r.out.find("verdict: holds") != std::string::npos);
    CHECK(r.out.find("engine exact-lkmm (z3)") != std::string::npos);
    CHECK(r.out.find(", complete,") != std::string::npos);
    CHECK(r.out.find("linux-kernel.cat, linux-kernel.bell, linux-kernel.def at 02bae7a24257") != std::string::npos);
}

TEST_CASE("run --memory lkmm without smp_rmb() is a violation that needs weak behaviour") {
    const auto r = run(kRun + "--memory lkmm --pages 2");
    CHECK(r.code == 1);
    CHECK(r.out.find("verdict: violation") != std::string::npos);
    CHECK(r.out.find("the counterexample needs weak behaviour") != std::string::npos);
}

TEST_CASE("run --memory c11 is Relacy's mapping and says so") {
    const auto r = run(kRun + "--memory c11 --pages 1");
    CHECK(r.code == 1);
    CHECK(r.out.find("engine relacy, ") != std::string::npos);
    CHECK(r.out.find("memory c11") != std::string::npos);
}

TEST_CASE("--engine relacy with --memory lkmm is refused in one line naming --memory c11") {
    const auto r = run(kRun + "--memory lkmm --engine relacy --pages 1");
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--memory c11") != std::string::npos);
    CHECK(r.err.find('\n') == r.err.size() - 1);
}

TEST_CASE("--engine exact with c11 or relaxed memory is refused; with sc it decides sc") {
    CHECK(run(kRun + "--memory c11 --engine exact --pages 1").code == 2);
    CHECK(run(kRun + "--memory relaxed --engine exact --pages 1").code == 2);
    // Under sc, zap-v6.5 drops the mapcounts before the references, so a refcount read first
    // never misses the pin: Relacy's exhaustive sc search says holds, and so must the exact
    // engine deciding sc.
    const auto sc = run(kRun + "--memory sc --engine exact --pages 2");
    CHECK(sc.code == 0);
    CHECK(sc.out.find("engine exact-sc (z3)") != std::string::npos);
    CHECK(run(kRun + "--memory sc --engine relacy --pages 2").code == sc.code);
    const auto bogus = run(kRun + "--memory lkmm --pages 1 --engine bogus");
    CHECK(bogus.code == 2);
    CHECK(bogus.err.find("valid: relacy, exact") != std::string::npos);
}

TEST_CASE("what the exact engine has no use for is refused under --memory lkmm with what to do") {
    const auto random = run(kRun + "--memory lkmm --pages 1 --search random --iterations 5");
    CHECK(random.code == 2);
    CHECK(random.err.find("--memory lkmm") != std::string::npos);
    const auto jobs = run(kRun + "--memory lkmm --pages 2 --jobs 2");
    CHECK(jobs.code == 2);
    CHECK(jobs.err.find("drop --jobs and --split") != std::string::npos);
}

TEST_CASE("litmus answers a load-buffering test by default, exactly, where Relacy could not") {
    const auto r =
        run("litmus --quiet " + std::string(FOLIOCHECK_SOURCE_DIR) + "/scenarios/lkmm/LB+poonceonces.litmus");
    CHECK(r.code == 0);
    CHECK(r.out.find("Observation LB+poonceonces Sometimes") != std::string::npos);
    CHECK(r.out.find("bounded") == std::string::npos);
    const auto c11 = run("litmus --quiet --memory c11 " + std::string(FOLIOCHECK_SOURCE_DIR) +
                         "/scenarios/lkmm/LB+poonceonces.litmus");
    CHECK(c11.out.find("bounded") != std::string::npos);
}

TEST_CASE("an exact-engine witness labels smp_store_release() release and smp_load_acquire() acquire") {
    const std::string file = fc::test::temp_name("mp-litmus");
    {
        std::ofstream f(file);
        f << "C MP+rel+acq\n{}\nP0(int *x, int *y)\n{\n\tWRITE_ONCE(*x, 1);\n\tsmp_store_release(y, 1);\n}\n"
             "P1(int *x, int *y)\n{\n\tint r0;\n\tint r1;\n\n\tr0 = smp_load_acquire(y);\n\tr1 = READ_ONCE(*x);\n}\n"
             "exists (1:r0=1 /\\ 1:r1=1)\n";
    }
    const auto r = run("litmus --memory lkmm " + file);
    std::remove(file.c_str());
    CHECK(r.code == 0);
    CHECK(r.out.find("smp_store_release(y, 1)  1 -> 1  (release)") != std::string::npos);
    CHECK(r.out.find("smp_load_acquire(y) = 1  [rf #2]  (acquire)") != std::string::npos);
    CHECK(r.out.find("WRITE_ONCE(x, 1)  1 -> 1  (relaxed)") != std::string::npos);
}

TEST_CASE("--version names the pinned LKMM, herd7 as the oracle and the solver") {
    const auto r = run("--version");
    CHECK(r.code == 0);
    CHECK(r.out.find("lock.cat at 3867a24cc408") != std::string::npos);
    CHECK(r.out.find("linux-kernel.cfg at fc4b04d84027") != std::string::npos);
    CHECK(r.out.find("herd7 7.57") != std::string::npos);
    CHECK(r.out.find("Z3 4.") != std::string::npos);
}

// Stopping the exact engine. Compaction without smp_rmb() at 256 pages spends all but its
// first 0.1 s (the encoding) in solver calls under its violation hint before it has a
// candidate: 4.2 s on an idle 2-core machine, in calls restarted at their conflict budget
// (model/lkmm/hint.hpp). A stop at 1 s therefore lands inside a solver call, which only the
// watchdog can end: "the limit stopped a solver call" says it did, and "candidates 0" that
// no call ran on to offer a model.
namespace {
const std::string kLong = kRun + "--memory lkmm --pages 256 ";
}  // namespace

TEST_CASE(
    "a --memory lkmm run past its --timeout stops inside the solver: not exhaustive, stopped by timeout, exit 4") {
    const auto r = run(kLong + "--timeout 1");
    CHECK(r.code == 4);
    CHECK(r.out.find("verdict: no-violation-found") != std::string::npos);
    CHECK(r.out.find("candidates 0, consistent executions 0,") != std::string::npos);
    CHECK(r.out.find("the limit stopped a solver call") != std::string::npos);
    CHECK(r.out.find("not exhaustive (timeout)") != std::string::npos);
    CHECK(r.out.find("NOT exhaustive: stopped by timeout") != std::string::npos);
    const auto j = run(kLong + "--timeout 1 --json");
    CHECK(j.code == 4);
    CHECK(j.out.find("\"stopped_by\": \"timeout\"") != std::string::npos);
    CHECK(j.out.find("\"verdict\": \"no-violation-found\"") != std::string::npos);
}

TEST_CASE(
    "SIGTERM and SIGINT stop a --memory lkmm run inside the solver: what it explored, not exhaustive, 128 + signal") {
    for (const char* sig : {"TERM", "INT"}) {
        CAPTURE(sig);
        const std::string out = fc::test::temp_name("out"), err = fc::test::temp_name("err");
        // timeout(1) sends the signal after 1 s and, with --preserve-status, exits as the
        // command did. SIGINT is sent by kill, as a terminal's Ctrl-C is: Z3 must not take it.
        const std::string cmd = std::string("timeout --preserve-status -s ") + sig + " 1 " + FOLIOCHECK_BIN + " " +
                                kLong + ">" + out + " 2>" + err + " </dev/null";
        const int status = std::system(cmd.c_str());
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == (std::string(sig) == "TERM" ? 143 : 130));
        const std::string o = fc::test::slurp(out), e = fc::test::slurp(err);
        std::remove(out.c_str());
        std::remove(err.c_str());
        CHECK(o.find("verdict: no-violation-found") != std::string::npos);
        CHECK(o.find("candidates 0, consistent executions 0,") != std::string::npos);
        CHECK(o.find("the limit stopped a solver call") != std::string::npos);
        CHECK(o.find("not exhaustive (interrupted)") != std::string::npos);
        CHECK(e.find(std::string("interrupted by SIG") + sig) != std::string::npos);
    }
}
