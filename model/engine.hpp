// model/engine.hpp: run a scenario (one Program per CPU) under Relacy and report what the
// search saw. This header is Relacy-free; model/engine.cpp is the only code that drives
// Relacy (through model/relacy.hpp).
#pragma once

#include <array>
#include <csignal>
#include <cstdint>
#include <string>
#include <vector>

#include "model/folio.hpp"
#include "model/kernel_atomics.hpp"
#include "model/program.hpp"
#include "model/trace.hpp"

namespace fc {

constexpr int kMaxCpus = 4;
constexpr int kMaxLocks = 16;    // spinlock_t objects per scenario
constexpr int kMaxOutcome = 32;  // values in one outcome (herd7: the condition's variables)

// What one finished execution means for the property being checked.
//   violation:    the property fails (a scenario file: its `exists` clause holds)
//   spurious:     the check saw an extra reference that does not exist (folio scenarios)
//   filtered_out: herd7's `filter`: the execution does not count (nor does its outcome)
//   outcome:      values the judge wants tallied (herd7's final states); the engine keeps
//                 each distinct outcome with a count and the first execution that gave it
struct Judgement {
    bool violation = false;
    bool spurious = false;
    bool filtered_out = false;
    int outcome_n = 0;
    int outcome[kMaxOutcome] = {};
};

// Called once at the end of every execution with each CPU's final registers and every
// location's final value (its last write in modification order). Must not allocate (it
// runs inside the simulation).
using JudgeFn = Judgement (*)(const void* ctx, const int* const* regs, const int* final_values);

struct EngineScenario {
    std::vector<Program> cpus;           // 2 to kMaxCpus
    FolioInit init;                      // initial value of every location (index = location)
    std::vector<std::string> loc_names;  // optional names for traces; empty -> loc_name()
    int nlocks = 0;                      // spinlock_t objects (lock primitives' Insn::loc)
    Memory memory = Memory::sc;
    JudgeFn judge = nullptr;
    const void* judge_ctx = nullptr;
    // Per CPU: bit r set = the judge reads register r of that CPU. Empty: every register.
    // The cached search leaves registers nobody reads again out of its state key.
    std::vector<uint64_t> judge_regs;
    int reader_cpu = 1;  // the checker: its loads define a spurious detection's reads-from class
};

// The name a trace shows for a location of this scenario.
std::string scenario_loc_name(const EngineScenario& s, int loc);

// One distinct outcome of the search (see Judgement::outcome).
struct OutcomeCount {
    std::vector<int> values;
    uint64_t count = 0;
    bool violation = false;  // the judge said violation for (the first execution of) it
    uint64_t first_execution = 0;
};

// full: Relacy's plain full search (every interleaving, no reduction).
// reduced: the same exhaustive search with the sound reductions R1 and R2 (docs/performance.md):
//          fewer equivalent interleavings, the same verdicts.
// bound / random: Relacy's context-bound and random schedulers: never exhaustive.
// cached: the reduced search plus state caching under sc (docs/performance.md, "State caching"):
//          an execution that reaches a state whose every continuation has been explored
//          already is cut there. Under lkmm and relaxed it is the reduced search (Relacy's
//          store histories and clocks are state the cache does not see).
enum class SearchMode : uint8_t { full, reduced, bound, random, cached };
const char* search_name(SearchMode m);
inline bool is_exhaustive_mode(SearchMode m) {
    return m == SearchMode::full || m == SearchMode::reduced || m == SearchMode::cached;
}

// Test-only: leave one field out of the cached search's state key, to show that the proof by
// comparison notices a state key that is too coarse (tests/test_search_cached.cpp).
enum class BrokenStateKey : uint8_t { none, registers, last_cpu };

struct SearchSpec {
    SearchMode mode = SearchMode::full;
    unsigned context_bound = 2;            // bound search only
    uint64_t iterations = 0;               // random search only: executions to run
    uint64_t max_executions = 0;           // 0 = no limit
    double timeout_seconds = 0;            // 0 = no limit
    std::string replay_state;              // non-empty: run exactly the execution this state names
    bool raw_history = false;              // with replay_state: also return Relacy's own history
    bool stop_at_first_violation = false;  // end the search at the first violating execution
    // End the search at the first violating execution without stale reads and with at most
    // this many preemptions (-1: never). After a hunt has shown that no violation has fewer,
    // that execution has the fewest preemptions of all (harness/runner.cpp).
    int stop_at_preemptions = -1;
    // Non-empty: look for an execution whose memory accesses (fences left out) are exactly
    // these, in this order; stop there and return its replay state in captured_state. Used to
    // show that an execution found by one search mode is an execution of another.
    std::vector<TraceEvent> match_accesses;

