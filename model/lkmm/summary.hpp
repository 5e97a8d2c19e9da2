// model/lkmm/summary.hpp: the exact engine's results as text: a counterexample's execution
// graph, and the one-line account of what a search explored.
#pragma once

#include <string>

#include "model/lkmm/graph.hpp"

namespace fc::lkmm {

// The events of a graph, one per line with the write each read reads, then each location's
// coherence order (SearchOutcome::exact.cx_graph).
std::string graph_text(const Graph& g);

}  // namespace fc::lkmm
