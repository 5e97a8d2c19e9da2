// tests/test_replay_forgery.cpp: a replay token reproduces exactly the violation it was made
// for, or it is refused. Forged tokens (valid checksum, schedule edited) are refused with a
// TokenError before Relacy sees them when an entry is impossible for the scenario, and by the
// replay when an entry does not match the choice Relacy makes or the execution does not
// violate. Before the fix these read past Relacy's buffers (ASan) or replayed as a plausible
// counterexample / "does not violate".
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "harness/search/litmus_run.hpp"
#include "harness/search/litmus_token.hpp"
#include "harness/search/runner.hpp"
#include "harness/search/token.hpp"
#include "token_support.hpp"

using namespace fc;
using fc::test::forge;
using fc::test::numbers;

namespace {

RunRequest compaction_batch_zap(Memory memory, SearchMode mode) {
    RunRequest q;
    q.check = find_check("compaction");
    q.writer = find_writer("batch-zap-v4");
    q.pages = 2;
    q.order = ReadOrder::ref_first;
    q.memory = memory;
    q.search.mode = mode;
    q.search.context_bound = 2;
    if (mode == SearchMode::random) q.search.iterations = 2000;
    return q;
}

// A genuine token of a violating configuration, decoded.
ReplayToken genuine(Memory memory = Memory::sc, SearchMode mode = SearchMode::reduced) {
    const RunResult r = run_config(compaction_batch_zap(memory, mode));
    REQUIRE(r.verdict == Verdict::violation);
    REQUIRE(r.counterexample);
    return decode_token(r.counterexample->replay_token, FOLIOCHECK_VERSION);
}

// What `foliocheck replay` does with a token: decode, then replay.
// Returns "" when it replayed a violation, else the refusal.
std::string replay(const std::string& token) {
    try {
        const ReplayToken t = decode_token(token, FOLIOCHECK_VERSION);
        const RunResult r = replay_run(t.request, t.state, false);
        if (!r.internal_error.empty()) return "internal error: " + r.internal_error;
        if (r.verdict != Verdict::violation) return "replayed without a violation";
        return "";
    } catch (const TokenError& e) {
        return e.what();
    }
}

}  // namespace

TEST_CASE("a genuine token replays as a violation under every search mode and memory model") {
    for (Memory m : {Memory::sc, Memory::c11, Memory::relaxed})
        for (SearchMode s : {SearchMode::full, SearchMode::reduced, SearchMode::bound, SearchMode::random}) {
            CAPTURE(memory_name(m));
            CAPTURE(search_name(s));
            const ReplayToken t = genuine(m, s);
            CHECK(replay(encode_token(t)) == "");
        }
}

TEST_CASE("a forged schedule entry out of range for the scenario is refused before Relacy sees it") {
    const ReplayToken t = genuine();
    std::vector<uint64_t> n = numbers(t.state);
    REQUIRE(n.size() >= 5);
    REQUIRE(n[2] == 2);  // the first choice: which of the 2 CPUs starts
    // count 64, index 63: the audit's heap-buffer-overflow in iteration_begin_impl
    std::vector<uint64_t> f = n;
    f[2] = 64;
    f[3] = 63;
    CHECK_THROWS_AS(decode_token(forge(t, f), FOLIOCHECK_VERSION), TokenError);
    // index 2 of 3 on a 2-CPU scenario: schedule_impl read past running_threads
    f = n;
    f[5] = 3;
    f[6] = 2;
    f[7] = 0;
    CHECK_THROWS_AS(decode_token(forge(t, f), FOLIOCHECK_VERSION), TokenError);
    // an index not below its count, an unknown kind of choice
    f = n;
    f[6] = f[5];
    CHECK_THROWS_AS(decode_token(forge(t, f), FOLIOCHECK_VERSION), TokenError);
    f = n;
    f[7] = 4;
    CHECK_THROWS_AS(decode_token(forge(t, f), FOLIOCHECK_VERSION), TokenError);
    f = n;
    f[7] = 9;
    CHECK_THROWS_AS(decode_token(forge(t, f), FOLIOCHECK_VERSION), TokenError);
    // the refusal is one line naming the entry
    try {
        f = n;
        f[2] = 64;
        f[3] = 63;
        decode_token(forge(t, f), FOLIOCHECK_VERSION);
        FAIL("accepted");
    } catch (const TokenError& e) {
        const std::string what = e.what();
        CHECK(what.find("schedule entry 1 (63 of 64") != std::string::npos);
        CHECK(what.find('\n') == std::string::npos);
    }
}

