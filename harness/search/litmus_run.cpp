// harness/search/litmus_run.cpp: see litmus_run.hpp.
#include "harness/search/litmus_run.hpp"
#include "harness/search/engine_choice.hpp"
#include "harness/search/input.hpp"
#include "model/lkmm/replay.hpp"
#include "model/lkmm/search.hpp"

#include <algorithm>

#include "harness/search/litmus_token.hpp"
#include "harness/search/runner.hpp"
#include "harness/search/token.hpp"

namespace fc {

std::unique_ptr<LoadedLitmus> load_litmus(const LitmusRequest& r) {
    auto l = std::make_unique<LoadedLitmus>();
    l->request = r;
    for (const std::string& w : r.with) l->parts.push_back(lang::load_scenario_file(w));
    l->parts.push_back(lang::load_scenario_file(r.file));
    if (l->parts.size() == 1) {
        l->file = std::move(l->parts[0].ast);
        l->parts[0].ast = lang::File{};
    } else {
        l->file = lang::compose(l->parts);
    }
    lang::Overrides o = r.overrides;
    if (o.max_cpus == 0) o.max_cpus = engine_max_cpus(r.search.engine);  // P4..P7: the exact engine only
    lang::compile_scenario(l->file, o, r.memory, l->compiled);
    return l;
}

namespace {

// A search in which some execution did arithmetic C leaves undefined has no answer.
void refuse_undefined(const LoadedLitmus& l, const SearchOutcome& out) {
    if (out.undefined_op.empty()) return;
    lang::SrcLoc at = l.file.name_loc;
    for (const lang::Thread& t : l.file.threads)
        if (t.id == out.undefined_cpu) at = t.loc;
    throw lang::LangError(l.file.path, at,
                          "P" + std::to_string(out.undefined_cpu) + " computes " + out.undefined_op +
                              " in an execution: C leaves it undefined (and herd7 stops on it, lacks the "
                              "operator or drops the execution), so there is no answer; guard the operation");
}

TraceNames names_of(const lang::CompiledScenario& c) {
    TraceNames n;
    n.locs = c.engine.loc_names;
    n.locks.resize(static_cast<size_t>(c.symbols.nlocks));
    for (const auto& [name, l] : c.symbols.locs)
        if (l.lock)
            for (int i = 0; i < std::max(l.size, 1); i++)
                n.locks[static_cast<size_t>(l.base + i)] = l.size ? name + "[" + std::to_string(i) + "]" : name;
    return n;
}

void fill_static(LitmusResult& r, const LoadedLitmus& l) {
    const lang::CompiledScenario& c = l.compiled;
    r.name = l.file.name;
    r.path = l.request.file;
    r.expected = l.request.expect.empty() ? l.file.expected_result : l.request.expect;
    r.condition_text = c.condition.text;
    r.quantifier = c.condition.quantifier;
    r.has_condition = c.condition.present;
    for (const lang::StateVar& v : c.condition.vars) r.var_labels.push_back(v.label);
    // Relacy's blind spots (bounded / may exceed LKMM) do not apply to the exact engine.
    if (l.request.search.engine == EngineKind::relacy) r.blindspots = c.blindspots;
    r.memory = l.request.memory;
    r.cpus = c.engine.cpus;
    r.names = names_of(c);
    // The exact engine decides plain accesses as LKMM does (plain-coherence, herd7's flags);
    // Relacy runs them as marked accesses.
    for (size_t t = 0; t < c.facts.size(); t++)
        if (c.facts[t].plain_accesses && l.request.search.engine != EngineKind::exact)
            r.notes += "P" + std::to_string(t) +
                       " uses plain C accesses (*x): Relacy runs them as READ_ONCE/"
                       "WRITE_ONCE (LKMM would also report data races); ";
}

std::vector<int> values_of(const lang::CompiledCondition& c, const std::vector<std::vector<int>>& regs,
                           const std::vector<int>& fin) {
    std::vector<int> v;
    for (const lang::StateVar& s : c.vars) {
        if (s.is_reg) v.push_back(regs[static_cast<size_t>(s.cpu)][static_cast<size_t>(s.index)]);
        else v.push_back(s.index < static_cast<int>(fin.size()) ? fin[static_cast<size_t>(s.index)] : 0);
    }
    return v;
}

}  // namespace

LitmusResult run_litmus(LoadedLitmus& l) {
    LitmusResult r;
    fill_static(r, l);
    const lang::CompiledScenario& c = l.compiled;
    const SearchOutcome out = run_engine(c.engine, l.request.search);
    refuse_undefined(l, out);
    if (!out.relacy_failure.empty()) r.internal_error = "Relacy reported: " + out.relacy_failure;
    r.executions = out.executions;
    r.filtered = out.filtered_out;
    r.seconds = out.seconds;
    r.stopped_by = out.stopped_by;
    if (out.exact.used) {  // herd7's `Flag` lines, in its order (sorted by name)
        r.flags_known = true;
        if (out.exact.data_race) r.flags.push_back("data-race");
        if (out.exact.mixed_accesses) r.flags.push_back("mixed-accesses");
    }
    r.exhaustive = out.completed && is_exhaustive_mode(l.request.search.mode) && r.internal_error.empty();
    const uint64_t counted = r.executions - std::min(r.executions, r.filtered);
    const bool forall = r.quantifier == lang::Condition::forall;
    // The judge's "violation" is an execution the observation is about (condition.hpp).
    const uint64_t witnesses = out.violations;
    r.positive = forall ? counted - std::min(counted, witnesses) : witnesses;
    r.negative = counted - std::min(counted, r.positive);
    r.observation = r.positive == 0 ? "Never" : r.negative == 0 ? "Always" : "Sometimes";
    bool hides = false, exceeds = false;
    for (const lang::Blindspot& b : r.blindspots) (b.hides ? hides : exceeds) = true;
    if (r.observation != "Sometimes") {
        if (!r.exhaustive) r.qualifier = "not exhaustive";
        else if (hides) r.qualifier = "bounded";
    } else if (exceeds) {
        r.qualifier = "may exceed LKMM";
    }
    switch (r.quantifier) {
    case lang::Condition::exists: r.ok = r.positive > 0; break;
    case lang::Condition::not_exists: r.ok = r.positive == 0; break;
    case lang::Condition::forall: r.ok = r.negative == 0; break;
    }
    if (!r.expected.empty()) {
        if (r.observation == "Sometimes") {
            // A Sometimes is a witness whatever the search: it settles an expected Sometimes.
            r.result_match = r.expected == "Sometimes" ? "matches" : "differs";
        } else {
            r.result_match = !r.qualifier.empty() ? "undecided" : r.expected == r.observation ? "matches" : "differs";
        }
    }
    for (const OutcomeCount& o : out.outcomes) {
        LitmusState s;
        s.values = o.values;
        s.count = o.count;
        s.satisfies = forall ? !o.violation : o.violation;
        r.states.push_back(s);
    }
    std::sort(r.states.begin(), r.states.end(),
              [](const LitmusState& a, const LitmusState& b) { return a.values < b.values; });
    r.states_truncated = out.outcomes_truncated;
    // The same explored sentence as `run`.
    RunResult rr;
    rr.request.memory = l.request.memory;
    rr.request.search = l.request.search;
    rr.executions = r.executions;
    rr.seconds = r.seconds;
    rr.exhaustive = r.exhaustive;
    rr.stopped_by = r.stopped_by;
    if (out.exact.used) {
        rr.exact_summary = lkmm::exact_summary(out);
        rr.exact_cx_sc = out.exact.cx_sc;
        rr.verdict = out.violations ? Verdict::violation : Verdict::holds;
    }
    r.explored = explored_text(rr);
    if (out.has_counterexample && r.has_condition) {
        r.has_witness = true;
        r.witness_trace = out.cx_trace;
        r.witness_preemptions = out.cx_preemptions;
        r.witness_values = values_of(c.condition, out.cx_regs, out.cx_final);
        if (!out.cx_state.empty() && l.request.search.engine == engine_for(l.request.memory, std::nullopt))
            r.replay_token = encode_litmus_token(l, l.request.search, out.cx_state);
    }
    return r;
}

LitmusResult replay_litmus(LoadedLitmus& l, const std::string& state) {
    // Every memory setting's token replays, on that setting's default engine (engine_choice.hpp).
    LitmusResult r;
    fill_static(r, l);
    SearchSpec spec = l.request.search;
    spec.engine = engine_for(l.request.memory, std::nullopt);
    spec.replay_state = state;
    if (spec.raw_history && spec.engine == EngineKind::exact)
        throw UsageError("--trace raw prints Relacy's own history; a --memory " +
                         std::string(memory_name(l.request.memory)) +
                         " token replays on the exact engine, which has none: drop --trace raw");
    // A token reproduces its execution or is refused: the state's shape before
    // Relacy sees it, every entry against Relacy's choices during the replay.
    const std::string fix = "; copy the whole token from the 'replay:' line of a foliocheck litmus run";
    const std::string shape =
        spec.engine == EngineKind::exact ? lkmm::state_shape_problem(state) : schedule_shape_problem(state, spec.mode);
    if (!shape.empty()) throw TokenError("replay token is damaged: " + shape + fix);
    const SearchOutcome out = run_engine(l.compiled.engine, spec);
    if (!out.replay_mismatch.empty())
        throw TokenError(std::string("replay token is not ") +
                         (spec.engine == EngineKind::exact ? "an execution" : "a schedule") +
                         " of its scenario: " + out.replay_mismatch + fix);
    refuse_undefined(l, out);
    if (!out.relacy_failure.empty()) r.internal_error = "Relacy reported: " + out.relacy_failure;
    if (out.stopped_by != "replay") r.internal_error = "the replay did not run exactly one execution";
    // As a run's token must name a violating execution, a litmus token must name a witness:
    // an execution the filter keeps in which the condition holds (exists, ~exists) or fails
    // (forall). Anything else was not printed by foliocheck for this file.
    if (r.internal_error.empty() && (out.violations == 0 || out.filtered_out > 0))
        throw TokenError(std::string("replay token names an execution that ") +
                         (out.filtered_out > 0                      ? "the file's filter excludes"
                          : r.quantifier == lang::Condition::forall ? "satisfies the condition"
                                                                    : "does not satisfy the condition") +
                         ", so it is not a witness foliocheck printed" + fix);
    r.raw_history = out.raw_history;
    r.executions = out.executions;
    r.has_witness = true;
    r.witness_trace = out.replay_trace;
    r.witness_preemptions = count_preemptions(out.replay_trace.events.data(), out.replay_trace.events.size());
    // The exact engine gives each location's coherence-last value; a Relacy trace is an
    // interleaving, whose last write of a location is that value.
    std::vector<int> fin = l.compiled.engine.init.value;
    if (!out.cx_final.empty())
        for (size_t k = 0; k < fin.size() && k < out.cx_final.size(); k++) fin[k] = out.cx_final[k];
    else
        for (const TraceEvent& e : out.replay_trace.events)
            if (e.kind == EventKind::access && prim_info(e.prim).kind != PrimKind::load &&
                prim_info(e.prim).kind != PrimKind::lock && e.loc < fin.size())
                fin[e.loc] = e.after;
    r.witness_values = values_of(l.compiled.condition, out.replay_regs, fin);
    r.replay_token = encode_litmus_token(l, l.request.search, state);
    return r;
}

}  // namespace fc
