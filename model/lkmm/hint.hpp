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

}  // namespace fc::lkmm