TEST_CASE("a forged schedule that is cut short, padded, emptied or flipped is refused by the replay") {
    const ReplayToken t = genuine();
    const std::vector<uint64_t> n = numbers(t.state);
    REQUIRE(n.size() >= 8);
    const size_t entries = (n.size() - 2) / 3;
    // cut short by one entry, the entry count kept consistent
    std::vector<uint64_t> f(n.begin(), n.end() - 3);
    f[1] = entries - 1;
    CHECK(replay(forge(t, f)).find("ends before the execution does") != std::string::npos);
    // padded with one more (plausible) entry
    f = n;
    f.insert(f.end(), {2, 0, 0});
    f[1] = entries + 1;
    CHECK(replay(forge(t, f)).find("left over") != std::string::npos);
    // empty: no entries at all
    CHECK(replay(forge(t, {n[0], 0})).find("not a schedule of its scenario") != std::string::npos);
    // every single flipped choice: never a replay that pretends to be this counterexample
    // unless it really violates; most flips desynchronise the schedule and are refused.
    int refused = 0;
    for (size_t e = 0; e < entries; e++) {
        f = n;
        const size_t at = 2 + 3 * e;
        f[at + 1] = (f[at + 1] + 1) % f[at];
        const std::string why = replay(forge(t, f));
        CAPTURE(e);
        CHECK((why.empty() || why.find("replay token") == 0));
        if (!why.empty()) refused++;
    }
    CHECK(refused > 0);
}

TEST_CASE("a token whose execution does not violate is refused, not shown as 'does not violate'") {
    // A random-search token's state is the iteration that seeds Relacy's generator: any
    // iteration decodes, but only violating ones may replay.
    const ReplayToken t = genuine(Memory::sc, SearchMode::random);
    const std::vector<uint64_t> n = numbers(t.state);
    REQUIRE(n.size() == 1);
    int refused = 0;
    for (uint64_t it = 0; it < 20; it++) {
        const std::string why = replay(forge(t, {it}));
        CAPTURE(it);
        if (!why.empty()) {
            CHECK(why.find("does not violate") != std::string::npos);
            refused++;
        }
    }
    CHECK(refused > 0);  // compaction vs batch-zap-v4 violates in 10 of 295 executions
}

TEST_CASE("a litmus token whose execution is not a witness of the condition is refused, as a run's token is") {
    // MP+poonceonces under lkmm: the witness reads the flag new and the data stale. Flipping
    // one choice of its schedule (a thread or a stale read) gives schedules of the same file
    // whose executions mostly are not witnesses: each replays as a witness or is refused.
    const char* path = FOLIOCHECK_SOURCE_DIR "/scenarios/lkmm/MP+poonceonces.litmus";
    LitmusRequest req;
    req.file = path;
    req.memory = Memory::c11;
    req.search.mode = SearchMode::reduced;
    auto l = load_litmus(req);
    const LitmusResult found = run_litmus(*l);
    REQUIRE(found.has_witness);
    REQUIRE(!found.replay_token.empty());
    const LitmusReplay genuine = decode_litmus_token(found.replay_token);
    std::vector<uint64_t> n = numbers(genuine.state);
    REQUIRE(n.size() >= 5);
    const auto replay_state = [&](const std::vector<uint64_t>& s) -> std::string {
        std::ostringstream o;
        for (size_t i = 0; i < s.size(); i++) o << (i ? " " : "") << s[i];
        auto again = load_litmus(genuine.request);
        try {
            const LitmusResult r = replay_litmus(*again, o.str());
            return "";
        } catch (const TokenError& e) {
            return e.what();
        }
    };
    CHECK(replay_state(n) == "");
    int not_witness = 0;
    for (size_t e = 2; e + 2 < n.size(); e += 3) {
        if (n[e] < 2) continue;
        std::vector<uint64_t> f = n;
        f[e + 1] = (f[e + 1] + 1) % f[e];
        const std::string why = replay_state(f);
        CAPTURE(e);
        CHECK((why.empty() || why.find("replay token") == 0));
        if (why.find("does not satisfy the condition") != std::string::npos) not_witness++;
    }
    CHECK(not_witness > 0);
}
