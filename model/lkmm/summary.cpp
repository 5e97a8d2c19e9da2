// model/lkmm/summary.cpp: see summary.hpp; exact_summary() is declared in search.hpp.
#include "model/lkmm/summary.hpp"

#include "model/lkmm/search.hpp"

namespace fc::lkmm {

std::string graph_text(const Graph& g) {
    std::string out;
    for (int i = 0; i < g.size(); i++) {
        const Event& e = g.ev[static_cast<size_t>(i)];
        if (e.type == EvType::init) continue;
        out += "  e" + std::to_string(i) + " " + g.describe(i);
        if (e.type == EvType::read)
            out += "  rf from " + (g.rf[static_cast<size_t>(i)] >= 0 &&
                                           g.ev[static_cast<size_t>(g.rf[static_cast<size_t>(i)])].type == EvType::init
                                       ? std::string("init")
                                       : "e" + std::to_string(g.rf[static_cast<size_t>(i)]));
        out += "\n";
    }
    for (int l = 0; l < g.nlocs; l++) {
        const std::vector<int>& order = g.co[static_cast<size_t>(l)];
        if (order.size() < 2) continue;
        out += "  co loc" + std::to_string(l) + ": init";
        for (size_t k = 1; k < order.size(); k++) out += " -> e" + std::to_string(order[k]);
        out += "\n";
    }
    return out;
}

std::string exact_summary(const SearchOutcome& o) {
    std::string s = "engine exact-" + o.exact.model + " (z3), candidates " + std::to_string(o.exact.candidates) +
                    ", consistent executions " + std::to_string(o.exact.consistent) + ", refinement clauses " +
                    std::to_string(o.exact.refinements) + ", outcomes " + std::to_string(o.exact.outcomes) + ", ";
    if (o.exact.hinted > 0)
        s += "offered under the scenario's violation hint first " + std::to_string(o.exact.hinted) + ", ";
    if (o.exact.stopped_in_solver) s += "the limit stopped a solver call, ";
    if (o.exact.hint_restarts > 0)
        s += "searches under the hint restarted at their conflict budget " + std::to_string(o.exact.hint_restarts) +
             ", ";
    if (o.exact.flag_executions > 0)
        s += "executions checked for herd7's flags " + std::to_string(o.exact.flag_executions) + ", ";
    s += o.completed ? "complete" : "not exhaustive (" + o.stopped_by + ")";
    return s;
}

}  // namespace fc::lkmm
