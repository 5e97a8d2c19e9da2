// model/lkmm/search.hpp: the exact LKMM engine's entry point.
//
// explore_lkmm() decides a scenario under the kernel's memory model exactly (Memory::lkmm:
// linux-kernel.cat with lock.cat) or under sequential consistency (Memory::sc, the same search
// with the axiom acyclic(po | rf | co | fr)). It asks Z3 for a candidate execution of the
// encoded programs (encode.hpp), checks it with the cat model (lkmm_model.hpp), and either
// adds a clause that forbids the reasons of the failed axiom, or records the outcome (the
// judge's registers and locations), blocks it and asks again; unsat ends a complete search.
// docs/lkmm-engine.md says why the answer is exact and what it costs.
#pragma once

#include <string>

#include "model/engine.hpp"

namespace fc::lkmm {

// Throws std::invalid_argument (one line) for what the exact engine does not run: relaxed
// memory, search modes other than an exhaustive one, splits, stamp instructions. With
// SearchSpec::replay_state (model/lkmm/replay.hpp) it replays the one execution the state names.
SearchOutcome explore_lkmm(const EngineScenario& s, const SearchSpec& spec);

// "engine exact-lkmm (z3), candidates N, consistent executions N, refinement clauses N,
// outcomes N, complete"
std::string exact_summary(const SearchOutcome& o);

}  // namespace fc::lkmm
