// harness/search/runner.cpp: request -> searches -> one verdict (see runner.hpp).
//
// The verdict rule, the most important lines in foliocheck:
//   violation           some execution violated (whatever the search mode);
//   holds               only if every search was a FULL search that ran to its end;
//   no-violation-found  anything else: bounded, random, or stopped by a limit.
#include "harness/search/runner.hpp"

#include <algorithm>
#include <array>
#include <sstream>

#include "harness/search/engine_choice.hpp"
#include "harness/search/input.hpp"
#include "harness/search/token.hpp"
#include "harness/search/vacuity.hpp"
#include "model/lkmm/search.hpp"
#include "model/lkmm/version.hpp"

namespace fc {

ScenarioConfig scenario_config(const RunRequest& req, ReadOrder resolved) {
    ScenarioConfig c;
    c.check = req.check;
    c.writer = req.writer;
    c.folio.pages = req.pages;
    c.folio.design = req.mapcount;
    c.order = resolved;
    c.barrier = req.barrier;
    c.memory = req.memory;
    c.pin = req.pin;
    c.swapcache = req.swapcache;
    c.writer_mb = req.writer_mb;
    c.writer_prefix = req.writer_prefix;
    c.range = req.range;
    c.other_mms = req.other_mms;
    c.pins = req.pins == kEveryPinCount ? 1 : req.pins;
    c.judge_pins_to = req.sweeps_pins() ? req.pages : 0;
    c.pin_kind = req.pin_kind;
    c.ptep_flush_mb = req.ptep_flush_mb;
    c.what_if = req.what_if;
    c.also = req.also;
    c.own_ref_taken = req.own_ref_taken;
    return c;
}

bool RunRequest::has_gup() const {
    if (writer->kind == WriterKind::pin) return true;
    for (const ExtraWriter& x : also)
        if (x.writer->kind == WriterKind::pin) return true;
    return false;
}
bool RunRequest::sweeps_pins() const { return pin && pins == kEveryPinCount && pages > 1 && !has_gup(); }
int RunRequest::first_pins() const { return !pin ? 0 : pins == kEveryPinCount || has_gup() ? 1 : pins; }
int RunRequest::last_pins() const {
    if (!pin) return 0;
    if (has_gup()) return 1;
    return pins == kEveryPinCount ? pages : pins;
}

namespace {
// Only a writer file's own code has local arithmetic that can be undefined (the built-in
// paths do not): such a search has no answer.
void refuse_undefined(const SearchOutcome& out) {
    if (out.undefined_op.empty()) return;
    throw UsageError("the writer file's P0 computes " + out.undefined_op +
                     " in an execution: C leaves it undefined, so there is no answer; guard the operation");
}
}  // namespace

namespace {

// Replays a trace's writes over the initial state up to (not including) event `upto`.
void counters_at(const InitialValues& init, const Trace& t, size_t upto, const FolioShape& f, int& refcount,
                 int& mapcount) {
    std::vector<int> v = init.value;
    for (size_t i = 0; i < upto && i < t.events.size(); i++) {
        const TraceEvent& e = t.events[i];
        if (e.kind != EventKind::access) continue;
        if (prim_info(e.prim).kind == PrimKind::load) continue;
        v[e.loc] = e.after;
    }
    refcount = v[LOC_REFCOUNT];
    mapcount = 0;
    if (f.has_large_mapcount()) {
        mapcount = v[LOC_LARGE_MAPCOUNT] + 1;  // the single value every newer design keeps
        return;
    }
    for (int p = 0; p < f.pages; p++) mapcount += v[loc_mapcount(p)] + 1;
    if (f.large()) mapcount += v[LOC_ENTIRE_MAPCOUNT] + 1;  // PMD mappings (none unless a PMD writer)
}

Counterexample make_counterexample(const BuiltScenario& b, const ScenarioConfig& cfg, const Trace& trace,
                                   const std::vector<std::vector<int>>& final_regs) {
    Counterexample cx;
    cx.order = cfg.order;
    cx.preemptions = count_preemptions(trace.events.data(), trace.events.size());
    for (const TraceEvent& e : trace.events)
        if (e.kind == EventKind::access && e.stale) cx.stale = true;
    cx.trace = trace;
    cx.cpus = b.engine.cpus;
    std::vector<const int*> regs;
    for (const auto& r : final_regs) regs.push_back(r.data());
    cx.snapshot = judge_snapshot(b.judge, regs.data());
    // The counters at the moment the check read the refcount.
    size_t at = 0;
    for (size_t i = 0; i < cx.trace.events.size(); i++) {
        const TraceEvent& e = cx.trace.events[i];
        if (e.kind == EventKind::access && e.cpu == b.judge.reader_cpu && e.loc == LOC_REFCOUNT) {
            at = i;
            break;
        }
    }
    counters_at(b.engine.init, cx.trace, at, cfg.folio, cx.true_refcount_at_read, cx.true_mapcount_at_read);
    // The largest refcount the check accepts as "mappings and our own references only".
    cx.expected_refcount = -1;
    for (int r = 0; r <= cx.snapshot.mapcount + 64; r++)
        if (!cfg.check->sees_extra(r, cx.snapshot.mapcount, cfg.folio.pages, cx.snapshot.swapcache))
            cx.expected_refcount = r;
    return cx;
}

}  // namespace

namespace {
RunResult run_orders(const RunRequest& req);
}

// The cached search under sc hunts before it explores (RunRequest::count_all): its counts of
// violating executions mean little anyway (they depend on which executions the cache cuts),
// and the hunt answers a violation at 512 pages in milliseconds where the whole search takes
// minutes. Under lkmm and relaxed it caches nothing and keeps the reduced search's counts and
// its rule of showing an sc interleaving first (a hunt could meet a stale read first).
bool hunts_by_default(const RunRequest& req) {
    const SearchSpec& s = req.search;
    return s.mode == SearchMode::cached && req.memory == Memory::sc && !req.count_all && s.replay_state.empty() &&
           s.split_parts == 0 && s.match_accesses.empty() && !s.stop_at_first_violation;
}

namespace {
RunResult run_config_one(const RunRequest& req) {
    if (req.search.engine == EngineKind::exact) {
        // No hunt: the exact engine asks the solver for a violating execution directly.
        RunRequest q = req;
        q.search.stop_at_first_violation = q.search.stop_at_first_violation || req.first;
        return run_orders(q);
    }
    if (!(req.first || hunts_by_default(req)) || !is_exhaustive_mode(req.search.mode)) return run_orders(req);
    // The hunt: preemption bound 0, 1, 2, each stopping at its first violation, then the
    // exhaustive search. --max-executions and --timeout cover the whole hunt: each stage gets
    // what the stages before it left, and a stage that uses it up ends the command there.
    uint64_t hunted = 0;
    double hunt_seconds = 0;
    const SearchSpec& limits = req.search;
    // Limits left for the next stage; false when none is left (r is then the result to return).
    auto remaining = [&](SearchSpec& spec, RunResult& r) {
        if (limits.max_executions) {
            if (hunted >= limits.max_executions) {
                r.stopped_by = "max-executions";
                return false;
            }
            spec.max_executions = limits.max_executions - hunted;
        }
        if (limits.timeout_seconds > 0) {
            spec.timeout_seconds = limits.timeout_seconds - hunt_seconds;
            if (spec.timeout_seconds <= 0) {
                r.stopped_by = "timeout";
                return false;
            }
        }
        return true;
    };
    RunResult last;
    SearchSpec last_stage = req.search;  // the search of the last stage that ran
    // --first hunts up to context bound 2; the cached search's default hunt stops at 1: the
    // executions with two preemptions grow with the square of the path, and the exhaustive
    // search that follows finds the rest with their fewest preemptions anyway.
    const unsigned max_bound = req.first ? 2 : 1;
    for (unsigned bound = 0; bound <= max_bound; bound++) {
        RunRequest b = req;
        b.first = false;
        b.search.mode = SearchMode::bound;
        b.search.context_bound = bound;
        b.search.stop_at_first_violation = true;
        RunResult cut;
        if (!remaining(b.search, cut)) {
            last.stopped_by = cut.stopped_by;
            break;
        }
        RunResult r = run_orders(b);
        last_stage = b.search;
        hunted += r.executions;
        hunt_seconds += r.seconds;
        if (!r.internal_error.empty() || r.stopped_by == "interrupted") return r;
        if (r.verdict == Verdict::violation) {
            r.executions = hunted;  // every execution of the hunt so far
            r.seconds = hunt_seconds;
            r.request = req;
            r.request.search = b.search;  // the token and the report name the search that found it
            r.request.search.max_executions = limits.max_executions;
            r.request.search.timeout_seconds = limits.timeout_seconds;
            r.stopped_by = "first-violation (context bound " + std::to_string(bound) + ")";
            r.hunted = hunted;
            r.hunt_bound = static_cast<int>(bound);
            r.spurious.reset();
            r.spurious_classes.reset();
            return r;
        }
        if (r.stopped_by == "max-executions" || r.stopped_by == "timeout") {
            last = std::move(r);
            break;
        }
    }
    RunRequest full = req;
    full.first = false;
    full.search.stop_at_first_violation = req.first;
    // The hunt found no violation with max_bound preemptions or fewer: the first one with
    // max_bound + 1 has the fewest of all, and the search can stop there (a violation needing
    // two preemptions at 512 pages: seconds instead of a minute).
    if (!req.first) full.search.stop_at_preemptions = static_cast<int>(max_bound) + 1;
    RunResult cut;
    if (!last.stopped_by.empty() || !remaining(full.search, cut)) {
        // A limit ended the hunt before the exhaustive search: nothing found, not exhaustive.
        RunResult r;
        r.request = req;
        r.request.search = last_stage;  // the report names the stage the limit ended
        r.request.search.max_executions = limits.max_executions;
        r.request.search.timeout_seconds = limits.timeout_seconds;
        r.executions = hunted;
        r.seconds = hunt_seconds;
        r.stopped_by = !last.stopped_by.empty() ? last.stopped_by : cut.stopped_by;
        r.verdict = Verdict::no_violation_found;
        r.exhaustive = false;
        return r;
    }
    RunResult r = run_orders(full);
    r.request.first = req.first;
    r.request.search.max_executions = limits.max_executions;
    r.request.search.timeout_seconds = limits.timeout_seconds;
    r.executions += hunted;
    r.hunted = hunted;
    r.seconds += hunt_seconds;
    if (r.verdict == Verdict::violation && !req.first && r.stopped_by == "first-violation") {
        r.exhaustive = false;
        r.found_after_hunt = true;  // the exhaustive search's first with max_bound + 1: minimal
        r.spurious.reset();
        r.spurious_classes.reset();
    }
    if (r.verdict == Verdict::violation && req.first) {
        r.stopped_by = "first-violation";
        r.exhaustive = false;
        r.spurious.reset();
        r.spurious_classes.reset();
    }
    return r;
}

// Why the pin counts of a request cannot be judged from one search ("" if they can): some
// path of some reader order observes the pin count (checks/scenario.hpp, pin_count_observer).
std::string pin_count_observed(const RunRequest& req) {
    if (req.search.engine == EngineKind::exact)
        return "the exact LKMM engine reports no value sets, which the one-search judgement needs";
    const ReadOrder eff = req.effective_order();
    for (ReadOrder o : eff == ReadOrder::either ? std::vector<ReadOrder>{ReadOrder::ref_first, ReadOrder::map_first}
                                                : std::vector<ReadOrder>{eff}) {
        BuiltScenario b;
        build_scenario(scenario_config(req, o), b);
        if (!b.pin_observer.empty()) return b.pin_observer;
    }
    return "";
}

// One search per pin count, first_pins()..last_pins(), stopping at the first count with a
// violation: what the one-search judgement cannot be trusted to give.
RunResult run_each_pin_count(const RunRequest& req, const std::string& why) {
    RunResult total;
    total.request = req;
    total.pins_how = "searched";
    total.pins_why = why;
    bool all_complete = true, all_vacuous = true;
    const SearchSpec& limits = req.search;
    for (int k = req.first_pins(); k <= req.last_pins(); k++) {
        RunRequest q = req;
        q.pins = k;
        if (limits.max_executions) {  // the limits cover every count together
            if (total.executions >= limits.max_executions) {
                all_complete = false;
                total.stopped_by = "max-executions";
                break;
            }
            q.search.max_executions = limits.max_executions - total.executions;
        }
        if (limits.timeout_seconds > 0) {
            q.search.timeout_seconds = limits.timeout_seconds - total.seconds;
            if (q.search.timeout_seconds <= 0) {
                all_complete = false;
                total.stopped_by = "timeout";
                break;
            }
        }
        RunResult r = run_config_one(q);
        r.executions += total.executions;
        r.hunted += total.hunted;
        r.cut += total.cut;
        r.seconds += total.seconds;
        if (total.states) r.states = r.states.value_or(0) + *total.states;
        if (!total.runs.empty()) r.runs.insert(r.runs.begin(), total.runs.begin(), total.runs.end());
        if (k > req.first_pins()) {  // "without the pin" is the same question at every count
            r.spurious = total.spurious;
            r.spurious_classes = total.spurious_classes;
        }
        r.request = req;
        r.pins_how = total.pins_how;
        r.pins_why = total.pins_why;
        if (r.verdict == Verdict::violation || !r.internal_error.empty() || r.stopped_by == "interrupted") return r;
        const bool complete = r.exhaustive || r.part_completed;
        if (!complete) {
            all_complete = false;
            if (total.stopped_by.empty()) total.stopped_by = r.stopped_by;
        }
        if (r.vacuous.empty()) all_vacuous = false;
        const std::string stopped = total.stopped_by;
        total = std::move(r);
        total.stopped_by = stopped;
    }
    if (!all_complete) {
        total.exhaustive = false;
        total.part_completed = false;
        total.verdict = Verdict::no_violation_found;
        total.vacuous.clear();
    } else if (req.search.split_parts > 0) {
        total.part_completed = true;
    }
    if (!all_vacuous) total.vacuous.clear();
    return total;
}
}  // namespace

RunResult run_config(const RunRequest& asked) {
    // The engine follows the memory setting (harness/search/engine_choice.hpp).
    RunRequest req = asked;
    req.search.engine = engine_for(req.memory, req.engine_asked);
    if (!req.sweeps_pins()) return run_config_one(req);
    std::string why = pin_count_observed(req);
    if (why.empty()) {
        RunResult r = run_config_one(req);
        if (r.pins_underived.empty()) {
            r.pins_how = "derived";
            return r;
        }
        why = r.pins_underived;
        if (req.search.split_parts > 0) {
            // Another part may have trusted the judgement over its own subtrees: the parts would
            // not cover one search together.
            r.internal_error = "split part: the pin counts cannot be judged from one search (" + why +
                               "); run it with --pins K, one count per search";
            return r;
        }
    }
    return run_each_pin_count(req, why);
}

namespace {

RunResult run_orders(const RunRequest& req) {
    RunResult res;
    res.request = req;
    std::vector<ReadOrder> orders;
    const ReadOrder eff = req.effective_order();
    if (eff == ReadOrder::either) orders = {ReadOrder::ref_first, ReadOrder::map_first};
    else orders = {eff};

    bool all_complete = true;
    bool measured_spurious = true, classes_complete = true;
    uint64_t spurious = 0;
    RunResult::SpuriousClasses classes;
    std::array<uint64_t, LOC_COUNT> values{};
    std::array<bool, LOC_COUNT> values_overflow{};
    bool values_reported = true;  // every engine run reported value sets for the folio's locations
    int initial_refcount = 0, extra_pin_counts = 0, refs_per_pin = 1;
    for (ReadOrder o : orders) {
        const ScenarioConfig cfg = scenario_config(req, o);
        BuiltScenario b;
        build_scenario(cfg, b);
        SearchSpec spec = req.search;
        if (spec.max_executions) {  // a limit covers the whole run, not each order
            if (res.executions >= spec.max_executions) {
                all_complete = false;
                res.stopped_by = "max-executions";
                break;
            }
            spec.max_executions -= res.executions;
        }
        if (spec.timeout_seconds > 0) {
            spec.timeout_seconds -= res.seconds;
            if (spec.timeout_seconds <= 0) {
                all_complete = false;
                res.stopped_by = "timeout";
                break;
            }
        }
        if (!b.pin_observer.empty()) {  // run_config checks this before: a safety net
            res.pins_underived = b.pin_observer;
            return res;
        }
        OrderRun run{o, run_engine(b.engine, spec)};
        const SearchOutcome& out = run.outcome;
        refuse_undefined(out);
        if (b.judge.extra_pin_counts > 0 && b.pin_zero_tests) {
            // A zero test on a shifted counter comes out the same at every pin count only if
            // the counter never fell below 1 (checks/scenario.hpp, pin_count_observer).
            const auto low = [&](int loc) {
                return out.value_min.size() <= static_cast<size_t>(loc) || out.value_min[static_cast<size_t>(loc)] < 1;
            };
            if (low(LOC_REFCOUNT) || (out.value_min.size() > LOC_PINCOUNT && out.value_min[LOC_PINCOUNT] < 1 &&
                                      b.engine.init.used[LOC_PINCOUNT]))
                res.pins_underived = "a path tests the refcount against zero, and it fell below 1";
        }
        res.executions += out.executions;
        res.violations += out.violations;
        res.seconds += out.seconds;
        res.cut += out.cut;
        if (out.state_caching) res.states = res.states.value_or(0) + out.states;
        spurious += out.secondary;  // the check's judge marks a spurious detection secondary
        if (out.secondary_classes) {
            classes.writer_transient += out.secondary_classes->coexisting;  // orders are different programs:
            classes.torn += out.secondary_classes->torn;                    // their classes are distinct
            if (!out.secondary_classes->complete) classes_complete = false;
        } else {
            classes_complete = false;
        }
        if (out.value_set.size() < values.size()) values_reported = false;
        for (size_t i = 0; i < values.size() && i < out.value_set.size(); i++) {
            values[i] |= out.value_set[i];
            values_overflow[i] = values_overflow[i] || out.value_set_overflow[i];
        }
        initial_refcount = b.engine.init.value[LOC_REFCOUNT];
        extra_pin_counts = b.judge.extra_pin_counts;
        refs_per_pin = b.judge.refs_per_pin;
        if (!b.judge.measure_spurious) measured_spurious = false;
        if (!out.relacy_failure.empty()) res.internal_error = "Relacy reported: " + out.relacy_failure;
        if (!out.completed) {
            all_complete = false;
            if (res.stopped_by.empty()) res.stopped_by = out.stopped_by;
        }
        if (out.has_counterexample && out.cx_regs.size() != b.engine.cpus.size()) {
            // An engine's contract (engine.hpp): a counterexample comes with every CPU's final
            // registers, which the check's judgement is recomputed from. Never judged from none.
            res.internal_error = "the engine returned a counterexample without its final registers";
        } else if (out.has_counterexample) {
            Counterexample cx = make_counterexample(b, cfg, out.cx_trace, out.cx_regs);
            cx.pins = cfg.pins;
            if (cx.snapshot.extra_pins > 0) {
                // Judged at a higher pin count: show that execution as it runs with those pins
                // (its trace, the values the check read), and make sure it violates there.
                ScenarioConfig at = cfg;
                at.pins = cfg.pins + cx.snapshot.extra_pins;
                at.judge_pins_to = 0;
                BuiltScenario bk;
                build_scenario(at, bk);
                SearchSpec rs;
                rs.engine = spec.engine;
                rs.mode = spec.mode;
                rs.context_bound = spec.context_bound;
                rs.replay_state = out.cx_state;
                const SearchOutcome ro = out.cx_state.empty() ? SearchOutcome{} : explore(bk.engine, rs);
                if (out.cx_state.empty() || !ro.replay_mismatch.empty() || ro.violations == 0 ||
                    !ro.relacy_failure.empty()) {
                    res.pins_underived = "the execution judged to violate with " + std::to_string(at.pins) +
                                         " pins does not when it runs with them";
                    return res;
                }
                cx = make_counterexample(bk, at, ro.replay_trace, ro.replay_regs);
                cx.pins = at.pins;
            }
            cx.execution = out.cx_execution;
            cx.subtree = out.cx_subtree;
            if (!out.cx_state.empty() && replay_refusal(req.memory, req.engine_asked, "command").empty()) {
                ReplayToken t;
                t.version = FOLIOCHECK_VERSION;
                t.request = req;
                t.request.order = o;
                t.request.pins = cx.pins;  // the token replays the count it violates with
                t.state = out.cx_state;
                cx.replay_token = encode_token(t);
            }
            if (!res.counterexample || better_counterexample(cx, *res.counterexample)) res.counterexample = cx;
        }
        if (out.exact.used) {
            if (!res.exact_summary.empty()) res.exact_summary += "; ";
            res.exact_summary += lkmm::exact_summary(out);
            if (out.has_counterexample && out.exact.cx_sc) res.exact_cx_sc = true;
        }
        res.runs.push_back(std::move(run));
        if (!out.stopped_by.empty() && out.stopped_by != "replay") break;  // a limit, Ctrl-C or a first violation
    }
    if (measured_spurious && all_complete) {
        res.spurious = spurious;
        if (classes_complete) res.spurious_classes = classes;
    }
    res.exhaustive = all_complete && is_exhaustive_mode(req.search.mode) && res.internal_error.empty();
    if (req.search.split_parts > 0) {  // one part of a split search: only `merge` may say holds
        res.part_completed = res.exhaustive;
        res.exhaustive = false;
        if (res.part_completed && res.stopped_by.empty())
            res.stopped_by = "split: this is part " + std::to_string(req.search.split_part + 1) + " of " +
                             std::to_string(req.search.split_parts) + "; merge every part for the verdict";
    }
    if (res.violations > 0) res.verdict = Verdict::violation;
    else if (res.exhaustive) res.verdict = Verdict::holds;
    else res.verdict = Verdict::no_violation_found;
    if (res.verdict == Verdict::holds && req.pin) {
        if (values_reported)
            res.vacuous =
                vacuous_reason(req, values, values_overflow, initial_refcount, extra_pin_counts, refs_per_pin);
        else res.vacuity_unchecked = "the search engine reports no value sets, so the pin's effect is unchecked";
    }
    return res;
}

}  // namespace

bool better_counterexample(const Counterexample& a, const Counterexample& b) {
    if (a.stale != b.stale) return !a.stale;
    return a.preemptions < b.preemptions;
}

RunResult replay_run(const RunRequest& given, const std::string& state, bool raw_history) {
    const std::string refusal = replay_refusal(given.memory, given.engine_asked, "command");
    if (!refusal.empty()) throw TokenError(refusal);
    // A token names one execution at one pin count: never a judgement over several.
    RunRequest req = given;
    if (req.pins == kEveryPinCount) req.pins = 1;
    RunResult res;
    res.request = req;
    res.replay = true;
    const ScenarioConfig cfg = scenario_config(req, req.effective_order());
    BuiltScenario b;
    build_scenario(cfg, b);
    SearchSpec spec = req.search;
    spec.engine = engine_for(req.memory, std::nullopt);
    spec.replay_state = state;
    spec.raw_history = raw_history;
    if (raw_history && spec.engine == EngineKind::exact)
        throw UsageError("--trace raw prints Relacy's own history; a --memory " + std::string(memory_name(req.memory)) +
                         " token replays on the exact engine, which has none: drop --trace raw");
    const SearchOutcome out = run_engine(b.engine, spec);
    refuse_undefined(out);
    // A token names one violating execution of its scenario, or it is refused: Relacy checked
    // every schedule entry against the choice it made (model/replay_scheduler.hpp), and the
    // execution must violate, as the one the token was made for did.
    const std::string fix = "; copy the whole token from the 'replay:' line of a foliocheck run";
    if (!out.replay_mismatch.empty())
        throw TokenError(std::string("replay token is not ") +
                         (spec.engine == EngineKind::exact ? "an execution" : "a schedule") +
                         " of its scenario: " + out.replay_mismatch + fix);
    if (!out.relacy_failure.empty()) res.internal_error = "Relacy reported: " + out.relacy_failure;
    if (out.stopped_by != "replay") res.internal_error = "the replay did not run exactly one execution";
    if (res.internal_error.empty() && out.violations == 0)
        throw TokenError(
            "replay token names an execution that does not violate the check, so it was not made by"
            " foliocheck for a counterexample" +
            fix);
    res.executions = out.executions;
    res.violations = out.violations;
    res.seconds = out.seconds;
    res.raw_history = out.raw_history;
    res.verdict = out.violations ? Verdict::violation : Verdict::no_violation_found;
    Counterexample cx = make_counterexample(b, cfg, out.replay_trace, out.replay_regs);
    cx.pins = cfg.pins;
    cx.execution = 0;
    ReplayToken t;
    t.version = FOLIOCHECK_VERSION;
    t.request = req;
    t.state = state;
    cx.replay_token = encode_token(t);
    res.counterexample = cx;
    return res;
}

}  // namespace fc
