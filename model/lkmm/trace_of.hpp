// model/lkmm/trace_of.hpp: an execution graph as the trace the reports print.
#pragma once

#include "model/engine.hpp"
#include "model/lkmm/graph.hpp"

namespace fc::lkmm {

// One TraceEvent per instruction that ran (an RMW's read and write together, a fully ordered
// RMW's fences as implied_mb), in an order that respects program order, reads-from,
// coherence and from-reads when the execution is an interleaving (sc), else program order,
// reads-from and coherence when those allow one, else CPU by CPU. TraceEvent::rf names the
// trace index of the write read (-1: the initial value); stale marks a read that is not of
// the coherence-latest write at its place in that order.
Trace trace_of(const EngineScenario& s, const Graph& g);

}  // namespace fc::lkmm
