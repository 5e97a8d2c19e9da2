// model/lkmm/lkmm_model.hpp: the exact consistency check of one execution graph.
//
// Model::lkmm: the axioms of tools/memory-model/linux-kernel.cat (torvalds/linux 02bae7a24257)
// with lock.cat (3867a24cc408): coherence, atomic, happens-before, propagation,
// plain-coherence; rcu is empty because RCU and SRCU are refused before the engine. On a
// consistent graph it also evaluates the cat file's two flags, data-race and mixed-accesses
// (herd7 prints "Flag NAME" when some allowed execution raises one).
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
    // Model::lkmm, consistent graphs only: linux-kernel.cat's flags on this execution.
    bool data_race = false;       // `flag ~empty (ww-race | wr-race | rw-race) as data-race`
    bool mixed_accesses = false;  // `flag ~empty mixed-accesses as mixed-accesses`
};

Verdict check(const Graph& g, Model m);

}  // namespace fc::lkmm
