// harness/report/report_json.cpp: `--json`: one object per configuration (fields in docs/usage.md).
#include "harness/report/report.hpp"
#include "harness/search/request_fields.hpp"

namespace fc {

namespace {

// "step" is the number the text trace shows (null for a thread exit or an implied smp_mb()
// folded into its RMW); "event" is the raw event index; reads_from names a step.
nlohmann::json step_json(const TraceEvent& e, size_t index, const std::vector<Program>& cpus,
                         const std::vector<int>& numbers) {
    nlohmann::json j;
    j["step"] = numbers[index] ? nlohmann::json(numbers[index]) : nlohmann::json(nullptr);
    j["event"] = index;
    j["cpu"] = e.cpu;
    j["call"] = e.call >= 0 ? nlohmann::json(cpus[e.cpu].calls[static_cast<size_t>(e.call)]) : nlohmann::json(nullptr);
    j["text"] = event_text(e, &numbers);
    switch (e.kind) {
    case EventKind::access: j["kind"] = "access"; break;
    case EventKind::implied_mb: j["kind"] = "implied-mb"; break;
    case EventKind::barrier: j["kind"] = "barrier"; break;
    case EventKind::exit: j["kind"] = "exit"; break;
    }
    j["primitive"] = prim_info(e.prim).name;
    if (e.kind == EventKind::access) {
        j["location"] = loc_name(e.loc);
        j["order"] = order_name(e.order);
        if (prim_info(e.prim).kind == PrimKind::load) {
            j["value"] = e.before;
            j["reads_from"] = e.rf >= 0 ? nlohmann::json(numbers[static_cast<size_t>(e.rf)])
                                        : nlohmann::json(e.rf == -1 ? "init" : "unknown");
            j["stale"] = e.stale;
        } else {
            j["before"] = e.before;
            j["after"] = e.after;
        }
    }
    return j;
}

}  // namespace

nlohmann::json result_json(const RunResult& r) {
    const RunRequest& q = r.request;
    nlohmann::json j;
    j["check"] = q.check->name;
    j["writer"] = q.writer->name;
    j["pages"] = q.pages;
    j["mapcount"] = mapcount_name(q.mapcount);
    j["reader_order"] = read_order_name(q.effective_order());
    j["reader_barrier"] = reader_barrier_name(q.barrier);
    j["memory"] = memory_name(q.memory);
    j["pin"] = q.pin;
    j["swapcache"] = q.swapcache;
    j["writer_mb"] = q.writer_mb;
    j["writer_prefix"] = q.writer_prefix ? nlohmann::json(q.writer_prefix) : nlohmann::json(nullptr);
    // Configuration fields: the writer's range, further mms, pins, the flush switch, what-if, release.
    j["range"] = q.range.first < 0 ? nlohmann::json("all") : nlohmann::json(range_text(q.range));
    j["mms"] = nlohmann::json::array();
    for (const PageRange& m : q.other_mms) j["mms"].push_back(range_text(m));
    // The pin counts explored: [1, ..., N] by default, [K] with --pins K, [] without a pin.
    j["pins"] = nlohmann::json::array();
    for (int k = q.first_pins(); k >= 1 && k <= q.last_pins(); k++) j["pins"].push_back(k);
    j["pins_how"] = r.pins_how.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.pins_how);
    j["pin_kind"] = pin_kind_name(q.pin_kind);
    j["ptep_clear_flush"] = q.ptep_flush_mb ? "mb" : "plain";
    j["what_if"] = q.what_if;
    j["kernel"] = q.kernel.empty() ? nlohmann::json(nullptr) : nlohmann::json(q.kernel);
    j["own_ref"] = q.own_ref_taken ? "taken" : "folded";
    j["also"] = nlohmann::json::array();
    for (const ExtraWriter& x : q.also)
        j["also"].push_back(
            {{"writer", x.writer->name}, {"range", x.range.first < 0 ? std::string("all") : range_text(x.range)}});
    j["search"] = search_name(q.search.mode);
    if (q.search.mode == SearchMode::bound) j["context_bound"] = q.search.context_bound;
    if (q.search.mode == SearchMode::random) j["iterations"] = q.search.iterations;
    j["verdict"] = verdict_name(r.verdict);
    j["exhaustive"] = r.exhaustive;
    j["vacuous"] = r.vacuous.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.vacuous);
    if (!r.vacuity_unchecked.empty()) j["vacuity_unchecked"] = r.vacuity_unchecked;
    j["executions"] = r.executions;
    j["violating_executions"] = r.violations;
    j["states"] = r.states ? nlohmann::json(*r.states) : nlohmann::json(nullptr);
    j["cut_executions"] = r.cut;
    // The preemption-bounded hunt before the exhaustive search (--first, or the cached search's
    // default under sc): its executions are counted in `executions` too.
    j["hunt"] = r.hunted ? nlohmann::json{{"executions", r.hunted},
                                          {"found_at_context_bound",
                                           r.hunt_bound >= 0 ? nlohmann::json(r.hunt_bound) : nlohmann::json(nullptr)}}
                         : nlohmann::json(nullptr);
    if (q.search.split_parts > 0) {
        // What `merge` compares: parts of one search share every field and the build.
        nlohmann::json config = nlohmann::json::object();
        for (const auto& [name, value] : request_fields(q)) config[name] = value;
        j["split"] = {{"part", q.search.split_part + 1},
                      {"parts", q.search.split_parts},
                      {"completed", r.part_completed},
                      {"configuration", config},
                      {"build", build_id()}};
    }
    if (r.parts) j["parts"] = r.parts;
    if (!r.part_results.empty()) {
        j["part_results"] = nlohmann::json::array();
        for (size_t i = 0; i < r.part_results.size(); i++)
            j["part_results"].push_back(
                {{"part", i + 1}, {"executions", r.part_results[i].first}, {"seconds", r.part_results[i].second}});
    }
    j["seconds"] = r.seconds;
    j["spurious"] = r.spurious ? nlohmann::json(*r.spurious) : nlohmann::json(nullptr);
    j["spurious_classes"] = r.spurious_classes
                                ? nlohmann::json{{"writer_transient", r.spurious_classes->writer_transient},
                                                 {"torn_snapshot", r.spurious_classes->torn}}
                                : nlohmann::json(nullptr);
    j["stopped_by"] = r.stopped_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.stopped_by);
    j["explored"] = explored_text(r);
    if (q.memory != Memory::sc) j["stale_read_depth"] = q.search.mode == SearchMode::random ? 2 : 1;
    if (!r.counterexample) {
        j["counterexample"] = nullptr;
        return j;
    }
    const Counterexample& cx = *r.counterexample;
    nlohmann::json c;
    c["reader_order"] = read_order_name(cx.order);
    c["execution"] = cx.execution;
    c["preemptions"] = cx.preemptions;
    c["pins"] = cx.pins;  // the pins held in this execution (its replay_token replays that count)
    if (q.search.split_parts > 0) c["subtree"] = cx.subtree;  // merge's tie-break (harness/search/split.cpp)
    c["snapshot"] = {
        {"refcount", cx.snapshot.refcount},          {"mapcount", cx.snapshot.mapcount},
        {"no_extra_refcount", cx.expected_refcount}, {"sees_extra", cx.snapshot.sees_extra},
        {"true_refcount", cx.true_refcount_at_read}, {"true_mapcount", cx.true_mapcount_at_read},
    };
    c["why"] = cx.snapshot.violation ? nlohmann::json(why_text(r, cx)) : nlohmann::json(nullptr);
    c["stale_reads"] = cx.stale;
    c["fails_under_sc"] = !cx.stale;  // an execution without stale reads is an interleaving
    c["cause"] = cx.snapshot.violation ? nlohmann::json(cause_text(r, cx)) : nlohmann::json(nullptr);
    c["replay_token"] = cx.replay_token.empty() ? nlohmann::json(nullptr) : nlohmann::json(cx.replay_token);
    nlohmann::json steps = nlohmann::json::array();
    const std::vector<int> numbers = display_numbers(cx.trace);
    for (size_t i = 0; i < cx.trace.events.size(); i++)
        steps.push_back(step_json(cx.trace.events[i], i, cx.cpus, numbers));
    c["steps"] = steps;
    c["cpus"] = nlohmann::json::array();
    for (const Program& p : cx.cpus) c["cpus"].push_back(p.cpu_label);
    j["counterexample"] = c;
    return j;
}

}  // namespace fc
