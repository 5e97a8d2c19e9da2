// lang/shapes.hpp: what Relacy cannot see, found in a scenario's Programs (after unrolling).
//
// Relacy (docs/relacy-behaviour.md §3): a load only reads stores that have
// already executed, so load-buffering (LB) outcomes never appear; stores enter the
// modification order in execution order, so the 2+2W and S outcomes (a later store ordered
// first) never appear; and a load reads at most 1 store back in full and bound search. Under
// sc none of this matters (every interleaving is explored). Under lkmm and relaxed each
// shape below means that a `Never` (or an `Always`) may be an artefact of the search, and the
// report says `Never (bounded: ...)` with these reasons.
#pragma once

#include <string>
#include <vector>

#include "lang/condition.hpp"
#include "model/engine.hpp"

namespace fc::lang {

struct Blindspot {
    // hides = true: outcomes the kernel's model allows may be missing (load-buffering,
    //   coherence-order, stale-read-depth, stronger-barrier): a Never or Always is bounded.
    // hides = false: the C++ mapping is weaker than LKMM here (release-cumulativity,
    //   unlock-lock, lock-outsider): a Sometimes may be an outcome LKMM forbids.
    std::string kind;
    std::string reason;  // one sentence, with the CPUs and locations involved
    bool hides = true;
};

std::vector<Blindspot> find_blindspots(const EngineScenario& s, const CompiledCondition& c, int real_cpus);

}  // namespace fc::lang
