// harness/search/explored_text.cpp: what a run explored, in one line (runner.hpp explored_text()):
// the engine, the search, its counts, the memory model and the limits that stopped it.
#include <sstream>

#include "harness/search/runner.hpp"
#include "model/lkmm/version.hpp"

namespace fc {
namespace {
// How several pin counts were explored (RunResult::pins_how), for the `explored` line.
std::string pins_note(const RunResult& r) {
    if (r.pins_how.empty()) return "";  // one count (and scenario files, which have no writer)
    const std::string counts = "1-" + std::to_string(r.request.last_pins());
    if (r.pins_how == "derived")
        return "; pin counts " + counts +
               " from this one search (no path reads the pin count: each execution judged with each count)";
    if (r.pins_how == "searched") return "; one search per pin count " + counts + " (" + r.pins_why + ")";
    return "";
}
}  // namespace

std::string explored_text(const RunResult& r) {
    std::ostringstream s;
    const RunRequest& q = r.request;
    if (!r.exact_summary.empty()) {
        s << r.exact_summary << ", " << r.seconds << " s, memory " << memory_name(q.memory);
        if (q.memory == Memory::lkmm) s << " (" << lkmm::kPinnedModel << ")";
        if (r.exhaustive) s << "; exhaustive: every consistent execution's outcome";
        else s << "; NOT exhaustive" << (r.stopped_by.empty() ? "" : ": stopped by " + r.stopped_by);
        if (r.verdict == Verdict::violation)
            s << (r.exact_cx_sc ? "; fails already under sc" : "; the counterexample needs weak behaviour");
        s << pins_note(r);
        return s.str();
    }
    s << "engine relacy, " << search_name(q.search.mode) << " search";
    if (q.search.mode == SearchMode::bound) s << " (context bound " << q.search.context_bound << ")";
    s << ", " << r.executions << " executions";
    const bool hunt_shown = r.hunted && r.hunt_bound < 0 && q.search.mode != SearchMode::bound;
    if (hunt_shown)
        s << " (" << r.hunted << " of them by the hunt at context bounds 0-" << (q.first ? 2 : 1) << " first"
          << (r.states ? "; " : ")");
    if (r.states)
        s << (hunt_shown ? "" : " (") << r.cut << " cut short at an explored state), " << *r.states
          << " distinct states";
    else if (q.search.mode == SearchMode::cached) s << " (no state caching: states are cached under sc only)";
    if (r.parts)
        s << ", split into " << r.parts << " parts run at once" << (r.states ? " (states summed over the parts)" : "");
    if (r.runs.size() > 1 && r.pins_how != "searched") s << " over " << r.runs.size() << " reader orders";
    s << ", " << r.seconds << " s, memory " << memory_name(q.memory);
    s << pins_note(r);
    if (r.exhaustive) s << "; exhaustive: every interleaving";
    else if (!r.stopped_by.empty()) s << "; NOT exhaustive: stopped by " << r.stopped_by;
    else if (is_exhaustive_mode(q.search.mode)) s << "; NOT exhaustive";
    else s << "; NOT exhaustive: " << search_name(q.search.mode) << " search does not cover every interleaving";
    if (q.memory != Memory::sc) {
        s << "; weak reads: a relaxed load may return the latest store or the one before it ("
          << (q.search.mode == SearchMode::random ? "2 stores back in random search"
                                                  : "1 store back in full and bound search")
          << "), never older; Relacy never produces load-buffering outcomes";
    }
    return s.str();
}

}  // namespace fc
