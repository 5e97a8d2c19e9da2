// harness/search/matrix.cpp: sweep enumeration and parallel execution (see matrix.hpp).
#include "harness/search/matrix.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "checks/kernels.hpp"
#include "harness/search/input.hpp"
#include "harness/search/pool.hpp"
#include "harness/search/verdict.hpp"
#include "lang/diag.hpp"
#include "model/engine.hpp"

namespace fc {

MatrixSpec default_matrix() {
    MatrixSpec s;
    for (const CheckDef* c : all_checks())
        if (!c->newer) s.checks.push_back(c);
    for (const WriterDef* w : all_writers())
        if (!w->newer) s.writers.push_back(w);
    s.pages = {1, 2, 3};
    s.mapcounts = {MapcountDesign::per_page, MapcountDesign::large};
    s.orders = {"kernel"};
    s.barriers = {ReaderBarrier::none};
    s.memories = {Memory::sc};
    s.search.mode = SearchMode::cached;
    return s;
}

MatrixSpec kernel_matrix(const std::string& kernel) {
    MatrixSpec s = default_matrix();
    const KernelRelease* k = find_kernel(kernel);
    if (!k) return s;
    s.kernel = kernel;
    s.checks = k->checks;
    s.writers = k->writers;
    // Proposals posted against the release run too (`release` reports them apart).
    s.writers.insert(s.writers.end(), k->proposals.begin(), k->proposals.end());
    s.mapcounts = {k->design};
    s.ranges = {"all", "first"};
    return s;
}

std::vector<RunRequest> enumerate(const MatrixSpec& spec, Skipped& skipped) {
    std::vector<RunRequest> out;
    std::map<std::string, size_t> reasons;
    auto skip = [&](const std::string& why) { reasons[why]++; };
    const bool both_designs = spec.mapcounts.size() > 1;
    const bool has_none =
        std::find(spec.barriers.begin(), spec.barriers.end(), ReaderBarrier::none) != spec.barriers.end();
    const KernelRelease* kernel = spec.kernel.empty() ? nullptr : find_kernel(spec.kernel);
    for (const CheckDef* c : spec.checks)
        for (const WriterDef* w : spec.writers) {
            // A release's table judges each check against the paths its locks allow
            // and the proposals posted against it (kernel_racing_paths(), the same lists `release
            // --kernel` uses).
            if (kernel && !spec.what_if) {
                const std::vector<const WriterDef*> racing = kernel_racing_paths(*kernel, c);
                if (std::find(racing.begin(), racing.end(), w) == racing.end()) {
                    skip(
                        "a writer the check's locks exclude or the release does not run (checks/concurrency.cpp; "
                        "--what-if runs it)");
                    continue;
                }
            }
            for (const std::string& range : spec.ranges)
                for (int pages : spec.pages)
                    for (MapcountDesign d : spec.mapcounts) {
                        if (range == "first" && pages == 1) {
                            skip("--ranges first at 1 page: the whole folio, the same scenario as all");
                            continue;
                        }
                        if (range == "first" && w->kind == WriterKind::pin) {
                            skip("--ranges first with gup-fast: it pins page 0 either way, the same scenario as all");
                            continue;
                        }
                        if (pages == 1 && d == MapcountDesign::large && both_designs) {
                            skip(
                                "--mapcount large at 1 page: a one-page folio is small, the same scenario as per-page");
                            continue;
                        }
                        for (const std::string& o : spec.orders) {
                            std::vector<ReadOrder> orders;
                            if (o == "kernel") {
                                if (c->kernel_order == ReadOrder::either)
                                    orders = {ReadOrder::ref_first, ReadOrder::map_first};
                                else orders = {c->kernel_order};
                            } else {
                                ReadOrder ro;
                                parse_read_order(o, ro);
                                orders = {ro};
                            }
                            for (ReadOrder ro : orders)
                                for (ReaderBarrier b : spec.barriers)
                                    for (Memory m : spec.memories) {
                                        if (m == Memory::sc && b != ReaderBarrier::none && has_none) {
                                            skip(
                                                "a reader barrier under sc: no weak behaviour to order, the same as "
                                                "none");
                                            continue;
                                        }
                                        RunRequest r;
                                        r.check = c;
                                        r.writer = w;
                                        r.pages = pages;
                                        r.mapcount = d;
                                        r.order = ro;
                                        r.barrier = b;
                                        r.memory = m;
                                        r.swapcache = spec.swapcache;
                                        r.pins = spec.pins;
                                        r.search = spec.search;
                                        r.kernel = spec.kernel;
                                        r.own_ref_taken = !spec.kernel.empty();
                                        r.what_if = spec.what_if;
                                        if (range == "first") r.range = PageRange{0, 0};
                                        const std::string why = validate_config(scenario_config(r, ro));
                                        if (!why.empty()) {
                                            skip(why);
                                            continue;
                                        }
                                        out.push_back(r);
                                    }
                        }
                    }
        }
    for (const auto& [why, n] : reasons) {
        skipped.count += n;
        skipped.reasons.push_back(std::to_string(n) + " x " + why);
    }
    return out;
}

nlohmann::json input_error_row(const RunRequest& req, const std::string& why, ResultRecord record) {
    RunResult empty;
    empty.request = req;
    nlohmann::json j = record(empty);
    j["verdict"] = outcome_name(Outcome::error);
    j["error"] = escape_controls(why.substr(0, 300));
    j["error_kind"] = "input";
    j["exhaustive"] = false;
    return j;
}

std::vector<SweepRow> run_matrix(const std::vector<RunRequest>& reqs, unsigned jobs, const Progress& progress,
                                 ResultRecord record) {
    const auto task = [&](size_t i) {
        try {
            // One budget for the whole command: no configuration searches past it. A search
            // the budget stopped says so (stopped_by "command-timeout"), never holds.
            RunRequest r = reqs[i];
            const double left = command_seconds_left();
            const bool capped = r.search.timeout_seconds <= 0 || left < r.search.timeout_seconds;
            if (left < std::numeric_limits<double>::infinity() && capped)
                r.search.timeout_seconds = std::max(left, 0.001);
            RunResult res = run_config(r);
            if (capped && res.stopped_by == "timeout") res.stopped_by = "command-timeout";
            return record(res).dump();
        } catch (const lang::LangError& e) {  // a writer file that cannot describe this folio
            return input_error_row(reqs[i], e.what(), record).dump();
        } catch (const UsageError& e) {
            return input_error_row(reqs[i], e.what(), record).dump();
        }
    };
    const std::vector<TaskOutput> outs = run_in_children(reqs.size(), jobs, task, progress);
    std::vector<SweepRow> results;
    for (size_t i = 0; i < reqs.size(); i++) {
        const TaskOutput& o = outs[i];
        nlohmann::json j;
        if (o.exit_status == 0 && !o.text.empty()) {
            j = nlohmann::json::parse(o.text, nullptr, false);
            if (j.is_discarded()) j = nullptr;
        }
        if (o.not_run && !o.interrupted) {  // the command's --timeout was spent first
            RunResult empty;
            empty.request = reqs[i];
            j = record(empty);
            j["verdict"] = outcome_name(Outcome::not_run);
            j["error"] = "not run (command timeout)";
            j["stopped_by"] = "command-timeout";
            j["exhaustive"] = false;
            j["executions"] = nullptr;
            j["seconds"] = nullptr;
            j["spurious"] = nullptr;
        } else if (o.interrupted) {  // SIGINT/SIGTERM/SIGHUP stopped it, or it never started
            RunResult empty;
            empty.request = reqs[i];
            j = record(empty);
            j["verdict"] = outcome_name(Outcome::interrupted);
            j["error"] = std::string("did not complete: interrupted by ") + interrupt_signal_name();
            j["exhaustive"] = false;
            j["executions"] = nullptr;
            j["seconds"] = nullptr;
            j["spurious"] = nullptr;
        } else if (j.is_null()) {  // the child crashed or failed
            RunResult empty;
            empty.request = reqs[i];
            j = record(empty);
            j["verdict"] = outcome_name(Outcome::error);
            j["error"] = o.text.empty() ? (o.crashed ? "the child process crashed" : "not run") : o.text.substr(0, 300);
            j["error_kind"] = "internal";
            j["exhaustive"] = false;
        }
        j["sweep_index"] = i;  // position in the whole sweep (before --shard): merge restores it
        results.push_back(sweep_row(std::move(j)));
    }
    return results;
}

bool sweep_interrupted(const std::vector<SweepRow>& results) {
    if (g_interrupt) return true;
    for (const SweepRow& r : results)
        if (r.is(Outcome::interrupted)) return true;
    return false;
}

}  // namespace fc