    // Split one search into parts (full, reduced and cached searches): the subtrees below the
    // first decisions are numbered in the order the search meets them; this part explores
    // subtree k when claims[k] names it (run --jobs: claimed by whichever part comes first),
    // or, without a claim table or beyond it, when k % split_parts == split_part.
    uint32_t split_parts = 0;                   // 0 = no split
    uint32_t split_part = 0;                    // 0-based
    volatile uint32_t* split_claims = nullptr;  // shared between the parts' processes
    size_t split_claims_n = 0;
    BrokenStateKey broken_key = BrokenStateKey::none;  // test-only
};

// The accesses of a trace (fences, barriers and exits left out), for SearchSpec::match_accesses.
std::vector<TraceEvent> accesses_of(const Trace& t);

struct SearchOutcome {
    uint64_t executions = 0;  // executions explored (counted by foliocheck)
    uint64_t violations = 0;
    uint64_t spurious = 0;
    uint64_t states = 0;         // cached search: distinct states whose continuations were all explored
    uint64_t cut = 0;            // cached search: executions cut at such a state (not judged)
    bool state_caching = false;  // the cached search cached states (memory sc)
    bool cx_guided = false;      // the counterexample was rebuilt from the cache (see engine.cpp)
    // Spurious detections as distinct reads-from classes of the checker's loads (which write
    // each load read), the same in every exhaustive search mode. writer_transient: the values
    // read coexisted at one moment, so the writer really held an extra reference then;
    // torn: they never coexisted (the check combined two moments).
    uint64_t spurious_transient_classes = 0, spurious_torn_classes = 0;
    bool spurious_classes_complete = true;  // false if more classes than foliocheck records
    // Every value each location held in any execution, initial values included: bit v+1 for
    // v in -1..62 (0 for a location nothing used); overflow: it held a value outside that.
    std::array<uint64_t, LOC_COUNT> value_set{};
    std::array<bool, LOC_COUNT> value_set_overflow{};
    bool completed = false;      // Relacy ran the search to its end
    std::string stopped_by;      // "max-executions", "timeout", "interrupted", or ""
    std::string relacy_failure;  // Relacy reported a failure of its own (internal error)
    double seconds = 0;
    // The counterexample: among violating executions, one with no stale read if any (an
    // interleaving, which sc allows too), then the fewest preemptions (the first such one).
    bool has_counterexample = false;
    bool cx_stale = false;      // the counterexample has a stale read (no stale-free violation was found)
    uint64_t cx_execution = 0;  // its number in the search (1-based)
    unsigned cx_preemptions = 0;
    std::string cx_state;  // Relacy's scheduler state of it: SearchSpec::replay_state replays it
    Trace cx_trace;
    std::vector<std::vector<int>> cx_regs;
    std::vector<int> cx_final;   // every location's final value in the counterexample
    std::string captured_state;  // with match_accesses: Relacy's state of the matching execution
    bool matched = false;        // with match_accesses: such an execution was found
    Trace replay_trace;          // with replay_state: the replayed execution
    std::string raw_history;     // with raw_history: Relacy's history text
    std::vector<std::vector<int>> replay_regs;
    // Distinct outcomes in the order first seen (only when the judge fills Judgement::outcome).
    std::vector<OutcomeCount> outcomes;
    bool outcomes_truncated = false;  // more distinct outcomes than the table holds
    uint64_t filtered_out = 0;        // executions the judge filtered out
    // With replay_state: why the state is not a schedule of this scenario ("" = it is). Each
    // entry is checked against the choice Relacy asks for (model/replay_scheduler.hpp).
    std::string replay_mismatch;
    // Local arithmetic that C leaves undefined ran in some execution (alu_apply): the case, and
    // the CPU that ran it. The search's counts are then not the program's: callers refuse to
    // give a verdict.
    std::string undefined_op;
    int undefined_cpu = -1;
};

SearchOutcome explore(const EngineScenario& s, const SearchSpec& spec);

// Set from a SIGINT handler: the running search stops after the current execution.
extern volatile std::sig_atomic_t g_interrupt;

}  // namespace fc
