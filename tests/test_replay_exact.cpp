// tests/test_replay_exact.cpp: replay tokens of the exact engine (--memory lkmm). A token
// carries the execution's state (model/lkmm/replay.hpp): which write each read reads and each
// write's coherence position. Replaying it re-derives every value and checks the execution
// again (admitted by the encoding, consistent under LKMM, violating), so a genuine token shows
// the same counterexample and a forged one is refused, never replayed as something else.
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "harness/search/runner.hpp"
#include "harness/search/token.hpp"
#include "scenario_support.hpp"
#include "token_support.hpp"

using namespace fc;
using fc::test::CliResult;
using fc::test::forge;
using fc::test::numbers;
using fc::test::run_cli;

namespace {

// compaction vs zap-v6.5, refcount read first, no barrier, 4 pages, one pin: under LKMM the
// check's mapcount reads can be satisfied before its refcount read (a violation that needs
// weak memory; herd7 7.57 answers Sometimes on the 2- and 3-page exports of this scenario).
RunRequest weak_compaction() {
    RunRequest q;
    q.check = find_check("compaction");
    q.writer = find_writer("zap-v6.5");
    q.pages = 4;
    q.order = ReadOrder::ref_first;
    q.memory = Memory::lkmm;
    q.pins = 1;
    q.search.mode = SearchMode::reduced;
    return q;
}

// decode + replay as `foliocheck replay` does: "" for a replayed violation, else the refusal.
std::string replay(const std::string& token, RunResult* result = nullptr) {
    try {
        const ReplayToken t = decode_token(token, FOLIOCHECK_VERSION);
        const RunResult r = replay_run(t.request, t.state, false);
        if (result) *result = r;
        if (!r.internal_error.empty()) return "internal error: " + r.internal_error;
        return r.verdict == Verdict::violation ? "" : "replayed without a violation";
    } catch (const TokenError& e) {
        return e.what();
    }
}

}  // namespace

TEST_CASE("an lkmm counterexample's token replays the same violating execution on the exact engine") {
    const RunResult run = run_config(weak_compaction());
    REQUIRE(run.verdict == Verdict::violation);
    REQUIRE(run.counterexample);
    const Counterexample& cx = *run.counterexample;
    REQUIRE(!cx.replay_token.empty());
    RunResult rep;
    CHECK(replay(cx.replay_token, &rep) == "");
    REQUIRE(rep.counterexample);
    // The values the check read are the counterexample's: refcount 5 with mapcount 4 (every
    // page's mapcount read from the initial value, the refcount after one folio_put()).
    CHECK(rep.counterexample->snapshot.refcount == cx.snapshot.refcount);
    CHECK(rep.counterexample->snapshot.mapcount == cx.snapshot.mapcount);
    CHECK(cx.snapshot.refcount - 1 <= cx.snapshot.mapcount);
    CHECK(rep.counterexample->stale == cx.stale);
    CHECK(rep.counterexample->replay_token == cx.replay_token);
}

TEST_CASE("a forged lkmm execution state is refused with its reason") {
    const RunResult run = run_config(weak_compaction());
    REQUIRE(run.counterexample);
    const ReplayToken t = decode_token(run.counterexample->replay_token, FOLIOCHECK_VERSION);
    const std::vector<uint64_t> n = numbers(t.state);
    REQUIRE(n.size() > 10);
    REQUIRE(n[0] + 1 == n.size());

    // One entry dropped: the state's own count no longer matches (caught when decoding).
    std::vector<uint64_t> f(n.begin(), n.end() - 1);
    CHECK_THROWS_AS(decode_token(forge(t, f), FOLIOCHECK_VERSION), TokenError);
    // Count and entries shortened together: a well-formed state of another size.
    f[0] = n[0] - 1;
    CHECK(replay(forge(t, f)).find("this scenario encodes") != std::string::npos);
    // The first choice (a read's candidate or a write's coherence position) out of range.
    bool tried = false;
    for (size_t i = 1; i < n.size() && !tried; i++)
        if (n[i] >= 2) {
            f = n;
            f[i] = 1000;
            const std::string why = replay(forge(t, f));
            CHECK((why.find("reads from candidate") != std::string::npos ||
                   why.find("beyond the location's writes") != std::string::npos));
            tried = true;
        }
    CHECK(tried);
    // Every choice set to its first (each read from its first candidate, the initial value;
    // each write at coherence position 0): the zap's second refcount decrement cannot read the
    // initial value (coherence and atomicity), so no execution of the scenario makes them.
    f = n;
    for (size_t i = 1; i < f.size(); i++)
        if (f[i] >= 2) f[i] = 1;
    const std::string why = replay(forge(t, f));
    CHECK(why.find("not an execution of its scenario") != std::string::npos);
}

TEST_CASE("an lkmm litmus witness token replays the witness, and --trace raw is refused for it") {
    const CliResult lit =
        run_cli("litmus --memory lkmm " + std::string(FOLIOCHECK_SOURCE_DIR) + "/scenarios/lkmm/MP+poonceonces.litmus");
    REQUIRE(lit.code == 0);
    const size_t at = lit.out.find("foliocheck replay fcl1.");
    REQUIRE(at != std::string::npos);
    const std::string token = lit.out.substr(at + 18, lit.out.find('\n', at) - at - 18);
    const CliResult rep = run_cli("replay " + token);
    CHECK(rep.code == 0);
    // The witness of MP without barriers: the flag read 1, the data read 0.
    CHECK(rep.out.find("READ_ONCE(y) = 1") != std::string::npos);
    CHECK(rep.out.find("READ_ONCE(x) = 0") != std::string::npos);
    const CliResult raw = run_cli("replay " + token + " --trace raw");
    CHECK(raw.code == 2);
    CHECK(raw.err.find("drop --trace raw") != std::string::npos);
}
