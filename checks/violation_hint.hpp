// checks/violation_hint.hpp: where a folio check's violation lies, as linear conditions over
// the reader's final registers, for engines that can look there first
// (EngineScenario::violation_hint: ordering only, never a verdict).
//
// The condition comes from the one statement of each check's predicate in C, CheckDef's
// sees_extra_c (the template the litmus export uses): a miss is "not sees_extra" with the pin
// held. It is checked against CheckDef::sees_extra on a grid of values before it is used, so
// a template this reading misunderstands gives no hint rather than a misleading one.
#pragma once

#include <vector>

#include "checks/scenario.hpp"
#include "model/engine.hpp"

namespace fc {

// sees_extra_c at these pages and swapcache as coef_r * R + coef_m * M + constant REL 0.
// False when the template is not linear in R and M with one comparison.
struct SeesExtraLinear {
    int coef_r = 0, coef_m = 0, constant = 0;
    LinearCondition::Rel rel = LinearCondition::Rel::eq;
};
bool sees_extra_linear(const char* tmpl, int pages, bool swapcache, SeesExtraLinear& out);

// The hint for a built folio scenario: empty when its judge is not "pin held and the check
// missed it" on two registers (GUP-fast writers, PG_swapcache read at run time, pin counts
// judged together), or when the template's reading disagrees with sees_extra.
std::vector<LinearCondition> violation_hint(const JudgeContext& j);

}  // namespace fc
