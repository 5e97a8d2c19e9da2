// model/lkmm/lkmm_model.hpp: the exact consistency check of one execution graph.
//
// Model::lkmm: the axioms of tools/memory-model/linux-kernel.cat (torvalds/linux 02bae7a24257)
// with lock.cat (3867a24cc408): coherence, atomic, happens-before, propagation; rcu is empty
// because RCU and SRCU are refused before the engine. plain-coherence and the data-race flag
// are empty for graphs without plain accesses (linux-kernel.cat `pre-race` needs a Plain
// event); a graph with one is refused (Verdict::unsupported).
// Model::sc: sequential consistency, acyclic(po | rf | co | fr), for cross-checking and
// for "fails already under sc".
#pragma once

#include <string>

#include "model/lkmm/graph.hpp"

namespace fc::lkmm {

enum class Model : uint8_t { lkmm, sc };

struct Verdict {
    bool consistent = true;
    std::string axiom;        // the first axiom that fails ("happens-before", ...)
    Witness why;              // what its failure rests on (normalised)
    std::string unsupported;  // non-empty: the graph has something this check does not decide
};

Verdict check(const Graph& g, Model m);

}  // namespace fc::lkmm
