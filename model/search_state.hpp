// model/search_state.hpp: everything one search keeps, from explore() to its return. Built
// per search (sized by the scenario) and destroyed with it; Relacy's test suite reaches it
// through a pointer for the search's lifetime (model/relacy_suite.hpp). Relacy-free: the
// state key of the cached search and the bookkeeping at the end of each execution live here.
//
// Nothing allocates once the search runs (Relacy tracks the heap inside its simulation), and
// nothing that changes control flow survives from one execution to the next except what the
// search is meant to accumulate (counts, outcomes, classes, the counterexample, the cache).
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "model/engine.hpp"
#include "model/outcomes.hpp"
#include "model/program_analysis.hpp"
#include "model/shadow.hpp"
#include "model/state_cache.hpp"

namespace fc {

struct SearchState {
    // Events of one execution: what the programs can produce (every instruction runs at most
    // once: branches only jump forward), and never more than kMaxEvents (a 512-page zap and a
    // check reading 512 mapcounts); beyond that the trace is truncated.
    static constexpr size_t kMaxEvents = 16384;

    SearchState(const EngineScenario& s, const SearchSpec& sp);
    ~SearchState();
    SearchState(const SearchState&) = delete;
    SearchState& operator=(const SearchState&) = delete;

    // Fills the analysis; "" or why the scenario cannot run.
    std::string prepare();

    const EngineScenario& scenario;
    const SearchSpec& spec;
    Lowering low[static_cast<size_t>(Prim::count_)];
    ProgramAnalysis analysis;
    std::chrono::steady_clock::time_point start;

    uint64_t executions = 0, violations = 0, secondary = 0;
    const char* stopped_by = "";
    bool reduce = false;  // reduced search: steps that need no scheduling point of their own
    size_t pc[kRelacyMaxCpus] = {};
    std::vector<int> final_values;  // every location's final value, for the judge
    OutcomeTable outcomes;
    uint64_t filtered_out = 0;
    bool replay_done = false;
    bool matched = false;
    StateText match_state;

    // The current execution.
    std::vector<TraceEvent> ev;
    size_t nev = 0;
    bool truncated = false;
    int regs[kRelacyMaxCpus][kMaxRegs] = {};
    ShadowHistory shadow;
    int last_write_mo[kRelacyMaxCpus] = {};  // Op::stamp_write
    int last_rf_mo[kRelacyMaxCpus] = {};     // Op::stamp_rf

    ReadsFromClassSet classes;  // of secondary executions
    ValueSets values;

    KeptExecution best;  // the counterexample so far
    void (*capture_state)(char* out, size_t cap) = nullptr;

    // Cached search (state_cache.hpp). The key of the shared memory is kept up to date on
    // every write (shadow_store); the rest of the state is hashed at each decision.
    bool caching = false;
    bool keying = false;  // keep mem_key up to date (caching, or the guided run)
    bool guided = false;  // the run that rebuilds the best counterexample from the cache
    StateCache cache;
    StateKey mem_key;
    size_t pre_upto = 0;  // events already counted into `pre`
    unsigned pre = 0;     // preemptions so far (count_preemptions, incrementally)
    int prev_cpu = -1;
    bool exited[kRelacyMaxCpus] = {};
    int lock_owner[kMaxLocks] = {};     // CPU + 1, 0 = free
    bool waiting[kRelacyMaxCpus] = {};  // inside spin_lock on a lock another CPU holds
    unsigned exec_vpre = kNoViolation;  // this execution's preemptions if it leads to a violation
    uint64_t cut = 0;
    // A cut execution that promises a counterexample with fewer preemptions than the best
    // judged one: Relacy's state up to the cut; the guided run completes it from the cache.
    unsigned virtual_pre = kNoViolation;
    uint64_t virtual_exec = 0;
    uint64_t virtual_subtree = 0;  // the split subtree of the cut execution's promise
    StateText virtual_state;
    size_t virtual_depth = 0;
    // Relacy never frees its fiber stacks (delete_fiber in relacy/platform.hpp is empty):
    // 64 KB per CPU per search. Each CPU records its stack; the engine frees them after the
    // search, when Relacy's context is gone.
    void* fiber_stack[kRelacyMaxCpus] = {};
    // The first local arithmetic C leaves undefined (alu_apply) in any execution, and its CPU.
    const char* undefined_op = nullptr;
    int undefined_cpu = 0;
    // The split subtree the current execution lies in (kept by the Relacy-facing hooks).
    uint64_t current_subtree = 0;

    // A new event of the current execution (nullptr once kMaxEvents are recorded: truncated).
    TraceEvent* new_event(unsigned cpu, EventKind kind);
    // Resets the current execution (registers, shadow, key); the initial values are stored
    // by the caller through shadow_store(slot, -1, value).
    void begin_execution();
    // A write of `value` to `slot` by event `event_index` (-1: the initial value): shadow
    // history, value sets and the memory's state key. Returns its modification-order position.
    int shadow_store(int slot, int event_index, int value);
    // The key of the whole state at a scheduling decision (search_state.cpp).
    StateKey current_key();
    // True when the search must stop before the next execution (limit, time, interrupt).
    bool limit_reached();

    // The end of an execution the judge saw. Returns true when the search must stop here
    // (stopped_by says why).
    bool judge_execution();

private:
    void count_new_events();
    StateKey location_key(int slot, int value, int mo) const;
};

}  // namespace fc
