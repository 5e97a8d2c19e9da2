// model/lkmm/hint.hpp: EngineScenario::violation_hint as a formula over the encoding's final
// registers, which the search asks the solver for first (search.cpp).
#pragma once

#include <z3++.h>

#include "model/engine.hpp"
#include "model/lkmm/encode.hpp"

namespace fc::lkmm {

// The conjunction of the hint's conditions; true when the scenario has none. The sums are
// computed in 64-bit bit-vectors from the 32-bit registers, so that no sum wraps around and
// the formula means what LinearCondition::holds() computes.
z3::expr violation_hint_formula(const EngineScenario& s, const Encoding& enc);

// How long one solver call under the hint may search. Finding a model under the hint is a
// SAT search whose time is heavy-tailed (compaction vs zap-v6.5 at 256 pages: 136,000
// conflicts and 20 s with Z3's default seed, 0.7 s with another), so each call under the
// hint stops after a budget of conflicts, and the next call starts again with twice the
// budget and another seed (learned clauses stay). A call stopped by the budget decides
// nothing: the search goes on (`restart()`); calls without the hint have no budget.
class HintBudget {
public:
    // Sets the solver's budget and seed for the next call.
    void before_call(z3::solver& sol, bool steering) const;
    // After a call: true when it stopped at its budget (and the next call gets a larger one).
    bool restart(z3::solver& sol, z3::check_result r, bool steering);

private:
    unsigned m_conflicts = 30000;  // most calls under the hint need fewer (docs/lkmm-engine.md)
    unsigned m_seed = 0;
};

}  // namespace fc::lkmm
