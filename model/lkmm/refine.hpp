// model/lkmm/refine.hpp: clauses from an inconsistent candidate.
//
// The failed axiom's witness (lkmm_model.hpp) is one clause. It names the write each read of
// the cycle read; the same cycle often closes with another write in that read's place (a
// later write of the same CPU after the same fence, say). For each reads-from edge of the
// witness and each other write the read could read in this candidate, the slice of the
// candidate made of the witness's events and edges, with that edge replaced, is checked
// again; each slice that is still inconsistent gives a clause of its own. A slice holds fewer
// edges than any candidate that contains them, and the model is monotone in those edges, so
// each clause only removes inconsistent candidates.
#pragma once

#include <vector>

#include "model/lkmm/graph.hpp"
#include "model/lkmm/lkmm_model.hpp"

namespace fc::lkmm {

// `stop` (may be null) is asked before each slice: once it answers true the clauses found so
// far are returned (fewer clauses refine less; each is still sound), so that a deadline or a
// signal ends the search without waiting for hundreds of slices at large sizes.
std::vector<Witness> generalise(const Graph& g, const Witness& w, Model m, bool (*stop)(const void*) = nullptr,
                                const void* stop_ctx = nullptr);

}  // namespace fc::lkmm
