// harness/cli/cmd_run.cpp: `foliocheck run`: one configuration, its verdict, and on request
// the counterexample minimized (--minimize) and exported (--litmus, --dot).
#include <iostream>
#include <memory>
#include <sstream>

#include "harness/cli/commands.hpp"
#include "harness/cli/options.hpp"
#include "harness/report/export_dot.hpp"
#include "harness/report/export_file.hpp"
#include "harness/report/export_litmus.hpp"
#include "harness/report/progress.hpp"
#include "harness/report/report.hpp"
#include "harness/search/pool.hpp"
#include "harness/search/split.hpp"
#include "harness/search/verdict.hpp"

namespace fc {

int cmd_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    RunOptions o;
    try {
        o = parse_run_options(args);
    } catch (const UsageError& e) {
        if (std::string(e.what()) == "help") {
            out << run_help();
            return EXIT_HOLDS;
        }
        throw;
    }
    if (!o.litmus_file.empty()) {
        const std::string refusal = litmus_refusal(o.request);
        if (!refusal.empty()) throw UsageError(refusal);
    }
    // Opened before the search: what cannot be written is refused now (export_file.hpp).
    if (!o.litmus_file.empty() && o.litmus_file == o.dot_file)
        throw UsageError("--litmus and --dot name the same file; give each export its own file");
    ExportFile litmus, dot;
    litmus.open("--litmus", o.litmus_file);
    dot.open("--dot", o.dot_file);
    // On a terminal, a line on stderr while the search runs (cleared before the result).
    auto display = std::make_unique<RunProgress>(progress_wanted(o.json));
    RunResult r = o.jobs > 1 ? run_jobs(o.request, o.jobs, result_json) : run_config(o.request);
    if (!(o.minimize && r.verdict == Verdict::violation)) display.reset();  // --minimize: still searching
    if (!r.internal_error.empty()) {
        litmus.discard();
        dot.discard();
        err << "[foliocheck internal error] " << r.internal_error << "\n";
        return EXIT_INTERNAL;
    }
    std::string minimized_note;
    if (o.minimize && r.verdict == Verdict::violation && !g_interrupt) {
        Minimized m = minimize(o.request);
        if (g_interrupt) {  // its searches were cut short: nothing may be concluded from them
            minimized_note = std::string("--minimize INTERRUPTED by ") + interrupt_signal_name() +
                             ": the counterexample below is not minimized";
            m.request = o.request;
            m.result = std::move(r);
        }
        std::ostringstream note;
        note << "minimized (" << m.searches << " more searches): pages " << m.pages_before << " -> " << m.request.pages
             << "; the writer's path cut after " << m.calls_after << " of " << m.calls_before << " kernel calls";
        if (!m.removed_calls.empty()) {
            note << " (removed:";
            for (const std::string& c : m.removed_calls) note << " " << short_call(c) << ";";
            note << ")";
        }
        if (minimized_note.empty()) minimized_note = note.str();
        o.request = m.request;
        r = std::move(m.result);
    }
    display.reset();
    if (o.json) {
        nlohmann::json j = result_json(r);
        if (o.minimize)
            j["minimized"] = minimized_note.empty() ? nlohmann::json(nullptr) : nlohmann::json(minimized_note);
        out << j.dump(2) << "\n";
    } else {
        if (!minimized_note.empty()) out << minimized_note << "\n";
        out << result_text(r);
    }
    const bool interrupted = r.stopped_by == "interrupted" || g_interrupt;
    const int code = interrupted ? interrupted_exit_code() : exit_code_for(r.verdict);
    if (interrupted)
        err << "foliocheck: interrupted by " << interrupt_signal_name()
            << "; the search did not complete, the result above is what it explored\n";
    if (litmus.active() || dot.active()) {
        if (r.verdict != Verdict::violation || !r.counterexample) {
            litmus.discard();
            dot.discard();
            err << "foliocheck: no counterexample to export (verdict " << verdict_name(r.verdict)
                << "); --litmus/--dot wrote nothing\n";
            return code;
        }
        // A failed export is reported; the verdict, already printed, keeps its exit code.
        std::string problem;
        if (litmus.active()) problem = litmus.write(export_litmus(o.request, *r.counterexample));
        if (problem.empty() && dot.active()) problem = dot.write(export_dot(o.request, *r.counterexample));
        if (!problem.empty()) err << "foliocheck: " << problem << "; the verdict above stands\n";
    }
    return code;
}

}  // namespace fc
