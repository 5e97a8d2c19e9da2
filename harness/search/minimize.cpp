// harness/search/minimize.cpp: --minimize (runner.hpp minimize()): the smallest folio and the
// shortest writer prefix that still violate, each candidate answered by run_config().
#include "harness/search/runner.hpp"

namespace fc {

Minimized minimize(const RunRequest& violating) {
    Minimized m;
    m.pages_before = violating.pages;
    RunRequest best = violating;
    RunResult best_result;
    bool have = false;
    // Fewest pages first.
    for (int p = 1; p <= violating.pages; p++) {
        RunRequest r = violating;
        r.pages = p;
        if (!validate_config(scenario_config(r, ReadOrder::ref_first)).empty()) continue;
        RunResult res = run_config(r);
        m.searches++;
        if (res.verdict == Verdict::violation) {
            best = r;
            best_result = std::move(res);
            have = true;
            break;
        }
    }
    if (!have) {  // cannot happen for a violating request, unless a limit cut the search short
        best_result = run_config(violating);
        m.searches++;
    }
    // Then the shortest prefix of the writer's path.
    BuiltScenario b;
    build_scenario(scenario_config(best, best.effective_order() == ReadOrder::either ? ReadOrder::ref_first
                                                                                     : best.effective_order()),
                   b);
    const std::vector<std::string> calls = writer_calls(b.engine.cpus[0]);
    m.calls_before = m.calls_after = static_cast<int>(calls.size());
    for (int k = 1; k < static_cast<int>(calls.size()); k++) {
        RunRequest r = best;
        r.writer_prefix = k;
        RunResult res = run_config(r);
        m.searches++;
        if (res.verdict == Verdict::violation) {
            best = r;
            best_result = std::move(res);
            m.calls_after = k;
            break;
        }
    }
    for (int k = m.calls_after; k < m.calls_before; k++) m.removed_calls.push_back(calls[static_cast<size_t>(k)]);
    m.request = best;
    m.result = std::move(best_result);
    return m;
}

}  // namespace fc
