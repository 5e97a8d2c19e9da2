// harness/cli/expect.hpp: `--expect holds|violation`, one grammar and one exit-code rule for every
// command that runs more than one configuration (matrix, merge, validate, compare, fixes,
// release):
//   no --expect          a report: exit 0 (3 if a configuration hit an internal error);
//   --expect holds       0 if every configuration holds; 1 if any has a violation;
//                        4 if none has but some search was not exhaustive;
//   --expect violation   0 if some configuration has a violation; 1 if every one holds;
//                        4 if none has but some search was not exhaustive.
// 1 means "the outcome contradicts --expect", 4 "it could not be confirmed either way", the
// same codes `run` uses for violation and not exhaustive; 2 is a usage error everywhere.
#pragma once

#include <string>
#include <vector>

#include "harness/search/sweep_row.hpp"

namespace fc {

enum class Expect { none, holds, violation };

// "holds" or "violation"; anything else is a UsageError naming the valid values.
Expect parse_expect(const std::string& value);
const char* expect_help();

int results_exit_code(const std::vector<SweepRow>& results, Expect expect);

}  // namespace fc
