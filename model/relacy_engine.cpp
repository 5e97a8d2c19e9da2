// model/relacy_engine.cpp: the search engine built on Relacy, explore_relacy(). The only
// translation unit that includes Relacy (model/relacy.hpp) and the Relacy-facing headers
// (relacy_suite.hpp: the interpreter; relacy_access.hpp: the scheduler state of a running
// execution; relacy_cached_scheduler.hpp, replay_scheduler.hpp: foliocheck's schedulers).
// While Relacy enumerates executions the search state (model/search_state.hpp) counts
// violations and secondary executions, and keeps as the counterexample a violating
// execution without stale reads if there is one, then the one with the fewest preemptions.
#include "model/engine.hpp"
#include "model/search_state.hpp"

#include "model/relacy.hpp"  // after every other header: Relacy #defines new/delete
#include "model/relacy_suite.hpp"

namespace fc {

namespace rlx {

FC_ROB_CONTEXT(2, rl::full_search_scheduler)
FC_ROB_CONTEXT(2, rl::context_bound_scheduler)
FC_ROB_CONTEXT(2, rl::random_scheduler)
FC_ROB_CONTEXT(3, rl::full_search_scheduler)
FC_ROB_CONTEXT(3, rl::context_bound_scheduler)
FC_ROB_CONTEXT(3, rl::random_scheduler)
FC_ROB_CONTEXT(4, rl::full_search_scheduler)
FC_ROB_CONTEXT(4, rl::context_bound_scheduler)
FC_ROB_CONTEXT(4, rl::random_scheduler)
FC_ROB_CONTEXT(2, cached_search_scheduler)
FC_ROB_CONTEXT(3, cached_search_scheduler)
FC_ROB_CONTEXT(4, cached_search_scheduler)
FC_ROB_CONTEXT(2, replay_full_scheduler)
FC_ROB_CONTEXT(2, replay_bound_scheduler)
FC_ROB_CONTEXT(3, replay_full_scheduler)
FC_ROB_CONTEXT(3, replay_bound_scheduler)
FC_ROB_CONTEXT(4, replay_full_scheduler)
FC_ROB_CONTEXT(4, replay_bound_scheduler)

namespace {

// ---- Cached search: the scheduler hooks (relacy_cached_scheduler.hpp) ----

bool hook_decision(size_t depth) {
    SearchState& g = *g_search;
    if (!g.caching) return false;
    const StateKey key = g.current_key();  // first: it brings g.pre up to date
    if (!g.cache.decision(depth, key, g.pre)) return false;
    const uint16_t m = g.cache.cut_min_pre();
    if (m != kNoViolation) {
        const unsigned promise = g.pre + m;
        g.exec_vpre = promise;
        const unsigned best = g.best.has ? g.best.preemptions : kNoViolation;
        if (promise < best && promise < g.virtual_pre) {
            g.virtual_pre = promise;
            g.virtual_exec = g.executions + 1;
            g.virtual_subtree = g_sched_hooks.subtree;
            g.virtual_depth = depth;
            g.capture_state(g.virtual_state.data(), g.virtual_state.size());
        }
    }
    return true;
}

void hook_chosen(size_t depth, unsigned thread) {
    if (g_search->caching) g_search->cache.chosen(depth, thread);
}

int hook_guide(size_t) {
    const StateCache::Done* d = g_search->cache.find(g_search->current_key());
    return d ? d->best_cpu : -1;
}

void hook_end(long advanced) {
    if (g_search->caching) g_search->cache.end_execution(g_search->exec_vpre, advanced);
}

bool hook_own(uint64_t subtree) {
    const SearchSpec& s = g_search->spec;
    if (s.split_claims && subtree < s.split_claims_n) {
        const uint32_t me = s.split_part + 1;
        const uint32_t was = __sync_val_compare_and_swap(&s.split_claims[subtree], 0u, me);
        return was == 0 || was == me;
    }
    return subtree % s.split_parts == s.split_part;
}

bool uses_cached_scheduler(const SearchSpec& spec) {
    return spec.mode == SearchMode::cached ||
           (spec.split_parts > 0 && spec.mode != SearchMode::bound && spec.mode != SearchMode::random);
}

template <unsigned N>
rl::test_result_e run_suite(rl::test_params& p, std::ostream& state, const SearchSpec& spec) {
    SearchState& g = *g_search;
    const SearchMode mode = spec.mode;
    // A replay (a token's schedule) runs under the checked schedulers (replay_scheduler.hpp),
    // whatever search made the token: the cached search's states are full-search trees.
    if (!spec.replay_state.empty() && mode != SearchMode::random) {  // random: the state is only a seed
        if (mode == SearchMode::bound) {
            g.capture_state = capture_state_of<N, replay_bound_scheduler>;
            return rl::run_test<Suite<N>, replay_bound_scheduler<N>>(p, state, false);
        }
        g.capture_state = capture_state_of<N, replay_full_scheduler>;
        return rl::run_test<Suite<N>, replay_full_scheduler<N>>(p, state, false);
    }
    if (uses_cached_scheduler(spec)) {
        g.capture_state = capture_state_of<N, cached_search_scheduler>;
        return rl::run_test<Suite<N>, cached_search_scheduler<N>>(p, state, false);
    }
    switch (mode) {
    case SearchMode::cached:
    case SearchMode::full:
    case SearchMode::reduced: g.capture_state = capture_state_of<N, rl::full_search_scheduler>; break;
    case SearchMode::bound: g.capture_state = capture_state_of<N, rl::context_bound_scheduler>; break;
    case SearchMode::random: g.capture_state = capture_state_of<N, rl::random_scheduler>; break;
    }
    switch (mode) {
    case SearchMode::full:
    case SearchMode::reduced:
    case SearchMode::cached: return rl::run_test<Suite<N>, rl::full_search_scheduler<N>>(p, state, false);
    case SearchMode::bound: return rl::run_test<Suite<N>, rl::context_bound_scheduler<N>>(p, state, false);
    case SearchMode::random: return rl::run_test<Suite<N>, rl::random_scheduler<N>>(p, state, false);
    }
    return rl::test_result_success;
}

// Decisions whose subtrees are numbered for a split: enough subtrees for every part to get
// many (2 CPUs: up to 2^depth of them), so that parts finish at about the same time.
size_t split_depth(uint32_t parts) {
    size_t d = 8;
    while ((1u << (d - 8)) < parts && d < 20) d++;
    return d;
}

// Sets up the cached scheduler's hooks: state caching (cached search under sc, not when
// replaying or matching) and splitting.
void setup_cache(const EngineScenario& s, const SearchSpec& spec) {
    SearchState& g = *g_search;
    g_sched_hooks = CachedSchedulerHooks{};
    g.cache.reset();
    g.caching = spec.mode == SearchMode::cached && s.memory == Memory::sc && spec.replay_state.empty() &&
                spec.match_accesses.empty();
    g.keying = g.caching;
    if (g.caching) {
        g_sched_hooks.decision = hook_decision;
        g_sched_hooks.chosen = hook_chosen;
        g_sched_hooks.end = hook_end;
    }
    if (spec.split_parts > 0 && spec.replay_state.empty()) {
        g_sched_hooks.own = hook_own;
        g_sched_hooks.split_depth = split_depth(spec.split_parts);
        g.cache.set_min_done_depth(g_sched_hooks.split_depth);
    }
}

rl::test_result_e run_any(rl::test_params& p, rl::ostringstream& state, const EngineScenario& s,
                          const SearchSpec& spec) {
    return s.cpus.size() == 2   ? run_suite<2>(p, state, spec)
           : s.cpus.size() == 3 ? run_suite<3>(p, state, spec)
                                : run_suite<4>(p, state, spec);
}

// Relacy never frees its fiber stacks (delete_fiber in relacy/platform.hpp is empty): each
// run_test leaves one per CPU, recorded in fiber_stack; free them once Relacy's context is gone.
void free_fiber_stacks() {
    for (void*& stack : g_search->fiber_stack) {
        (::free)(stack);  // Relacy #defines free; its stacks came from (::malloc)
        stack = nullptr;
    }
}

// The best counterexample promised by a cut execution: replay Relacy's decisions up to the cut,
// then follow each state's best_cpu from the cache to the violation it promises. Returns true
// when that execution violated with fewer preemptions than the best judged one (it replaces
// it); the search's counts are left as they were.
bool guided_run(const EngineScenario& s, const SearchSpec& spec) {
    SearchState& g = *g_search;
    const uint64_t executions = g.executions, violations = g.violations, secondary = g.secondary;
    const uint64_t filtered = g.filtered_out;
    const unsigned before = g.best.has ? g.best.preemptions : kNoViolation;
    g.caching = false;
    g.keying = true;
    g.guided = true;
    g_sched_hooks = CachedSchedulerHooks{};
    g_sched_hooks.guide = hook_guide;
    g_sched_hooks.guide_from = g.virtual_depth;
    static rl::ostringstream sink;
    sink.str("");
    rl::ostringstream state;
    rl::test_params p;
    p.search_type = rl::sched_full;
    p.execution_depth_limit = 100000;
    p.output_stream = &sink;
    p.progress_stream = &sink;
    p.initial_state = g.virtual_state.data();
    run_any(p, state, s, spec);
    free_fiber_stacks();
    g.guided = false;
    const bool better = g.best.has && g.best.preemptions < before;
    if (better) {
        g.best.execution = g.virtual_exec;
        g.best.subtree = g.virtual_subtree;
    }
    g.executions = executions;
    g.violations = violations;
    g.secondary = secondary;
    g.filtered_out = filtered;
    return better;
}

// Sets g_search for the lifetime of one search (the suite's statics reach the state through it).
struct ActiveSearch {
    explicit ActiveSearch(SearchState& st) { g_search = &st; }
    ~ActiveSearch() { g_search = nullptr; }  // (Relacy #defines delete: no "= delete" here)
};

// What the search found, as SearchOutcome (the part that does not depend on how Relacy ended).
void report(const SearchState& g, const EngineScenario& s, SearchOutcome& out) {
    out.executions = g.executions;
    out.violations = g.violations;
    out.secondary = g.secondary;
    SearchOutcome::ReadsFromClasses classes;
    classes.coexisting = g.classes.coexisting();
    classes.torn = g.classes.torn();
    // A cut execution is not judged, and its reads-from class (which writes the observer read
    // before the cut) need not be that of the earlier execution through the same state: under
    // state caching the classes are not all seen.
    classes.complete = !g.classes.overflow() && !out.state_caching;
    out.secondary_classes = classes;
    out.value_set = g.values.bits();
    out.value_set_overflow = g.values.overflow();
    out.value_min = g.values.mins();
    out.stopped_by = g.stopped_by;
    if (g.best.has) {
        out.has_counterexample = true;
        out.cx_execution = g.best.execution;
        out.cx_preemptions = g.best.preemptions;
        out.cx_subtree = g.best.subtree;
        out.cx_stale = g.best.stale;
        out.cx_state = g.best.state.data();
        out.cx_trace.events.assign(g.best.ev.begin(), g.best.ev.begin() + static_cast<std::ptrdiff_t>(g.best.n));
        out.cx_trace.truncated = g.best.truncated;
        for (size_t c = 0; c < s.cpus.size(); c++)
            out.cx_regs.emplace_back(g.best.regs[c], g.best.regs[c] + s.cpus[c].nregs);
        out.cx_final.assign(g.best.final_values.begin(),
                            g.best.final_values.begin() + static_cast<std::ptrdiff_t>(s.init.value.size()));
    }
    out.outcomes = g.outcomes.in_order();
    out.outcomes_truncated = g.outcomes.truncated();
    out.filtered_out = g.filtered_out;
    if (g.undefined_op) {
        out.undefined_op = g.undefined_op;
        out.undefined_cpu = g.undefined_cpu;
    }
}

}  // namespace
}  // namespace rlx

SearchOutcome explore_relacy(const EngineScenario& s, const SearchSpec& spec) {
    using namespace rlx;
    SearchOutcome out;
    // Its per-CPU state is sized for kRelacyMaxCpus (model/engine.hpp). A scenario file with
    // more CPUs is refused before it gets here (lang/sema.cpp, with the engine's limit from
    // harness/search/engine_choice.cpp), so this is an internal error.
    if (s.cpus.size() < 2 || s.cpus.size() > static_cast<size_t>(kRelacyMaxCpus)) {
        out.relacy_failure = "scenario needs 2 to " + std::to_string(kRelacyMaxCpus) + " CPUs";
        return out;
    }
    if (s.nlocks < 0 || s.nlocks > kMaxLocks || s.init.used.size() != s.init.value.size()) {
        out.relacy_failure = "scenario has more than " + std::to_string(kMaxLocks) + " spinlocks";
        return out;
    }
    if (s.judge == nullptr) {
        out.relacy_failure = "scenario has no judge";
        return out;
    }
    if (s.memory == Memory::lkmm) {
        // Relacy's C++11 memory model cannot decide LKMM; the harness sends lkmm to the exact
        // engine (harness/search/engine_choice.cpp), so reaching here is a bug, not a user error.
        out.relacy_failure =
            "Relacy does not decide LKMM (--memory lkmm runs on the exact engine; c11 is Relacy's mapping)";
        return out;
    }
    SearchState st(s, spec);
    if (const std::string why = st.prepare(); !why.empty()) {
        out.relacy_failure = "scenario: " + why;
        return out;
    }
    const ActiveSearch active(st);
    SearchState& g = st;

    static rl::ostringstream sink;  // Relacy's own banner/progress: never shown
    sink.str("");
    rl::ostringstream state;
    rl::test_params p;
    g.reduce = spec.mode == SearchMode::reduced || spec.mode == SearchMode::cached;
    p.search_type = spec.mode == SearchMode::bound    ? rl::sched_bound
                    : spec.mode == SearchMode::random ? rl::sched_random
                                                      : rl::sched_full;
    setup_cache(s, spec);
    p.context_bound = spec.context_bound;
    p.execution_depth_limit = 100000;
    p.output_stream = &sink;
    p.progress_stream = &sink;
    if (spec.raw_history) {  // Relacy's own event history of the replayed execution
        p.collect_history = true;
        p.output_history = true;
    }
    if (spec.mode == SearchMode::random) p.iteration_count = spec.iterations;
    if (!spec.replay_state.empty()) {
        p.initial_state = spec.replay_state.c_str();
        if (spec.mode == SearchMode::random)
            p.iteration_count = std::strtoull(spec.replay_state.c_str(), nullptr, 10) + 1;
    }

    g_replay_check = ReplayCheck{};
    const bool replay = !spec.replay_state.empty();
    const rl::test_result_e r = run_any(p, state, s, spec);
    free_fiber_stacks();
    const bool caching = g.caching;
    if (caching) out.states = g.cache.states();
    if (r == rl::test_result_success && caching) {
        if (g.virtual_pre < (g.best.has ? g.best.preemptions : kNoViolation)) out.cx_guided = guided_run(s, spec);
    }
    out.state_caching = caching;
    out.cut = g.cut;
    g.caching = g.keying = false;
    g.cache.reset();
    g_sched_hooks = CachedSchedulerHooks{};

    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - g.start).count();
    report(g, s, out);
    if (r == rl::test_result_success) {
        out.completed = spec.replay_state.empty();
    } else if (r == rl::test_result_until_condition_hit) {
        out.completed = false;
        if (g.replay_done) out.stopped_by = "replay";
        if (g.matched) {
            out.matched = true;
            out.captured_state = g.match_state.data();
        }
    } else {
        out.relacy_failure = rl::test_result_str(r);
    }
    if (spec.raw_history) out.raw_history = sink.str().c_str();
    if (replay && g_replay_check.mismatch) out.replay_mismatch = g_replay_check.why;
    if (!spec.replay_state.empty() && g.replay_done) {
        out.replay_trace.events.assign(g.ev.begin(), g.ev.begin() + static_cast<std::ptrdiff_t>(g.nev));
        out.replay_trace.truncated = g.truncated;
        for (size_t c = 0; c < s.cpus.size(); c++) out.replay_regs.emplace_back(g.regs[c], g.regs[c] + s.cpus[c].nregs);
    }
    return out;
}

bool search_executions_so_far(uint64_t& executions) noexcept {
    if (rlx::g_search == nullptr) return false;
    executions = rlx::g_search->executions;
    return true;
}

// Relacy's own operator new and delete, as relacy/context.hpp writes them; model/alloc.cpp
// defines the global ones with this dispatch (out_of_memory.hpp).
void* relacy_dispatch_alloc(std::size_t bytes) noexcept {
    if (rl::is_ctx()) return rl::ctx().alloc(bytes);
    return (::malloc)(bytes);
}

void relacy_dispatch_free(void* p) noexcept {
    if (rl::is_ctx()) (rl::ctx().free)(p);
    else (::free)(p);
}

}  // namespace fc
