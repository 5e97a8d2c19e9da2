// model/engine.hpp: the search engines' common interface. A scenario goes in (one Program per
// CPU over numbered locations, their initial values, and a judge: a predicate over final
// registers and memory that every engine can evaluate); what the search saw comes out.
// Nothing here knows what a location stands for (no folio, no checks).
//
// explore() runs the engine SearchSpec::engine names (the table in model/engine.cpp). Relacy's
// search (model/relacy_engine.cpp, the only code that includes Relacy) is the default.
// Results only some engines can give (reads-from classes, value sets) are optional fields of
// SearchOutcome: empty when the engine does not report them.
#pragma once

#include <atomic>
#include <csignal>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/kernel_atomics.hpp"
#include "model/program.hpp"
#include "model/trace.hpp"

namespace fc {

// CPUs a scenario may have (2 to kMaxCpus): herd7's LKMM litmus tests go up to P7. The exact
// engine (model/lkmm/) runs all of them; Relacy runs 2 to kRelacyMaxCpus, the size of its
// per-CPU state (model/search_state.hpp, program_analysis.hpp) and of the cached search's
// state key, which a larger bound would make every sc search pay for. A scenario file is held
// to its engine's limit when it is compiled (harness/search/engine_choice.hpp engine_max_cpus),
// with one line naming what runs more; explore_relacy() reports more as an internal failure.
constexpr int kMaxCpus = 8;
constexpr int kRelacyMaxCpus = 4;
static_assert(kRelacyMaxCpus <= kMaxCpus, "Relacy runs a subset of the scenarios the interface carries");
constexpr int kMaxLocks = 16;    // spinlock_t objects per scenario
constexpr int kMaxOutcome = 32;  // values in one outcome (herd7: the condition's variables)

// What one finished execution means for the property being checked.
//   violation:    the property fails (a scenario file: its `exists` clause holds)
//   secondary:    a second property the judge counts without making it the verdict (the
//                 engine tallies these executions and, optionally, their reads-from
//                 classes; see EngineScenario::observer_cpu)
//   filtered_out: herd7's `filter`: the execution does not count (nor does its outcome)
//   outcome:      values the judge wants tallied (herd7's final states); the engine keeps
//                 each distinct outcome with a count and the first execution that gave it
struct Judgement {
    bool violation = false;
    bool secondary = false;
    bool filtered_out = false;
    int outcome_n = 0;
    int outcome[kMaxOutcome] = {};
};

// Called once at the end of every execution with each CPU's final registers and every
// location's final value (its last write in modification order). Must not allocate (it
// runs inside the simulation).
using JudgeFn = Judgement (*)(const void* ctx, const int* const* regs, const int* final_values);

// sum(coeff * register) + constant REL 0, over final registers, in C int arithmetic.
struct LinearTerm {
    int cpu = 0;
    int reg = 0;
    int coeff = 0;
};
struct LinearCondition {
    enum class Rel : uint8_t { eq, ne, lt, le, gt, ge };
    std::vector<LinearTerm> terms;
    int constant = 0;
    Rel rel = Rel::eq;
    bool holds(const int* const* regs) const;  // model/engine.cpp
};

struct EngineScenario {
    std::vector<Program> cpus;           // 2 to kMaxCpus (Relacy: to kRelacyMaxCpus)
    InitialValues init;                  // initial value of every location (index = location)
    std::vector<std::string> loc_names;  // optional names for traces; empty -> loc_name()
    int nlocks = 0;                      // spinlock_t objects (lock primitives' Insn::loc)
    Memory memory = Memory::sc;
    JudgeFn judge = nullptr;
    const void* judge_ctx = nullptr;
    // Per CPU: bit r set = the judge reads register r of that CPU. Empty: every register.
    // The cached search leaves registers nobody reads again out of its state key.
    std::vector<uint64_t> judge_regs;
    // The CPU whose loads define the reads-from class of a secondary execution (which write
    // each of its loads read).
    int observer_cpu = 1;
    // Which locations the judge reads from final_values (index = location). Empty: every
    // location. The exact LKMM engine tells outcomes apart by these and judge_regs only.
    std::vector<bool> judge_locs;
    // Where to look first (engines that can steer: the exact engine; Relacy ignores it):
    // conditions over final registers that the judge's violations satisfy, all of them. It
    // orders the search and decides nothing: the judge still judges every execution, and a
    // search that ends "holds" has asked the solver without it. A hint that is wrong only
    // makes the engine look elsewhere first.
    std::vector<LinearCondition> violation_hint;
};

// The name a trace shows for a location of this scenario: its loc_names entry, or "loc<N>".
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
const char* search_name(SearchMode m);  // model/search_mode.cpp: the one table of names
bool parse_search_mode(const std::string& s, SearchMode& out);
std::string search_mode_names();             // every mode: "cached, reduced, full, bound, random"
std::string exhaustive_search_mode_names();  // the modes that can say holds: "cached, reduced, full"
inline bool is_exhaustive_mode(SearchMode m) {
    return m == SearchMode::full || m == SearchMode::reduced || m == SearchMode::cached;
}

// Test-only: leave one field out of the cached search's state key, to show that the proof by
// comparison notices a state key that is too coarse (tests/test_search_cached.cpp).
enum class BrokenStateKey : uint8_t { none, registers, last_cpu };

// The engines behind explore(). A new engine is a row here, a row in model/engine.cpp's
// table and its explore function: Relacy (sc, relaxed, and the C++11 mapping) and the exact
// LKMM engine (model/lkmm/, --engine exact).
enum class EngineKind : uint8_t { relacy, exact };
const char* engine_name(EngineKind e);

struct SearchSpec {
    EngineKind engine = EngineKind::relacy;
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
    // that execution has the fewest preemptions of all (harness/search/runner.cpp).
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

// ---- The exact LKMM engine (model/lkmm/search.hpp: explore_lkmm) ----
// What it explored: solver candidates, the consistent executions among them (one per
// distinct outcome: each is blocked once found), the clauses that refined the encoding after
// an inconsistent candidate, and whether the search ran to its end (solver: unsat).
struct ExactStats {
    bool used = false;
    std::string model;               // "lkmm" or "sc"
    uint64_t candidates = 0;         // models the solver offered
    uint64_t consistent = 0;         // consistent executions found (= outcomes recorded)
    uint64_t refinements = 0;        // inconsistent candidates, each refined by its clause
    uint64_t generalised = 0;        // further clauses from the same cycle with other writes read
    uint64_t tie_lemmas = 0;         // candidates whose coherence clocks tied, told apart
    uint64_t hinted = 0;             // candidates offered under EngineScenario::violation_hint
    uint64_t hint_restarts = 0;      // solver calls under the hint stopped at their conflict budget
    bool stopped_in_solver = false;  // a limit or a signal stopped a solver call (the watchdog)
    uint64_t outcomes = 0;           // distinct outcomes (judge registers and locations)
    bool data_race = false;          // herd7's `Flag data-race`: some allowed execution races
    bool mixed_accesses = false;     // herd7's `Flag mixed-accesses`
    // Consistent executions checked for the flags after the outcome search (each outcome's
    // first execution is checked during it): the executions that could raise one.
    uint64_t flag_executions = 0;
    bool cx_sc = false;    // the counterexample is also SC-consistent: fails already under sc
    std::string cx_graph;  // the counterexample's events with rf and co edges, per CPU
};

struct SearchOutcome {
    uint64_t executions = 0;  // executions explored (counted by foliocheck)
    uint64_t violations = 0;
    uint64_t secondary = 0;      // executions the judge marked secondary (Judgement::secondary)
    uint64_t states = 0;         // cached search: distinct states whose continuations were all explored
    uint64_t cut = 0;            // cached search: executions cut at such a state (not judged)
    bool state_caching = false;  // the cached search cached states (memory sc)
    bool cx_guided = false;      // the counterexample was rebuilt from the cache (relacy_engine.cpp)
    // Optional: the secondary executions as distinct reads-from classes of the observer CPU's
    // loads (which write each load read), the same in every exhaustive search mode.
    // coexisting: the values read coexisted at one moment of the execution; torn: they never
    // did (the observer combined two moments). complete: false if some classes were not seen
    // (more classes than the engine records, or executions cut before they were judged).
    struct ReadsFromClasses {
        uint64_t coexisting = 0, torn = 0;
        bool complete = true;
    };
    std::optional<ReadsFromClasses> secondary_classes;
    // Optional (empty: not reported): every value each location held in any execution,
    // initial values included, one entry per location: bit v+1 for v in -1..62 (0 for a
    // location nothing used); overflow: it held a value outside that range.
    std::vector<uint64_t> value_set;
    std::vector<bool> value_set_overflow;
    // Optional, like value_set: the smallest value each location held (INT_MAX: unused), which
    // the bit set cannot give once a counter leaves -1..62 (harness/runner.cpp needs the
    // refcount's, to know that no zero test on it could come out differently with more pins).
    std::vector<int> value_min;
    bool completed = false;      // the engine ran the search to its end
    std::string stopped_by;      // "max-executions", "timeout", "interrupted", or ""
    std::string relacy_failure;  // the engine reported a failure of its own (internal error)
    double seconds = 0;
    // The counterexample: among violating executions, one with no stale read if any (an
    // interleaving, which sc allows too), then the fewest preemptions (the first such one).
    bool has_counterexample = false;
    bool cx_stale = false;      // the counterexample has a stale read (no stale-free violation was found)
    uint64_t cx_execution = 0;  // its number in the search (1-based)
    unsigned cx_preemptions = 0;
    // A split search (SearchSpec::split_parts): the number of the subtree it lies in. Parts
    // explore their subtrees in increasing order, so it orders counterexamples with as many
    // preemptions the same way whichever part claimed which subtree (run --jobs).
    uint64_t cx_subtree = 0;
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
    ExactStats exact;  // filled by the exact LKMM engine only
};

// Runs the engine spec.engine names.
SearchOutcome explore(const EngineScenario& s, const SearchSpec& spec);

// The engines (explore() dispatches to them; call explore()).
SearchOutcome explore_relacy(const EngineScenario& s, const SearchSpec& spec);
// model/lkmm/search.cpp; throws std::invalid_argument for a program it refuses.
SearchOutcome explore_exact(const EngineScenario& s, const SearchSpec& spec);

// Set from a SIGINT handler: the running search stops after the current execution.
extern volatile std::sig_atomic_t g_interrupt;

// What the engines have done so far, counted as they go, for a progress display that reads
// it while a search runs (harness/report/progress.hpp). Only ever incremented (relaxed: a
// display needs no ordering). g_live is never null; the harness may point it at memory
// shared with the child processes it forks, so that their searches count too.
struct LiveCounters {
    std::atomic<uint64_t> executions{0};   // Relacy: executions started
    std::atomic<uint64_t> candidates{0};   // exact engine: solver models offered
    std::atomic<uint64_t> refinements{0};  // exact engine: inconsistent candidates refined away
};
extern LiveCounters* g_live;
inline void live_count(std::atomic<uint64_t> LiveCounters::*counter) {
    (g_live->*counter).fetch_add(1, std::memory_order_relaxed);
}

}  // namespace fc
