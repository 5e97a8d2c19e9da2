// model/lkmm/search.cpp: the refinement loop (see search.hpp).
#include "model/lkmm/search.hpp"

#include <z3++.h>

#include <chrono>
#include <memory>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include "model/lkmm/concrete.hpp"
#include "model/lkmm/encode.hpp"
#include "model/lkmm/hint.hpp"
#include "model/lkmm/lkmm_model.hpp"
#include "model/lkmm/refine.hpp"
#include "model/lkmm/replay.hpp"
#include "model/lkmm/summary.hpp"
#include "model/lkmm/trace_of.hpp"
#include "model/lkmm/watchdog.hpp"

namespace fc::lkmm {

namespace {

void refuse_spec(const SearchSpec& spec) {
    if (!is_exhaustive_mode(spec.mode))
        throw std::invalid_argument(std::string("the exact engine decides the whole program; --search ") +
                                    search_name(spec.mode) + " does not apply to it");
    if (!spec.match_accesses.empty()) throw std::invalid_argument("the exact engine does not match Relacy executions");
    if (spec.split_parts > 0)
        throw std::invalid_argument("the exact engine does not split its search into parts: drop --jobs and --split");
}

// The clause "not all of these": every event executed, each rf and co edge, and each
// CPU's path between two instructions exactly as in this model.
z3::expr reasons(const Encoding& enc, const Concrete& cc, const Witness& w, const z3::model& m) {
    z3::expr_vector lits(enc.ctx);
    auto enc_of = [&](int ge) { return cc.enc_of[static_cast<size_t>(ge)]; };
    for (int e : w.events) lits.push_back(enc.ev[static_cast<size_t>(enc_of(e))].guard);
    for (auto [a, b] : w.rf) lits.push_back(enc.rf_lit(enc_of(a), enc_of(b)));
    for (auto [a, b] : w.co) lits.push_back(enc.co_lit(enc_of(a), enc_of(b)));
    for (auto [a, b] : w.fr) lits.push_back(enc.fr_lit(enc_of(a), enc_of(b)));
    for (auto [cpu, lo, hi] : w.segments) {
        const std::vector<z3::expr>& g = enc.insn_guard[static_cast<size_t>(cpu)];
        for (int pc = lo; pc <= hi; pc++) {
            const z3::expr& gp = g[static_cast<size_t>(pc)];
            lits.push_back(model_bool(m, gp) ? gp : !gp);
        }
    }
    return z3::mk_and(lits);
}

struct Projection {
    std::vector<int> key;
    z3::expr same;  // the solver's terms equal this key
};

Projection project(const EngineScenario& s, const Encoding& enc, const Concrete& cc) {
    Projection p{{}, enc.ctx.bool_val(true)};
    z3::expr_vector eqs(enc.ctx);
    for (size_t cpu = 0; cpu < s.cpus.size(); cpu++) {
        const uint64_t mask = cpu < s.judge_regs.size() ? s.judge_regs[cpu] : ~uint64_t(0);
        for (int r = 0; r < s.cpus[cpu].nregs && r < 64; r++) {
            if (!((mask >> r) & 1)) continue;
            const int v = cc.regs[cpu][static_cast<size_t>(r)];
            p.key.push_back(v);
            eqs.push_back(enc.final_regs[cpu][static_cast<size_t>(r)] == enc.ctx.bv_val(v, 32));
        }
    }
    for (int l = 0; l < enc.nmem; l++) {
        if (!enc.written[static_cast<size_t>(l)]) continue;
        if (!s.judge_locs.empty() &&
            (static_cast<size_t>(l) >= s.judge_locs.size() || !s.judge_locs[static_cast<size_t>(l)]))
            continue;
        const int v = cc.final_values[static_cast<size_t>(l)];
        p.key.push_back(v);
        eqs.push_back(enc.final_val[static_cast<size_t>(l)] == enc.ctx.bv_val(v, 32));
    }
    if (!eqs.empty()) p.same = z3::mk_and(eqs);
    return p;
}

// One solver call. A check that the watchdog cancels normally returns unknown; some of Z3's
// tactics throw z3::exception ("canceled") instead, which is the same stop. Any other
// exception is the solver's failure and goes on.
z3::check_result checked(z3::solver& sol, const z3::expr_vector* assumptions, const Watchdog& watchdog) {
    try {
        return assumptions ? sol.check(*assumptions) : sol.check();
    } catch (const z3::exception&) {
        if (watchdog.fired()) return z3::unknown;
        throw;
    }
}

// Refines an inconsistent candidate away: the failed axiom's clause and its generalisations
// (refine.hpp), which the watchdog may cut short (fewer clauses, each still sound).
void refine(z3::solver& sol, const Encoding& enc, const Concrete& cc, const Verdict& v, const z3::model& m, Model model,
            const Watchdog& watchdog, ExactStats& st) {
    st.refinements++;
    sol.add(!reasons(enc, cc, v.why, m));
    const auto fired = [](const void* wd) { return static_cast<const Watchdog*>(wd)->fired() != nullptr; };
    for (const Witness& w : generalise(cc.g, v.why, model, fired, &watchdog)) {
        sol.add(!reasons(enc, cc, w, m));
        st.generalised++;
    }
}

// "Some pair of executed events could raise a flag of linux-kernel.cat": a Plain access and
// a write or read of its location on another CPU, at least one of them a write (pre-race
// meets the races only through rf, co and fr), or a Plain write and a marked access of its
// location on one CPU (mixed-accesses). False: no execution raises either flag.
z3::expr flag_candidates(const Encoding& enc, bool race_pairs = true, bool mixed_pairs = true) {
    z3::expr_vector pairs(enc.ctx);
    const auto mem = [](const Event& e) { return e.type == EvType::read || e.type == EvType::write; };
    for (size_t i = 0; i < enc.ev.size(); i++) {
        const Event& a = enc.ev[i].ev;
        if (!mem(a) || a.tag != Tag::plain) continue;
        for (size_t k = 0; k < enc.ev.size(); k++) {
            const Event& b = enc.ev[k].ev;
            if (k == i || !mem(b) || b.loc != a.loc) continue;
            const bool race = b.cpu != a.cpu && (a.type == EvType::write || b.type == EvType::write);
            const bool mixed = b.cpu == a.cpu && a.type == EvType::write && b.tag != Tag::plain;
            if ((race && race_pairs) || (mixed && mixed_pairs)) pairs.push_back(enc.ev[i].guard && enc.ev[k].guard);
        }
    }
    return pairs.empty() ? enc.ctx.bool_val(false) : z3::mk_or(pairs);
}

// The clause "not this execution": the same events executed, each read reading the same
// write, the same coherence order between executed writes.
z3::expr not_this_execution(const Encoding& enc, const z3::model& m) {
    z3::expr_vector lits(enc.ctx);
    const ModelChoices chosen = model_choices(enc, m);
    for (size_t i = 0; i < enc.ev.size(); i++) {
        const SymEvent& e = enc.ev[i];
        const bool ran = chosen.ran[i];
        lits.push_back(ran ? e.guard : !e.guard);
        if (ran && chosen.source[i] >= 0) lits.push_back(e.picks[static_cast<size_t>(chosen.source[i])]);
    }
    for (size_t a = 0; a < enc.ev.size(); a++)
        for (size_t b = a + 1; b < enc.ev.size(); b++) {
            const SymEvent& ea = enc.ev[a];
            const SymEvent& eb = enc.ev[b];
            const bool wa = ea.ev.type == EvType::write || ea.ev.type == EvType::init;
            const bool wb = eb.ev.type == EvType::write || eb.ev.type == EvType::init;
            if (!wa || !wb || ea.ev.loc != eb.ev.loc || !chosen.ran[a] || !chosen.ran[b]) continue;
            const bool a_first = chosen.clock[a] < chosen.clock[b];
            lits.push_back(a_first ? enc.co_lit(static_cast<int>(a), static_cast<int>(b))
                                   : enc.co_lit(static_cast<int>(b), static_cast<int>(a)));
        }
    return !z3::mk_and(lits);
}

// One model the solver offers, as a concrete execution. If two events' clocks tie (the
// clock order is not total), it adds the lemmas that separate them and returns the execution
// with `ties` set: the caller asks the solver again.
Concrete candidate(const EngineScenario& s, const Encoding& enc, const z3::model& m,
                   const std::vector<std::vector<int>>& ipdom, z3::solver& sol, SearchOutcome& out) {
    out.exact.candidates++;
    live_count(&LiveCounters::candidates);
    Concrete cc = concretise(s, enc, m, ipdom);
    for (auto [a, b] : cc.ties) {
        const SymEvent& ea = enc.ev[static_cast<size_t>(a)];
        const SymEvent& eb = enc.ev[static_cast<size_t>(b)];
        sol.add(z3::implies(ea.guard && eb.guard, ea.clk != eb.clk));
        out.exact.tie_lemmas++;
    }
    return cc;
}

// After the outcome search, with its outcome blocks dropped (the solver no longer assumes
// outcome_phase) and only executions that could raise a flag left (flag_candidates): every
// consistent execution is checked for the flags and blocked, until both flags are raised or
// none is left. Each is a consistent execution herd7 enumerates too; a stop here leaves the
// flags undecided, so the search is not complete.
template <class Seconds>
void flag_search(const EngineScenario& s, const SearchSpec& spec, z3::solver& sol, const Encoding& enc,
                 const std::vector<std::vector<int>>& ipdom, const Watchdog& watchdog, const Seconds& seconds,
                 SearchOutcome& out) {
    out.completed = false;
    std::vector<int> final_buf(static_cast<size_t>(enc.nmem) + 1, 0);
    for (;;) {
        const char* why = watchdog.fired();
        if (!why && g_interrupt) why = "interrupted";
        if (!why && spec.timeout_seconds > 0 && seconds() > spec.timeout_seconds) why = "timeout";
        if (!why && spec.max_executions > 0 && out.executions + out.exact.flag_executions >= spec.max_executions)
            why = "max-executions";
        if (why) {
            out.stopped_by = std::string(why) + " (in the search for herd7's flags)";
            return;
        }
        const z3::check_result r = checked(sol, nullptr, watchdog);
        if (r == z3::unsat) break;
        if (r == z3::unknown) {
            const char* fired = watchdog.fired();
            out.stopped_by = std::string(fired ? fired : "solver gave up: " + sol.reason_unknown()) +
                             " (in the search for herd7's flags)";
            return;
        }
        const z3::model m = sol.get_model();
        const Concrete cc = candidate(s, enc, m, ipdom, sol, out);
        if (!cc.ties.empty()) continue;  // tie lemmas added: ask the solver again
        const Verdict v = check(cc.g, Model::lkmm);
        if (!v.consistent) {
            live_count(&LiveCounters::refinements);
            refine(sol, enc, cc, v, m, Model::lkmm, watchdog, out.exact);
            continue;
        }
        out.exact.flag_executions++;
        sol.add(not_this_execution(enc, m));
        std::vector<const int*> regs;
        for (const std::vector<int>& reg : cc.regs) regs.push_back(reg.data());
        for (size_t l = 0; l < cc.final_values.size(); l++) final_buf[l] = cc.final_values[l];
        if (s.judge(s.judge_ctx, regs.data(), final_buf.data()).filtered_out) continue;
        out.exact.data_race = out.exact.data_race || v.data_race;
        out.exact.mixed_accesses = out.exact.mixed_accesses || v.mixed_accesses;
        if (out.exact.data_race && out.exact.mixed_accesses) break;
    }
    out.completed = true;
}

// The one execution a replay state names (replay.hpp), checked as every candidate is: the
// encoding must admit it, the model must call it consistent; the judge says what it is.
void replay_one(const EngineScenario& s, const SearchSpec& spec, const Encoding& enc, z3::solver& sol,
                const std::vector<std::vector<int>>& ipdom, Model model, SearchOutcome& out) {
    z3::expr_vector fix(enc.ctx);
    std::string problem;
    if (!replay_constraints(enc, spec.replay_state, fix, problem)) {
        out.replay_mismatch = problem;
        return;
    }
    for (const z3::expr& c : fix) sol.add(c);
    const z3::check_result r = sol.check();
    if (r == z3::unsat) {
        out.replay_mismatch = "no execution of this scenario makes the choices it names";
        return;
    }
    if (r == z3::unknown) {
        out.stopped_by = "solver gave up: " + sol.reason_unknown();
        return;
    }
    const z3::model m = sol.get_model();
    const Concrete cc = candidate(s, enc, m, ipdom, sol, out);
    if (!cc.ties.empty()) {
        out.replay_mismatch = "two writes of one location have the same coherence position";
        return;
    }
    const Verdict v = check(cc.g, model);
    if (!v.unsupported.empty()) throw std::invalid_argument(v.unsupported);
    if (!v.consistent) {
        out.replay_mismatch = std::string("the execution it names is not consistent under ") +
                              (model == Model::sc ? "sc" : "LKMM") + " (axiom " + v.axiom + ")";
        return;
    }
    std::vector<const int*> regs;
    for (const std::vector<int>& reg : cc.regs) regs.push_back(reg.data());
    std::vector<int> final_buf(cc.final_values);
    final_buf.push_back(0);
    const Judgement j = s.judge(s.judge_ctx, regs.data(), final_buf.data());
    out.executions = 1;
    out.exact.consistent = 1;
    out.violations = j.violation ? 1 : 0;
    out.filtered_out = j.filtered_out ? 1 : 0;
    out.exact.cx_sc = model == Model::sc || check(cc.g, Model::sc).consistent;
    out.exact.cx_graph = graph_text(cc.g);
    out.exact.data_race = v.data_race;
    out.exact.mixed_accesses = v.mixed_accesses;
    out.replay_trace = trace_of(s, cc.g);
    out.replay_regs = cc.regs;
    out.cx_final = cc.final_values;
    out.stopped_by = "replay";
}

// The loop, on a context the caller owns (explore_lkmm: it outlives every term made here).
// Sets `events` to the size of the encoding, which says what deleting the context will cost.
SearchOutcome search(const EngineScenario& s, const SearchSpec& spec, z3::context& ctx,
                     std::chrono::steady_clock::time_point t0, size_t& events) {
    const Model model = s.memory == Memory::sc ? Model::sc : Model::lkmm;
    SearchOutcome out;
    out.exact.used = true;
    out.exact.model = model == Model::sc ? "sc" : "lkmm";
    Encoding enc(ctx);
    encode(s, enc);
    events = enc.ev.size();
    // The encoding is quantifier-free bit-vectors and Booleans only, so Z3's
    // solver for the logic QF_BV: after a first check by its bit-blasting tactic, every later
    // check (after a refinement or a blocked outcome) goes to its incremental SAT solver over
    // the bit-blasted formula. The default solver sends those to its SMT core instead, which
    // took 57 s (user) on the second check of compaction vs zap-v6.5 at 64 pages where the
    // SAT solver takes under 1 s (docs/lkmm-engine.md). Only the solver changes: the same
    // formula, so the same models.
    z3::solver sol(ctx, "QF_BV");
    // Z3 installs its own SIGINT handler for the length of a check unless told not to
    // (solver parameter ctrl_c): Ctrl-C would then cancel the check without setting
    // g_interrupt, and the search would go on with its next call. foliocheck's handler keeps
    // the signal, and the watchdog below turns it into an interrupt.
    z3::params no_ctrl_c(ctx);
    no_ctrl_c.set("ctrl_c", false);
    sol.set(no_ctrl_c);
    for (const z3::expr& c : enc.constraints) sol.add(c);
    std::vector<std::vector<int>> ipdom;
    for (const Program& p : s.cpus) ipdom.push_back(post_dominators(p));
    if (!spec.replay_state.empty()) {
        replay_one(s, spec, enc, sol, ipdom, model, out);
        out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return out;
    }
    std::vector<int> final_buf(static_cast<size_t>(enc.nmem) + 1, 0);
    std::vector<z3::expr> violating;  // projections of the violating outcomes (for an SC counterexample)
    // Whether the execution did something C leaves undefined is part of what tells outcomes
    // apart, so that a consistent execution doing it is found even when a defined one has the
    // same final values.
    z3::expr any_undefined = ctx.bool_val(false);
    for (const UndefinedOp& u : enc.undefined) any_undefined = any_undefined || u.when;
    auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    // The checks below see the limits between solver calls; the watchdog stops a call that
    // is running when one is reached.
    const Watchdog watchdog(ctx, spec.timeout_seconds, t0);
    // herd7's flags hold when some allowed execution raises them, whatever its outcome, and
    // the outcome search sees one execution per outcome. With a pair of events that could
    // raise one (flag_pairs), outcomes are blocked under the assumption `outcome_phase`
    // only, so that the flag search after it (flag_search) can drop them.
    const z3::expr flag_pairs = model == Model::lkmm ? flag_candidates(enc) : ctx.bool_val(false);
    const bool flags_possible = !flag_pairs.is_false();
    const z3::expr outcome_phase = ctx.bool_const("outcome_phase");
    z3::expr_vector phase1(ctx);
    if (flags_possible) phase1.push_back(outcome_phase);
    // The scenario's violation hint (engine.hpp): while the solver has models under it, only
    // those are asked for; once it has none the search goes on without it. Ordering only:
    // every model is judged, and unsat ends the search only when asked without the hint.
    const z3::expr hint = violation_hint_formula(s, enc);
    bool steering = !hint.is_true();
    const z3::expr steer = ctx.bool_const("violation_hint");
    if (steering) sol.add(z3::implies(steer, hint));
    HintBudget budget;
    // Once the watchdog has interrupted the context, Z3's cancel flag stays set and any Z3
    // call (a model evaluation, a clause added) may throw "canceled": that is the stop too.
    try {
        for (;;) {
            if (const char* why = watchdog.fired()) {
                out.stopped_by = why;
                break;
            }
            if (g_interrupt) {
                out.stopped_by = "interrupted";
                break;
            }
            if (spec.timeout_seconds > 0 && seconds() > spec.timeout_seconds) {
                out.stopped_by = "timeout";
                break;
            }
            if (spec.max_executions > 0 && out.executions >= spec.max_executions) {
                out.stopped_by = "max-executions";
                break;
            }
            // A new vector: copying a z3::expr_vector shares it, and pushing the hint into a
            // copy of phase1 left it in phase1 for good (a search that ended "complete" with
            // the hint still assumed: a wrong holds, caught by its test).
            z3::expr_vector asked(ctx);
            for (const z3::expr& a : phase1) asked.push_back(a);
            if (steering) asked.push_back(steer);
            budget.before_call(sol, steering);
            const z3::check_result r = checked(sol, &asked, watchdog);
            if (!watchdog.fired() && budget.restart(sol, r, steering)) {  // nothing decided
                out.exact.hint_restarts++;
                continue;
            }
            if (r == z3::unsat && steering) {
                steering = false;  // nothing more under the hint: the rest of the search
                continue;
            }
            if (r == z3::unsat) {
                out.completed = true;
                break;
            }
            if (steering && r == z3::sat) out.exact.hinted++;
            if (r == z3::unknown) {
                const char* why = watchdog.fired();
                // Interrupted by the watchdog, not ended by its conflict budget at a moment
                // the limit had passed.
                out.exact.stopped_in_solver =
                    why != nullptr && sol.reason_unknown().find("max.conflicts") == std::string::npos;
                out.stopped_by = why ? why : "solver gave up: " + sol.reason_unknown();
                break;
            }
            const z3::model m = sol.get_model();
            const Concrete cc = candidate(s, enc, m, ipdom, sol, out);
            if (!cc.ties.empty()) continue;  // tie lemmas added: ask the solver again
            const Verdict v = check(cc.g, model);
            if (!v.unsupported.empty()) throw std::invalid_argument(v.unsupported);
            if (!v.consistent) {
                live_count(&LiveCounters::refinements);
                refine(sol, enc, cc, v, m, model, watchdog, out.exact);
                continue;
            }
            out.exact.consistent++;
            out.executions++;
            std::vector<const int*> regs;
            for (const std::vector<int>& r : cc.regs) regs.push_back(r.data());
            for (size_t l = 0; l < cc.final_values.size(); l++) final_buf[l] = cc.final_values[l];
            const Judgement j = s.judge(s.judge_ctx, regs.data(), final_buf.data());
            // A counterexample's token before its outcome and its violation are recorded: it
            // evaluates the model, which throws once the watchdog has cancelled the context (a
            // --timeout that ran out). The search then ends with this execution counted as
            // explored but not recorded, never with a violation counted and no counterexample,
            // or a counterexample without its registers.
            const bool judged_violation = j.violation && !j.filtered_out;
            const bool sc = judged_violation && (model == Model::sc || check(cc.g, Model::sc).consistent);
            const bool take = judged_violation && (!out.has_counterexample || (sc && !out.exact.cx_sc));
            std::string state = take ? execution_state(enc, m) : std::string();
            const Projection p = project(s, enc, cc);
            const UndefinedOp* undefined = nullptr;
            for (const UndefinedOp& u : enc.undefined)
                if (!undefined && model_bool(m, u.when)) undefined = &u;
            if (undefined) {  // no answer: the harness refuses the search (as Relacy's does)
                out.undefined_op = undefined->what;
                out.undefined_cpu = undefined->cpu;
                out.stopped_by = "an undefined operation";
                break;
            }
            if (flags_possible) sol.add(z3::implies(outcome_phase, !(p.same && !any_undefined)));
            else sol.add(!(p.same && !any_undefined));
            out.exact.outcomes++;
            if (j.filtered_out) {
                out.filtered_out++;
                continue;
            }
            out.exact.data_race = out.exact.data_race || v.data_race;
            out.exact.mixed_accesses = out.exact.mixed_accesses || v.mixed_accesses;
            if (j.secondary) out.secondary++;
            if (j.outcome_n > 0) {
                const std::vector<int> vals(j.outcome, j.outcome + j.outcome_n);
                bool found = false;
                for (OutcomeCount& oc : out.outcomes)
                    if (oc.values == vals) {
                        oc.count++;
                        found = true;
                    }
                if (!found) out.outcomes.push_back(OutcomeCount{vals, 1, j.violation, out.executions});
            }
            if (!j.violation) continue;
            out.violations++;
            violating.push_back(p.same);
            if (take) {
                out.cx_state = std::move(state);
                out.has_counterexample = true;
                out.cx_execution = out.executions;
                out.exact.cx_sc = sc;
                out.cx_stale = !sc;
                out.exact.cx_graph = graph_text(cc.g);
                out.cx_trace = trace_of(s, cc.g);
                out.cx_regs = cc.regs;
                out.cx_final = cc.final_values;
            }
            if (spec.stop_at_first_violation) {
                out.stopped_by = "first violation";
                break;
            }
        }
        if (out.completed && flags_possible && !(out.exact.data_race && out.exact.mixed_accesses)) {
            // Only the executions that could raise a flag not raised yet.
            sol.add(flag_candidates(enc, !out.exact.data_race, !out.exact.mixed_accesses));
            flag_search(s, spec, sol, enc, ipdom, watchdog, seconds, out);
        }
    } catch (const z3::exception&) {
        const char* why = watchdog.fired();
        if (!why) throw;
        out.completed = false;
        out.stopped_by = why;
    }
    out.seconds = seconds();
    return out;
}

// Z3 4.8's context deletion grows with the square of the depth of the terms it holds (a chain
// of 4,000 additions takes 9 s to delete, measured with the packaged libz3 4.8.12); the
// encoding of a folio check took 0.1 s to delete at 64 pages (775 events), 2.5 s at 128
// pages (1,543 events) and 14 s at 256 pages after a 1 s search. Above this many events the
// context is left to the process's exit instead: the answer is printed
// without that wait, and the memory it holds is what the search had used anyway.
constexpr size_t kDeleteContextUpTo = 1000;

// Keeps a context for the process's exit. The list is reachable from a global for the whole
// run, so a leak checker (scripts/sanitize.sh) sees memory in use, not a leak; it is never
// destroyed, so no exit handler waits for Z3 either.
void keep_until_exit(std::unique_ptr<z3::context> ctx) {
    static std::vector<z3::context*>* const kept = new std::vector<z3::context*>;
    kept->push_back(ctx.release());
}

}  // namespace

SearchOutcome explore_lkmm(const EngineScenario& s, const SearchSpec& spec) {
    refuse_spec(spec);
    if (s.memory == Memory::relaxed || s.memory == Memory::c11)
        throw std::invalid_argument(std::string("the exact engine decides lkmm and sc; ") + memory_name(s.memory) +
                                    " is Relacy's C++11 mode");
    if (s.judge == nullptr) throw std::invalid_argument("scenario has no judge");
    const auto t0 = std::chrono::steady_clock::now();
    auto ctx = std::make_unique<z3::context>();
    size_t events = 0;
    SearchOutcome out;
    try {
        out = search(s, spec, *ctx, t0, events);
    } catch (...) {
        if (events > kDeleteContextUpTo) keep_until_exit(std::move(ctx));
        throw;
    }
    if (events > kDeleteContextUpTo) keep_until_exit(std::move(ctx));
    return out;
}

}  // namespace fc::lkmm

namespace fc {
SearchOutcome explore_exact(const EngineScenario& s, const SearchSpec& spec) { return lkmm::explore_lkmm(s, spec); }
}  // namespace fc
