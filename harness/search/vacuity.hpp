// harness/search/vacuity.hpp: is a "holds" vacuous? A hold is vacuous when no pair of values the two
// counters take in the scenario, read in any order and at any moments (torn sums of per-page
// counters included), lets the check miss the pin: then it says nothing about read order or
// barriers, only that the numbers of this scenario cannot land on "no extra reference".
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "harness/search/runner.hpp"

namespace fc {

// The reason a hold is vacuous, or "" if some combination of values could hide the pin (the
// hold is then a real result of the search). values: every value each location held in any
// execution of the search (SearchOutcome::value_set, model/engine.hpp).
// extra_pin_counts: further pin counts judged from the same search (each adds refs_per_pin to
// every refcount value): the hold is vacuous only if it is at every count.
std::string vacuous_reason(const RunRequest& req, const std::array<uint64_t, LOC_COUNT>& values,
                           const std::array<bool, LOC_COUNT>& overflow, int initial_refcount, int extra_pin_counts = 0,
                           int refs_per_pin = 1);

}  // namespace fc
