// harness/search/record.hpp: how a search run in a child process comes back to its parent.
// A child hands back the JSON record `run --json` prints (its counterexample with prose and
// steps), and sweeps, split searches and merge work on those records. Writing the record is
// the report's job (result_json, harness/report/report.hpp); the search is handed the
// function, so search/ does not depend on how results are written.
#pragma once

#include <nlohmann/json.hpp>

#include "harness/search/runner.hpp"

namespace fc {

using ResultRecord = nlohmann::json (*)(const RunResult&);

}  // namespace fc
